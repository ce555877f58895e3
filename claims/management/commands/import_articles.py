import json

from django.core.management.base import BaseCommand, CommandError

from claims.import_pool import import_files
from claims.importers import IMPORTABLE_SUFFIXES, Status, expand_paths
from claims.management.progress import add_bulk_arguments, label, named_user, progress_bar, show_progress


class Command(BaseCommand):
    help = "Import articles from files, folders and zips; one line (or JSON object) per item."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help=f"Files ({' '.join(sorted(IMPORTABLE_SUFFIXES))}) or folders")
        parser.add_argument("--json", action="store_true", help="Print one JSON object per line and per item.")
        parser.add_argument(
            "--workers",
            type=int,
            default=1,
            help="Import in this many processes at once (each file in a transaction of its own); "
            "about one per core. Default 1.",
        )
        add_bulk_arguments(parser, user_help="Username recorded as the importer.")

    def handle(self, *paths, **options):
        user = named_user(options)
        if options["workers"] < 1:
            raise CommandError("--workers must be at least 1.")
        files = list(expand_paths(options["paths"]))
        counts = {Status.IMPORTED: 0, Status.DUPLICATE: 0, Status.FAILED: 0}
        imports = import_files(files, workers=options["workers"], imported_by=user)
        progress = progress_bar(
            imports, total=len(files), command=self, show=show_progress(self, options), counts=counts
        )
        for _, outcomes in progress:
            for outcome in outcomes:
                counts[outcome.status] += 1
                if options["json"]:
                    self.stdout.write(json.dumps(outcome.to_dict(), ensure_ascii=False))
                else:
                    self.stdout.write(self._line(outcome))
            progress.set_description_str(label(counts), refresh=False)
        if not options["json"]:
            self.stdout.write(
                f"{counts['imported']} imported, {counts['duplicate']} duplicate, {counts['failed']} failed"
            )
        if counts[Status.FAILED]:
            raise CommandError(f"{counts[Status.FAILED]} item(s) failed.", returncode=1)

    @staticmethod
    def _line(outcome) -> str:
        if outcome.status == Status.IMPORTED:
            article = outcome.article
            return f"imported  {outcome.name}: “{article.title}” ({article.claims.count()} claims, id {article.pk})"
        if outcome.status == Status.DUPLICATE:
            return f"duplicate {outcome.name}: already imported as id {outcome.article.pk}, nothing new created"
        return f"failed    {outcome.name}: {outcome.reason}"
