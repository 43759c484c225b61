"""The one way plp reads a student's files.

A name in a student's folder is judged by `lstat` before anything opens it: only regular files are read, a link is
followed only when it ends inside the same folder, and special files (named pipes, devices, sockets) are never
opened, because opening or reading one can block forever or have side effects. A file is opened without following
a last-moment link and without blocking, checked again on the opened descriptor, and never read past its limit.
"""

from __future__ import annotations

import enum
import functools
import hashlib
import io
import os
import stat
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "GIT_FOLDER",
    "MAX_DEPTH",
    "Entry",
    "Kind",
    "NotReadable",
    "Refused",
    "TooLarge",
    "classify",
    "file_digest",
    "is_link",
    "open_file",
    "read_bytes",
    "regular_inside",
    "walk",
]

# O_NOFOLLOW: the path was resolved a moment ago, so a link at its end now means it was swapped: refuse it.
# O_NONBLOCK: should a pipe appear between the check and the open, opening it must not wait for a writer.
_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
_FLAGS |= getattr(os, "O_BINARY", 0)


class Kind(enum.Enum):
    """What a name in a folder is, judged without opening it and without following a link out of the folder."""

    FILE = "file"
    """A regular file, or a link to one inside the same folder."""
    FOLDER = "folder"
    """A real folder (never a link to one)."""
    SPECIAL = "special"
    """A named pipe, a device or a socket (or a link to one inside the folder)."""
    LINK_OUTSIDE = "link-outside"
    """A link to a file outside the folder."""
    LINK_NOWHERE = "link-nowhere"
    """A link to nothing: its target is missing, or it goes round in a circle."""
    LINK_FOLDER = "link-folder"
    """A link to a folder."""
    DEEP_FOLDER = "deep-folder"
    """A real folder nested deeper than the walk goes (nothing in it is listed)."""


@dataclass(frozen=True)
class Entry:
    """One name found under a folder."""

    location: str
    """The full path, as text (the walk makes thousands of entries; `path` makes the Path when asked)."""
    relative: str
    """The path inside the folder, with / between the parts."""
    kind: Kind
    size: int = 0
    """For a FILE: its size in bytes (of the file a link points to)."""
    modified: int = 0
    """For a FILE: its modification time in nanoseconds."""
    changed: int = 0
    """For a FILE: when its status last changed (ctime, in nanoseconds): also when only its permissions did."""

    @functools.cached_property
    def path(self) -> Path:
        """The full path."""
        return Path(self.location)

    @property
    def hidden(self) -> bool:
        """Whether the name or a folder above it starts with a dot."""
        return any(part.startswith(".") for part in self.relative.split("/"))


class Refused(Exception):
    """A file plp will not read."""


class NotReadable(Refused):
    """The name is not a regular file inside the folder."""

    def __init__(self, path: Path, kind: Kind) -> None:
        super().__init__(f"{path}: {kind.value}")
        self.kind = kind


class TooLarge(Refused):
    """The file is larger than the limit allows."""

    def __init__(self, path: Path, size: int, limit: int) -> None:
        super().__init__(f"{path}: {size} bytes, more than {limit}")
        self.size = size
        self.limit = limit


def is_link(path: Path) -> bool:
    """Whether the name itself is a symbolic link (of any kind, working or not)."""
    return path.is_symlink()


def _real(path: Path) -> Path | None:
    try:
        return Path(os.path.realpath(path, strict=True))
    except (OSError, RuntimeError):
        return None


def classify(path: Path, inside: Path | None) -> tuple[Kind, os.stat_result, Path]:
    """What the name is, its status and the real path to open; raises OSError when the name is gone.

    `inside` is the real path of the folder a link must stay in; None accepts links to anywhere."""
    status = os.lstat(path)
    real = path
    if stat.S_ISLNK(status.st_mode):
        target = _real(path)
        if target is None:
            return Kind.LINK_NOWHERE, status, path
        status, real = os.lstat(target), target
        if stat.S_ISDIR(status.st_mode):
            # A link to a folder it is itself in leads back to itself: a walker that follows it never ends.
            around = (_real(path.parent) or path.parent).is_relative_to(target)
            return (Kind.LINK_NOWHERE if around else Kind.LINK_FOLDER), status, real
        if inside is not None and not target.is_relative_to(inside):
            return Kind.LINK_OUTSIDE, status, real
    if stat.S_ISDIR(status.st_mode):
        return Kind.FOLDER, status, real
    return (Kind.FILE if stat.S_ISREG(status.st_mode) else Kind.SPECIAL), status, real


GIT_FOLDER = ".git"
"""The folder where git keeps a clone's history, at the top of a student's folder synced from their repository."""
MAX_DEPTH = 24
"""How many folders deep a walk goes: far more than a portfolio needs, far less than a recursive walker (such as
MkDocs' own) can follow before Python's recursion limit."""


def walk(folder: Path, max_depth: int = MAX_DEPTH, folders: list[tuple[str, int, int]] | None = None) -> Iterator[Entry]:
    """Every name under a folder except real folders, sorted, hidden ones included; never through a link. A folder
    more than max_depth levels down is yielded as DEEP_FOLDER and not entered. A real `.git` folder at the top (the
    folder is a clone of a student's repository) is not entered: it is git's, not the student's (a link named .git
    is listed like any link).

    With `folders`, each folder listed is added to it with its modification and status-change times, taken before
    it was listed ("" for the folder itself, then "evidence/", ...); a folder that could not be listed, or a name
    that went away while it was looked at, is added with times of -1.

    Yields nothing when the folder itself is a link or cannot be listed."""
    if is_link(folder):
        return
    inside = _real(folder)
    if inside is None:
        return
    looked = folders if folders is not None else []
    pending: list[tuple[str, str]] = [(str(folder), "")]
    while pending:
        directory, prefix = pending.pop()
        try:
            found = os.lstat(directory)
            looked.append((prefix, found.st_mtime_ns, found.st_ctime_ns))
            with os.scandir(directory) as listing:
                names = sorted(listing, key=_name)
        except OSError:
            looked.append((prefix, -1, -1))
            continue
        below: list[tuple[str, str]] = []
        for item in names:
            relative = prefix + item.name
            try:
                kind, status = _kind(item, inside)
            except OSError:
                looked.append((relative, -1, -1))
                continue  # removed while we looked
            if kind is Kind.FOLDER and relative == GIT_FOLDER:
                continue  # a clone's own history (plp sync), written by git: never part of a portfolio
            if kind is Kind.FOLDER and relative.count("/") >= max_depth:
                yield Entry(item.path, relative, Kind.DEEP_FOLDER)
            elif kind is Kind.FOLDER:
                below.append((item.path, relative + "/"))
            elif kind is Kind.FILE:
                yield Entry(item.path, relative, kind, status.st_size, status.st_mtime_ns, status.st_ctime_ns)
            else:
                yield Entry(item.path, relative, kind)
        pending.extend(reversed(below))


RACY_NANOSECONDS = 2_000_000_000
"""A time this close to when a file was looked at is not trusted to show a change: a change in the same tick of a
coarse clock (2 s on FAT, 1 s on some network shares) would not show (git treats its index the same way)."""


def filesystem_now(folder: Path) -> int:
    """The current time by the clock that stamps the files in folder (a network share's server may be off from
    this machine's): the modification time of a small file written there, or this machine's time if it cannot be
    written."""
    probe = folder / ".clock"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe.write_bytes(b"")
        return probe.stat().st_mtime_ns
    except OSError:
        return time.time_ns()


def _name(item: os.DirEntry[str]) -> str:
    return item.name


def _kind(item: os.DirEntry[str], inside: Path) -> tuple[Kind, os.stat_result]:
    """classify() for a name found by os.scandir, which knows without asking the disk whether it is a link."""
    if item.is_symlink():
        kind, status, _ = classify(Path(item.path), inside)
        return kind, status
    status = item.stat(follow_symlinks=False)
    if stat.S_ISDIR(status.st_mode):
        return Kind.FOLDER, status
    return (Kind.FILE if stat.S_ISREG(status.st_mode) else Kind.SPECIAL), status


def regular_inside(path: Path, folder: Path) -> bool:
    """Whether path is a regular file inside folder (itself not a link), or a link to one there."""
    inside = None if is_link(folder) else _real(folder)
    if inside is None:
        return False
    try:
        return classify(path, inside)[0] is Kind.FILE
    except OSError:
        return False


def open_file(path: Path, inside: Path | None = None, limit: int | None = None) -> io.BufferedReader:
    """Open a regular file for reading, or raise Refused (not a regular file inside `inside`, or over `limit`
    bytes) or OSError (gone, unreadable). Nothing that is not a regular file is ever opened."""
    if inside is not None and is_link(inside):
        raise NotReadable(path, Kind.LINK_FOLDER)
    kind, status, real = classify(path, None if inside is None else _real(inside) or inside)
    if kind is not Kind.FILE:
        raise NotReadable(path, kind)
    if limit is not None and status.st_size > limit:
        raise TooLarge(path, status.st_size, limit)
    descriptor = os.open(real, _FLAGS)
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise NotReadable(path, Kind.SPECIAL)
        if limit is not None and status.st_size > limit:
            raise TooLarge(path, status.st_size, limit)
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


def read_bytes(path: Path, inside: Path | None, limit: int) -> bytes:
    """The bytes of a regular file, never more than `limit` of them (see open_file)."""
    with open_file(path, inside, limit) as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:  # it grew after it was measured
        raise TooLarge(path, len(data), limit)
    return data


def file_digest(path: Path, inside: Path | None = None, limit: int | None = None) -> tuple[str, os.stat_result]:
    """The sha256 of a regular file, read in chunks, and its status when opened (see open_file)."""
    with open_file(path, inside, limit) as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest(), os.fstat(handle.fileno())
