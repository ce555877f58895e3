"""Extraction throughput: the seed articles and the hand-annotated gold
articles, repeated to a few megabytes, through `extract_claims`. Prints MB/s
beside a baseline measured in the same run on the same texts: a single
regular expression that finds straight and curly double quotes, the cheapest
thing that could be called quote extraction.

    python bench/bench_extraction.py [--megabytes 3] [--repeat 3]
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


def best_rate(texts: list[str], run, repeat: int) -> tuple[float, int]:
    size = sum(len(t.encode("utf-8")) for t in texts)
    best = float("inf")
    found = 0
    for _ in range(repeat):
        start = time.perf_counter()
        found = sum(len(run(t)) for t in texts)
        best = min(best, time.perf_counter() - start)
    return size / 1_000_000 / best, found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=3.0)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    texts = corpus(args.megabytes)
    size = sum(len(t.encode("utf-8")) for t in texts)
    print(f"corpus: {len(texts)} articles, {size / 1_000_000:.2f} MB")
    rate, claims = best_rate(texts, extract_claims, args.repeat)
    base, quotes = best_rate(texts, BASELINE.findall, args.repeat)
    print(f"extract_claims:        {rate:8.2f} MB/s  ({claims} claims)")
    print(f"baseline quote regex:  {base:8.2f} MB/s  ({quotes} quotes)")
    seeds_rate, _ = best_rate(corpus(args.megabytes / 3, gold=False), extract_claims, args.repeat)
    print(f"extract_claims, seed articles only: {seeds_rate:.2f} MB/s (longer articles, fewer quotes per KB)")
    print(f"extract_claims runs at {rate / base:.3f} of the baseline's speed; target {TARGET_MB_S} MB/s: "
          + ("met" if rate >= TARGET_MB_S else "NOT met"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
