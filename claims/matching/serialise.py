"""The stored form of a MatchResult: a plain dict with a schema number, and
back. Rows written before the schema number existed (schema 1, the bare
`to_dict()` of the time, sometimes with only some of its keys) still load.
Pure Python, no Django: the model field that stores it lives in claims.

Schema 3 adds the findings, the transcript turn's label and the suggested
verdict. Rows of schema 1 and 2 load with `findings` None (not assessed):
computing them needs the source text, which is not in the row."""

from __future__ import annotations

from collections.abc import Mapping

from .classify import DiffOp, Insertion, MatchResult, Omission, Verdict
from .findings import Finding, FindingKind, Suggestion

SCHEMA = 3


def dump(result: MatchResult) -> dict:
    """The result as JSON-ready data, tagged with the current schema."""
    return {"schema": SCHEMA, **result.to_dict()}


def load(data: Mapping | None) -> MatchResult | None:
    """The result stored in `data`, or None when nothing was stored (an
    empty dict or None). Raises ValueError for a schema newer than this
    code knows."""
    if not data:
        return None
    schema = data.get("schema", 1)
    if schema > SCHEMA:
        raise ValueError(f"Comparison stored with schema {schema}; this code reads up to {SCHEMA}.")
    # Schema 1 and 2 have the same keys; schema 1 rows may miss any of them.
    # Schema 3 adds findings, source_speaker and suggestion.
    findings = data.get("findings") if schema >= 3 else None
    suggestion = data.get("suggestion") if schema >= 3 else None
    return MatchResult(
        verdict=Verdict(data.get("verdict") or Verdict.NOT_FOUND),
        score=float(data.get("score") or 0.0),
        start=data.get("start"),
        end=data.get("end"),
        passage=data.get("passage") or "",
        diff=[_diff_op(op) for op in data.get("diff") or []],
        omissions=[Omission(**_known(o, Omission)) for o in data.get("omissions") or []],
        insertions=[Insertion(**_known(i, Insertion)) for i in data.get("insertions") or []],
        context_before=data.get("context_before") or "",
        context_after=data.get("context_after") or "",
        trimmed=bool(data.get("trimmed")),
        page=data.get("page"),
        findings=None if findings is None else tuple(_finding(f) for f in findings),
        source_speaker=data.get("source_speaker") if schema >= 3 else None,
        suggestion=Suggestion(suggestion["verdict"], suggestion.get("reason") or "") if suggestion else None,
    )


def _finding(data: Mapping) -> Finding:
    # The stored summary is for readers of the raw row; it is computed again.
    return Finding(
        kind=FindingKind(data["kind"]),
        quote_words=tuple(data.get("quote_words") or ()),
        source_words=tuple(data.get("source_words") or ()),
        start=data.get("start"),
        end=data.get("end"),
        detail=data.get("detail") or "",
    )


def _diff_op(data: Mapping) -> DiffOp:
    return DiffOp(
        op=data["op"],
        quote_words=list(data.get("quote") or []),
        source_words=list(data.get("source") or []),
        reason=data.get("reason"),
    )


def _known(data: Mapping, cls) -> dict:
    return {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
