"""What each student's folder looked like when it was last fingerprinted, to tell at a glance that nothing changed.

A build with nothing to do still fingerprints every student (plp_site.fingerprint): it lists each folder, sorts
the names and looks up each file. The memo keeps, per student, the folders that were listed with their
modification times, the files with their sizes and times, and the fingerprint they gave. When the school's part of
the fingerprint and the build options are the same, and every folder and file still has its size and time, the
stored fingerprint is the answer: one look at each name by its path, and no folder listed. A folder's
modification time changes whenever a name in it is added, removed or renamed, a file's whenever it is written,
and the status-change time (ctime) of either whenever that happens or its permissions change, even when a tool
puts the old modification time back; so any change sends the student to the full fingerprint.

Only folders of plain files and folders are kept (what a link means can change while none of these times does),
and only when every folder could be listed. A folder's or file's time within `files.RACY_NANOSECONDS` of when it
was looked at, by the clock of the disk it is on, is not trusted: a change in the same tick of a coarse clock
would not change it (git treats its index the same way). Such a student is fingerprinted in full.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from plp_site.diskerrors import write_whole
from plp_site.files import RACY_NANOSECONDS, filesystem_now
from plp_site.fingerprint import Listing

__all__ = ["FolderMemo", "memo_key"]

_VERSION = 2


def _same(found: os.stat_result, seen: tuple[int, int, int], trusted: int) -> bool:
    """Whether a name still has the size and times seen, and they are older than the racy window."""
    _size, modified, changed = seen
    return (found.st_size, found.st_mtime_ns, found.st_ctime_ns) == seen and max(modified, changed) < trusted


def memo_key(*parts: object) -> str:
    """A short key for what, besides the folder, a fingerprint depends on (the school's part, the build options)."""
    return hashlib.sha256(json.dumps([str(part) for part in parts]).encode()).hexdigest()[:32]


@dataclass
class FolderMemo:
    """The memo, stored as JSON at `path` (.plp/state/folders.json); a missing or damaged file is an empty memo."""

    path: Path
    students: dict[str, dict[str, object]] = field(default_factory=dict)
    changed: bool = False

    @classmethod
    def load(cls, path: Path) -> FolderMemo:
        """The memo stored at path."""
        try:
            stored = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            stored = None
        if not isinstance(stored, dict) or stored.get("version") != _VERSION or not isinstance(stored.get("students"), dict):
            return cls(path)
        return cls(path, stored["students"])

    def known(self, folder: Path, key: str) -> str | None:
        """The fingerprint remembered for folder, when nothing in it has changed since and the key is the same."""
        record = self.students.get(str(folder))
        if not isinstance(record, dict) or record.get("key") != key:
            return None
        top = str(folder)
        try:
            trusted = int(record["looked"]) - RACY_NANOSECONDS  # type: ignore[call-overload]
            for relative, modified, changed in record["folders"]:  # type: ignore[attr-defined]
                # The folder itself by its own name: a trailing "/" would look through a link put in its place.
                found = os.lstat(top + "/" + relative.rstrip("/") if relative else top)
                if not stat.S_ISDIR(found.st_mode) or not _same(found, (found.st_size, modified, changed), trusted):
                    return None
            for relative, size, modified, changed in record["files"]:  # type: ignore[attr-defined]
                found = os.lstat(top + "/" + relative)
                if not stat.S_ISREG(found.st_mode) or not _same(found, (size, modified, changed), trusted):
                    return None
        except (OSError, TypeError, ValueError, KeyError):
            return None
        fingerprint = record.get("fingerprint")
        return fingerprint if isinstance(fingerprint, str) else None

    def remember(self, folder: Path, key: str, fingerprint: str, looked: int, listing: Listing) -> None:
        """Keep what a full fingerprint of folder saw (`looked`: now(), taken before it started); a folder with
        anything but plain files and folders, or one that could not be listed whole, is forgotten instead."""
        name = str(folder)
        whole = listing.plain and listing.folders and all(times[1] >= 0 for times in listing.folders)
        if not whole:
            if self.students.pop(name, None) is not None:
                self.changed = True
            return
        self.students[name] = {
            "key": key,
            "fingerprint": fingerprint,
            "looked": looked,
            "folders": listing.folders,
            "files": listing.files,
        }
        self.changed = True

    def now(self) -> int:
        """The time to give remember(), by the clock of the disk the memo is on, taken before fingerprints start."""
        return filesystem_now(self.path.parent)

    def save(self) -> None:
        """Write the memo back (atomically) if anything changed, without the folders that are gone."""
        if not self.changed:
            return
        kept = {name: record for name, record in self.students.items() if os.path.isdir(name)}  # noqa: PTH112
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_whole(self.path, json.dumps({"version": _VERSION, "students": kept}))
        self.changed = False
