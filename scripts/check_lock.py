"""Checks that the virtualenv holds exactly what the lock files say.

    python scripts/check_lock.py

Three things must agree, or this exits 1 and names every difference:
`pip freeze` of the running interpreter and the pins in requirements-dev.lock
(the packages whose markers apply here; pip, setuptools and wheel are the
virtualenv's own and not compared); every pin of requirements.lock and the
same pin in requirements-dev.lock; and every exact pin in requirements.txt
and requirements-dev.txt and the version locked for it, so that a pin changed
without `make lock` is noticed too.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements.lock"
DEV_LOCK = ROOT / "requirements-dev.lock"
DIRECT = (ROOT / "requirements.txt", ROOT / "requirements-dev.txt")
# Installed by `python -m venv` itself, never from the lock.
NOT_COMPARED = frozenset({"pip", "setuptools", "wheel", "distribute"})


def locked_pins(text: str) -> dict[str, str]:
    """{name: version} of the pins of a lock file whose markers hold for
    this interpreter. Names are in canonical form (lower case, dashes)."""
    pins: dict[str, str] = {}
    for line in _logical_lines(text):
        if line.startswith("-"):
            continue
        requirement = _requirement(line.split(" --hash=")[0])
        if requirement.marker is not None and not requirement.marker.evaluate():
            continue
        pins[canonicalize_name(requirement.name)] = _exact_version(requirement, line)
    return pins


def direct_pins(text: str) -> dict[str, str]:
    """{name: version} of a hand-written requirements file, whose comments
    and options (`-r other.txt`) are skipped."""
    pins: dict[str, str] = {}
    for line in _logical_lines(text):
        if not line.startswith("-"):
            requirement = _requirement(line)
            pins[canonicalize_name(requirement.name)] = _exact_version(requirement, line)
    return pins


def frozen_pins(lines: list[str]) -> dict[str, str]:
    """{name: version} of `pip freeze` output. A line that is not a plain
    pin (an editable install, a path) keeps the whole line as its version,
    so it never equals a locked one."""
    pins: dict[str, str] = {}
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, version = line.partition("==")
        if sep and " " not in name and "@" not in name:
            pins[canonicalize_name(name)] = version
        else:
            pins[line] = line
    return {name: version for name, version in pins.items() if name not in NOT_COMPARED}


def differences(expected: dict[str, str], found: dict[str, str], *, expected_in: str, found_in: str) -> list[str]:
    """One sentence per package that is missing, extra or of another version."""
    problems = []
    for name in sorted(expected.keys() | found.keys()):
        want, have = expected.get(name), found.get(name)
        if have is None:
            problems.append(f"{name}=={want} is in {expected_in} but not in {found_in}")
        elif want is None:
            problems.append(f"{name}=={have} is in {found_in} but not in {expected_in}")
        elif want != have:
            problems.append(f"{name} is {want} in {expected_in} but {have} in {found_in}")
    return problems


def check() -> list[str]:
    dev_lock = locked_pins(DEV_LOCK.read_text(encoding="utf-8"))
    problems = differences(dev_lock, frozen_pins(_pip_freeze()), expected_in=DEV_LOCK.name, found_in="the virtualenv")
    runtime = locked_pins(LOCK.read_text(encoding="utf-8"))
    problems += [
        f"{name} is {version} in {LOCK.name} but {dev_lock.get(name, 'missing')} in {DEV_LOCK.name}"
        for name, version in sorted(runtime.items())
        if dev_lock.get(name) != version
    ]
    for path in DIRECT:
        for name, version in sorted(direct_pins(path.read_text(encoding="utf-8")).items()):
            if dev_lock.get(name) != version:
                problems.append(
                    f"{name} is pinned to {version} in {path.name} but locked at "
                    f"{dev_lock.get(name, 'nothing')} in {DEV_LOCK.name}"
                )
    return problems


def _pip_freeze() -> list[str]:
    command = [sys.executable, "-m", "pip", "freeze", "--all", "--disable-pip-version-check"]
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout.splitlines()


def _logical_lines(text: str) -> list[str]:
    """The lines of a requirements file with their continuations joined and
    their comments removed."""
    lines, current = [], ""
    for raw in text.splitlines():
        line = raw.split(" #", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
        if line.endswith("\\"):
            current += line[:-1].strip() + " "
            continue
        current = (current + line).strip()
        if current:
            lines.append(current)
        current = ""
    if current.strip():
        lines.append(current.strip())
    return lines


def _requirement(line: str) -> Requirement:
    try:
        return Requirement(line)
    except InvalidRequirement as exc:
        raise SystemExit(f"Cannot read the requirement {line!r}: {exc}") from None


def _exact_version(requirement: Requirement, line: str) -> str:
    specifiers = list(requirement.specifier)
    if len(specifiers) != 1 or specifiers[0].operator != "==" or "*" in specifiers[0].version:
        raise SystemExit(f"Not an exact pin: {line!r}; every requirement is pinned with ==.")
    return specifiers[0].version


def main() -> int:
    problems = check()
    if problems:
        print("The virtualenv and the lock files disagree:", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        print("After changing a pin, run `make lock`; to rebuild the virtualenv, `rm -r .venv && make setup`.",
              file=sys.stderr)
        return 1
    count = len(locked_pins(DEV_LOCK.read_text(encoding="utf-8")))
    print(f"The virtualenv matches {DEV_LOCK.name} ({count} packages).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
