"""Links to addresses that came from outside (imported pages, sources)."""

from django import template

from ..readers.base import web_url

register = template.Library()


@register.filter
def http_only(value) -> str:
    """The address if it is http(s), else "": a stored javascript: or data:
    address must never become a link."""
    return web_url(str(value or ""))
