"""Resume or fail imports whose worker died. Run before a worker starts
(the systemd unit in the README does), or at any time: only batches not
heard from in IMPORT_STALL_SECONDS are touched."""

from django.core.management.base import BaseCommand

from claims.services.imports import recover_interrupted


class Command(BaseCommand):
    help = "Resume, or after IMPORT_MAX_ATTEMPTS runs fail, import batches left running by a worker that died."

    def handle(self, *args, **options):
        recovered = recover_interrupted()
        if not options["verbosity"]:
            return
        for batch in recovered:
            done = f"{batch.processed} of {batch.total} items done"
            self.stdout.write(f"Import {batch.pk}: {batch.get_state_display()}, {done}")
        self.stdout.write(f"{len(recovered)} interrupted import(s) recovered.")
