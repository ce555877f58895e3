"""Links to addresses that came from outside (imported pages, sources), and
the addresses of the lists' rows."""

from django import template
from django.urls import reverse

from ..readers.base import web_url

register = template.Library()

# An id no row reaches, whose digits mark where the id goes in an address.
_STAND_IN = 9_007_199_254_740_993


@register.filter
def http_only(value) -> str:
    """The address if it is http(s), else "": a stored javascript: or data:
    address must never become a link."""
    return web_url(str(value or ""))


@register.simple_tag(takes_context=True)
def id_url(context, viewname: str, pk) -> str:
    """{% url viewname pk %} for a view whose one argument is an id. A list
    links every row, and reverse() takes longer than the rest of a row's
    cells: here each view is reversed once per response, for a stand-in id,
    and each row's id is put in its place."""
    if type(pk) is not int:
        return reverse(viewname, args=[pk])
    parts = context.render_context.dicts[0].setdefault(id_url, {})
    if viewname not in parts:
        head, found, tail = reverse(viewname, args=[_STAND_IN]).partition(str(_STAND_IN))
        parts[viewname] = (head, tail) if found else None
    if parts[viewname] is None:
        return reverse(viewname, args=[pk])
    head, tail = parts[viewname]
    return f"{head}{pk}{tail}"
