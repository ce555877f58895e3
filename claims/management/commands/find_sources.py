import json

from django.core.management.base import BaseCommand

from claims.originals import find_originals

from .match_quote import _read, _single


class Command(BaseCommand):
    help = "Look for a quote across the whole source library: the passages it may come from, best first."

    def add_arguments(self, parser):
        parser.add_argument("quote_file", help="The quote as a UTF-8 text file.")
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument("--speaker", help="who the article says spoke: ranks their own sources higher")
        parser.add_argument("--limit", type=int, default=5, help="How many candidates at most (default 5).")

    def handle(self, *args, **options):
        quote = _single(_read(options["quote_file"]))
        candidates = find_originals(quote, speaker=options["speaker"], limit=max(1, options["limit"]))
        if options["format"] == "json":
            self.stdout.write(json.dumps([c.to_dict() for c in candidates], ensure_ascii=False))
            return
        if not candidates:
            self.stdout.write("No passage of the library matches this quote.")
        for rank, c in enumerate(candidates, start=1):
            self.stdout.write(
                f"{rank}. {c.title} (source {c.source_id}) {c.start}-{c.end}, {c.verdict}, score {c.score:.2f}, "
                f"suggested verdict {c.suggested_verdict or 'none'}\n   {' '.join(c.passage.split())}"
            )
