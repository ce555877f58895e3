import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims.extraction import extract_claims
from claims.extraction.evaluation import evaluate, evaluate_annotated, load_annotated, load_gold, split_part


class Command(BaseCommand):
    help = (
        "Compare extraction with hand-annotated articles: gold JSON files (quote span P/R/F1, speaker "
        "accuracy, reported speech) or annotated news in JSON Lines (the same overall and per publisher)."
    )

    def add_arguments(self, parser):
        parser.add_argument("gold", nargs="+", help="gold JSON files, or .jsonl files of annotated news")
        parser.add_argument("--misses", action="store_true", help="list the gold quotes not found")
        parser.add_argument(
            "--part",
            choices=("all", "tune", "measure"),
            default="all",
            help="annotated news only: the half of the articles to score (a fixed split by article id)",
        )
        parser.add_argument("--json", action="store_true", help="annotated news only: print the figures as JSON")

    def handle(self, *args, **options):
        all_docs = []
        for name in options["gold"]:
            if name.endswith(".jsonl"):
                self._annotated(name, options)
                continue
            try:
                docs = load_gold(name, search=[Path.cwd()])
            except (OSError, ValueError) as exc:
                raise CommandError(f"{name}: {exc}") from exc
            all_docs.extend(docs)
            self._print(name, evaluate(docs, extract_claims), options["misses"])
        if len([n for n in options["gold"] if not n.endswith(".jsonl")]) > 1:
            self._print("overall", evaluate(all_docs, extract_claims), False)

    def _annotated(self, name: str, options: dict) -> None:
        try:
            docs = load_annotated(name)
        except (OSError, ValueError) as exc:
            raise CommandError(f"{name}: {exc}") from exc
        if options["part"] != "all":
            docs = [d for d in docs if split_part(str(d.get("id", ""))) == options["part"]]
        result = evaluate_annotated(docs, extract_claims)
        if options["json"]:
            for figures in [result["overall"], *result["publishers"].values()]:
                figures.pop("misses")
            self.stdout.write(json.dumps(result, indent=2))
            return
        self.stdout.write(f"{name} ({options['part']}, {len(docs)} articles)")
        rows = [("overall", result["overall"]), *result["publishers"].items()]
        self.stdout.write(
            f"  {'':14} {'articles':>8} {'quotes':>6} {'P':>6} {'R':>6} {'F1':>6} {'speaker':>7}"
            f" {'reported':>8} {'rep P':>6} {'rep R':>6} {'as rep':>6} errors"
        )
        for label, f in rows:
            self.stdout.write(
                f"  {label:14} {f['articles']:8} {f['quotes_gold']:6} {f['precision']:6.3f} {f['recall']:6.3f}"
                f" {f['f1']:6.3f} {f['speaker_accuracy']:7.3f} {f['reported_gold']:8} {f['reported_precision']:6.3f}"
                f" {f['reported_recall']:6.3f} {f['reported_recall_as_reported']:6.3f} {len(f['errors'])}"
            )
        by_method = result["overall"]["speaker_accuracy_by_method"]
        self.stdout.write(
            "  speaker accuracy by how the annotators found the speaker: "
            + ", ".join(f"{method} {f['accuracy']:.3f} ({f['quotes']})" for method, f in by_method.items())
        )
        for error in result["overall"]["errors"]:
            self.stdout.write(f"  error: {error}")
        if options["misses"]:
            for miss in result["overall"]["misses"]:
                self.stdout.write("  " + json.dumps(miss, ensure_ascii=False))

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
