"""Quote location speed and recall: a seeded ~1 MB source (sentences built
from a few thousand invented words with a skewed frequency, so word pairs
repeat), a few hundred quotes of 10-60 words cut from it, most of them then
edited the way articles edit quotes (dropped, substituted and swapped words,
case and punctuation changes, an ellipsis for a middle stretch, a bracketed
insertion). Measures SourceIndex.match per quote against a difflib search
over the same source in the same run, and prints both.

A quote counts as found when the returned span covers at least half of the
span it was cut from.

    python bench/bench_matching.py [--size 1000000] [--quotes 300] [--baseline 30] [--window-baseline 3] [--seed 7]
"""

import argparse
import difflib
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claims.matching import SourceIndex  # noqa: E402
from claims.matching.normalise import normalise_word, split_words  # noqa: E402

ONSETS = ["b", "br", "c", "ch", "d", "f", "g", "gr", "h", "j", "k", "l", "m", "n", "p", "pr", "r", "s", "sh",
          "st", "t", "th", "tr", "v", "w", "z"]
VOWELS = ["a", "e", "i", "o", "u", "ai", "ea", "ou"]
CODAS = ["", "", "n", "r", "s", "t", "nd", "ck", "ll", "m"]
FILLERS = ["the", "a", "of", "to", "and", "in", "that", "is", "we", "it", "not", "for", "on", "with", "I", "you"]
BRACKETS = ["[the minister]", "[in 2023]", "[sic]", "[the council]", "[she said]"]


def make_vocabulary(rng: random.Random, size: int) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        syllables = rng.choice([1, 1, 2, 2, 2, 3])
        words.add("".join(rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(CODAS) for _ in range(syllables)))
    return FILLERS + sorted(words)


def make_source(rng: random.Random, vocabulary: list[str], size: int) -> str:
    # Zipf-like weights: a handful of words are everywhere, most are rare.
    weights = [1 / (rank + 1) for rank in range(len(vocabulary))]
    paragraphs: list[str] = []
    length = 0
    while length < size:
        sentences = []
        for _ in range(rng.randint(2, 7)):
            words = rng.choices(vocabulary, weights, k=rng.randint(6, 28))
            for k in range(2, len(words) - 2):
                if rng.random() < 0.06:
                    words[k] += ","
            if rng.random() < 0.1:
                k = rng.randint(1, len(words) - 2)
                words[k] = f"“{words[k]}”"
            words[0] = words[0].capitalize()
            sentences.append(" ".join(words) + rng.choice(".......?!"))
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        length += len(paragraph) + 2
    return "\n\n".join(paragraphs)


def perturb(rng: random.Random, words: list[str], vocabulary: list[str]) -> tuple[list[str], list[str]]:
    """Apply one to three article-style edits; returns (words, edit names)."""
    edits = rng.sample(["drop", "substitute", "swap", "case", "punctuation", "ellipsis", "bracket"], rng.randint(1, 3))
    words = list(words)
    for edit in edits:
        middle = rng.randint(1, max(1, len(words) - 2))
        if edit == "drop" and len(words) > 8:
            del words[middle : middle + rng.randint(1, 2)]
        elif edit == "substitute":
            for _ in range(rng.randint(1, 2)):
                words[rng.randrange(len(words))] = rng.choice(vocabulary)
        elif edit == "swap" and len(words) > 3:
            k = rng.randint(0, len(words) - 2)
            words[k], words[k + 1] = words[k + 1], words[k]
        elif edit == "case":
            words = [w.lower() for w in words] if rng.random() < 0.5 else [w.upper() for w in words]
        elif edit == "punctuation":
            words = [w.strip(",.?!“”") for w in words]
            words[middle] += rng.choice([",", " —", ";"])
        elif edit == "ellipsis" and len(words) > 14:
            cut = rng.randint(2, 6)
            words[middle : middle + cut] = ["…" if rng.random() < 0.5 else "..."]
        elif edit == "bracket":
            words.insert(middle, rng.choice(BRACKETS))
    return words, edits


def make_quotes(rng: random.Random, text: str, vocabulary: list[str], count: int, share_edited: float):
    words = split_words(text)
    quotes = []
    for _ in range(count):
        length = rng.randint(10, 60)
        first = rng.randrange(len(words) - length)
        start, end = words[first].start, words[first + length - 1].end
        quote_words = text[start:end].split()
        edits: list[str] = []
        if rng.random() < share_edited:
            quote_words, edits = perturb(rng, quote_words, vocabulary)
        quotes.append((" ".join(quote_words), start, end, edits))
    return quotes


def hit(found: tuple[int, int] | None, start: int, end: int) -> bool:
    if found is None:
        return False
    overlap = min(found[1], end) - max(found[0], start)
    return overlap >= 0.5 * (end - start)


class DifflibSearch:
    """The straightforward alternative: difflib's matching blocks between
    the quote's words and the source's words (the source side prepared
    once), then the stretch of source holding the most matched words."""

    def __init__(self, text: str) -> None:
        self.words = split_words(text)
        self.matcher = difflib.SequenceMatcher(autojunk=False)
        self.matcher.set_seq2([normalise_word(w.text) for w in self.words])

    def find(self, quote: str) -> tuple[int, int] | None:
        quote_words = [normalise_word(w.text) for w in split_words(quote)]
        self.matcher.set_seq1(quote_words)
        blocks = [b for b in self.matcher.get_matching_blocks() if b.size]
        if not blocks:
            return None
        # The densest window of about the quote's length.
        span = 2 * len(quote_words)
        best, best_size, right, inside = None, -1, 0, 0
        for left, block in enumerate(blocks):
            while right < len(blocks) and blocks[right].b < block.b + span:
                inside += blocks[right].size
                right += 1
            if inside > best_size:
                best, best_size = (left, right), inside
            inside -= block.size
        first, last = blocks[best[0]], blocks[best[1] - 1]
        return self.words[first.b].start, self.words[last.b + last.size - 1].end


class DifflibSlidingWindow:
    """The plainest difflib search: slide a window of the quote's length
    over the source words (a quarter of the quote at a time), keep the
    window SequenceMatcher rates highest, then refine around it word by word."""

    def __init__(self, text: str) -> None:
        self.words = split_words(text)
        self.norms = [normalise_word(w.text) for w in self.words]

    def find(self, quote: str) -> tuple[int, int] | None:
        quote_words = [normalise_word(w.text) for w in split_words(quote)]
        size = len(quote_words)
        if not size:
            return None
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(quote_words)  # the quote side is prepared once

        def rate(start: int) -> float:
            matcher.set_seq1(self.norms[start : start + size])
            return matcher.ratio()

        step = max(1, size // 4)
        best = max(range(0, max(1, len(self.norms) - size + 1), step), key=rate)
        best = max(range(max(0, best - step), best + step + 1), key=rate)
        return self.words[best].start, self.words[min(best + size, len(self.words)) - 1].end


def measure(find, quotes) -> tuple[list[float], int]:
    times, hits = [], 0
    for quote, start, end, _ in quotes:
        began = time.perf_counter()
        found = find(quote)
        times.append(time.perf_counter() - began)
        hits += hit(found, start, end)
    return times, hits


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=1_000_000, help="Source size in characters.")
    parser.add_argument("--quotes", type=int, default=300)
    parser.add_argument("--baseline", type=int, default=30, help="Quotes the matching-blocks search runs on.")
    parser.add_argument("--window-baseline", type=int, default=3, help="Quotes the sliding-window search runs on.")
    parser.add_argument("--edited", type=float, default=0.6, help="Share of quotes edited.")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    vocabulary = make_vocabulary(rng, 4000)
    text = make_source(rng, vocabulary, args.size)
    quotes = make_quotes(rng, text, vocabulary, args.quotes, args.edited)
    edited = sum(1 for q in quotes if q[3])
    print(f"source: {len(text):,} characters, {len(text.split()):,} words; "
          f"{len(quotes)} quotes of 10-60 words, {edited} edited")

    began = time.perf_counter()
    index = SourceIndex(text)
    print(f"index build:      {time.perf_counter() - began:.3f} s")

    def located(quote: str) -> tuple[int, int] | None:
        result = index.match(quote)
        return (result.start, result.end) if result.found else None

    times, hits = measure(located, quotes)
    median, p95 = statistics.median(times), statistics.quantiles(times, n=20)[18]
    print(f"index median:     {median * 1000:.3f} ms per quote")
    print(f"index p95:        {p95 * 1000:.3f} ms per quote")
    print(f"index mean:       {statistics.fmean(times) * 1000:.3f} ms per quote")
    print(f"index recall:     {hits / len(quotes):.4f} ({hits}/{len(quotes)})")
    missed = [q for q in quotes if not hit(located(q[0]), q[1], q[2])]
    for quote, _, _, edits in missed[:5]:
        print(f"  missed ({', '.join(edits) or 'verbatim'}): {quote[:90]}")

    index_median = statistics.median(times)
    print("difflib, each baseline on the first quotes of the same list:")
    for name, search, count in (
        ("matching blocks, source prepared once", DifflibSearch, args.baseline),
        ("sliding window", DifflibSlidingWindow, args.window_baseline),
    ):
        if not count:
            continue
        began = time.perf_counter()
        baseline = search(text)
        prepare = time.perf_counter() - began
        subset = quotes[:count]
        base_times, base_hits = measure(baseline.find, subset)
        base_median = statistics.median(base_times)
        print(f"  {name}: prepare {prepare:.3f} s, median {base_median * 1000:.1f} ms per quote, "
              f"recall {base_hits / len(subset):.4f} on {len(subset)} quotes; "
              f"index is {base_median / index_median:.0f}x faster (medians), "
              f"{statistics.fmean(base_times) / statistics.fmean(times[:count]):.0f}x (means, same quotes)")

if __name__ == "__main__":
    main()
