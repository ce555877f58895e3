"""Demo data at newsroom scale: articles with their claims in every state and
verdict, speakers, a source library with texts, passages and captures,
evidence, notes and history, as `manage.py generate_demo_data` writes them.

A handful of articles go through the real import path (the import service,
with reading, cleaning and extraction), so the demo also holds what the
extractor makes of such text. The rest is written in bulk, a batch of
articles at a time. Those bulk writes deliberately bypass the per-claim
services (change_claim, add_note, link_source): this is demo data, not a
person's edits, and one service call per claim would take hours for a
million claims. They write what the services would have left behind: a
history row per change, versions that count the changes, approvals on
settled claims.

Everything is drawn from one random generator seeded by `seed`, so a seed
gives the same articles, claims, sources and links on every run (the
sample's import times and the row ids are the database's).

The text builders at the top are pure (no database); `generate` writes.
"""

from __future__ import annotations

import datetime
import hashlib
import random
import time
from collections.abc import Callable
from dataclasses import dataclass

FIRST = [
    "Anna", "Marek", "Sofia", "James", "Leila", "Tomas", "Grace", "Omar", "Ines", "Viktor", "Helen", "Pablo",
    "Nadia", "Peter", "Amara", "Lukas", "Chloe", "Yusuf", "Maria", "Daniel", "Eva", "Samuel", "Priya", "Jonas",
    "Fatima", "Oliver", "Mei", "Carlos", "Astrid", "Kwame", "Rosa", "Henrik", "Aisha", "Paul", "Elena", "Rahul",
]
LAST = [
    "Novak", "Reyes", "Lindqvist", "Okafor", "Brennan", "Haddad", "Kowalski", "Moreau", "Ito", "Fischer",
    "Marsh", "Castillo", "Berg", "Mensah", "Doyle", "Sato", "Keller", "Rossi", "Nowak", "Andersen", "Quinn",
    "Petrov", "Farah", "Walsh", "Santos", "Horvat", "Lam", "Byrne", "Costa", "Weber", "Osei", "Larsen",
]
ORGANISATIONS = [
    "the Ministry of Finance", "the Ministry of Transport", "Harbor Rail", "the Port Authority", "Northgate Capital",
    "the Central Bank", "the Teachers' Union", "the Chamber of Commerce", "the Health Agency", "the City Council",
    "the Statistics Office", "the Energy Regulator", "the Farmers' Association", "the Court of Audit",
]
ROLES = [
    "the finance minister", "a spokeswoman for the ministry", "the chief executive", "the union's general secretary",
    "the mayor", "a senior analyst", "the opposition leader", "the transport secretary", "the council's chair",
    "an economist at the university", "the health minister", "the party's deputy leader",
]
VERBS = ["said", "told reporters", "added", "warned", "argued", "insisted", "wrote in a statement", "told the BBC"]
PUBLISHERS = ["The Harbour Times", "Daily Courier", "Northern Post", "The Ledger", "Evening Standard-Bearer",
              "Coastal Herald", "Metro Wire", "The Observer-Gazette"]
TOPICS = ["Budget", "Rail", "Housing", "Port", "Energy", "Schools", "Hospitals", "Water", "Tax", "Climate",
          "Broadband", "Fisheries", "Police", "Tourism", "Airport", "Pensions"]
HEADLINES = ["plan under fire", "vote delayed", "costs soar", "critics demand answers", "minister defends record",
             "deal agreed", "review ordered", "figures questioned", "strike threatened", "promise broken"]
FILLER = [
    "The council met on Tuesday to discuss the proposal, which has divided residents for months.",
    "Opposition members questioned the timetable and asked for an independent review of the costs.",
    "Officials have published a summary of the plan, though the full documents remain under embargo.",
    "The debate continued late into the evening, with several members leaving before the vote.",
    "Residents gathered outside the town hall, some carrying placards, others handing out leaflets.",
    "A consultation is due to close at the end of the month, after which a final decision will be taken.",
    "The figures were first reported last year and have been revised twice since then.",
    "Neither side has said what will happen if the deadline passes without an agreement.",
]
QUOTES = [
    "We cannot keep asking families to pay more for less",
    "The numbers simply do not add up, and everyone in this room knows it",
    "This is the most important investment the region has made in a generation",
    "Nobody was consulted, not the drivers, not the passengers, not the towns along the line",
    "We will publish every contract, every invoice and every email",
    "We will build {n:,} homes by {year}",
    "Waiting lists have fallen by {pct} percent since we took office",
    "The project is {pct} percent over budget and two years late",
    "We have never cut a single teacher's job",
    "Every household will save {n} pounds a year",
    "The previous government left us a deficit of {n:,} million",
    "I believe the plan will pay for itself within {small} years",
    "There were more arrests last year than in any year on record",
    "We invested {n:,} million in the network, more than any government before us",
    "Crime has risen in every district since the cuts",
    "Our emissions fell by {pct} percent while the economy grew",
]
STATEMENTS = [
    "the council had approved the budget without a vote",
    "the contract was signed before the consultation ended",
    "the service would run all winter",
    "no decision had been taken on the closures",
    "the report had been delayed by the election",
    "the ministry had spent {n:,} million on consultants",
    "the bridge would reopen in {year}",
]
STATISTICS = [
    "{pct} percent of voters support the plan",
    "{n:,} jobs could go by {year}",
    "unemployment rose to {small}.{digit} percent",
    "{n:,} people signed the petition",
    "prices have risen {pct} percent in two years",
]
SCARE_WORDS = ["a fantasy", "a mistake", "reckless", "a betrayal", "unworkable", "a scandal", "long overdue"]
TITLES = ["Homes for All", "Open Doors", "Green Horizons", "Fair Share", "Safe Streets", "Future Rail"]
OTHER_CLAIMS = [
    "The plan was first announced in {year}",
    "The consultation received {n:,} responses",
]
SOURCE_KINDS = [
    ("speech", 20), ("interview", 12), ("press_conference", 10), ("press_release", 15), ("official", 12),
    ("law", 4), ("dataset", 5), ("news", 14), ("social", 5), ("video", 3),
]
PRIMARY_KINDS = {"speech", "interview", "press_conference", "press_release", "official", "law", "dataset", "video"}
NOTES = [
    "Asked the press office for the full transcript.",
    "The figure matches the statistics office's release of {year}.",
    "The quote appears in the speech but the second half is cut.",
    "Waiting for the ministry to reply; chased again today.",
    "Checked the video at the timestamp given: the words are as quoted.",
    "The number is from a different year than the article says.",
    "Second opinion needed: the source is a report of the speech, not the speech.",
    "Linked the official record; the newspaper's version leaves out a qualifier.",
]
LOCATORS = ["p. {small}", "para. {small}", "00:{small:02d}:{n2:02d}", "section {small}", ""]

# Shares of the reviewable claims by state, and of the settled ones by verdict.
STATES = [("new", 55), ("in_review", 12), ("second_check", 5), ("done", 28)]
VERDICTS = [("accurate", 40), ("accurate_context", 18), ("misquoted", 10), ("misattributed", 5),
            ("inaccurate", 15), ("unverifiable", 12)]
STATE_LABELS = {"new": "new", "in_review": "in review", "second_check": "needs second check", "done": "done"}
VERDICT_LABELS = {"unrated": "unrated", "accurate": "accurate", "accurate_context": "accurate, needs context",
                  "misquoted": "misquoted", "misattributed": "misattributed", "inaccurate": "inaccurate",
                  "unverifiable": "unverifiable"}
# Kinds of the claims written in bulk (percent); "other" is what a person adds.
KIND_SHARES = [("quote", 44), ("reported", 18), ("statistic", 16), ("partial_quote", 12),
               ("non_speech_quote", 8), ("other", 2)]
BASE_SCORE = {"statistic": 0.55, "quote": 0.45, "reported": 0.45, "partial_quote": 0.35,
              "non_speech_quote": 0.05, "other": 0.4}

# Newest first in lists: the demo's clock, so that a seed gives the same dates.
EPOCH = datetime.datetime(2025, 6, 1, 12, 0, tzinfo=datetime.UTC)
# Per claim, on average: evidence links and notes.
EVIDENCE_PER_CLAIM = 0.08
NOTES_PER_CLAIM = 0.3
CLAIMS_PER_ARTICLE = (20, 46)


def _weighted(rng: random.Random, table: list[tuple[str, int]]) -> str:
    return rng.choices([value for value, _ in table], weights=[weight for _, weight in table])[0]


def _fill(rng: random.Random, template: str) -> str:
    return template.format(
        n=rng.randint(2, 900) * 10, pct=rng.randint(3, 95), year=rng.randint(2025, 2035), small=rng.randint(1, 12),
        digit=rng.randint(0, 9), n2=rng.randint(0, 59),
    )


@dataclass
class ClaimSpec:
    """A claim as placed in a generated article: its span in the body."""

    kind: str
    text: str
    start: int
    end: int
    speaker: int | None  # index into the article's cast
    speaker_as_written: str
    role: str
    cue: str
    score: float


def claim_score(rng: random.Random, kind: str, text: str, named: bool) -> float:
    """A check-worthiness in the extractor's manner: the kind's base, more
    for figures and a named speaker, a little either way for wording,
    rounded to two decimals (so many claims share a score, as they do)."""
    value = BASE_SCORE[kind]
    if kind == "non_speech_quote":
        return value
    if any(ch.isdigit() for ch in text):
        value += 0.15
    value += 0.1 if named else -0.1
    value += rng.choice([-0.1, -0.05, 0, 0, 0.05, 0.05, 0.1, 0.15])
    return round(min(max(value, 0.0), 1.0), 2)


def article_text(rng: random.Random, cast: list[tuple[str, str]], claims: int) -> tuple[str, list[ClaimSpec]]:
    """An article body of about 10 KB with exactly `claims` claims placed in
    it, said by `cast` (name and role; an empty role for an organisation)."""
    parts: list[str] = []
    specs: list[ClaimSpec] = []
    offset = 0

    def add(paragraph: str, kind: str = "", text: str = "", who: int | None = None, cue: str = "") -> None:
        nonlocal offset
        if kind:
            start = offset + paragraph.index(text)
            name, role = cast[who] if who is not None else ("", "")
            score = claim_score(rng, kind, text, who is not None)
            specs.append(ClaimSpec(kind, text, start, start + len(text), who, name, role, cue, score))
        parts.append(paragraph)
        offset += len(paragraph) + 2  # the blank line between paragraphs

    add(f"{rng.choice(FILLER)} {rng.choice(FILLER)}")
    while len(specs) < claims:
        kind = _weighted(rng, KIND_SHARES)
        who = rng.randrange(len(cast))
        name, role = cast[who]
        verb = rng.choice(VERBS)
        if kind == "quote":
            text = _fill(rng, rng.choice(QUOTES)) + ","
            said = f"{name}, {role}, {verb}" if role else f"{name} {verb}"
            add(f"“{text}” {said}. {rng.choice(FILLER)}", kind, text, who, verb)
        elif kind == "reported":
            text = _fill(rng, rng.choice(STATEMENTS))
            add(f"{name} {verb} that {text}. {rng.choice(FILLER)}", kind, text, who, verb)
        elif kind == "statistic":
            text = _fill(rng, rng.choice(STATISTICS))
            text = text[0].upper() + text[1:]
            add(f"{text}, according to {name}.", kind, text, who, "according to")
        elif kind == "partial_quote":
            text = rng.choice(SCARE_WORDS)
            add(f"{name} called the decision “{text}” and left the chamber.", kind, text, who, "called")
        elif kind == "non_speech_quote":
            text = rng.choice(TITLES)
            add(f"The programme, known as “{text}”, began in {rng.randint(2015, 2024)}.", kind, text)
        else:
            text = _fill(rng, rng.choice(OTHER_CLAIMS))
            add(f"{text}. {rng.choice(FILLER)}", kind, text)
    # Context between the claims, as articles have, up to about 10 KB.
    while offset < 10_000:
        add(" ".join(rng.choice(FILLER) for _ in range(3)))
    return "\n\n".join(parts), specs


def article_header(rng: random.Random) -> tuple[str, str, datetime.date]:
    """A title, a byline and a publication date."""
    title = f"{rng.choice(TOPICS)} {rng.choice(HEADLINES)}"
    byline = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    published = (EPOCH - datetime.timedelta(days=rng.randint(0, 730))).date()
    return title, byline, published


def wire_copy(title: str, byline: str, published: datetime.date, body: str) -> str:
    """An article as a newsroom receives it: title, byline and date lines
    above the body, which the import's cleaning recognises."""
    return f"{title}\n\nBy {byline}\n\n{published:%d %B %Y}\n\n{body}\n"


def speaker_names(count: int) -> list[tuple[str, str]]:
    """`count` distinct speakers as (name, kind): people, and every tenth
    an organisation (a regional office once the list runs out)."""
    orgs = [org.removeprefix("the ") for org in ORGANISATIONS]
    names = []
    for i in range(count):
        if i % 10 == 0:
            k = i // 10
            base, office = orgs[k % len(orgs)], k // len(orgs)
            names.append((base if office == 0 else f"{base}, office {office}", "organisation"))
        else:
            k = i - i // 10 - 1
            first, last = FIRST[k % len(FIRST)], LAST[(k // len(FIRST)) % len(LAST)]
            initial = chr(65 + (k // (len(FIRST) * len(LAST))) % 26)
            rest = k // (len(FIRST) * len(LAST) * 26)
            names.append((f"{first} {initial}. {last}" + (f" {rest + 1}" if rest else ""), "person"))
    return names


def source_text(rng: random.Random, speaker: str) -> str:
    """A transcript or document of some 1-3 KB: the speaker's words, among
    them sentences that articles quote."""
    sentences = []
    for _ in range(rng.randint(8, 24)):
        pick = rng.random()
        if pick < 0.4:
            sentences.append(_fill(rng, rng.choice(QUOTES)) + ".")
        elif pick < 0.6:
            text = _fill(rng, rng.choice(STATISTICS))
            sentences.append(text[0].upper() + text[1:] + ".")
        else:
            sentences.append(rng.choice(FILLER))
    return f"{speaker}:\n\n" + " ".join(sentences)


# Writing.


@dataclass
class Totals:
    articles: int = 0
    claims: int = 0
    speakers: int = 0
    sources: int = 0
    passages: int = 0
    captures: int = 0
    evidence: int = 0
    notes: int = 0
    history: int = 0
    imported: int = 0  # articles through the import service

    def line(self) -> str:
        return (f"{self.articles:,} articles, {self.claims:,} claims, {self.evidence:,} evidence, "
                f"{self.notes:,} notes, {self.history:,} history rows")


class AlreadyGenerated(Exception):
    """The database already holds this seed's articles."""


def generate(
    *, claims: int, sources: int | None = None, seed: int = 1, sample: int = 20, batch: int = 500,
    progress: Callable[[str], None] = lambda line: None,
) -> Totals:
    """Fill the database with exactly `claims` claims in about claims/33
    articles, `sources` sources (claims/20 by default), claims/50 speakers,
    evidence for 8% and notes for 30% of the claims (in number), and the
    history of every review change; adds the demo logins (and a few more
    reviewers and an editor) when missing. Up to `sample` articles go
    through the import service; the rest are written `batch` articles per
    transaction. Reports progress through `progress`. Raises
    AlreadyGenerated, before writing anything, when this seed's data is
    already there."""
    from django.db import connection

    rng = random.Random(seed)
    totals = Totals()
    started = time.monotonic()

    def report(stage: str) -> None:
        progress(f"{stage}: {totals.line()} ({time.monotonic() - started:.0f} s)")

    _check_fresh(seed)
    users = _users()
    cast_pool = _speakers(rng, max(10, claims // 50), totals)
    progress(f"{totals.speakers:,} speakers ({time.monotonic() - started:.0f} s)")
    library = _sources(rng, seed, claims // 20 if sources is None else sources, cast_pool, users, totals, progress)
    progress(f"{totals.sources:,} sources, {totals.passages:,} passages, {totals.captures:,} captures "
             f"({time.monotonic() - started:.0f} s)")
    _sample(rng, sample, claims, cast_pool, users, totals)
    report(f"{totals.imported} articles through the import service")
    _bulk(rng, seed, claims, batch, cast_pool, users, library, totals, report)
    if connection.vendor == "postgresql":
        # The planner's statistics and the visibility map, as autovacuum
        # would keep them on a database filled over years, not minutes.
        # (VACUUM cannot run inside a transaction, as in a test.)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
    report("done")
    return totals


def _check_fresh(seed: int) -> None:
    from .models import Article

    if Article.objects.filter(filename__startswith=f"demo-{seed}-").exists():
        raise AlreadyGenerated(
            f"The database already holds the demo data of seed {seed}; use another seed or an empty database."
        )


def _users() -> dict[str, list]:
    """The demo logins (as load_seeds makes them) and a few more people to
    assign claims to, by role."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from . import roles
    from .management.commands.load_seeds import DEMO_PASSWORD

    User = get_user_model()
    people = {roles.REVIEWER: ["reviewer"] + [f"reviewer{n}" for n in range(2, 9)],
              roles.EDITOR: ["editor", "editor2"], roles.ADMIN: ["admin"]}
    users: dict[str, list] = {}
    for role, names in people.items():
        group = Group.objects.get(name=role)
        for name in names:
            user, created = User.objects.get_or_create(username=name, defaults={"is_staff": role == roles.ADMIN})
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
            user.groups.add(group)
            users.setdefault(role, []).append(user)
    return users


def _speakers(rng: random.Random, count: int, totals: Totals) -> list[tuple[int, str, str]]:
    """Speakers with their full-name alias, as the import would have made
    them; returns (id, name, kind) of each, in a shuffled order (the first
    are quoted most). Names already in the database are reused."""
    from django.db import transaction

    from .bulk import insert_rows
    from .models import Speaker, SpeakerAlias

    names = speaker_names(count)
    rng.shuffle(names)
    keys = [SpeakerAlias.key_for(name) for name, _ in names]
    known = {}
    for first in range(0, len(keys), 500):
        known |= dict(SpeakerAlias.objects.filter(key__in=keys[first:first + 500]).values_list("key", "speaker_id"))
    with transaction.atomic():
        new = Speaker.objects.bulk_create(
            [Speaker(name=name, kind=kind, created_at=EPOCH) for name, kind in names
             if SpeakerAlias.key_for(name) not in known],
            batch_size=2000,
        )
        insert_rows(SpeakerAlias, [{"speaker_id": s.pk, "name": s.name, "key": SpeakerAlias.key_for(s.name)}
                                   for s in new])
    ids = known | {SpeakerAlias.key_for(s.name): s.pk for s in new}
    totals.speakers = len(new)
    return [(ids[SpeakerAlias.key_for(name)], name, kind) for name, kind in names]


@dataclass
class Library:
    ids: list[int]  # the most cited first
    texts: dict[int, str]


def _sources(rng, seed, count, cast_pool, users, totals: Totals, progress) -> Library:
    """The source library: web pages, transcripts and documents, most with a
    text (and the passages the library search reads), some pages with
    captures."""
    from django.db import transaction

    from .bulk import insert_rows
    from .canonical import canonical_url
    from .models import Capture, Source, SourcePassage
    from .originals import passage_spans

    admin = users["admin"][0]
    library = Library([], {})
    step = 2000
    for first in range(0, count, step):
        rows = []
        for i in range(first, min(first + step, count)):
            _, name, _ = cast_pool[int(len(cast_pool) * rng.random() ** 3)]
            kind = _weighted(rng, SOURCE_KINDS)
            topic = rng.choice(TOPICS)
            site = rng.choice(["gov", "news", "parliament", "press"])
            url = f"https://www.{site}-example.org/{topic.lower()}/{seed}-{i + 1}" if rng.random() < 0.6 else ""
            text = source_text(rng, name) if rng.random() < 0.7 else ""
            rows.append(Source(
                title=f"{name}: {topic.lower()} {kind.replace('_', ' ')} ({i + 1})", url=url,
                canonical_url=canonical_url(url) if url else "",
                publisher=rng.choice(PUBLISHERS) if kind == "news" else name, author=name, kind=kind,
                reliability="primary" if kind in PRIMARY_KINDS else rng.choice(["secondary", "unknown"]),
                language="en", published_on=(EPOCH - datetime.timedelta(days=rng.randint(0, 1500))).date(),
                text=text, text_hash=Source.hash_text(text), created_by=admin,
                created_at=EPOCH - datetime.timedelta(minutes=rng.randint(0, 1_000_000)),
            ))
        with transaction.atomic():
            made = Source.objects.bulk_create(rows)
            passages, captures = [], []
            for source in made:
                for seq, (a, b) in enumerate(passage_spans(source.text)):
                    passages.append({"source_id": source.pk, "seq": seq, "start": a, "end": b,
                                     "text": source.text[a:b]})
                if source.url and rng.random() < 0.3:
                    captures += _captures(rng, source)
            insert_rows(SourcePassage, passages)
            insert_rows(Capture, captures)
        library.ids += [s.pk for s in made]
        library.texts |= {s.pk: s.text for s in made if s.text}
        totals.sources += len(made)
        totals.passages += len(passages)
        totals.captures += len(captures)
        if totals.sources % 10_000 == 0 or totals.sources == count:
            progress(f"  sources {totals.sources:,}/{count:,}")
    return library


def _captures(rng: random.Random, source) -> list[dict]:
    """One to three archived fetches of a web source, oldest first; the page
    sometimes changed, now and then it was gone."""
    rows = []
    when = source.created_at
    text = source.text or f"{source.title}. " + " ".join(rng.choice(FILLER) for _ in range(6))
    for k in range(rng.randint(1, 3)):
        when += datetime.timedelta(days=rng.randint(1, 90))
        if k and rng.random() < 0.3:
            text += " " + rng.choice(FILLER)
        gone = k > 0 and rng.random() < 0.1
        body = b"" if gone else f"<html><body><p>{text}</p></body></html>".encode()
        rows.append({
            "source_id": source.pk, "requested_url": source.url, "final_url": "" if gone else source.url,
            "fetched_at": when, "status_code": 404 if gone else 200, "content_type": "" if gone else "text/html",
            "body": body, "sha256": hashlib.sha256(body).hexdigest() if body else "",
            "text": "" if gone else text, "text_sha256": "" if gone else hashlib.sha256(text.encode()).hexdigest(),
            "error": "The page answered 404 Not Found." if gone else "",
        })
    return rows


def _cast(rng: random.Random, cast_pool) -> list[tuple[int, str, str]]:
    """The four to six people and organisations one article quotes, as
    (speaker id, name, role). Some speakers are quoted far more often than
    others, as in the news."""
    chosen = []
    for _ in range(rng.randint(4, 6)):
        speaker_id, name, kind = cast_pool[int(len(cast_pool) * rng.random() ** 3)]
        chosen.append((speaker_id, name, rng.choice(ROLES) if kind == "person" else ""))
    return chosen


def _sample(rng, sample, claims, cast_pool, users, totals: Totals) -> None:
    """A few articles through the import service (reading, cleaning,
    extraction, speakers, possible originals), while their claims stay
    within a quarter of the total."""
    from .models import Claim, ImportBatch
    from .services.imports import run_batch, start_import

    editor = users["editor"][0]
    for _ in range(sample):
        if totals.claims + 2 * CLAIMS_PER_ARTICLE[1] > claims // 4:
            break
        title, byline, published = article_header(rng)
        cast = [(name, role) for _, name, role in _cast(rng, cast_pool)]
        body, _ = article_text(rng, cast, rng.randint(*CLAIMS_PER_ARTICLE))
        batch = start_import(by=editor, text=wire_copy(title, byline, published, body), title=title)
        if batch.state != ImportBatch.State.DONE:
            # Queued for a worker (TASK_BACKEND=database): run it here, so
            # the count is known before the bulk part fills up to the total.
            batch = run_batch(batch_id=batch.pk)
        article_id = batch.outcomes[0]["article_id"] if batch.outcomes else None
        if article_id and batch.outcomes[0]["status"] == "imported":
            totals.imported += 1
            totals.articles += 1
            totals.claims += Claim.objects.filter(article_id=article_id).count()


def _bulk(rng, seed, claims, batch, cast_pool, users, library: Library, totals: Totals, report) -> None:
    """The rest of the articles and claims, `batch` articles per
    transaction, each batch with its claims' history, evidence and notes."""
    from django.db import transaction

    from .bulk import insert_rows
    from .models import Article, Claim, ClaimEvent, Evidence, Note

    remaining = claims - totals.claims
    counts: list[int] = []
    while sum(counts) < remaining:
        counts.append(min(rng.randint(*CLAIMS_PER_ARTICLE), remaining - sum(counts)))
    evidence_target, notes_target = round(claims * EVIDENCE_PER_CLAIM), round(claims * NOTES_PER_CLAIM)
    reviewers = users["reviewer"] + users["editor"]
    names = {user.pk: user.username for user in reviewers}
    editors = users["editor"]
    for first in range(0, len(counts), batch):
        articles, placed = [], []
        for number in range(first, min(first + batch, len(counts))):
            title, byline, published = article_header(rng)
            cast = _cast(rng, cast_pool)
            body, specs = article_text(rng, [(name, role) for _, name, role in cast], counts[number])
            # The last written is the newest, a quarter of an hour apart.
            imported_at = EPOCH - datetime.timedelta(minutes=(len(counts) - number) * 15 + rng.randint(0, 14))
            articles.append(Article(
                title=title, authors=byline, published_on=published, publisher=rng.choice(PUBLISHERS),
                filename=f"demo-{seed}-{number + 1}.txt", language="en",
                raw_text=wire_copy(title, byline, published, body), cleaned_text=body,
                content_hash=Article.hash_text(body), imported_by=editors[0], imported_at=imported_at,
            ))
            placed.append([(spec, cast[spec.speaker][0] if spec.speaker is not None else None) for spec in specs])
        with transaction.atomic():
            made = Article.objects.bulk_create(articles)
            rows, changes = [], []
            for article, specs in zip(made, placed):
                for spec, speaker_id in specs:
                    row, events = _reviewed_claim(rng, article, spec, speaker_id, reviewers, editors, names)
                    rows.append(row)
                    changes.append(events)
            insert_rows(Claim, rows)
            # The new claims' keys, in the order they were written.
            ids = Claim.objects.filter(article_id__in=[a.pk for a in made]).order_by("pk").values_list("pk", flat=True)
            claimed = list(zip(ids, rows))
            history = [{**event, "claim_id": pk} for (pk, _), events in zip(claimed, changes) for event in events]
            totals.articles += len(made)
            totals.claims += len(rows)
            evidence = _evidence(rng, claimed, library, reviewers,
                                 round(evidence_target * totals.claims / claims) - totals.evidence)
            notes = _notes(rng, claimed, reviewers, round(notes_target * totals.claims / claims) - totals.notes)
            insert_rows(ClaimEvent, history)
            insert_rows(Evidence, evidence)
            insert_rows(Note, notes)
        totals.evidence += len(evidence)
        totals.notes += len(notes)
        totals.history += len(history)
        report(f"  articles {totals.articles:,}/{len(counts) + totals.imported:,}")


def _reviewed_claim(rng, article, spec: ClaimSpec, speaker_id, reviewers, editors, names) -> tuple[dict, list[dict]]:
    """A claim as the review would have left it (a state, a verdict where
    one was given, an assignee while it is worked on, an approval once
    settled, a version counting its changes) and the history rows of
    those changes, oldest first, without the claim's key."""
    created = article.imported_at
    row = {
        "article_id": article.pk, "kind": spec.kind, "text": spec.text, "start": spec.start, "end": spec.end,
        "speaker_id": speaker_id, "speaker_as_written": spec.speaker_as_written, "role": spec.role, "cue": spec.cue,
        "score": spec.score, "details": {}, "created_at": created, "updated_at": created,
        "state": "new", "verdict": "unrated", "version": 1,
    }
    # Quoted titles stay out of the review; of the rest, a share is untouched.
    state = "new" if spec.kind == "non_speech_quote" else _weighted(rng, STATES)
    if state == "new":
        return row, []
    by = rng.choice(reviewers).pk
    row["state"] = state
    if state != "done":
        row["assignee_id"] = by
    if state != "in_review" or rng.random() < 0.3:
        row["verdict"] = _weighted(rng, VERDICTS)
    events = []
    at = created

    def change(field: str, old: str, new: str, actor: int) -> None:
        nonlocal at
        at += datetime.timedelta(minutes=rng.randint(5, 3000))
        events.append({"actor_id": actor, "via": "panel", "at": at, "field": field, "old": old, "new": new})

    if state != "done":
        change("assignee", "", names[by], by)
    change("state", "new", "in review", by)
    if row["verdict"] != "unrated":
        change("verdict", "unrated", VERDICT_LABELS[row["verdict"]], by)
    if state == "second_check":
        change("state", "in review", "needs second check", by)
    if state == "done":
        row["approved_by_id"] = rng.choice(editors).pk
        change("state", "in review", "done", row["approved_by_id"])
        row["approved_at"] = at
    row["updated_at"], row["version"] = at, 1 + len(events)
    return row, events


def _worked_first(rng, claimed: list[tuple[int, dict]], count: int):
    """`count` claims of the batch, four in five from those worked on
    (repeats allowed: a claim may have several sources or notes)."""
    worked = [c for c in claimed if c[1]["state"] != "new"]
    fresh = [c for c in claimed if c[1]["state"] == "new" and c[1]["kind"] != "non_speech_quote"]
    for _ in range(max(count, 0)):
        pool = worked if (rng.random() < 0.8 or not fresh) and worked else fresh or claimed
        yield rng.choice(pool)


def _evidence(rng, claimed, library: Library, reviewers, count: int) -> list[dict]:
    rows = []
    if not library.ids:
        return rows
    for pk, claim in _worked_first(rng, claimed, count):
        # One source cited far more than any other (a budget speech that
        # everyone quotes), the rest skewed towards the first ones.
        source_id = library.ids[0] if rng.random() < 0.027 else library.ids[int(len(library.ids) * rng.random() ** 2)]
        text = library.texts.get(source_id, "")
        words = claim["text"].rstrip(",")
        start = text.find(words)
        rows.append({
            "claim_id": pk, "source_id": source_id, "passage": words,
            "passage_start": start if start >= 0 else None, "passage_end": start + len(words) if start >= 0 else None,
            "locator": _fill(rng, rng.choice(LOCATORS)),
            "stance": rng.choices(["supports", "contradicts", "context"], weights=[70, 15, 15])[0],
            "added_by_id": rng.choice(reviewers).pk,
            "added_at": claim["updated_at"] - datetime.timedelta(minutes=rng.randint(1, 60)),
        })
    return rows


def _notes(rng, claimed, reviewers, count: int) -> list[dict]:
    return [
        {"claim_id": pk, "author_id": rng.choice(reviewers).pk, "text": _fill(rng, rng.choice(NOTES)),
         "created_at": claim["updated_at"] - datetime.timedelta(minutes=rng.randint(1, 600))}
        for pk, claim in _worked_first(rng, claimed, count)
    ]
