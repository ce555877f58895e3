"""Recognising publication dates in the lines around an article's title.

Dates come in many shapes: ISO (2024-05-26), numeric with dots or slashes
(26.05.2024, 26/05/2024) and written with month names in several languages
("May 26, 2024", "26 May 2024", "26. Mai 2024", "26 de mayo de 2024").

Ambiguous numeric dates (03/04/2024) are read day first, as most of the
world writes them; a first number over 12 makes the order plain either way.

dateparser and htmldate (both installed with trafilatura, which uses them
for web pages) are not used here. A header line needs the date's span, to
tell a dateline from prose that mentions a date; dateparser's search_dates
gives one, but misses "Sept. 15, 2024" and "1er mai 2024" and takes "on" into
the date, and both it and dateparser.parse cost a millisecond or more a line,
which made cleaning three to five times slower in bench/bench_import.py.
htmldate gives no span, reads "31.02.2024" as 1 February and hands the
Spanish, Russian and French ordinal shapes to dateparser.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

_MONTHS: dict[str, int] = {}


def _add_months(names: str) -> None:
    for number, group in enumerate(names.split(";"), start=1):
        for name in group.split(","):
            _MONTHS[name.strip()] = number


# English, French, German, Spanish, Italian, Portuguese, Dutch, Russian (genitive).
_add_months(
    "january,jan;february,feb;march,mar;april,apr;may;june,jun;july,jul;august,aug;"
    "september,sep,sept;october,oct;november,nov;december,dec"
)
_add_months(
    "janvier,janv;février,fevrier,févr,fevr;mars;avril,avr;mai;juin;juillet,juil;août,aout;"
    "septembre;octobre;novembre;décembre,decembre,déc"
)
_add_months(
    "januar,jänner,jaenner;februar,feber;märz,maerz,mär;april;mai;juni;juli;august;"
    "september;oktober,okt;november;dezember,dez"
)
_add_months(
    "enero,ene;febrero;marzo;abril;mayo;junio;julio;agosto,ago;septiembre,setiembre;octubre;noviembre;diciembre,dic"
)
_add_months("gennaio;febbraio;marzo;aprile;maggio;giugno;luglio;agosto;settembre;ottobre;novembre;dicembre")
_add_months("janeiro;fevereiro;março,marco;abril;maio;junho;julho;agosto;setembro;outubro;novembro;dezembro")
_add_months("januari;februari;maart;april;mei;juni;juli;augustus;september;oktober;november;december")
_add_months("января;февраля;марта;апреля;мая;июня;июля;августа;сентября;октября;ноября;декабря")

# Longest names first so that "sept" wins over "sep" and "june" over "jun".
_MONTH_RE = "|".join(sorted((re.escape(m) for m in _MONTHS), key=len, reverse=True))

_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th|er|\.|º)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_MONTH = rf"(?P<month>{_MONTH_RE})\.?"

_PATTERNS = [
    # 2024-05-26, optionally with a time and zone.
    re.compile(
        r"(?<!\d)(?P<year>(?:19|20)\d\d)-(?P<month>[01]?\d)-(?P<day>[0-3]?\d)"
        r"(?:[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?(?!\d)"
    ),
    # 2024/05/26 and 2024.05.26
    re.compile(r"(?<!\d)(?P<year>(?:19|20)\d\d)[/.](?P<month>[01]?\d)[/.](?P<day>[0-3]?\d)(?!\d)"),
    # 26.05.2024 (dots are always day first), 26/05/2024, 05-26-2024
    re.compile(r"(?<!\d)(?P<a>[0-3]?\d)(?P<sep>[./-])(?P<b>[01]?\d|[0-3]\d)(?P=sep)(?P<year>(?:19|20)\d\d)(?!\d)"),
    # 26 May 2024, 26. Mai 2024, 1er mai 2024, 26 de mayo de 2024, 26 мая 2024
    re.compile(rf"(?<!\w){_DAY}\s*(?:de\s+)?{_MONTH},?\s+(?:de\s+|del\s+)?{_YEAR}(?!\d)", re.IGNORECASE),
    # May 26, 2024 and May 26th 2024
    re.compile(rf"(?<!\w){_MONTH}\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?,?\s+{_YEAR}(?!\d)", re.IGNORECASE),
]

# What all the patterns above have in common.
_YEAR_RE = re.compile(r"(?:19|20)\d\d")

# Words that may stand around a date on a dateline without making it prose.
FILLER_WORDS = {
    "published", "updated", "posted", "last", "modified", "date", "dated", "on", "at", "am", "pm", "a.m.", "p.m.",
    "gmt", "utc", "cet", "cest", "est", "edt", "pst", "pdt", "bst", "msk", "irst",
    "publié", "publie", "le", "mis", "à", "jour", "veröffentlicht", "aktualisiert", "stand", "datum", "um", "uhr",
    "publicado", "actualizado", "el", "a", "las", "pubblicato", "il", "aggiornato", "alle", "г.", "года", "г",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
    "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag",
    "lunes", "martes", "miércoles", "miercoles", "jueves", "viernes", "sábado", "sabado", "domingo",
    "lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica",
}
_TIME_RE = re.compile(r"(?<!\d)\d{1,2}[:.h]\d\d(?::\d\d)?(?:\s*[ap]\.?m\.?)?(?!\d)|[+-]\d\d:?\d\d", re.IGNORECASE)
_SEPARATORS = " \t|·•,;–—-/()[]"


@dataclass
class DateMatch:
    date: datetime.date
    start: int
    end: int


def find_date(text: str) -> DateMatch | None:
    """The first well-formed date in `text`, with its span."""
    if not _YEAR_RE.search(text):
        # Every pattern needs a year, and most lines have none.
        return None
    found: list[DateMatch] = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            date = _to_date(match)
            if date is not None:
                found.append(DateMatch(date, match.start(), match.end()))
                break
    return min(found, key=lambda m: (m.start, -m.end), default=None)


def parse_date(value: str) -> datetime.date | None:
    """A date from an ISO string or any of the shapes above, else None."""
    match = find_date(value or "")
    return match.date if match else None


def is_residue_empty(residue: str) -> bool:
    """True when what is left of a line besides its date is only separators,
    times, weekdays and words like "Published" or "Updated"."""
    residue = _TIME_RE.sub(" ", residue)
    words = [w.strip(_SEPARATORS + ".:").lower() for w in residue.split()]
    return all(not w or w in FILLER_WORDS for w in words)


def parse_date_line(line: str) -> datetime.date | None:
    """The date when the whole line is a dateline ("Published 26 May 2024, 10:30 GMT")."""
    match = find_date(line)
    if match is None:
        return None
    if not is_residue_empty(line[: match.start] + " " + line[match.end :]):
        return None
    return match.date


def _to_date(match: re.Match) -> datetime.date | None:
    groups = match.groupdict()
    try:
        year = int(groups["year"])
        if groups.get("a"):
            first, second = int(groups["a"]), int(groups["b"])
            # Day first unless that is impossible (05/26/2024 is May 26).
            day, month = (second, first) if second > 12 and first <= 12 else (first, second)
        else:
            month_text = groups["month"].lower().rstrip(".")
            month = int(month_text) if month_text.isdigit() else _MONTHS[month_text]
            day = int(groups["day"])
        return datetime.date(year, month, day)
    except (KeyError, ValueError):
        return None
