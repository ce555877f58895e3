"""Importing many files in several processes at once.

One import alternates between Python (reading, cleaning, extraction,
building rows: about two thirds of its time) and waiting for the database,
so one process keeps one core busy at best. A bulk import of an archive
runs each file in one of `workers` processes: every file is still imported
in a transaction of its own, exactly as `importers.import_file` does it
alone, and the outcomes come back in the order of the files.

The processes are forked from this one once its database connections are
closed, so each opens its own (a connection is never shared across a fork),
and they live for one call.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from django.db import connections

from .importers import ImportOutcome, import_file


def import_files(
    files: Iterable[Path | ImportOutcome], *, workers: int = 1, imported_by=None
) -> Iterator[tuple[Path | ImportOutcome, list[ImportOutcome]]]:
    """Each file with its outcomes (a zip has one per member), in the order
    given. An `ImportOutcome` among the files (a path that was refused
    before reading, see `importers.expand_paths`) is passed through as its
    own outcome."""
    files = list(files)
    paths = [f for f in files if not isinstance(f, ImportOutcome)]
    if workers <= 1 or len(paths) <= 1:
        for f in files:
            yield f, [f] if isinstance(f, ImportOutcome) else list(import_file(f, imported_by=imported_by))
        return
    connections.close_all()
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        # Submitted all at once, collected in order: a slow file holds back
        # the report of those after it, not their import.
        results = pool.map(_import_one, paths, [imported_by] * len(paths))
        for f in files:
            yield f, [f] if isinstance(f, ImportOutcome) else next(results)


def _import_one(path: Path, imported_by) -> list[ImportOutcome]:
    # The process keeps its connection from one file to the next: each
    # import commits or rolls back its own transaction.
    return list(import_file(path, imported_by=imported_by))
