import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims.extraction import extract_claims


class Command(BaseCommand):
    help = "Print the claims found in a plain-text UTF-8 article (taken as already clean)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--format", choices=["json", "text"], default="json")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from exc
        claims = extract_claims(text)
        if options["format"] == "json":
            self.stdout.write(json.dumps([c.to_dict() for c in claims], ensure_ascii=False, indent=1))
            return
        for i, c in enumerate(claims):
            link = f" ->{c.linked_to}" if c.linked_to is not None else ""
            speaker = c.speaker or "-"
            if c.role:
                speaker += f" ({c.role})"
            self.stdout.write(f"{i:>3} {c.kind:<16} {c.start:>6}-{c.end:<6} {c.score:.2f} {speaker}{link}")
            if c.cue:
                self.stdout.write(f"    cue: {c.cue}")
            self.stdout.write(f"    {c.text}")
