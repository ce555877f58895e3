"""What a failed fetch of a source's page means for a reviewer, in one
plain sentence instead of the fetcher's technical message. Pure functions:
dates and the stored message in, words out (the template filter in
templatetags/fetches.py reads the records)."""

from __future__ import annotations

import datetime
import re

# The fetcher's messages (fetching.FetchError) by what they mean to a reader,
# first match wins. The stored message stays in the capture for the admin.
_CAUSES = [
    (re.compile(r"could not be resolved|has no addresses|not a valid host", re.I), "the site could not be found"),
    (re.compile(r"^Refused", re.I), "the address is not one the workbench may fetch"),
    (re.compile(r"did not answer within|took longer than", re.I), "the site did not answer in time"),
    (re.compile(r"answered (404|410)\b", re.I), "the page is gone"),
    (re.compile(r"answered \d{3}|redirect", re.I), "the site answered with an error"),
    (re.compile(r"could not connect|connection", re.I), "the connection to the site failed"),
    (re.compile(r"larger than", re.I), "the page is too large to keep"),
    (re.compile(r"content type|content encoding|no text could be read|could not be decoded", re.I),
     "the page holds no text the workbench can read"),
]


def day(date: datetime.date, *, today: datetime.date) -> str:
    """'6 Dec', with the year when it is not this year's."""
    return f"{date.day} {date:%b}" + ("" if date.year == today.year else f" {date.year}")


def fetch_failure(
    *, failed_on: datetime.date, today: datetime.date, stored_on: datetime.date | None = None, own_text: bool = False
) -> str:
    """The sentence shown wherever a source's newest fetch failed: which
    stored text the comparison still uses (a capture from `stored_on`, or
    the source's own pasted or uploaded text), or that there is none."""
    failed = day(failed_on, today=today)
    if stored_on is not None:
        return f"Could not fetch the page on {failed}; the stored text from {day(stored_on, today=today)} is used."
    if own_text:
        return f"Could not fetch the page on {failed}; the source's own stored text is used."
    return f"Could not fetch the page on {failed}, and no text of it is stored yet."


def fetch_cause(error: str, status_code: int | None = None) -> str:
    """Why one fetch failed, in plain words, from the fetcher's message or
    the status the server answered."""
    for pattern, words in _CAUSES:
        if error and pattern.search(error):
            return words
    if status_code in (404, 410):
        return "the page is gone"
    if status_code is not None and not 200 <= status_code < 300:
        return "the site answered with an error"
    return "the fetch failed"


def capture_failure(*, fetched_on: datetime.date, today: datetime.date, error: str, status_code: int | None) -> str:
    """One failed capture in a source's list of captures."""
    return f"Could not fetch the page on {day(fetched_on, today=today)}: {fetch_cause(error, status_code)}."
