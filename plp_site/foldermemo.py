"""What each student's folder looked like when it was last fingerprinted, to tell at a glance that nothing changed.

A build with nothing to do still fingerprints every student (plp_site.fingerprint): it lists each folder, sorts
the names and looks up each file. The memo keeps, per student, the folders that were listed with their
modification times, the files with their sizes and times, and the fingerprint they gave. When the school's part of
the fingerprint and the build options are the same, and every folder and file still has its size and time, the
stored fingerprint is the answer: one look at each name by its path, and no folder listed. A folder's time
changes whenever a name in it is added, removed or renamed, and a file's whenever it is written, so any change
sends the student to the full fingerprint.

Only folders of plain files and folders are kept (what a link means can change while none of these times does).
A folder time within `RACY_SECONDS` of when it was looked at is not trusted: a name added in the same tick of a
coarse clock would not change it (git treats its index the same way).
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import time
from dataclasses import dataclass, field
from pathlib import Path

from plp_site.fingerprint import Listing

__all__ = ["FolderMemo", "memo_key"]

RACY_SECONDS = 2
_VERSION = 1


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
            trusted = int(record["looked"]) - RACY_SECONDS * 1_000_000_000  # type: ignore[call-overload]
            for relative, modified in record["folders"]:  # type: ignore[attr-defined]
                # The folder itself by its own name: a trailing "/" would look through a link put in its place.
                found = os.lstat(top + "/" + relative.rstrip("/") if relative else top)
                if not stat.S_ISDIR(found.st_mode) or found.st_mtime_ns != modified or modified >= trusted:
                    return None
            for relative, size, modified in record["files"]:  # type: ignore[attr-defined]
                found = os.lstat(top + "/" + relative)
                if not stat.S_ISREG(found.st_mode) or found.st_size != size or found.st_mtime_ns != modified:
                    return None
        except (OSError, TypeError, ValueError, KeyError):
            return None
        fingerprint = record.get("fingerprint")
        return fingerprint if isinstance(fingerprint, str) else None

    def remember(self, folder: Path, key: str, fingerprint: str, looked: int, listing: Listing) -> None:
        """Keep what a full fingerprint of folder saw (`looked`: time.time_ns() before it started); a folder with
        anything but plain files and folders is forgotten instead."""
        name = str(folder)
        if not listing.plain or not listing.folders:
            self.changed = self.changed or self.students.pop(name, None) is not None
            return
        self.students[name] = {
            "key": key,
            "fingerprint": fingerprint,
            "looked": looked,
            "folders": listing.folders,
            "files": listing.files,
        }
        self.changed = True

    def save(self) -> None:
        """Write the memo back (atomically) if anything changed, without the folders that are gone."""
        if not self.changed:
            return
        kept = {name: record for name, record in self.students.items() if os.path.isdir(name)}  # noqa: PTH112
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(self.path.name + f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps({"version": _VERSION, "students": kept}), encoding="utf-8")
        temporary.replace(self.path)


def now() -> int:
    """The time to pass to remember(), taken before a fingerprint starts."""
    return time.time_ns()
