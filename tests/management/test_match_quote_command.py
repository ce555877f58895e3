import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

SOURCE = (
    "Opening remarks.\r\n"
    "I say to you: Be quiet until I speak. Okay?\r\n"
    "We did not expect the war to last this long — nobody did.\r\n"
)


def run(*args, **options) -> str:
    out = StringIO()
    call_command("match_quote", *args, stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def source_file(tmp_path):
    path = tmp_path / "source.txt"
    path.write_bytes(SOURCE.encode("utf-8"))
    return path


def test_match_quote_json_gives_offsets_into_the_source_file(source_file, tmp_path):
    quote_file = tmp_path / "quote.txt"
    quote_file.write_text("We didn’t expect the war to last this long\n", encoding="utf-8")

    data = json.loads(run(str(source_file), str(quote_file), format="json"))

    assert data["verdict"] == "altered"
    assert SOURCE[data["start"] : data["end"]] == "We did not expect the war to last this long"
    assert {"op": "replace", "quote": ["didn’t"], "source": ["did", "not"], "reason": None} in data["diff"]
    assert 0 < data["score"] < 1


def test_match_quote_ignores_the_quote_files_final_line_break(source_file, tmp_path):
    quote_file = tmp_path / "quote.txt"
    quote_file.write_bytes(b"Be quiet,\r\n")

    data = json.loads(run(str(source_file), str(quote_file), format="json"))

    assert data["verdict"] == "verbatim"
    assert (data["start"], data["end"]) == (SOURCE.index("Be quiet"), SOURCE.index("Be quiet") + 8)
    assert data["trimmed"] is True
    assert data["context_after"].startswith("until I speak.")


def test_match_quote_text_format_summarises_the_changes(source_file, tmp_path):
    quote_file = tmp_path / "quote.txt"
    quote_file.write_text("We did not expect the conflict to last this long", encoding="utf-8")

    output = run(str(source_file), str(quote_file))

    assert output.startswith("altered (score ")
    assert "replace: quote 'conflict' / source 'war'" in output


def test_match_quote_batch_keeps_the_order(source_file, tmp_path):
    quotes = ["nobody did", "Taxes on bread will rise sharply", "BE QUIET UNTIL I SPEAK", "Opening remarks"]
    quote_file = tmp_path / "quotes.jsonl"
    quote_file.write_text("\n".join(json.dumps({"quote": q}) for q in quotes) + "\n", encoding="utf-8")

    lines = run(str(source_file), str(quote_file), "--batch", format="json").splitlines()

    assert [json.loads(line)["verdict"] for line in lines] == ["verbatim", "not_found", "normalised", "verbatim"]
    assert json.loads(lines[1])["start"] is None


def test_match_quote_batch_rejects_a_bad_line(source_file, tmp_path):
    quote_file = tmp_path / "quotes.jsonl"
    quote_file.write_text('{"quote": "nobody did"}\n{"quote": \n', encoding="utf-8")

    with pytest.raises(CommandError, match="Line 2 of the quote file is not valid JSON"):
        run(str(source_file), str(quote_file), "--batch")


def test_match_quote_batch_needs_a_quote_string(source_file, tmp_path):
    quote_file = tmp_path / "quotes.jsonl"
    quote_file.write_text('{"text": "nobody did"}\n', encoding="utf-8")

    with pytest.raises(CommandError, match='needs a "quote" string'):
        run(str(source_file), str(quote_file), "--batch")


def test_match_quote_missing_file_is_a_clear_error(source_file, tmp_path):
    with pytest.raises(CommandError, match=r"No such file: .*missing\.txt"):
        run(str(source_file), str(tmp_path / "missing.txt"))


def test_match_quote_rejects_a_file_that_is_not_utf8(source_file, tmp_path):
    quote_file = tmp_path / "quote.txt"
    quote_file.write_bytes("café".encode("latin-1"))

    with pytest.raises(CommandError, match="is not UTF-8 text"):
        run(str(source_file), str(quote_file))
