"""Fingerprints: a hash of everything one student's site depends on, to skip students that did not change.

File contents are hashed once and remembered by (size, modification time) in .plp/state/digests.json, so an
unchanged school is checked without reading any file again, and without asking git. When the school is a Git work
tree and a file is not in that cache, a tracked file that git reports unmodified is not read at all: its blob id
stands for its content (plp_site.photos.keys), so a fresh clone (new times, same bytes) finds its photos in a
restored image cache without hashing them. Git is asked once, the first time a file of at least `GIT_MIN_BYTES`
is not in the cache; smaller files (the Markdown pages) are read, which costs less than asking git about the whole
school.
Students' files are hashed in chunks through plp_site.files, and only when the folder is within the school's size
limit: an oversized folder fails its build anyway, so it is fingerprinted by sizes and times alone.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from plp_site.files import RACY_NANOSECONDS, Entry, Kind, Refused, file_digest, filesystem_now, walk
from plp_site.media.cache import PIPELINE_VERSION as MEDIA_PIPELINE
from plp_site.photos.keys import tracked_blobs

__all__ = ["GIT_MIN_BYTES", "DigestCache", "Listing", "school_fingerprint", "student_fingerprint"]

GIT_MIN_BYTES = 64 * 1024
"""Files at least this big (photos, videos, documents) take their key from git when git vouches for them."""

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
    # Media: a new FFmpeg, PDF or SVG library may make different published copies.
    "av",
    "pikepdf",
    "pypdfium2",
    "resvg-py",
)


@dataclass
class DigestCache:
    """Content digests of files, remembered by path, size and modification time."""

    path: Path
    entries: dict[str, list[object]] = field(default_factory=dict)
    changed: bool = False
    git_root: Path | None = None
    """The Git work tree to ask about files that are not in the cache (None: never ask)."""
    git_min_bytes: int = GIT_MIN_BYTES
    _tracked: dict[str, str] | None = field(default=None, repr=False)
    _asked: int = 0
    """When git was asked (by the files' clock): a file changed since may have changed after git looked."""
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def load(cls, path: Path, git_root: Path | None = None, git_min_bytes: int = GIT_MIN_BYTES) -> DigestCache:
        """The cache stored at path (empty when missing or unreadable). Git is asked about the files under
        git_root only when a file of at least git_min_bytes is not in the cache (one `git` call; nothing when git
        is missing or git_root is not in a Git work tree)."""
        try:
            entries = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            entries = {}
        return cls(path, entries if isinstance(entries, dict) else {}, git_root=git_root, git_min_bytes=git_min_bytes)

    @property
    def tracked(self) -> dict[str, str]:
        """Git's keys of the tracked, unmodified files, by path (asked once, from any thread)."""
        with self._lock:
            if self._tracked is None:
                self._asked = filesystem_now(self.path.parent)
                self._tracked = tracked_blobs(self.git_root) if self.git_root is not None else {}
            return self._tracked

    def digest(self, file: Path | str, inside: Path | None = None, status: tuple[int, int] | None = None) -> str:
        """The sha256 of a regular file's bytes (read in chunks; see plp_site.files.open_file for `inside`), or Git's
        key for it when it is at least git_min_bytes, git reported it tracked and unmodified, and it had not changed
        just before git was asked. Either is remembered by the file's size and time.

        `status` is the file's (size, modification time) when the caller knows it, so a known file is not opened."""
        key = str(file)
        if status is None:
            found = os.stat(file)  # noqa: PTH116 (the caller may give text: no Path made for each file)
            status = (found.st_size, found.st_mtime_ns)
        known = self.entries.get(key)
        if known and len(known) == 3 and known[0] == status[0] and known[1] == status[1]:
            return str(known[2])
        blob = self.tracked.get(key) if status[0] >= self.git_min_bytes else None
        if blob is not None and status[1] < self._asked - RACY_NANOSECONDS:
            self.entries[key] = [status[0], status[1], blob]
            self.changed = True
            return blob
        digest, opened = file_digest(Path(file), inside)
        self.entries[key] = [opened.st_size, opened.st_mtime_ns, digest]
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
        self.changed = False


def _tree(folder: Path, digests: DigestCache, into: hashlib._Hash) -> None:
    """The school's own files (theme, plp-site's code): links are the school's to make, so they are followed.

    Bytecode caches (`__pycache__`) and hidden folders are left out: Python writes bytecode when it first runs a
    module (a first `plp preview` or `plp sync`), which is no change to the code."""
    found: list[tuple[str, Path]] = []
    for directory, dirnames, filenames in os.walk(folder):
        # Pruned before os.walk goes down into them (it goes down after this step of the loop).
        dirnames[:] = [name for name in dirnames if name != "__pycache__" and not name.startswith(".")]
        for name in filenames:
            path = Path(directory) / name
            if path.is_file():
                found.append((path.relative_to(folder).as_posix(), path))
    for relative, path in sorted(found):
        into.update(f"{relative}\0{digests.digest(path)}\n".encode())


@dataclass
class Listing:
    """What a student's fingerprint looked at (plp_site.foldermemo keeps it): each folder listed with its times,
    taken before it was listed, and each file with its size and times; `plain` when every name was a plain file
    or folder."""

    folders: list[tuple[str, int, int]] = field(default_factory=list)
    files: list[tuple[str, int, int, int]] = field(default_factory=list)
    plain: bool = True


def _student_tree(
    folder: Path, digests: DigestCache, into: hashlib._Hash, seen: dict[str, str], *, limit: int | None, listing: Listing
) -> None:
    """A student's folder: regular files by content, everything else (links, special files) by what it is."""
    if folder.is_symlink():
        into.update(b"\0a link\n")
        listing.plain = False
        return
    entries = list(walk(folder, folders=listing.folders))
    by_content = limit is None or sum(e.size for e in entries) <= limit
    for entry in entries:
        content = _content(entry, folder, digests) if by_content else None
        into.update(f"{entry.relative}\0{content or _described(entry)}\n".encode())
        if content:
            seen[entry.relative] = content
        listing.plain = listing.plain and entry.kind is Kind.FILE
        listing.files.append((entry.relative, entry.size, entry.modified, entry.changed))


def _content(entry: Entry, folder: Path, digests: DigestCache) -> str | None:
    if entry.kind is not Kind.FILE:
        return None
    try:
        return digests.digest(entry.location, folder, (entry.size, entry.modified))
    except (Refused, OSError):
        return None  # changed since it was listed; its build says what is wrong with it


def _described(entry: Entry) -> str:
    """What stands for an entry that is not hashed: a link's target, a special file's kind, a file's size and time."""
    if entry.kind is Kind.FILE:
        return f"{entry.size} {entry.modified}"
    try:
        target = str(entry.path.readlink())
    except OSError:
        target = ""
    return f"{entry.kind.value} {target}"


def _versions() -> str:
    found = []
    for name in _DISTRIBUTIONS:
        try:
            found.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name}=?")
    # The media pipeline's own version; the school's media limits and downloads are in mkdocs.yml, hashed with it.
    found.append(f"media-pipeline={MEDIA_PIPELINE}")
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


def student_fingerprint(
    school: str,
    student_dir: Path,
    options: str,
    digests: DigestCache,
    *,
    limit: int | None = None,
    listing: Listing | None = None,
) -> tuple[str, dict[str, str]]:
    """A student's fingerprint (the school's, the build options such as the link, and every file of the folder),
    and the digest of each file by its path in the folder, so the build need not read the photos again.

    Files are read only when the folder holds at most `limit` bytes (the school's folder limit). `listing`, when
    given, is filled with what was looked at."""
    into = hashlib.sha256(f"{school}\0{options}\0".encode())
    seen: dict[str, str] = {}
    _student_tree(student_dir, digests, into, seen, limit=limit, listing=listing if listing is not None else Listing())
    return into.hexdigest(), seen
