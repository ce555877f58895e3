"""Extraction throughput: the seed articles and the hand-annotated gold
articles, repeated to a few megabytes, through `extract_claims`. Prints MB/s
beside a baseline measured in the same run on the same texts: a single
regular expression that finds straight and curly double quotes, the cheapest
thing that could be called quote extraction.

Each figure is the best of --repeat runs, by the wall clock and by the CPU
time of this process. The target is per core: on a machine busy with other
work the wall clock also counts the time the process waited for a core,
which the CPU time leaves out.

    python bench/bench_extraction.py [--megabytes 3] [--repeat 5] [--articles FILE.jsonl]

The seed and gold articles hold a claim every 90 characters or so, far more
than published news. --articles adds a line for articles read from a JSON
Lines file of annotated news (the format `evaluate_extraction` reads), such
as a development set kept outside the repository, to measure on real copy
without its texts ever entering the project.
"""

import argparse
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claims.extraction import extract_claims  # noqa: E402

BASELINE = re.compile(r"[\"“]([^\"”\n]{1,2000})[\"”]")
TARGET_MB_S = 1.0


def corpus(megabytes: float, *, gold: bool = True) -> list[str]:
    files = sorted((ROOT / "seeds").glob("*.txt"))
    if gold:
        files += sorted((ROOT / "tests" / "data" / "gold").glob("*.txt"))
    texts = [f.read_text(encoding="utf-8") for f in files]
    size = sum(len(t.encode("utf-8")) for t in texts)
    copies = max(1, round(megabytes * 1_000_000 / size))
    return texts * copies


def best_rate(texts: list[str], run, repeat: int) -> tuple[float, float, int]:
    """(MB/s by the wall clock, MB/s by CPU time, items found)."""
    size = sum(len(t.encode("utf-8")) for t in texts)
    best_wall = best_cpu = float("inf")
    found = 0
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        found = sum(len(run(t)) for t in texts)
        best_cpu = min(best_cpu, time.process_time() - cpu)
        best_wall = min(best_wall, time.perf_counter() - wall)
    return size / 1_000_000 / best_wall, size / 1_000_000 / best_cpu, found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=3.0)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--articles", type=Path, help="JSON Lines file of articles with a 'text' field")
    args = parser.parse_args()

    texts = corpus(args.megabytes)
    size = sum(len(t.encode("utf-8")) for t in texts)
    print(f"corpus: {len(texts)} articles, {size / 1_000_000:.2f} MB")
    rate, cpu_rate, claims = best_rate(texts, extract_claims, args.repeat)
    base, _, quotes = best_rate(texts, BASELINE.findall, args.repeat)
    print(f"extract_claims:        {rate:8.2f} MB/s wall clock, {cpu_rate:.2f} MB/s CPU time  ({claims} claims)")
    print(f"baseline quote regex:  {base:8.2f} MB/s  ({quotes} quotes)")
    seeds_rate, seeds_cpu, _ = best_rate(corpus(args.megabytes / 3, gold=False), extract_claims, args.repeat)
    print(f"extract_claims, seed articles only: {seeds_rate:.2f} MB/s wall clock, {seeds_cpu:.2f} MB/s CPU time "
          "(longer articles, fewer quotes per KB)")
    if args.articles:
        from claims.extraction.evaluation import load_annotated

        news = [doc["text"] for doc in load_annotated(args.articles)]
        news_size = sum(len(t.encode("utf-8")) for t in news)
        news_rate, news_cpu, news_claims = best_rate(news, extract_claims, max(1, args.repeat // 2))
        print(f"extract_claims, {len(news)} articles of {args.articles.name} ({news_size / 1_000_000:.2f} MB): "
              f"{news_rate:.2f} MB/s wall clock, {news_cpu:.2f} MB/s CPU time ({news_claims} claims)")
    print(f"extract_claims runs at {rate / base:.3f} of the baseline's speed; target {TARGET_MB_S} MB/s per core: "
          + ("met" if rate >= TARGET_MB_S else "NOT met") + " by the wall clock, "
          + ("met" if cpu_rate >= TARGET_MB_S else "NOT met") + " by CPU time")
    return 0


if __name__ == "__main__":
    sys.exit(main())
