"""The progress bar of the bulk import commands, on standard error, and the
options those commands share (--progress/--no-progress, --user).

`[#######-------] 7/15 files: 9 imported, 1 duplicate, 2 failed`; a zip is
one file and as many items as it has members.
"""

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from tqdm import tqdm

from claims.models import ImportStatus

BAR_FORMAT = "[{bar:30}] {n_fmt}/{total_fmt} files: {desc}"


def progress_bar(files: Iterable, *, command, show: bool, counts: dict[str, int], total: int | None = None) -> tqdm:
    """`files` with a bar drawn on the command's standard error when `show`
    (`total` for an iterator that cannot say its length). Written to the
    stream itself: Django's wrapper would style the bar as an error and end
    every redraw with a new line."""
    return tqdm(
        files,
        total=total,
        file=command.stderr._out,
        disable=not show,
        bar_format=BAR_FORMAT,
        ascii="-#",
        desc=label(counts),
    )


def label(counts: dict[str, int]) -> str:
    return (
        f"{counts[ImportStatus.IMPORTED]} imported, {counts[ImportStatus.DUPLICATE]} duplicate, "
        f"{counts[ImportStatus.FAILED]} failed"
    )


def add_bulk_arguments(parser, *, user_help: str) -> None:
    """--user and the progress switches of a bulk import command."""
    parser.add_argument("--user", help=user_help)
    progress = parser.add_mutually_exclusive_group()
    progress.add_argument(
        "--progress",
        action="store_true",
        help="Show the progress bar on standard error even when it is not a terminal.",
    )
    progress.add_argument("--no-progress", action="store_true", help="No progress bar on standard error.")


def show_progress(command, options) -> bool:
    # Standard output carries the results (JSON lines with --json), so the
    # bar goes to standard error, where it never mixes with them: by default
    # only when that is a terminal.
    return options["progress"] or (not options["no_progress"] and command.stderr.isatty())


def named_user(options):
    """The user --user names, None without it; CommandError for an unknown name."""
    if not options["user"]:
        return None
    user = get_user_model().objects.filter(username=options["user"]).first()
    if user is None:
        raise CommandError(f"No user named {options['user']!r}.")
    return user
