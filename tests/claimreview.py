"""ClaimReview checked against tests/claimreview.schema.json: Google's
fact-check markup (its required and recommended properties) over
schema.org's types."""

import json
from pathlib import Path

from jsonschema import Draft202012Validator

SCHEMA = json.loads((Path(__file__).resolve().parent / "claimreview.schema.json").read_text(encoding="utf-8"))
Draft202012Validator.check_schema(SCHEMA)
_VALIDATOR = Draft202012Validator(SCHEMA)


def validate_claim_review(review: dict) -> None:
    """Raises jsonschema's ValidationError, naming every problem, unless
    `review` is a ClaimReview as the schema describes it."""
    errors = sorted(_VALIDATOR.iter_errors(review), key=lambda e: list(e.absolute_path))
    if errors:
        raise AssertionError("; ".join(f"{'/'.join(map(str, e.absolute_path)) or '$'}: {e.message}" for e in errors))


def missing_recommended(review: dict) -> list[str]:
    """The paths of the properties Google recommends (the schema's
    `recommended` lists) that `review` leaves out."""
    return list(_missing(review, SCHEMA, "$"))


def _resolve(node: dict) -> dict:
    while "$ref" in node:
        node = SCHEMA["$defs"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def _branch(value, node: dict) -> dict:
    """The alternative of a oneOf that `value` takes: by its @type, or the
    list form for a list."""
    for option in map(_resolve, node.get("oneOf", [])):
        if isinstance(value, list) and option.get("type") == "array":
            return option
        if isinstance(value, dict) and "oneOf" in option:
            return _branch(value, option)
        if isinstance(value, dict) and option.get("properties", {}).get("@type", {}).get("const") == value.get("@type"):
            return option
    return node


def _missing(value, node: dict, path: str):
    node = _branch(value, _resolve(node))
    if isinstance(value, list):
        for i, item in enumerate(value):
            yield from _missing(item, node.get("items", {}), f"{path}[{i}]")
        return
    if not isinstance(value, dict):
        return
    yield from (f"{path}.{name}" for name in node.get("recommended", []) if name not in value)
    for name, item in value.items():
        if name in node.get("properties", {}):
            yield from _missing(item, node["properties"][name], f"{path}.{name}")
