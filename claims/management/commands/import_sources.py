import json

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from claims.importers import IMPORTABLE_SUFFIXES, ImportOutcome, expand_paths
from claims.management.progress import label, progress_bar
from claims.models import ImportStatus, Source
from claims.services.library import SourceImportOutcome, import_source_file


class Command(BaseCommand):
    help = (
        "Add transcripts, reports and other documents to the source library from files, folders and zips; "
        "one line (or JSON object) per document. A document whose text is already in the library is a duplicate."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help=f"Files ({' '.join(sorted(IMPORTABLE_SUFFIXES))}) or folders")
        parser.add_argument("--json", action="store_true", help="Print one JSON object per line and per document.")
        parser.add_argument("--kind", choices=Source.Kind.values, default=Source.Kind.OTHER, help="Kind of source.")
        parser.add_argument("--user", help="Username recorded as the one who added the sources.")
        progress = parser.add_mutually_exclusive_group()
        progress.add_argument("--progress", action="store_true", help="Show the progress bar on standard error.")
        progress.add_argument("--no-progress", action="store_true", help="No progress bar on standard error.")

    def handle(self, *args, **options):
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"No user named {options['user']!r}.")
        show_progress = options["progress"] or (not options["no_progress"] and self.stderr.isatty())
        files = list(expand_paths(options["paths"]))
        counts = dict.fromkeys(ImportStatus.values, 0)
        progress = progress_bar(files, command=self, show=show_progress, counts=counts)
        for path in progress:
            if isinstance(path, ImportOutcome):  # a path that does not exist
                outcomes = [SourceImportOutcome(path.name, ImportStatus.FAILED, path.reason)]
            else:
                outcomes = import_source_file(path, by=user, kind=options["kind"])
            for outcome in outcomes:
                counts[outcome.status] += 1
                line = json.dumps(outcome.to_dict(), ensure_ascii=False) if options["json"] else _line(outcome)
                self.stdout.write(line)
            progress.set_description_str(label(counts), refresh=False)
        if not options["json"]:
            self.stdout.write(
                f"{counts['imported']} imported, {counts['duplicate']} duplicate, {counts['failed']} failed"
            )
        if counts[ImportStatus.FAILED]:
            raise CommandError(f"{counts[ImportStatus.FAILED]} document(s) failed.", returncode=1)


def _line(outcome: SourceImportOutcome) -> str:
    if outcome.status == ImportStatus.IMPORTED:
        return f"imported  {outcome.name}: “{outcome.source.title}” (id {outcome.source.pk})"
    if outcome.status == ImportStatus.DUPLICATE:
        return f"duplicate {outcome.name}: already in the library as id {outcome.source.pk}, nothing new created"
    return f"failed    {outcome.name}: {outcome.reason}"
