"""Filters for the reports and public pages, which read export records
(plain data: dates as ISO strings) rather than model instances."""

import datetime
import json

from django import template
from django.utils.safestring import mark_safe

from ..exports import label
from ..matching import Verdict as MatchVerdict

register = template.Library()

# Inside <script type="application/ld+json"> the HTML parser ends the block
# at the first "</script" whatever the JSON means, so a quote holding
# "</script><script>..." would break out of it. Escaped as JSON escapes
# (\u003c), the characters mean the same to a JSON reader and nothing to
# the HTML parser; the line separators are escaped for older JSON readers.
_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026",
                   0x2028: "\\u2028", 0x2029: "\\u2029"}


@register.filter
def json_ld(value) -> str:
    """`value` as JSON safe to place inside <script type="application/ld+json">.
    The block is data, never run, so the Content-Security-Policy's ban on
    inline scripts does not apply to it."""
    return mark_safe(json.dumps(value, ensure_ascii=False, indent=2).translate(_SCRIPT_ESCAPES))


@register.filter
def as_date(value):
    """An ISO date or date-time string as a date or datetime, for the `date`
    filter; "" (unknown) stays ""."""
    if not value:
        return ""
    try:
        if len(value) == 10:
            return datetime.date.fromisoformat(value)
        return datetime.datetime.fromisoformat(value)
    except ValueError:
        return value


@register.filter
def match_label(value) -> str:
    """A comparison's outcome in words ("verbatim" is "word for word")."""
    return label(MatchVerdict, str(value or ""))
