"""A claim as the article page shows it: its mark in the article's text and
its row in the checklist, from a views._claim_item.

Written out here rather than as template fragments: the page shows both for
every claim of the article, and rendering them through the template
engine, a dozen variables each, took most of the page's time. The values
are escaped as the template escaped them; ids and offsets, read by scripts,
are printed unlocalised.
"""

from html import escape

from django import template
from django.utils.safestring import SafeString

from .links import id_url
from .text import shorten

register = template.Library()

_MARK = (
    '<mark id="mark-{pk}" class="claim kind-{kind} state-{state}{selected}" data-claim="{pk}" data-start="{start}" '
    'data-end="{end}"{oob}><a href="{url}" hx-get="{url}" hx-target="#claim-panel" hx-swap="outerHTML" '
    'hx-push-url="true">{text}</a><span class="visually-hidden"> ({state_label})</span></mark>'
)

_ROW = """
<li id="claim-row-{pk}" class="claim-row state-{state}" data-claim="{pk}" data-start="{start}" data-end="{end}"{oob}>
  <a href="{url}" hx-get="{url}" hx-target="#claim-panel" hx-swap="outerHTML" hx-push-url="true">
    <span class="badge kind">{kind_label}</span>
    <span class="speaker">{speaker}</span>
    <span class="snippet">{snippet}</span>
  </a>
  <span class="badge state-{state}"><span class="visually-hidden">state: </span>{state_label}</span>
  <span class="badge verdict-{verdict}"><span class="visually-hidden">verdict: </span>{verdict_label}</span>
</li>
"""

# Swapped in out of band after a change in the claim panel (claim_update.html).
_OOB = ' hx-swap-oob="true"'


def _common(context, c: dict, oob: bool) -> dict:
    return {
        "pk": c["pk"], "start": c["start"], "end": c["end"],
        "kind": escape(c["kind"]), "state": escape(c["state"]), "state_label": escape(c["state_label"]),
        "url": escape(id_url(context, "claims:claim-detail", c["pk"])),
        "oob": _OOB if oob else "",
    }


@register.simple_tag(takes_context=True)
def claim_mark(context, c: dict, oob: bool = False) -> SafeString:
    """The claim's words in the article's text, marked, linking to its panel."""
    return SafeString(_MARK.format(
        **_common(context, c, oob), text=escape(c["text"]), selected=" selected" if c["selected"] else "",
    ))


@register.simple_tag(takes_context=True)
def claim_row(context, c: dict, oob: bool = False) -> SafeString:
    """The claim's row in the checklist: kind, speaker, its first words, state and verdict."""
    return SafeString(_ROW.format(
        **_common(context, c, oob), kind_label=escape(c["kind_label"]), speaker=escape(c["speaker"]),
        snippet=escape(shorten(c["text"], 90)), verdict=escape(c["verdict"]),
        verdict_label=escape(c["verdict_label"]),
    ))
