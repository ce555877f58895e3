"""The task worker to run in production: `db_worker` that outlives a
database that is briefly unreachable (a restart, a failover, a network
blip) instead of exiting, and that first resumes the imports a dead worker
left behind. A supervisor (the systemd unit in the README) still restarts
it should it exit for any other reason."""

import logging
import time

from django.core.management.base import CommandError
from django.db import DatabaseError, connections
from django_tasks_db.management.commands import db_worker

from claims.services.imports import recover_interrupted

logger = logging.getLogger("django_tasks_db")

# Seconds to wait after a database error: doubled each time, up to the last.
BACKOFF = (1, 2, 4, 8, 15, 30, 60)


class ResilientWorker(db_worker.Worker):
    def run(self) -> None:
        failures = 0
        while self.running:
            try:
                recover_interrupted()
                super().run()
                return
            except DatabaseError as exc:
                # A task that was running when the database went away is
                # recorded by run_task as failed, or, if even that could not
                # be written, resumed by recover_interrupted once the batch
                # has been quiet for IMPORT_STALL_SECONDS.
                wait = BACKOFF[min(failures, len(BACKOFF) - 1)]
                failures += 1
                logger.warning("Database error in worker %s (%s); retrying in %ss", self.worker_id, exc, wait)
                connections.close_all()
                time.sleep(wait)


class Command(db_worker.Command):
    help = "Run queued tasks, surviving database outages, after resuming imports a dead worker left running."

    def handle(self, *, verbosity, queue_name, interval, batch, backend_name, startup_delay, max_tasks, worker_id,
               exclude_queues, **options):
        self.configure_logging(verbosity)
        queue_names = queue_name.split(",")
        if exclude_queues and "*" not in queue_names:
            # As db_worker says; its handle is not reused because it builds
            # its own Worker.
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = ResilientWorker(
            queue_names=queue_names,
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=exclude_queues.split(",") if exclude_queues else [],
        )
        worker.configure_signals()
        worker.run()
