"""Fingerprints: a hash of everything one student's site depends on, to skip students that did not change.

File contents are hashed once and remembered by (size, modification time) in .plp/state/digests.json, so an
unchanged school is checked with `stat` calls only, and a fresh clone (new times, same bytes) rehashes once.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

__all__ = ["DigestCache", "school_fingerprint", "student_fingerprint"]

_DISTRIBUTIONS = (
    "plp-site",
    "mkdocs",
    "mkdocs-material",
    "markdown",
    "pymdown-extensions",
    "pillow",
    "pillow-heif",
    "nh3",
    "babel",
)


@dataclass
class DigestCache:
    """Content digests of files, remembered by path, size and modification time."""

    path: Path
    entries: dict[str, list[object]] = field(default_factory=dict)
    changed: bool = False

    @classmethod
    def load(cls, path: Path) -> DigestCache:
        """The cache stored at path (empty when missing or unreadable)."""
        try:
            entries = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            entries = {}
        return cls(path, entries if isinstance(entries, dict) else {})

    def digest(self, file: Path) -> str:
        """The sha256 of a file's bytes."""
        status = file.stat()
        key = str(file)
        known = self.entries.get(key)
        if known and known[0] == status.st_size and known[1] == status.st_mtime_ns:
            return str(known[2])
        digest = hashlib.sha256(file.read_bytes()).hexdigest()
        self.entries[key] = [status.st_size, status.st_mtime_ns, digest]
        self.changed = True
        return digest

    def save(self) -> None:
        """Write the cache back (atomically) if anything was hashed."""
        if not self.changed:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(self.path.name + f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(self.entries), encoding="utf-8")
        temporary.replace(self.path)


def _tree(folder: Path, digests: DigestCache, into: hashlib._Hash, seen: dict[str, str] | None = None) -> None:
    for directory, dirnames, filenames in sorted(os.walk(folder)):
        # Bytecode caches change when Python runs the code, not when the code changes.
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__" and not d.startswith("."))
        for name in sorted(filenames):
            path = Path(directory) / name
            if path.is_file():
                relative, digest = path.relative_to(folder).as_posix(), digests.digest(path)
                into.update(f"{relative}\0{digest}\n".encode())
                if seen is not None:
                    seen[relative] = digest


def _versions() -> str:
    found = []
    for name in _DISTRIBUTIONS:
        try:
            found.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name}=?")
    return ",".join(found)


def school_fingerprint(config_file: Path, theme_dir: Path | None, digests: DigestCache) -> str:
    """What every student's site depends on: mkdocs.yml, the school's theme overrides, plp-site's own code,
    and the versions of the libraries that render the sites."""
    into = hashlib.sha256(_versions().encode())
    into.update(digests.digest(config_file).encode())
    for folder in (theme_dir, Path(__file__).parent):
        if folder and folder.is_dir():
            into.update(f"\0{folder.name}\0".encode())
            _tree(folder, digests, into)
    return into.hexdigest()


def student_fingerprint(school: str, student_dir: Path, options: str, digests: DigestCache) -> tuple[str, dict[str, str]]:
    """A student's fingerprint (the school's, the build options such as the link, and every file of the folder),
    and the digest of each file by its path in the folder, so the build need not read the photos again."""
    into = hashlib.sha256(f"{school}\0{options}\0".encode())
    seen: dict[str, str] = {}
    _tree(student_dir, digests, into, seen)
    return into.hexdigest(), seen
