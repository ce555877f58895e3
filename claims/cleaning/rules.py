"""Recognising site boilerplate line by line.

Every rule matches a whole line, never part of one, so article sentences
are kept or dropped whole and their words are never edited. Rules that
could also fit a sentence of prose ("To contact ...", a two-word label)
only apply in the header or footer zone; the rules here that apply
anywhere only fit lines no article sentence looks like: a bare web
address, a bare e-mail address, a row of share buttons, a "Read more:"
teaser. A line holding quotation marks is never boilerplate.
"""

from __future__ import annotations

import re

from .language import is_rtl_text
from .markdown import is_link_only

QUOTE_CHARS = "\"“”‘’«»„‟‹›「」『』"

_SITE_RE = re.compile(
    r"^(?:(?:web\s*site|site|web|url|internet)\s*:\s*)?<?(?:https?://)?(?:www\.)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,24}"
    r"(?::\d+)?(?:/\S*)?>?$",
    re.IGNORECASE,
)
_EMAIL_RE = re.compile(
    r"^(?:(?:e-?mail|mail|contact|email us|write to us)\s*:?\s*)?<?(?:mailto:)?[\w.+-]+@[\w-]+(?:\.[\w-]+)+>?$",
    re.IGNORECASE,
)
_SHARE_WORDS = {
    "share", "this", "article", "story", "page", "post", "on", "via", "facebook", "twitter", "x", "whatsapp",
    "telegram", "linkedin", "reddit", "pinterest", "email", "e-mail", "mail", "print", "copy", "link", "tweet",
    "pin", "follow", "us", "subscribe", "save", "messenger", "bluesky", "mastodon", "threads", "instagram",
    "youtube", "tiktok", "vk", "partager", "teilen", "compartir", "condividi",
}
_SHARE_TRIGGERS = {
    "share", "tweet", "facebook", "twitter", "whatsapp", "telegram", "linkedin", "reddit", "pinterest",
    "print", "subscribe", "follow", "partager", "teilen", "compartir", "condividi",
}
_READ_MORE_RE = re.compile(
    r"^(?:read more|read also|also read|read next|see also|more on this(?: story| topic)?|continue reading|"
    r"recommended(?: for you)?|you may also like|you might also like|most read|lire aussi|à lire aussi|"
    r"weiterlesen|mehr zum thema|lea también|leer más|related(?: articles?| stories| coverage| content| posts?)?"
    r"(?=\s*[:»›>→|–—-]|\s*$))\b",
    re.IGNORECASE,
)
_NEWSLETTER_RE = re.compile(r"^(?:sign up|subscribe|register)\b.{0,80}\bnewsletters?\b.{0,40}$", re.IGNORECASE)
_COOKIE_RE = re.compile(r"^(?:we|this (?:web)?site) uses? cookies\b|^accept (?:all )?cookies\b", re.IGNORECASE)
_CONTACT_RE = re.compile(
    r"^(?:to contact (?:us|the\b)|contact us\b|for (?:press|media) (?:inquiries|enquiries)|"
    r"©|\(c\)\s*\d{4}|copyright\s*(?:©|\(c\))?\s*\d{4}|all rights reserved)",
    re.IGNORECASE,
)
_CREDIT_RE = re.compile(
    r"[\[(](?=[^\])]*\b(?:photo|photos|image|picture|credit|getty|afp|reuters|ap|epa|foto|bild)\b)"
    r"[^\])]{2,120}[\])]\s*$",
    re.IGNORECASE,
)
_WORD_RE = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)?")


# A character class stops at the first quotation mark at C speed, where a
# set's isdisjoint makes a string object of every character it looks at.
_QUOTE_RE = re.compile(f"[{re.escape(QUOTE_CHARS)}]")


def has_quote(line: str) -> bool:
    return _QUOTE_RE.search(line) is not None


def anywhere_rule(line: str) -> str | None:
    """The rule that makes this line boilerplate wherever it stands, or None."""
    text = line.strip()
    if not text or has_quote(text):
        return None
    if is_link_only(text):
        return "link-only"
    bare = text.strip("*_ ")
    # Addresses need their "@" or ".": looking for it first spares most lines the patterns.
    if "@" in bare and _EMAIL_RE.match(bare):
        return "email"
    if "." in bare and _SITE_RE.match(bare) and not bare.replace(".", "").isdigit():
        return "site-address"
    if _is_share_row(bare):
        return "share-prompt"
    if _NEWSLETTER_RE.match(bare) or _COOKIE_RE.match(bare):
        return "share-prompt"
    if _READ_MORE_RE.match(bare) and len(bare.split()) <= 20 and not bare.endswith("."):
        return "read-more"
    return None


def is_contact_footer(line: str) -> bool:
    text = line.strip().strip("*_ ")
    return bool(_CONTACT_RE.match(text)) and not has_quote(text)


def is_image_caption(paragraph: str) -> bool:
    """A paragraph that ends in a photo credit: "Smoke rises ... [AP Photo/Name]"."""
    # The pattern needs an opening bracket; looking for one first is cheap.
    return (
        "\n" not in paragraph
        and not paragraph.rstrip().endswith(".")
        and ("[" in paragraph or "(" in paragraph)
        and bool(_CREDIT_RE.search(paragraph))
    )


def header_rule(line: str, *, body_is_rtl: bool) -> str | None:
    """The rule for a line above the title that is not the byline or date.
    Only short lines count otherwise: a long one may be the article's own text."""
    text = line.strip()
    words = text.split()
    if has_quote(text):
        return None
    # A line in right-to-left script above a left-to-right article is the
    # site's banner or motto, however long.
    if is_rtl_text(text) and not body_is_rtl:
        return "rtl-banner"
    if len(words) > 14:
        return None
    if not any(c.islower() for c in text):
        return "banner"
    if len(words) <= 4 and not text.endswith("."):
        return "section-label"
    return "motto"


def _is_share_row(text: str) -> bool:
    """Twelve words at most, all of them share words, one of them a prompt
    to share. Reads no further than the first word that is not a share
    word, which in prose is the first word or so."""
    trigger = False
    for count, match in enumerate(_WORD_RE.finditer(text), start=1):
        word = match.group().lower()
        if count > 12 or word not in _SHARE_WORDS:
            return False
        trigger = trigger or word in _SHARE_TRIGGERS
    return trigger
