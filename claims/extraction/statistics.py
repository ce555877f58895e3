"""Numbers worth checking: percentages, counts, money, rankings and trends.

A sentence holding at least one such number is a statistic claim; the
numbers are parsed into value, unit and the words as written. Years, dates,
times, clock readings, article numbers and model names ("F-16", "Covid-19")
are not statistics on their own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from . import lexicon

_SCALES = {
    "thousand": 1e3, "k": 1e3, "million": 1e6, "mln": 1e6, "mn": 1e6, "m": 1e6,
    "billion": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12, "crore": 1e7, "lakh": 1e5,
}
_CURRENCY_SIGNS = {"$": "USD", "US$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₽": "RUB", "₴": "UAH"}
_CURRENCY_WORDS = {
    "dollars": "USD", "dollar": "USD", "usd": "USD", "euros": "EUR", "euro": "EUR", "eur": "EUR",
    "pounds": "GBP", "pound": "GBP", "sterling": "GBP", "gbp": "GBP", "yen": "JPY", "yuan": "CNY",
    "renminbi": "CNY", "rupees": "INR", "roubles": "RUB", "rubles": "RUB", "hryvnias": "UAH",
    "francs": "CHF", "kroner": "NOK", "kronor": "SEK", "zlotys": "PLN", "forints": "HUF",
}
_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a": 1,
    "half": 0.5, "several": 3, "dozens": 24, "hundreds": 200, "thousands": 2000, "millions": 2e6,
}

_NUMBER = r"\d{1,3}(?:[,\u00a0\u202f]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE = r"(?:thousand|million|billion|trillion|mln|mn|bn|tn|crore|lakh|[mkb](?![\w]))"
_PERCENT = r"(?:%|\s?per\s?cent\b|\s?percent\b|\s(?:percentage\s)?points?\b|\s?pc\b)"
_CURRENCY_SIGN = r"(?:US\$|[$€£¥₹₽₴])"

NUMBER_RE = re.compile(
    rf"(?P<cur>{_CURRENCY_SIGN})?\s?(?<![\w.\-/:’'])(?P<num>{_NUMBER})"
    rf"(?:\s?(?P<scale>{_SCALE}))?(?![\w/:]|\.\d|-\w)(?P<pct>{_PERCENT})?"
    rf"(?:\s(?P<unit>[a-z][a-z\-]+(?:\s(?:of|per)\s[a-z]+)?))?"
)
_WORD_NUMBER_RE = re.compile(
    r"(?<![\w\-])(?P<num>(?:one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty|"
    r"a|several|hundreds|thousands|dozens|half a)(?:[\s\-]hundred)?)\s(?P<scale>thousand|million|billion|trillion)"
    r"(?:\s(?P<unit>[a-z][a-z\-]+))?",
    re.I,
)
_TREND_RE = re.compile(
    r"(?<![\w\-])(?:doubled|tripled|trebled|quadrupled|halved|more than doubled|"
    r"(?:a|one|two)[\s\-](?:third|quarter|fifth|half)s?\s(?:of|more|less|fewer)|"
    r"two[\s\-]thirds|three[\s\-]quarters|(?:highest|lowest|largest|biggest|smallest|fastest|slowest)\s(?:level|rate|number|since|on record|ever))\b",
    re.I,
)
_RANK_RE = re.compile(
    r"(?<![\w\-])(?:ranked\s(?:\w+\s)?(?:first|second|third|fourth|fifth|last|\d+(?:st|nd|rd|th))|"
    r"No\.\s?\d+|number\s(?:one|two|three|\d+)\s(?:in|on|of)|top\s(?:\d+|ten|five|three)|"
    r"(?:second|third|fourth|fifth|\d+(?:st|nd|rd|th))[\s\-](?:largest|biggest|highest|lowest|most|least|best|worst|richest|poorest|busiest))\b"
)
_MONTH_ALT = "|".join(sorted(lexicon.MONTHS, key=len, reverse=True))
_DATE_NEAR_RE = re.compile(rf"(?i:\b(?:{_MONTH_ALT})\.?)\s*$")
_DATE_AFTER_RE = re.compile(rf"^(?:st|nd|rd|th)?\s(?i:(?:{_MONTH_ALT})\b)")
_ORDINAL_AFTER_RE = re.compile(r"(?:st|nd|rd|th)\b")
_UNIT_STOP = frozenset(
    "and or but the a an of to in on at for by with from as that than which who is are was were be "
    "been has have had it its this these those per he she they we i you his her their our my".split()
)


def find_numbers(sentence: str) -> list[dict]:
    """Statistic-like numbers in one sentence, each {"value", "unit", "raw"}."""
    found: list[dict] = []
    for m in _number_matches(sentence):
        parsed = _parse_number(sentence, m)
        if parsed:
            found.append(parsed)
    low = sentence.lower()
    # The worded patterns are slow: run them only when a key word is there.
    if _holds_any(low, _SCALE_WORDS):
        found.extend(_worded_numbers(sentence))
    if _holds_any(low, _RANK_WORDS):
        found.extend(_ranks(sentence))
    if _holds_any(low, _TREND_WORDS):
        for m in _TREND_RE.finditer(sentence):
            found.append({"value": _TREND_VALUES.get(m.group().lower().split()[0], 0.0), "unit": "trend", "raw": m.group()})
    return found


def _holds_any(text: str, words: tuple[str, ...]) -> bool:
    # A plain loop: any() over a generator costs more, for every sentence.
    for word in words:
        if word in text:
            return True
    return False


_DIGIT_RE = re.compile(r"\d")


def _number_matches(sentence: str) -> Iterator[re.Match]:
    """The matches of NUMBER_RE.finditer(sentence), found faster: a match
    holds a digit and starts at most four characters before its first one (a
    currency sign and a space), so only those positions are tried, not every
    position of the sentence."""
    pos = 0
    while (digit := _DIGIT_RE.search(sentence, pos)) is not None:
        first = digit.start()
        for start in range(max(pos, first - 4), first + 1):
            if start < first and not _may_lead_number(sentence[start]):
                continue
            m = NUMBER_RE.match(sentence, start)
            if m is not None:
                yield m
                pos = m.end()
                break
        else:
            pos = first + 1  # a digit that starts no number: "F-16", "10:30"


def _may_lead_number(ch: str) -> bool:
    """Whether a match can start at `ch`, before the digits: a currency sign
    (of "US$" the U) or the space before the number."""
    return ch in "U$€£¥₹₽₴" or ch.isspace()


_SCALE_WORDS = ("thousand", "million", "billion", "trillion")
_RANK_WORDS = ("rank", "no.", "number", "top ", "largest", "biggest", "highest", "lowest", "most", "least", "best", "worst", "richest", "poorest", "busiest")
_TREND_WORDS = ("doubled", "tripled", "trebled", "quadrupled", "halved", "third", "quarter", "fifth", "half", "highest", "lowest", "largest", "biggest", "smallest", "fastest", "slowest")


def _worded_numbers(sentence: str) -> list[dict]:
    found = []
    for m in _WORD_NUMBER_RE.finditer(sentence):
        base = m.group("num").lower().replace("-", " ")
        value = sum(_WORD_NUMBERS.get(w, 0) for w in base.split() if w != "hundred") or 1
        if "hundred" in base.split() and base != "hundred":
            value *= 100
        value *= _SCALES[m.group("scale").lower()]
        unit = _unit_word(m.group("unit"))
        found.append({"value": float(value), "unit": unit, "raw": m.group().strip()})
    return found


def _ranks(sentence: str) -> list[dict]:
    found = []
    for m in _RANK_RE.finditer(sentence):
        digits = re.search(r"\d+", m.group())
        words = re.findall(r"[a-z]+", m.group().lower())
        value = float(digits.group()) if digits else float(next((_ORDINALS[w] for w in words if w in _ORDINALS), 0))
        found.append({"value": value, "unit": "rank", "raw": m.group()})
    return found


_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "one": 1, "two": 2, "three": 3, "five": 5, "ten": 10, "last": 0}
_TREND_VALUES = {"doubled": 2.0, "tripled": 3.0, "trebled": 3.0, "quadrupled": 4.0, "halved": 0.5}


def _unit_word(word: str | None) -> str:
    if not word:
        return ""
    first = word.split()[0]
    if first in _UNIT_STOP:
        return ""
    return word


def _parse_number(sentence: str, m: re.Match) -> dict | None:
    raw_num = m.group("num")
    cur, scale, pct, unit = m.group("cur"), m.group("scale"), m.group("pct"), m.group("unit")
    value = float(raw_num.replace(",", "").replace("\u00a0", "").replace("\u202f", ""))
    before = sentence[max(0, m.start() - 30) : m.start()]
    after = sentence[m.end("num") : m.end("num") + 12]
    strong = bool(cur or scale or pct)
    if not strong:
        # Checked first: it rules out most numbers ("Article 5", "Route 66").
        if not _real_unit(unit):
            return None  # a bare number with nothing counted
        if _DATE_NEAR_RE.search(before) or _DATE_AFTER_RE.match(after):
            return None  # May 17, 17 May
        if "." not in raw_num and "," not in raw_num and 1800 <= value <= 2100:
            return None  # a year
        if _ORDINAL_AFTER_RE.match(after):
            return None  # an ordinal date or rank word handled elsewhere
    currency = _CURRENCY_SIGNS.get(cur or "", "")
    if scale:
        value *= _SCALES[scale.lower()]
    unit_text = ""
    if pct:
        unit_text = "percentage points" if "point" in pct else "percent"
    elif currency:
        unit_text = currency
    elif unit:
        first = unit.split()[0].lower()
        unit_text = _CURRENCY_WORDS.get(first) or _unit_word(unit)
    end = m.end()
    if unit and not _real_unit(unit) and not pct:
        end = m.end("scale") if scale else m.end("num")
    elif unit and pct:
        end = m.end("pct")
    raw = sentence[m.start() : end].strip()
    return {"value": value, "unit": unit_text, "raw": raw}


def _real_unit(unit: str | None) -> bool:
    if not unit:
        return False
    first = unit.split()[0].lower()
    return first not in _UNIT_STOP and first not in lexicon.MONTHS and not first.endswith("ly")
