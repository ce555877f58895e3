"""Score extraction against hand-annotated articles.

Gold format: a list of documents {id, text_file, quotes: [{text, speaker,
start, end, kind?}], reported?: [{text, speaker, start, end}]}, offsets into
the raw file text. `load_gold` reads the files and adds each document's
"text"; `evaluate` is pure.

- Quote spans: a predicted quote (kinds quote and partial_quote) matches a
  gold quote when both spans are equal after trimming spaces and trailing
  punctuation. Precision, recall and F1 over all documents.
- Speakers: over matched quotes, right when the gold speaker's surname (its
  last word) or, for an organisation, its name appears case-insensitively in
  the predicted speaker.
- Reported speech, when a document lists it: a prediction of kind reported
  matches a gold clause when they overlap by at least half of the shorter.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

_TRIM = " \t\n\r.,;:!?…\"'’”»“„«)("
SPEECH_KINDS = ("quote", "partial_quote")


def load_gold(path: str | Path, *, search: Iterable[Path] = ()) -> list[dict[str, Any]]:
    """Read a gold file and the text of each document. A text_file is looked
    up relative to the gold file's directory, then its parents, then `search`
    (the current directory by default)."""
    path = Path(path)
    docs = json.loads(path.read_text(encoding="utf-8"))
    roots = [path.resolve().parent, *path.resolve().parents, *(search or [Path.cwd()])]
    for doc in docs:
        if "text" not in doc:
            doc["text"] = _find(doc["text_file"], roots).read_text(encoding="utf-8")
    return docs


def _find(name: str, roots: list[Path]) -> Path:
    for root in roots:
        candidate = root / name
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"{name} not found next to the gold file or in the current directory")


def normalise_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim spaces and punctuation from both ends of a span."""
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


def speaker_matches(gold: str | None, predicted: str | None, *, kind: str | None = None) -> bool:
    if not gold:
        return not predicted
    if not predicted:
        return False
    gold = gold.strip()
    key = gold if kind == "organisation" or " " not in gold else gold.split()[-1]
    if key.lower().startswith("the "):
        key = key[4:]
    return key.lower() in predicted.lower()


def evaluate(gold_docs: list[dict[str, Any]], predict: Callable[[str], list[Any]]) -> dict[str, Any]:
    """Precision, recall and F1 of quote spans, speaker accuracy on matched
    quotes and, where gold lists them, reported-speech figures."""
    totals = _Totals()
    per_doc = []
    for doc in gold_docs:
        text = doc["text"]
        predicted = [_as_dict(c) for c in predict(text)]
        doc_totals = _Totals()
        _score_quotes(text, doc.get("quotes", []), predicted, doc_totals)
        if "reported" in doc:
            _score_reported(doc["reported"], predicted, doc_totals)
        totals.add(doc_totals)
        per_doc.append({"id": doc.get("id", doc.get("text_file")), **doc_totals.figures()})
    return {**totals.figures(), "documents": per_doc}


class _Totals:
    def __init__(self) -> None:
        self.gold = self.predicted = self.matched = 0
        self.speaker_right = 0
        self.kind_right = self.kind_gold = 0
        self.rep_gold = self.rep_predicted = self.rep_found = self.rep_correct = 0
        self.has_reported = False
        self.misses: list[str] = []

    def add(self, other: _Totals) -> None:
        for name in (
            "gold", "predicted", "matched", "speaker_right", "kind_right", "kind_gold",
            "rep_gold", "rep_predicted", "rep_found", "rep_correct",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.has_reported = self.has_reported or other.has_reported

    def figures(self) -> dict[str, Any]:
        precision = self.matched / self.predicted if self.predicted else 1.0
        recall = self.matched / self.gold if self.gold else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        out: dict[str, Any] = {
            "quotes_gold": self.gold,
            "quotes_predicted": self.predicted,
            "quotes_matched": self.matched,
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
            "speaker_accuracy": round(self.speaker_right / self.matched, 4) if self.matched else 0.0,
        }
        if self.kind_gold:
            out["kind_accuracy"] = round(self.kind_right / self.kind_gold, 4)
        if self.has_reported:
            rp = self.rep_correct / self.rep_predicted if self.rep_predicted else 1.0
            rr = self.rep_found / self.rep_gold if self.rep_gold else 1.0
            out.update(
                reported_gold=self.rep_gold,
                reported_predicted=self.rep_predicted,
                reported_precision=round(rp, 4),
                reported_recall=round(rr, 4),
                reported_f1=round(2 * rp * rr / (rp + rr), 4) if rp + rr else 0.0,
            )
        if self.misses:
            out["misses"] = self.misses
        return out


def _as_dict(claim: Any) -> dict[str, Any]:
    return claim if isinstance(claim, dict) else claim.to_dict()


def _score_quotes(text: str, gold: list[dict], predicted: list[dict], totals: _Totals) -> None:
    speech = [p for p in predicted if p["kind"] in SPEECH_KINDS]
    by_span: dict[tuple[int, int], dict] = {}
    for p in speech:
        by_span.setdefault(normalise_span(text, p["start"], p["end"]), p)
    totals.gold += len(gold)
    totals.predicted += len(by_span)
    for g in gold:
        hit = by_span.get(normalise_span(text, g["start"], g["end"]))
        if hit is None:
            totals.misses.append(g["text"][:80])
            continue
        totals.matched += 1
        if speaker_matches(g.get("speaker"), hit.get("speaker"), kind=g.get("speaker_kind")):
            totals.speaker_right += 1
        else:
            totals.misses.append(f"speaker {hit.get('speaker')!r} for {g.get('speaker')!r}: {g['text'][:50]}")
        if "kind" in g:
            totals.kind_gold += 1
            totals.kind_right += int(g["kind"] == hit["kind"])


def _overlaps(a: dict, b: dict) -> bool:
    inter = min(a["end"], b["end"]) - max(a["start"], b["start"])
    shorter = min(a["end"] - a["start"], b["end"] - b["start"])
    return shorter > 0 and inter >= 0.5 * shorter


def _score_reported(gold: list[dict], predicted: list[dict], totals: _Totals) -> None:
    reported = [p for p in predicted if p["kind"] == "reported"]
    totals.has_reported = True
    totals.rep_gold += len(gold)
    totals.rep_predicted += len(reported)
    totals.rep_found += sum(1 for g in gold if any(_overlaps(g, p) for p in reported))
    totals.rep_correct += sum(1 for p in reported if any(_overlaps(g, p) for g in gold))


# Annotated news in JSON Lines (one article per line: id, publisher, text,
# quotes, reported, other_quoted), scored the way an outside measurement on
# unseen articles scores it: quote ends within a few characters, speakers by
# surname over quotes whose speaker the annotators found in the text, and
# reported statements restricted to those with a speech cue. A statement
# counts as found when a reported claim covers half of it or, where the
# article quotes it, a quote claim does ("as reported" counts only the first).

QUOTE_TOLERANCE = 3
NAMED_SPEAKER_METHODS = ("ner_in_source_span", "corenlp_coref", "source_span")
# Speech verbs, in the forms a cue is written: a reported statement counts
# as speech when a word of its cue is one of these (said, told reporters,
# has argued, according to). Beliefs, plans, polls and documents
# ("believes", "plans", "shows") are left out, and so are nouns that share a
# stem ("allegations", "comments").
_SPEECH_VERBS = (
    "say said says saying tell told tells telling add added adds adding note noted notes noting "
    "argue argued argues arguing claim claimed claims claiming write wrote writes writing written "
    "warn warned warns warning deny denied denies denying insist insisted insists insisting "
    "acknowledge acknowledged acknowledges acknowledging announce announced announces announcing "
    "ask asked asks asking explain explained explains explaining state stated states stating "
    "declare declared declares declaring tweet tweeted tweets tweeting post posted posts "
    "report reported reports reporting recall recalled recalls recalling reply replied replies replying "
    "respond responded responds suggest suggested suggests suggesting stress stressed stresses "
    "admit admitted admits admitting confirm confirmed confirms predict predicted predicts "
    "urge urged urges urging promise promised promises promising vow vowed vows pledge pledged pledges "
    "reiterate reiterated reiterates allege alleged alleges assert asserted asserts testify testified "
    "emphasize emphasized emphasizes emphasise emphasised contend contended contends maintain maintained "
    "maintains complain complained complains boast boasted concede conceded concedes conclude concluded "
    "concludes observe observed"
)
SPEECH_CUE_WORDS = frozenset(_SPEECH_VERBS.split())
_SPEECH_PHRASES = ("according to", "pointed out")


def is_speech_cue(cue: str) -> bool:
    cue = cue.lower()
    if any(p in cue for p in _SPEECH_PHRASES):
        return True
    return any(w in SPEECH_CUE_WORDS for w in re.findall(r"[a-z]+", cue))


def load_annotated(path: str | Path) -> list[dict[str, Any]]:
    """Articles from a JSON Lines file of annotated news."""
    docs = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                doc = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"line {number}: {exc.msg}") from exc
            if not isinstance(doc, dict) or "text" not in doc:
                raise ValueError(f"line {number}: not an article with a text")
            docs.append(doc)
    return docs


def split_part(doc_id: str) -> str:
    """"tune" or "measure": a fixed half of the articles by a hash of their
    id, so rules are tuned on one half and judged on the other."""
    return "tune" if hashlib.sha1(doc_id.encode()).digest()[0] % 2 == 0 else "measure"


def evaluate_annotated(docs: list[dict[str, Any]], predict: Callable[[str], list[Any]]) -> dict[str, Any]:
    """Figures overall and per publisher. An article whose extraction raises
    is counted (and named) instead of stopping the run."""
    groups: dict[str, _NewsTotals] = {}
    overall = _NewsTotals()
    for doc in docs:
        totals = groups.setdefault(doc.get("publisher") or "unknown", _NewsTotals())
        try:
            predicted = [_as_dict(c) for c in predict(doc["text"])]
        except Exception as exc:  # noqa: BLE001 - counted, reported by article
            error = f"{doc.get('id', '?')}: {type(exc).__name__}: {exc}"
            totals.errors.append(error)
            overall.errors.append(error)
            continue
        for target in (totals, overall):
            target.score(doc, predicted)
    return {
        "overall": overall.figures(),
        "publishers": {name: totals.figures() for name, totals in sorted(groups.items())},
    }


def _near(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return abs(a[0] - b[0]) <= QUOTE_TOLERANCE and abs(a[1] - b[1]) <= QUOTE_TOLERANCE


def _half_of_gold(gold: dict, predicted: dict) -> bool:
    inter = min(gold["end"], predicted["end"]) - max(gold["start"], predicted["start"])
    return inter > 0 and inter >= 0.5 * (gold["end"] - gold["start"])


class _NewsTotals:
    def __init__(self) -> None:
        self.articles = 0
        self.gold = self.predicted = self.predicted_right = self.found = 0
        self.speaker_gold = self.speaker_right = 0
        # By how the annotation found the speaker: a name in the source span
        # is firm, automatic coreference and raw spans much less so.
        self.speaker_by_method: dict[str, list[int]] = {}
        self.rep_gold = self.rep_found = self.rep_predicted = self.rep_right = 0
        self.rep_found_as_reported = 0
        self.errors: list[str] = []
        self.misses: list[dict[str, Any]] = []

    def score(self, doc: dict[str, Any], predicted: list[dict]) -> None:
        self.articles += 1
        quotes = [p for p in predicted if p["kind"] in SPEECH_KINDS]
        gold_quotes = doc.get("quotes", [])
        spans = [(g["start"], g["end"]) for g in gold_quotes]
        self.predicted += len(quotes)
        self.predicted_right += sum(1 for p in quotes if any(_near((p["start"], p["end"]), s) for s in spans))
        for g in gold_quotes:
            hit = next((p for p in quotes if _near((p["start"], p["end"]), (g["start"], g["end"]))), None)
            if g["type"] == "direct":
                self.gold += 1
                self.found += hit is not None
                if hit is None:
                    self.misses.append({"id": doc.get("id"), "what": "quote", "gold": g})
            if hit is not None and g.get("speaker_method") in NAMED_SPEAKER_METHODS:
                self.speaker_gold += 1
                counts = self.speaker_by_method.setdefault(g["speaker_method"], [0, 0])
                counts[1] += 1
                if news_speaker_matches(g.get("speaker"), hit.get("speaker")):
                    self.speaker_right += 1
                    counts[0] += 1
                else:
                    self.misses.append({"id": doc.get("id"), "what": "speaker", "gold": g, "predicted": hit})
        reported = [p for p in predicted if p["kind"] == "reported"]
        gold_reported = doc.get("reported", [])
        speech = [g for g in gold_reported if is_speech_cue(g.get("cue") or "")]
        self.rep_gold += len(speech)
        for g in speech:
            # A statement reaches the checklist as a reported claim or, when
            # the article quotes its words, as the quote.
            if any(_half_of_gold(g, p) for p in reported):
                self.rep_found += 1
                self.rep_found_as_reported += 1
            elif any(_half_of_gold(g, p) for p in quotes):
                self.rep_found += 1
            else:
                self.misses.append({"id": doc.get("id"), "what": "reported", "gold": g})
        # A predicted statement is right when it is attributed content of any
        # kind: a reported clause (whatever its cue) or a quotation.
        contents = gold_reported + gold_quotes
        self.rep_predicted += len(reported)
        for p in reported:
            if any(_overlaps(g, p) for g in contents):
                self.rep_right += 1
            else:
                self.misses.append({"id": doc.get("id"), "what": "reported_extra", "predicted": p})

    def figures(self) -> dict[str, Any]:
        precision = self.predicted_right / self.predicted if self.predicted else 1.0
        recall = self.found / self.gold if self.gold else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        rp = self.rep_right / self.rep_predicted if self.rep_predicted else 1.0
        rr = self.rep_found / self.rep_gold if self.rep_gold else 1.0
        return {
            "articles": self.articles,
            "errors": self.errors,
            "quotes_gold": self.gold,
            "quotes_predicted": self.predicted,
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
            "speaker_quotes": self.speaker_gold,
            "speaker_accuracy": round(self.speaker_right / self.speaker_gold, 4) if self.speaker_gold else 0.0,
            "speaker_accuracy_by_method": {
                method: {"quotes": total, "accuracy": round(right / total, 4)}
                for method, (right, total) in sorted(self.speaker_by_method.items())
            },
            "reported_gold": self.rep_gold,
            "reported_predicted": self.rep_predicted,
            "reported_precision": round(rp, 4),
            "reported_recall": round(rr, 4),
            "reported_recall_as_reported": round(self.rep_found_as_reported / self.rep_gold, 4) if self.rep_gold else 1.0,
            "misses": self.misses,
        }


def news_speaker_matches(gold: str | None, predicted: str | None) -> bool:
    """Right when the gold speaker's last word, or the whole gold name, is in
    the predicted name (case-folded)."""
    if not gold or not predicted:
        return False
    gold, predicted = gold.strip().casefold(), predicted.casefold()
    words = gold.split()
    return gold in predicted or (bool(words) and words[-1] in predicted)
