from django.core.management.base import BaseCommand, CommandError

from claims.demodata import AlreadyGenerated, generate


class Command(BaseCommand):
    help = (
        "Fill the database with demo data at scale: articles with N claims in every state and verdict, speakers, "
        "sources with texts and captures, evidence, notes and history. The same seed gives the same data. "
        "For trying the workbench and for bench/bench_pages.py, never for a database with real work in it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--claims", type=int, required=True, help="How many claims, exactly.")
        parser.add_argument("--sources", type=int, help="How many sources (default: one per 20 claims).")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--sample", type=int, default=20,
            help="Articles imported through the import service (extraction included) before the bulk part.",
        )
        parser.add_argument("--batch", type=int, default=500, help="Articles written per transaction.")

    def handle(self, *args, **options):
        if options["claims"] < 1:
            raise CommandError("--claims must be at least 1.")
        try:
            totals = generate(
                claims=options["claims"], sources=options["sources"], seed=options["seed"],
                sample=options["sample"], batch=max(options["batch"], 1), progress=self._progress,
            )
        except AlreadyGenerated as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"{totals.articles:,} articles ({totals.imported} through the import service), {totals.claims:,} claims, "
            f"{totals.speakers:,} speakers, {totals.sources:,} sources ({totals.passages:,} passages, "
            f"{totals.captures:,} captures), {totals.evidence:,} evidence, {totals.notes:,} notes, "
            f"{totals.history:,} history rows."
        )

    def _progress(self, line: str) -> None:
        self.stderr.write(line)
        self.stderr.flush()
