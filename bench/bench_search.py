"""The search box and the library's source search at newsroom size, on
PostgreSQL: p50 and p95 per kind of query, and EXPLAIN ANALYZE showing which index
each search reads and how long its queries take in the database.

Fills its own database, DATABASE_URL (a PostgreSQL database you can throw
away, e.g. postgres://postgres@127.0.0.1:5432/bench_search, created when
missing), once: speakers, articles with bodies of 400 to 1,500 words,
claims, notes and sources whose texts run from a few KB to a few hundred,
all words drawn with a Zipf distribution over a 60,000-word vocabulary, so
that common words are in most rows and rare ones in a few. A later run with
the same sizes reuses the rows (--refill starts again).

Each query kind is run over 20 different words (after one warm-up pass),
three times each; the figures are the search page's work without the
template (every kind the person may view, 5 results each, rows, snippets)
and, apart, the evidence form's source search. The source search as it was
before (a vector computed from every source's text per query, trigram
similarity as a function) is timed once, as the baseline.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_search python bench/bench_search.py \\
        [--claims 200000] [--articles 30000] [--sources 20000] [--notes 20000] [--refill] [--no-baseline]
"""

import argparse
import datetime
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings")

RUNS = 3
WORDS_PER_KIND = 20
BATCH = 5000

# The commonest English words, roughly in order, then words made of
# syllables: a vocabulary whose Zipf ranks give realistic posting lists.
COMMON = (
    "the of and to a in is that for it as was with be by on not he this are or his from at which but have an they "
    "you were her she there been one all we their has would when if so no will more can said who what about up out "
    "its them than time some could into only other new people year two first also after government minister "
    "president country public health police years state city plan law budget party council report economy tax "
    "housing election court war children school market energy prices workers support water policy money week "
    "security trade union defence hospital climate crisis spokesman officials nation leader vote parliament"
).split()
SYLLABLES = (
    "ba be bi bo bu ca ce co da de di do fa fe ga ge ka ke la le li lo ma me mi mo na ne no pa pe ri ro "
    "sa se si so ta te ti to va ve za ze ran ten mar vel sor tan kin dor len"
).split()
FIRST = (
    "Jens Jane Ann Max Olaf Maria Pedro Ingrid Kofi Amara Li Wei Fatima Omar Ewa Piotr Sofia Lars Yuki Raj "
    "Chen Noor Elena Ivan Grace Tom Lena Hugo Nadia Sam Aisha Karl Rosa Diego Mei Paul Irene Tariq Hana Felix"
).split()
LAST = (
    "Stoltenberg Roe Lee Stone Andersen Kowalski Moreau Okafor Tanaka Haddad Novak Fischer Silva Costa Nguyen "
    "Petrov Larsen Ibrahim Rossi Jansen Schneider Dubois Yamamoto Oyelaran Castellano Brennan Lindqvist "
    "Papadopoulos Achterberg Vasquez Montgomery Kristiansen Abernathy Zielinski Fontaine Gallagher Hartmann "
    "Mwangi Salazar Whitfield"
).split()
PUBLISHERS = [f"{w.title()} {k}" for w in ("ministry", "office", "agency", "council", "gazette") for k in (
    "Herald", "Tribune", "Institute", "Bureau", "Review", "Chronicle", "Observer", "Times", "Monitor", "Post")]


def setup() -> None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database you can throw away, e.g. "
                 "postgres://postgres@127.0.0.1:5432/bench_search")
    import psycopg

    base, _, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    import django

    django.setup()


def vocabulary(rng: random.Random) -> list[str]:
    words, seen = list(COMMON), set(COMMON)
    while len(words) < 60_000:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 3, 3, 4))))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


class Words:
    """A long Zipf-distributed stream of words; a text is a run of it."""

    def __init__(self, rng: random.Random, vocab: list[str], size: int = 3_000_000):
        weights, total = [], 0.0
        for rank in range(1, len(vocab) + 1):
            total += 1 / rank**1.05
            weights.append(total)
        self.rng, self.vocab = rng, vocab
        self.stream = rng.choices(vocab, cum_weights=weights, k=size)

    def text(self, n: int) -> str:
        start = self.rng.randrange(len(self.stream) - n)
        words = self.stream[start : start + n]
        # Sentences, so that the texts look like texts to the parser.
        for i in range(self.rng.randrange(8, 20), len(words), self.rng.randrange(12, 25)):
            words[i] += "."
        return " ".join(words).capitalize()


def fill(args) -> None:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection, transaction

    from claims.bulk import insert_rows
    from claims.models import Article, Claim, Note, Source, Speaker

    call_command("migrate", verbosity=0)
    wanted = {Claim: args.claims, Article: args.articles, Source: args.sources, Note: args.notes}
    if not args.refill and all(model.objects.count() == n for model, n in wanted.items()):
        print("Reusing the rows already there.")
        return
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE claims_note, claims_claim, claims_article, claims_source, claims_speaker CASCADE")
    rng = random.Random(7)
    words = Words(rng, vocabulary(rng))
    user, _ = get_user_model().objects.get_or_create(username="bench", defaults={"is_superuser": True})
    started = time.perf_counter()
    names = sorted({f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(20_000)})[:5000]
    with transaction.atomic():
        insert_rows(Speaker, [{"name": n, "kind": "person"} for n in names])
    speakers = list(Speaker.objects.values_list("pk", "name"))
    day0 = datetime.date(2015, 1, 1)
    print(f"Filling: {args.articles} articles, {args.claims} claims, {args.notes} notes, {args.sources} sources ...")
    for first in range(0, args.articles, BATCH):
        rows = []
        for n in range(first, min(first + BATCH, args.articles)):
            body = words.text(rng.randint(400, 1500))
            rows.append({"title": words.text(rng.randint(4, 10))[:500].rstrip("."), "raw_text": body,
                         "cleaned_text": body, "content_hash": f"bench-{n}",
                         "published_on": day0 + datetime.timedelta(days=rng.randrange(3650)),
                         "publisher": rng.choice(PUBLISHERS), "dropped_lines": []})
        with transaction.atomic():
            insert_rows(Article, rows)
    article_ids = list(Article.objects.values_list("pk", flat=True))
    states = ["new"] * 12 + ["in_review"] * 3 + ["second_check"] + ["done"] * 4
    verdicts = ["accurate", "accurate_context", "misquoted", "misattributed", "inaccurate", "unverifiable"]
    for first in range(0, args.claims, BATCH):
        rows = []
        for n in range(first, min(first + BATCH, args.claims)):
            text = words.text(rng.randint(8, 40))
            speaker_id, name = rng.choice(speakers) if rng.random() < 0.85 else (None, "officials")
            state = rng.choice(states)
            rows.append({"article_id": rng.choice(article_ids), "text": text, "start": n, "end": n + len(text),
                         "kind": rng.choice(("quote", "quote", "reported", "statistic")), "speaker_id": speaker_id,
                         "speaker_as_written": name.split()[-1] if rng.random() < 0.5 else name, "state": state,
                         "verdict": rng.choice(verdicts) if state == "done" else "unrated", "details": {},
                         "score": rng.random()})
        with transaction.atomic():
            insert_rows(Claim, rows)
    claim_ids = list(Claim.objects.values_list("pk", flat=True))
    for first in range(0, args.notes, BATCH):
        rows = [{"claim_id": rng.choice(claim_ids), "author_id": user.pk, "text": words.text(rng.randint(5, 40)),
                 "created_at": datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
                 + datetime.timedelta(minutes=rng.randrange(3_000_000))}
                for _ in range(first, min(first + BATCH, args.notes))]
        with transaction.atomic():
            insert_rows(Note, rows)
    chars = 0
    for first in range(0, args.sources, 500):
        rows = []
        for n in range(first, min(first + 500, args.sources)):
            # Most sources are a few KB, some tens, a few hundreds.
            roll = rng.random()
            size = rng.randint(300, 2500) if roll < 0.7 else rng.randint(2500, 16000) if roll < 0.95 else \
                rng.randint(16000, 65000)
            text = words.text(size)
            chars += len(text)
            url = f"https://bench.example/sources/{n}" if n % 2 else ""
            rows.append({"title": words.text(rng.randint(4, 10))[:500].rstrip("."), "publisher": rng.choice(PUBLISHERS),
                         "author": rng.choice(names) if rng.random() < 0.5 else "", "text": text, "url": url,
                         "canonical_url": url, "kind": "speech", "pages": [],
                         "published_on": day0 + datetime.timedelta(days=rng.randrange(3650))})
        with transaction.atomic():
            insert_rows(Source, rows)
    print(f"Filled in {time.perf_counter() - started:.0f} s ({chars / 1e6:.0f} MB of source text).")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def queries(rng: random.Random) -> dict[str, list[tuple[str, dict]]]:
    """Query kinds, each WORDS_PER_KIND searches: (text, options)."""
    from claims.models import Claim, Speaker

    vocab = vocabulary(random.Random(7))
    common = COMMON[60:]
    n = WORDS_PER_KIND
    claims = list(Claim.objects.order_by("?").values_list("text", flat=True)[:n])
    last_names = [name.split()[-1] for name in Speaker.objects.values_list("name", flat=True)]

    def misspelt(name: str) -> str:
        i = max(i for i, ch in enumerate(name) if ch in "aeiou")
        return name[:i] + ("u" if name[i] != "u" else "o") + name[i + 1 :]

    return {
        "common word": [(f"{w} ", {}) for w in rng.sample(common, n)],
        "rare word": [(f"{w} ", {}) for w in rng.sample(vocab[5000:30000], n)],
        "two words": [(f"{rng.choice(common)} {w} ", {}) for w in rng.sample(vocab[300:3000], n)],
        "phrase": [('"' + " ".join(t.split()[2:5]).strip(".") + '" ', {}) for t in claims],
        "typing (prefix)": [(w[:5], {}) for w in rng.sample([w for w in vocab[200:3000] if len(w) > 6], n)],
        "misspelt name": [(misspelt(w) + " ", {}) for w in rng.sample([w for w in last_names if len(w) > 5], n)],
        "word + state": [(f"{w} ", {"state": "done"}) for w in rng.sample(common, n)],
        "word + verdict": [(f"{w} ", {"verdict": "misquoted"}) for w in rng.sample(common, n)],
        "word + speaker": [(f"{w} ", {"speaker": rng.choice(last_names)}) for w in rng.sample(common, n)],
        "word + dates": [(f"{w} ", {"date_from": datetime.date(2019, 1, 1), "date_to": datetime.date(2019, 12, 31)})
                         for w in rng.sample(common, n)],
        "the (in every row)": [("the ", {})] * 3,
    }


def timed(run, cases) -> list[float]:
    for text, options in cases:  # warm-up
        run(text, options)
    times = []
    for _ in range(RUNS):
        for text, options in cases:
            started = time.perf_counter()
            run(text, options)
            times.append((time.perf_counter() - started) * 1000)
    return times


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]


def explain(run, text: str, options: dict) -> list[str]:
    """The indexes the queries of one search read, and the time each takes
    in the database, from EXPLAIN ANALYZE (less moved by other work on the
    machine than the times measured around the calls)."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        run(text, options)
    lines = []
    for q in captured.captured_queries:
        sql = q["sql"]
        if "@@" not in sql and "%>" not in sql:
            continue
        # The planner setting backends._run sends with the long kinds' queries.
        index_only = sql.startswith("SET LOCAL enable_seqscan = off; ")
        if index_only:
            sql = sql.split("; ", 1)[1].rsplit("; RESET", 1)[0]
        with transaction.atomic(), connection.cursor() as cursor:
            if index_only:
                cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN (ANALYZE) " + sql)
            plan = [row[0] for row in cursor.fetchall()]
        table = re.search(r'FROM "?(claims_\w+)', sql).group(1)
        used = sorted({
            (line.split(" on ")[1] if "Scan on" in line else line.split(" using ")[1]).split()[0]
            for line in plan if "Index Scan on" in line or "Index Scan using" in line or "Index Only Scan using" in line
        })
        seq = any("Seq Scan on" in line for line in plan)
        took = next(float(line.split()[2]) for line in plan if line.startswith("Execution Time"))
        lines.append(f"{table:15} {took:7.1f} ms  indexes: {', '.join(used) or 'none'}{'  SEQ SCAN' if seq else ''}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--claims", type=int, default=200_000)
    parser.add_argument("--articles", type=int, default=30_000)
    parser.add_argument("--sources", type=int, default=20_000)
    parser.add_argument("--notes", type=int, default=20_000)
    parser.add_argument("--refill", action="store_true")
    parser.add_argument("--no-baseline", action="store_true")
    args = parser.parse_args()
    setup()
    from django.conf import settings

    settings.DEBUG = False
    fill(args)

    from django.contrib.auth import get_user_model
    from django.db import connection

    from claims.search import Options, search, search_sources

    user = get_user_model().objects.get(username="bench")
    cases = queries(random.Random(11))

    def page(text, options):
        return search(user=user, text=text, options=Options(**options), per_page=5)

    def sources(text, options):
        return search_sources(text)

    with connection.cursor() as cursor:
        cursor.execute("SELECT (SELECT count(*) FROM claims_claim), (SELECT count(*) FROM claims_article), "
                       "(SELECT count(*) FROM claims_source), (SELECT count(*) FROM claims_note), "
                       "pg_size_pretty(pg_database_size(current_database()))")
        counts = cursor.fetchone()
    print(f"\n{counts[0]:,} claims, {counts[1]:,} articles, {counts[2]:,} sources, {counts[3]:,} notes; "
          f"database {counts[4]}")
    print(f"\n{'search page (all kinds, 5 each)':34} {'p50 ms':>8} {'p95 ms':>8}   example")
    for name, group in cases.items():
        times = timed(page, group)
        print(f"  {name:32} {statistics.median(times):8.1f} {p95(times):8.1f}   {group[0][0]!r} {group[0][1] or ''}")
    print(f"\n{'source search (/sources/search/)':34} {'p50 ms':>8} {'p95 ms':>8}")
    source_cases = {k: cases[k] for k in ("common word", "rare word", "two words", "phrase", "typing (prefix)")}
    rng = random.Random(5)
    source_cases["misspelt publisher"] = [
        (p.split()[0][:3] + p.split()[0][4:] + " ", {}) for p in rng.sample(PUBLISHERS, 20)
    ]
    for name, group in source_cases.items():
        times = timed(sources, group)
        print(f"  {name:32} {statistics.median(times):8.1f} {p95(times):8.1f}   {group[0][0]!r}")

    print("\nEXPLAIN ANALYZE: time in the database and indexes read by each search (first example)")
    for name in ("common word", "the (in every row)", "rare word", "phrase", "misspelt name", "word + speaker",
                 "word + dates"):
        print(f"  {name}:")
        for line in explain(page, *cases[name][0]):
            print(f"    {line}")
    for name in ("phrase", "misspelt publisher"):
        print(f"  source search, {name}:")
        for line in explain(sources, *source_cases[name][0]):
            print(f"    {line}")

    if not args.no_baseline:
        print("\nBaseline: the source search as it was (once each)")
        for text in (cases["common word"][0][0], cases["rare word"][0][0]):
            started = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute(OLD_SOURCE_SEARCH, {"q": text.strip()})
                cursor.fetchall()
            print(f"  {text.strip()!r:32} {(time.perf_counter() - started) * 1000:8.0f} ms")


# The query the source search ran before the stored vectors (one word).
OLD_SOURCE_SEARCH = """
SELECT id, title FROM (
  SELECT s.id, s.title,
    setweight(to_tsvector(coalesce(s.title, '')), 'A') || setweight(to_tsvector(coalesce(s.publisher, '')), 'B')
    || setweight(to_tsvector(coalesce(s.author, '')), 'B') || setweight(to_tsvector(coalesce(s.text, '')), 'C') AS v,
    greatest(word_similarity(%(q)s, s.title), word_similarity(%(q)s, s.publisher), word_similarity(%(q)s, s.author))
      AS closeness
  FROM claims_source s
) t
WHERE v @@ websearch_to_tsquery(%(q)s)
   OR ((title ILIKE '%%' || %(q)s || '%%') OR closeness >= 0.5)
ORDER BY ts_rank(v, websearch_to_tsquery(%(q)s)) DESC, title LIMIT 20
"""

if __name__ == "__main__":
    main()
