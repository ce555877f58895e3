import json
import sys

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from claims.importers import Status, import_paths


class Command(BaseCommand):
    help = "Import articles from files, folders and zips; one line (or JSON object) per item."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="Files (.txt .md .html .pdf .docx .zip) or folders")
        parser.add_argument("--json", action="store_true", help="Print one JSON object per line and per item.")
        parser.add_argument("--user", help="Username recorded as the importer.")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar on standard error.")

    def handle(self, *paths, **options):
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"No user named {options['user']!r}.")
        show_progress = not options["no_progress"] and not options["json"] and sys.stderr.isatty()
        failed = 0
        counts = {Status.IMPORTED: 0, Status.DUPLICATE: 0, Status.FAILED: 0}
        for n, outcome in enumerate(import_paths(options["paths"], imported_by=user), start=1):
            counts[outcome.status] += 1
            failed += outcome.failed
            if options["json"]:
                self.stdout.write(json.dumps(outcome.to_dict(), ensure_ascii=False))
            else:
                self.stdout.write(self._line(outcome))
            if show_progress:
                sys.stderr.write(f"\r{n} items: {counts['imported']} imported, {counts['duplicate']} duplicate, "
                                 f"{counts['failed']} failed")
                sys.stderr.flush()
        if show_progress:
            sys.stderr.write("\n")
        if not options["json"]:
            self.stdout.write(
                f"{counts['imported']} imported, {counts['duplicate']} duplicate, {counts['failed']} failed"
            )
        if failed:
            raise CommandError(f"{failed} item(s) failed.", returncode=1)

    @staticmethod
    def _line(outcome) -> str:
        if outcome.status == Status.IMPORTED:
            article = outcome.article
            return f"imported  {outcome.name}: “{article.title}” ({article.claims.count()} claims, id {article.pk})"
        if outcome.status == Status.DUPLICATE:
            return f"duplicate {outcome.name}: already imported as id {outcome.article.pk}, nothing new created"
        return f"failed    {outcome.name}: {outcome.reason}"
