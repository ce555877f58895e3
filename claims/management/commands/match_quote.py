import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims.matching import MatchResult, SourceIndex, assess


class Command(BaseCommand):
    help = "Find a quote's passage in a source text and say how the quote differs from it."

    def add_arguments(self, parser):
        parser.add_argument("source_file", help="The source as a UTF-8 text file.")
        parser.add_argument("quote_file", help="The quote as a UTF-8 text file (with --batch: JSON lines).")
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument(
            "--batch", action="store_true", help='QUOTE_FILE holds one {"quote": "..."} object per line.'
        )
        parser.add_argument(
            "--speaker", help="who the article says spoke: a transcript turn of someone else is reported"
        )

    def handle(self, *args, **options):
        source = _read(options["source_file"])
        quotes = _batch(_read(options["quote_file"])) if options["batch"] else [_single(_read(options["quote_file"]))]
        index = SourceIndex(source)
        for quote in quotes:
            result = assess(index.match(quote), source, speaker=options["speaker"])
            suggestion = result.suggestion
            if options["format"] == "json":
                # to_dict holds findings, source_speaker and suggestion.
                data = result.to_dict()
                data["suggested_verdict"] = suggestion.verdict if suggestion else None
                data["suggestion_reason"] = suggestion.reason if suggestion else None
                self.stdout.write(json.dumps(data, ensure_ascii=False))
            else:
                self.stdout.write(_summary(result))


def _read(path: str) -> str:
    # Bytes decoded as they are, so offsets count every character of the
    # file, "\r\n" included.
    try:
        return Path(path).read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise CommandError(f"No such file: {path}") from None
    except IsADirectoryError:
        raise CommandError(f"{path} is a folder, not a text file.") from None
    except UnicodeDecodeError as error:
        raise CommandError(f"{path} is not UTF-8 text: {error}") from None


def _single(text: str) -> str:
    """The file's final line break ends the file, not the quote."""
    if text.endswith("\r\n"):
        return text[:-2]
    return text.removesuffix("\n")


def _batch(text: str) -> list[str]:
    quotes = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as error:
            raise CommandError(f"Line {number} of the quote file is not valid JSON: {error}") from None
        if not isinstance(item, dict) or not isinstance(item.get("quote"), str):
            raise CommandError(f'Line {number} of the quote file needs a "quote" string, e.g. {{"quote": "..."}}.')
        quotes.append(item["quote"])
    return quotes


def _summary(result: MatchResult) -> str:
    if not result.found:
        return f"not_found (best score {result.score:.2f})"
    lines = [f"{result.verdict} (score {result.score:.2f}) at {result.start}-{result.end}: {result.passage}"]
    lines += [f"  {finding.summary()}" for finding in result.findings or ()]
    if result.suggestion is not None:
        lines.append(f"  suggested verdict: {result.suggestion.verdict} ({result.suggestion.reason})")
    if result.trimmed:
        lines.append(f"  trimmed: …{result.context_before} [{result.passage}] {result.context_after}…")
    for op in result.diff:
        if op.op != "equal":
            reason = f" ({op.reason})" if op.reason else ""
            quote, source = " ".join(op.quote_words), " ".join(op.source_words)
            lines.append(f"  {op.op}{reason}: quote {quote!r} / source {source!r}")
    return "\n".join(lines)
