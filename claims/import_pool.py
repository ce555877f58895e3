"""Importing many files in several processes at once.

One import alternates between Python (reading, cleaning, extraction,
building rows: about two thirds of its time) and waiting for the database,
so one process keeps one core busy at best. A bulk import of an archive
(`import_articles --workers N`) or a large batch in the task worker
(`IMPORT_WORKERS`) runs each file in one of N processes: every file is still
imported in a transaction of its own, exactly as it is alone, and the
outcomes come back in the order of the files. Of two files with the same
text, the one stored first is imported and the other is its duplicate: with
several processes that need not be the first in order.

The processes are forked from this one once its database connections are
closed, so each opens its own (a connection is never shared across a fork),
and they live for one call.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path
from typing import TypeVar

from django.db import connections

from .importers import ImportOutcome, import_file

Item = TypeVar("Item")
Result = TypeVar("Result")


def in_processes(function: Callable[[Item], Result], items: list[Item], *, workers: int) -> Iterator[Result]:
    """function(item) for each item, in order, computed in `workers` forked
    processes; here, one after another, for one worker or one item, or
    inside a transaction, which a fork cannot take along and which the
    processes' writes would not be part of. `function` must be picklable
    (a module's function, or a partial of one)."""
    if workers <= 1 or len(items) <= 1 or any(c.in_atomic_block for c in connections.all(initialized_only=True)):
        yield from map(function, items)
        return
    connections.close_all()
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"))
    try:
        # Submitted all at once, collected in order: a slow item holds back
        # the report of those after it, not their work.
        yield from pool.map(function, items)
    finally:
        # When the caller stops early (an error while recording an outcome),
        # what has not started is dropped rather than run to no purpose.
        pool.shutdown(wait=True, cancel_futures=True)


def import_files(
    files: Iterable[Path | ImportOutcome], *, workers: int = 1, imported_by=None
) -> Iterator[tuple[Path | ImportOutcome, list[ImportOutcome]]]:
    """Each file with its outcomes (a zip has one per member), in the order
    given. An `ImportOutcome` among the files (a path that was refused
    before reading, see `importers.expand_paths`) is passed through as its
    own outcome."""
    files = list(files)
    paths = [f for f in files if not isinstance(f, ImportOutcome)]
    results = in_processes(partial(_import_file, imported_by=imported_by), paths, workers=workers)
    for f in files:
        yield f, [f] if isinstance(f, ImportOutcome) else next(results)


def _import_file(path: Path, *, imported_by) -> list[ImportOutcome]:
    # A process keeps its connection from one file to the next: each import
    # commits or rolls back its own transaction.
    return list(import_file(path, imported_by=imported_by))
