"""Canonical URLs: one spelling per page, so that the same article imported
twice (once from a newsletter link full of tracking parameters, once typed
by hand) is recognised as the same article."""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

import idna

DEFAULT_PORTS = {"http": 80, "https": 443}

# Parameters that identify the click, not the page. Compared lower-case.
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "gclsrc",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "twclid",
        "ttclid",
        "li_fat_id",
        "mc_cid",
        "mc_eid",
        "ref",
        "ref_src",
        "ref_url",
        "igshid",
        "yclid",
        "_ga",
        "_gl",
        "spm",
        "cmpid",
        "ocid",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
        "oly_anon_id",
        "oly_enc_id",
        "vero_id",
        "wt.mc_id",
        "s_cid",
    }
)
TRACKING_PREFIXES = ("utm_",)

_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
# Characters that may stand unencoded in a path or query (RFC 3986 pchar plus
# "/" and "?"); anything else is percent-encoded.
_ALLOWED = _UNRESERVED | frozenset("!$&'()*+,;=:@/?")
_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")


def canonical_url(url: str) -> str:
    """The canonical spelling of an http(s) URL. Anything that is not an
    http(s) URL with a host comes back stripped but otherwise unchanged, so
    callers can canonicalise before validating. Idempotent."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        return url
    netloc = _host(parts.hostname)
    if port is not None and port != DEFAULT_PORTS[scheme]:
        netloc += f":{port}"
    # Credentials and the fragment never identify the page.
    return urlunsplit((scheme, netloc, _path(parts.path), _query(parts.query), ""))


def _host(hostname: str) -> str:
    host = hostname.rstrip(".").lower()
    if ":" in host:
        return f"[{host}]"
    if not host.isascii():
        try:
            host = to_ascii_host(host)
        except UnicodeError:  # idna.IDNAError is one
            pass  # not a name DNS could carry; keep it readable
    return host


def to_ascii_host(host: str) -> str:
    """A host name as DNS carries it, per UTS-46 (what browsers do): mapped
    to lower case and punycode, with ß, ς and joiners kept, so straße.de
    stays apart from strasse.de. Raises idna.IDNAError for a name IDNA 2008
    does not allow. Python's own "idna" codec is IDNA 2003, which maps ß to
    ss and so names another site."""
    return idna.encode(host, uts46=True).decode("ascii")


def _path(path: str) -> str:
    path = _remove_dot_segments(normalise_escapes(path))
    # "/a/" and "/a" are the same article on nearly every site.
    return path.rstrip("/") or "/"


def _query(query: str) -> str:
    pairs = []
    for field in query.split("&"):
        if not field:
            continue
        key, sep, value = field.partition("=")
        key, value = normalise_escapes(key), normalise_escapes(value)
        if _is_tracking(key):
            continue
        pairs.append((key, sep, value))
    pairs.sort()
    return "&".join(f"{key}{sep}{value}" for key, sep, value in pairs)


def _is_tracking(key: str) -> bool:
    key = key.lower()
    return key in TRACKING_PARAMS or key.startswith(TRACKING_PREFIXES)


def normalise_escapes(text: str) -> str:
    """Decode escapes of unreserved characters, upper-case the others, and
    escape anything that may not stand bare (spaces, non-ASCII as UTF-8)."""
    out = []
    i = 0
    while i < len(text):
        char = text[i]
        escape = _ESCAPE.match(text, i)
        if escape:
            decoded = chr(int(escape.group(1), 16))
            out.append(decoded if decoded in _UNRESERVED else "%" + escape.group(1).upper())
            i += 3
            continue
        if char == "%":
            out.append("%25")  # a stray percent sign is literal
        elif char in _ALLOWED:
            out.append(char)
        else:
            out.extend(f"%{byte:02X}" for byte in char.encode("utf-8", "surrogatepass"))
        i += 1
    return "".join(out)


def _remove_dot_segments(path: str) -> str:
    """RFC 3986 section 5.2.4, on whole segments."""
    if "." not in path:
        return path
    output: list[str] = []
    segments = path.split("/")
    for index, segment in enumerate(segments):
        last = index == len(segments) - 1
        if segment == ".":
            if last:
                output.append("")
        elif segment == "..":
            if len(output) > 1:
                output.pop()
            if last:
                output.append("")
        else:
            output.append(segment)
    result = "/".join(output)
    if path.startswith("/") and not result.startswith("/"):
        result = "/" + result
    return result
