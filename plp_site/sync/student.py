"""One student: clone the repository into students/<id>/, or bring that folder forward to the repository's newest
version, without ever losing anything that is only in the folder.

A new clone is made in a hidden folder beside (students/.plp-sync-<id>/) and moved into place only when it is a
PLP, so a failed or stopped clone leaves no half-made student behind. An existing folder is changed only by a
fast-forward: when it is a clone of the roster's repository, on the roster's branch, with no changes of its own
and a history the repository's newest version continues. Anything else is a finding and the folder stays as it was.
"""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from plp_site.codes import finding
from plp_site.diskerrors import plain_words
from plp_site.display import clip
from plp_site.model import SourceLocation
from plp_site.sync.addresses import same_repository
from plp_site.sync.failures import failure, git_said
from plp_site.sync.git import Git, GitResult
from plp_site.sync.outcome import Outcome, Status
from plp_site.sync.roster import RosterEntry

__all__ = ["Place", "staging_folder", "sync_student"]


@dataclass(frozen=True)
class Place:
    """Where students' folders are and how they are synced."""

    students_dir: Path
    git: Git
    seconds: float
    """How long one student's repository may take, all git commands together."""


class _TimedOut(Exception):
    """The student's time ran out (or the sync was stopped) during a git command."""

    def __init__(self, result: GitResult) -> None:
        super().__init__("timed out")
        self.result = result


@dataclass(frozen=True)
class _Repository:
    """git for one student's folder, within the student's deadline."""

    entry: RosterEntry
    place: Place
    deadline: float

    @property
    def folder(self) -> str:
        """The student's folder as the school sees it, for messages."""
        return f"students/{self.entry.id}"

    def run(self, *args: str, cwd: Path) -> GitResult:
        result = self.place.git.run(args, cwd, self.deadline)
        if result.timed_out:
            raise _TimedOut(result)
        return result

    def failed(self, result: GitResult, branch: str | None = None) -> Outcome:
        found = failure(result, self.entry, seconds=self.place.seconds, folder=self.folder, branch=branch)
        return Outcome(self.entry.id, Status.KEPT, (found,))

    def kept(self, code: str, message: str, hint: str, *, at_folder: bool = True) -> Outcome:
        where = SourceLocation(self.folder) if at_folder else self.entry.location
        return Outcome(self.entry.id, Status.KEPT, (finding(code, where, f"{self.entry.id}: {message}", hint),))


def staging_folder(students_dir: Path, student_id: str) -> Path:
    """The hidden folder a new clone is made in before it is moved to students/<id>/."""
    return students_dir / f".plp-sync-{student_id}"


def sync_student(entry: RosterEntry, place: Place) -> Outcome:
    """Clone or fast-forward one student's folder; never raises for a problem of the student's repository."""
    repository = _Repository(entry, place, time.monotonic() + place.seconds)
    folder = place.students_dir / entry.id
    try:
        return _update(repository, folder) if os.path.lexists(folder) else _clone(repository, folder)
    except _TimedOut as stopped:
        return repository.failed(stopped.result)
    except OSError as error:  # students/ cannot be written (a full disk, no permission): this student only
        return repository.kept(
            "PLP611",
            plain_words(error, folder, place.students_dir.parent),
            "free some space or fix the folder's permissions, then run plp sync again",
        )


def _clone(repository: _Repository, folder: Path) -> Outcome:
    entry = repository.entry
    staging = staging_folder(folder.parent, entry.id)
    _remove(staging)  # left by a sync that was stopped
    try:
        branch = ["--branch", entry.branch] if entry.branch else []
        result = repository.run(
            "clone", "--quiet", "--no-local", "--single-branch", "--no-tags", *branch, "--", entry.repo, str(staging),
            cwd=folder.parent,
        )  # fmt: skip
        if not result.ok:
            return repository.failed(result, entry.branch)
        problem = _not_a_plp(repository, staging, "HEAD")
        if problem:
            return problem
        try:
            staging.rename(folder)
        except OSError as error:
            return repository.kept(
                "PLP611",
                f"the copy could not be put in {repository.folder} ({error.strerror})",
                "check that nothing else is making that folder, then run plp sync again",
            )
    finally:
        _remove(staging)
    return Outcome(entry.id, Status.CLONED)


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path)


def _not_a_plp(repository: _Repository, cwd: Path, revision: str) -> Outcome | None:
    """A finding when the version `revision` of the repository has no student.yml at its top."""
    if not repository.run("rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}", cwd=cwd).ok:
        return repository.kept(
            "PLP610",
            "the repository is empty: nothing has been pushed to it yet",
            "ask the student to push their PLP (student.yml, about-me.md, goals/ ...) to the repository",
            at_folder=False,
        )
    kind = repository.run("cat-file", "-t", f"{revision}:student.yml", cwd=cwd)
    if kind.ok and kind.stdout.strip() == "blob":
        return None
    names = repository.run("ls-tree", "-r", "-z", "--name-only", revision, cwd=cwd).stdout.split("\0")
    inside = sorted((name for name in names if name.endswith("/student.yml")), key=lambda name: name.count("/"))
    where = f"; there is one in {clip(inside[0].removesuffix('/student.yml'), 60)}/" if inside else ""
    return repository.kept(
        "PLP610",
        f"the repository has no student.yml at its top, so it is not a PLP{where}",
        "ask the student to keep their PLP (student.yml, about-me.md, goals/ ...) at the top of the repository",
        at_folder=False,
    )


def _update(repository: _Repository, folder: Path) -> Outcome:
    checked = _clone_problem(repository, folder)
    if isinstance(checked, Outcome):
        return checked
    branch = checked
    fetched = repository.run(
        "fetch", "--quiet", "--no-tags", "--no-recurse-submodules", "--no-write-fetch-head", "--", "origin",
        f"+refs/heads/{branch}:refs/remotes/origin/{branch}",
        cwd=folder,
    )  # fmt: skip
    if not fetched.ok:
        return repository.failed(fetched, branch)
    remote = f"refs/remotes/origin/{branch}"
    local_commit = repository.run("rev-parse", "--verify", "--quiet", "HEAD", cwd=folder).stdout.strip()
    remote_commit = repository.run("rev-parse", "--verify", "--quiet", remote, cwd=folder).stdout.strip()
    changes = _local_changes(repository, folder)
    if local_commit == remote_commit:
        return changes or Outcome(repository.entry.id, Status.UNCHANGED)
    if local_commit and _is_ancestor(repository, folder, local_commit, remote_commit):
        return changes or _not_a_plp(repository, folder, remote) or _fast_forward(repository, folder, remote)
    return _history_problem(repository, folder, local_commit, remote_commit)


def _clone_problem(repository: _Repository, folder: Path) -> Outcome | str:
    """The branch to bring forward when the folder is a clone of the entry's repository, else a finding."""
    entry, here = repository.entry, repository.folder
    problem = _not_a_clone(repository, folder)
    if problem:
        return problem
    origin = repository.run("config", "--get", "remote.origin.url", cwd=folder).stdout.strip()
    if not same_repository(origin, entry.repo):
        copy_of = f"a copy of {clip(origin, 200)}" if origin else "a copy of a repository with no address"
        return repository.kept(
            "PLP611",
            f"{here} is {copy_of}, not of {clip(entry.repo, 200)} (roster.yml line {entry.line})",
            "if the student moved their repository, move the folder out of students/ and run plp sync again",
        )
    current = repository.run("symbolic-ref", "--quiet", "--short", "HEAD", cwd=folder).stdout.strip()
    if not current:
        return repository.kept("PLP611", f"{here} shows an older version, not a branch", _MOVE)
    if entry.branch and current != entry.branch:
        return repository.kept(
            "PLP611",
            f"{here} has the branch '{clip(current, 40)}', and roster.yml asks for '{entry.branch}'",
            "if roster.yml is right, move the folder out of students/ and run plp sync again to copy that branch",
        )
    return current


def _not_a_clone(repository: _Repository, folder: Path) -> Outcome | None:
    """A finding when the folder is not a Git clone of its own (a file, a link, a folder made by hand)."""
    here, git_folder = repository.folder, folder / ".git"
    if folder.is_symlink() or not folder.is_dir() or git_folder.is_symlink() or not git_folder.is_dir():
        return repository.kept(
            "PLP611", f"{here} is there already and is not a copy of a repository; plp sync leaves it alone", _MOVE
        )
    top = repository.run("rev-parse", "--show-toplevel", cwd=folder)
    if not top.ok:
        return repository.failed(top)
    if Path(top.stdout.strip()).resolve() != folder.resolve():
        return repository.kept("PLP611", f"{here} is not a copy of a repository of its own", _MOVE)
    return None


_MOVE = "move the folder out of students/ (keep it until its work is safe), then run plp sync again"


def _local_changes(repository: _Repository, folder: Path) -> Outcome | None:
    status = repository.run("--no-optional-locks", "status", "--porcelain=v1", "-z", "--untracked-files=all", cwd=folder)
    if not status.ok:
        return repository.failed(status)
    entries = [item for item in status.stdout.split("\0") if len(item) > 3]
    if not entries:
        return None
    names = ", ".join(clip(item[3:], 40) for item in entries[:3]) + (f" and {len(entries) - 3} more" if len(entries) > 3 else "")
    return repository.kept(
        "PLP612",
        f"{repository.folder} has changes that are not in the student's repository ({names}); plp sync left it as it was",
        "ask the student to put those changes in their repository, or move the folder away and run plp sync again",
    )


def _is_ancestor(repository: _Repository, folder: Path, older: str, newer: str) -> bool:
    return repository.run("merge-base", "--is-ancestor", older, newer, cwd=folder).code == 0


def _fast_forward(repository: _Repository, folder: Path, remote: str) -> Outcome:
    merged = repository.run("merge", "--ff-only", "--quiet", remote, cwd=folder)
    if not merged.ok:
        return repository.kept(
            "PLP612",
            f"{repository.folder} could not be brought forward ({git_said(merged)}); it was left as it was",
            "ask the student to put the folder's changes in their repository, or move the folder away and run plp sync again",
        )
    return Outcome(repository.entry.id, Status.UPDATED)


def _history_problem(repository: _Repository, folder: Path, local: str, remote: str) -> Outcome:
    if local and _is_ancestor(repository, folder, remote, local):
        count = repository.run("rev-list", "--count", f"{remote}..{local}", cwd=folder).stdout.strip() or "some"
        return repository.kept(
            "PLP612",
            f"{repository.folder} has {count} saved change(s) (commits) that are not in the student's repository; "
            "it was not updated",
            "ask the student to put those changes in their repository, or move the folder away and run plp sync again",
        )
    return repository.kept(
        "PLP613",
        f"{repository.folder} and the student's repository have different histories (was it rewritten?); it was not updated",
        "check that nothing in the folder is lost, then move the folder away and run plp sync again to copy it afresh",
    )
