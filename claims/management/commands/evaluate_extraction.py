from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims.extraction import extract_claims
from claims.extraction.evaluation import evaluate, load_gold


class Command(BaseCommand):
    help = "Compare extraction with hand-annotated gold files: quote span P/R/F1, speaker accuracy, reported speech."

    def add_arguments(self, parser):
        parser.add_argument("gold", nargs="+", help="gold JSON files")
        parser.add_argument("--misses", action="store_true", help="list the gold quotes not found")

    def handle(self, *args, **options):
        all_docs = []
        for name in options["gold"]:
            try:
                docs = load_gold(name, search=[Path.cwd()])
            except (OSError, ValueError) as exc:
                raise CommandError(f"{name}: {exc}") from exc
            all_docs.extend(docs)
            self._print(name, evaluate(docs, extract_claims), options["misses"])
        if len(options["gold"]) > 1:
            self._print("overall", evaluate(all_docs, extract_claims), False)

    def _print(self, label: str, result: dict, misses: bool) -> None:
        self.stdout.write(
            f"{label}: quotes {result['quotes_matched']}/{result['quotes_gold']} found, "
            f"{result['quotes_predicted']} predicted; precision {result['precision']:.3f} "
            f"recall {result['recall']:.3f} F1 {result['f1']:.3f}; "
            f"speaker accuracy {result['speaker_accuracy']:.3f}"
        )
        if "kind_accuracy" in result:
            self.stdout.write(f"  kind accuracy {result['kind_accuracy']:.3f}")
        if "reported_gold" in result:
            self.stdout.write(
                f"  reported: {result['reported_gold']} gold, {result['reported_predicted']} predicted; "
                f"precision {result['reported_precision']:.3f} recall {result['reported_recall']:.3f} "
                f"F1 {result['reported_f1']:.3f}"
            )
        if misses:
            for doc in result["documents"]:
                for miss in doc.get("misses", []):
                    self.stdout.write(f"  {doc['id']}: {miss}")
