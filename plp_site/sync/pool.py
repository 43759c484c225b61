"""Sync many students at once: a small pool of threads, each waiting on git (the work is the network's and git's).

The school's build lock is held throughout, so a `plp build` never reads a folder while it is being updated.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from plp_site.publish import build_lock
from plp_site.requirements import ConfigError
from plp_site.school import School, load_school
from plp_site.sync.git import Git
from plp_site.sync.outcome import Outcome
from plp_site.sync.roster import ROSTER, RosterEntry
from plp_site.sync.student import Place, sync_student
from plp_site.sync.summary import SyncSummary, summarize

__all__ = ["SyncOptions", "open_school", "select", "sync_school"]


@dataclass(frozen=True)
class SyncOptions:
    """How a sync runs: the git program, how many repositories at once, and each one's time limit in seconds."""

    git_program: str
    jobs: int = 4
    seconds: float = 300.0


def open_school(root: Path) -> School:
    """The school at root, with its students/ folder made when the school has a roster and no students yet."""
    root = root.resolve()
    if (root / "mkdocs.yml").is_file() and (root / ROSTER).is_file():
        (root / "students").mkdir(exist_ok=True)
    return load_school(root)


def select(entries: Sequence[RosterEntry], requested: Sequence[str]) -> list[RosterEntry]:
    """The entries of the named students (all when none are named); raise ConfigError for a name not listed."""
    by_id = {entry.id: entry for entry in entries}
    for student_id in requested:
        if student_id not in by_id:
            raise ConfigError(f"{ROSTER} lists no student '{student_id}'")
    return [by_id[student_id] for student_id in dict.fromkeys(requested)] if requested else list(entries)


def sync_school(school: School, entries: Sequence[RosterEntry], options: SyncOptions) -> SyncSummary:
    """Clone or bring forward each entry's folder under students/, several at once; findings for the rest."""
    git = Git(options.git_program, school.students_dir)
    place = Place(school.students_dir, git, options.seconds)
    with build_lock(school.root):
        outcomes = _run(entries, place, options.jobs)
    return summarize(outcomes, school.requirements.severity)


def _run(entries: Sequence[RosterEntry], place: Place, jobs: int) -> list[Outcome]:
    with ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="plp-sync") as pool:
        futures = [pool.submit(sync_student, entry, place) for entry in entries]
        try:
            return [future.result() for future in futures]
        except BaseException:
            # Ctrl-C: git runs in sessions of its own (it must not prompt), so it does not see it; stop it here.
            place.git.stop()
            for future in futures:
                future.cancel()
            raise
