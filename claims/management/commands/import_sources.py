import json

from django.core.management.base import BaseCommand, CommandError

from claims.importers import IMPORTABLE_SUFFIXES, ImportOutcome, expand_paths
from claims.management.progress import add_bulk_arguments, label, named_user, progress_bar, show_progress
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
        add_bulk_arguments(parser, user_help="Username recorded as the one who added the sources.")

    def handle(self, *args, **options):
        user = named_user(options)
        files = list(expand_paths(options["paths"]))
        counts = dict.fromkeys(ImportStatus.values, 0)
        progress = progress_bar(files, command=self, show=show_progress(self, options), counts=counts)
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
