import json
from io import StringIO
from pathlib import Path

from django.core.management import call_command

from claims.extraction import extract_claims
from claims.extraction.evaluation import evaluate, load_gold, normalise_span, speaker_matches

DATA = Path(__file__).resolve().parents[1] / "data"
SEED_GOLD = DATA / "seeds-quotes.gold.json"
OWN_GOLD = DATA / "gold" / "gold.json"


def test_seed_gold_every_quote_exact_with_right_speaker():
    for doc in load_gold(SEED_GOLD):
        claims = extract_claims(doc["text"])
        by_span = {(c.start, c.end): c for c in claims if c.kind in ("quote", "partial_quote")}
        for gold in doc["quotes"]:
            found = by_span.get((gold["start"], gold["end"]))
            assert found is not None, gold["text"]
            assert found.text == gold["text"]
            assert speaker_matches(gold["speaker"], found.speaker), (gold["speaker"], found.speaker)


def test_seed_gold_scores_perfectly():
    result = evaluate(load_gold(SEED_GOLD), extract_claims)
    assert result["quotes_gold"] == 35
    assert result["recall"] == 1.0
    assert result["speaker_accuracy"] == 1.0


def test_own_gold_set_meets_targets():
    docs = load_gold(OWN_GOLD)
    assert len(docs) >= 15
    result = evaluate(docs, extract_claims)
    assert result["f1"] >= 0.95
    assert result["speaker_accuracy"] >= 0.90
    assert result["reported_f1"] >= 0.8


def test_own_gold_offsets_match_texts():
    for doc in load_gold(OWN_GOLD):
        for item in doc["quotes"] + doc["reported"]:
            assert doc["text"][item["start"] : item["end"]] == item["text"]


def test_evaluate_counts_precision_recall_and_speakers():
    text = "“We won,” Ana Ruiz said. “We lost,” Ben Ode said."
    gold = [{"id": "x", "text": text, "quotes": [
        {"text": "We won,", "speaker": "Ana Ruiz", "start": 1, "end": 8},
        {"text": "Missing", "speaker": "Nobody", "start": 30, "end": 37},
    ]}]

    def predict(_text):
        return [
            {"kind": "quote", "start": 1, "end": 7, "speaker": "Ruiz"},  # trailing comma trimmed
            {"kind": "partial_quote", "start": 40, "end": 45, "speaker": None},
            {"kind": "statistic", "start": 0, "end": 5, "speaker": None},  # not a quote
        ]

    result = evaluate(gold, predict)
    assert (result["quotes_matched"], result["quotes_predicted"], result["quotes_gold"]) == (1, 2, 2)
    assert result["precision"] == 0.5
    assert result["recall"] == 0.5
    assert result["speaker_accuracy"] == 1.0
    assert "reported_f1" not in result


def test_evaluate_reported_by_overlap():
    text = "Officials said the bridge would reopen in May after repairs."
    gold = [{"id": "r", "text": text, "quotes": [], "reported": [
        {"text": "the bridge would reopen in May after repairs", "speaker": "Officials", "start": 15, "end": 59},
    ]}]
    result = evaluate(gold, extract_claims)
    assert result["reported_recall"] == 1.0
    assert result["reported_precision"] == 1.0


def test_speaker_matches_surname_and_organisation():
    assert speaker_matches("Jens Stoltenberg", "Stoltenberg")
    assert speaker_matches("Reuters", "Reuters")
    assert speaker_matches("transport ministry", "The transport ministry", kind="organisation")
    assert not speaker_matches("Jens Stoltenberg", "Viktor Orban")
    assert not speaker_matches("Jens Stoltenberg", None)


def test_normalise_span_trims_space_and_punctuation():
    text = "“ Hello there, ”"
    assert text[slice(*normalise_span(text, 0, len(text)))] == "Hello there"


def test_load_gold_finds_text_next_to_the_gold_file(tmp_path):
    (tmp_path / "a.txt").write_text("“Hi,” she said.", encoding="utf-8")
    (tmp_path / "g.json").write_text(json.dumps([{"id": "a", "text_file": "a.txt", "quotes": []}]), encoding="utf-8")
    docs = load_gold(tmp_path / "g.json")
    assert docs[0]["text"] == "“Hi,” she said."


def test_command_extract_json(tmp_path):
    article = tmp_path / "article.txt"
    article.write_text("“Every nation has the right to defend itself,” Rob Bauer said.", encoding="utf-8")
    out = StringIO()
    call_command("extract", str(article), "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert [(d["kind"], d["text"], d["speaker"]) for d in data] == [
        ("quote", "Every nation has the right to defend itself,", "Rob Bauer")
    ]
    assert {"start", "end", "cue", "role", "score", "linked_to"} <= set(data[0])


def test_command_extract_text(tmp_path):
    article = tmp_path / "article.txt"
    article.write_text("“We will not be party to the conflict,” Jens Stoltenberg promised.", encoding="utf-8")
    out = StringIO()
    call_command("extract", str(article), "--format", "text", stdout=out)
    printed = out.getvalue()
    assert "Jens Stoltenberg" in printed
    assert "We will not be party to the conflict," in printed
    assert "cue: Jens Stoltenberg promised" in printed


def test_command_evaluate_extraction_prints_figures():
    out = StringIO()
    call_command("evaluate_extraction", str(SEED_GOLD), str(OWN_GOLD), stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith(f"{SEED_GOLD}: quotes 35/35 found")
    assert "F1 1.000" in lines[0]
    assert any(line.startswith("overall: quotes") for line in lines)
    assert any("reported:" in line for line in lines)


def _annotated(tmp_path, docs):
    path = tmp_path / "news.jsonl"
    path.write_text("\n".join(json.dumps(d) for d in docs) + "\n", encoding="utf-8")
    return path


NEWS = {
    "id": "a1",
    "publisher": "gazette",
    "text": "“The bridge is safe,” said Mayor Ana Ruiz. Engineers said the cables were replaced last year.",
    "quotes": [
        {"text": "The bridge is safe,", "start": 1, "end": 20, "type": "direct",
         "speaker": "Ana Ruiz", "speaker_method": "ner_in_source_span"},
    ],
    "reported": [
        {"text": "the cables were replaced last year", "start": 57, "end": 91, "speaker": "Engineers",
         "speaker_method": "source_span", "cue": "said"},
        {"text": "the council plans a vote", "start": 0, "end": 5, "speaker": "x",
         "speaker_method": "no_source", "cue": "plans"},
    ],
}


def test_evaluate_annotated_news_scores_quotes_speakers_and_speech():
    from claims.extraction.evaluation import evaluate_annotated

    result = evaluate_annotated([NEWS], extract_claims)
    figures = result["overall"]
    assert (figures["quotes_gold"], figures["recall"], figures["precision"]) == (1, 1.0, 1.0)
    assert figures["speaker_accuracy"] == 1.0
    assert figures["speaker_accuracy_by_method"] == {"ner_in_source_span": {"quotes": 1, "accuracy": 1.0}}
    # Only the statement with a speech cue counts; "plans" is no speech.
    assert figures["reported_gold"] == 1
    assert figures["reported_recall"] == 1.0
    assert list(result["publishers"]) == ["gazette"]


def test_evaluate_annotated_counts_an_exception_instead_of_stopping():
    from claims.extraction.evaluation import evaluate_annotated

    def broken(text):
        raise IndexError("boom")

    result = evaluate_annotated([NEWS, {**NEWS, "id": "a2"}], broken)
    assert result["overall"]["errors"] == ["a1: IndexError: boom", "a2: IndexError: boom"]
    assert result["overall"]["articles"] == 0


def test_speech_cues_are_speech_verbs_not_beliefs_or_plans():
    from claims.extraction.evaluation import is_speech_cue

    assert all(is_speech_cue(c) for c in ("said", "told reporters", "According to", "has argued", "tweeted"))
    assert not any(is_speech_cue(c) for c in ("plans", "believes", "shows", "is expected", "hopes"))


def test_split_is_fixed_and_halves_the_articles():
    from claims.extraction.evaluation import split_part

    parts = [split_part(f"article-{n}") for n in range(1000)]
    assert parts == [split_part(f"article-{n}") for n in range(1000)]
    assert 400 < parts.count("tune") < 600


def test_evaluate_command_reads_annotated_news_per_publisher(tmp_path):
    path = _annotated(tmp_path, [NEWS, {**NEWS, "id": "b1", "publisher": "courier"}])
    out = StringIO()
    call_command("evaluate_extraction", str(path), stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].endswith("(all, 2 articles)")
    rows = {line.split()[0]: line.split() for line in lines[2:5]}
    assert set(rows) == {"overall", "courier", "gazette"}
    assert rows["overall"][1:3] == ["2", "2"]  # articles, gold quotes
    assert lines[5].strip() == "speaker accuracy by how the annotators found the speaker: ner_in_source_span 1.000 (2)"

    out = StringIO()
    call_command("evaluate_extraction", str(path), "--json", "--part", "all", stdout=out)
    assert json.loads(out.getvalue())["overall"]["speaker_accuracy"] == 1.0
