"""The progress bar of the bulk import commands, on standard error.

`[#######-------] 7/15 files: 9 imported, 1 duplicate, 2 failed`; a zip is
one file and as many items as it has members.
"""

from collections.abc import Iterable

from tqdm import tqdm

from claims.models import ImportStatus

BAR_FORMAT = "[{bar:30}] {n_fmt}/{total_fmt} files: {desc}"


def progress_bar(files: Iterable, *, command, show: bool, counts: dict[str, int]) -> tqdm:
    """`files` with a bar drawn on the command's standard error when `show`.
    Written to the stream itself: Django's wrapper would style the bar as
    an error and end every redraw with a new line."""
    return tqdm(
        files, file=command.stderr._out, disable=not show, bar_format=BAR_FORMAT, ascii="-#", desc=label(counts)
    )


def label(counts: dict[str, int]) -> str:
    return (
        f"{counts[ImportStatus.IMPORTED]} imported, {counts[ImportStatus.DUPLICATE]} duplicate, "
        f"{counts[ImportStatus.FAILED]} failed"
    )
