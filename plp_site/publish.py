"""Put finished sites in place atomically, tidy old ones, and guard a school folder against two builds."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import datetime as dt
import errno
import functools
import json
import os
import shutil
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from plp_site.dates import source_date_epoch
from plp_site.diskerrors import write_whole, writing
from plp_site.frontpage import front_page
from plp_site.sharedassets import assets_present

__all__ = [
    "BuildLocked",
    "assets_in_use",
    "build_lock",
    "discard",
    "install_site",
    "new_staging",
    "published_since",
    "recover",
    "remove_stale_sites",
    "replace_with_notice",
    "site_is_intact",
    "staging_folder",
    "staging_root",
    "tidy_staging",
    "write_out_root",
]

MARKER = ".plp-site.json"
NOTICE_MARKER = ".plp-notice.json"
"""Marks a folder that holds the notice of an old link: no student's site, so later builds leave it as it is."""
_STAGING_SUFFIX = ".plp-staging"
_STAGING_INSIDE = ".plp-staging"
_STAGING_PREFIX = ".plp-staging-"
"""How staging folders inside the published folder were named by earlier versions (removed by `recover`)."""
_OLD_PREFIX = ".plp-old-"
_RENAME_EXCHANGE = 2


class BuildLocked(Exception):
    """Another `plp build` holds the school's lock."""


def _try_lock(handle: IO[str]) -> bool:
    """Take an exclusive lock on an open file without waiting; False when someone else holds it."""
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except OSError:
            return False
        return True
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


@contextlib.contextmanager
def build_lock(root: Path) -> Iterator[None]:
    """Hold .plp/build.lock for the whole build; raise BuildLocked at once if another build has it.

    The operating system drops the lock when the process ends, however it ends, so a killed build never
    leaves the school locked."""
    path = root / ".plp" / "build.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+", encoding="ascii") as handle:
        if not _try_lock(handle):
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise BuildLocked(f"another plp build is running in {root} ({holder}); wait for it to finish")
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        try:
            yield
        finally:
            handle.truncate(0)


def staging_root(out: Path) -> Path:
    """The folder where the sites of `out` are built before they are published: a hidden sibling of `out`, so a
    web server that serves `out` never serves a half-built site, even one a killed build left behind.

    A rename must move a finished site into `out`, so the folder is on the same file system: where the sibling
    cannot be made there (a parent folder plp may not write to, or `out` is a mount point of its own), it is a
    hidden folder inside `out` instead."""
    out.mkdir(parents=True, exist_ok=True)
    sibling = out.parent / f".{out.name}{_STAGING_SUFFIX}"
    try:
        if sibling.is_symlink() or (sibling.exists() and not sibling.is_dir()):
            sibling.unlink()  # the name is plp's own: whatever else is there is not
        sibling.mkdir(mode=0o700, exist_ok=True)
        if sibling.stat().st_dev == out.stat().st_dev:
            return sibling
        sibling.rmdir()
    except OSError:
        pass  # e.g. a parent folder plp may not write to: the folder inside `out` is the one left
    inside = out / _STAGING_INSIDE
    inside.mkdir(mode=0o700, exist_ok=True)
    return inside


def staging_folder(out: Path, slug: str) -> Path:
    """The one staging folder of a student's site (a build of one school never builds a student twice at once)."""
    return staging_root(out) / slug


def new_staging(out: Path, slug: str) -> Path:
    """A new empty, private staging folder for one student's build (what a stopped build left there is removed)."""
    folder = staging_folder(out, slug)
    discard(folder)
    folder.mkdir(mode=0o700)
    return folder


def discard(folder: Path) -> None:
    """Remove a folder and everything in it, if it is there."""
    if folder.is_symlink() or folder.is_file():
        folder.unlink()
    elif folder.exists():
        shutil.rmtree(folder, ignore_errors=True)


@functools.cache
def _renameat2() -> Any:
    """The C library's renameat2, looked up once per process (find_library runs ldconfig, slow), or None."""
    library = ctypes.util.find_library("c")
    return getattr(ctypes.CDLL(library, use_errno=True), "renameat2", None) if library else None


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one atomic step (Linux renameat2); False where the system cannot."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    at_cwd = -100
    result = renameat2(at_cwd, os.fsencode(first), at_cwd, os.fsencode(second), _RENAME_EXCHANGE)
    if result != 0:
        code = ctypes.get_errno()
        if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
            return False
        raise OSError(code, os.strerror(code), str(first))
    return True


def _manifest(folder: Path) -> dict[str, int]:
    """Every file of a site by its path in it, with its size (the marker file left out)."""
    sizes = {}
    for directory, _, filenames in os.walk(folder):
        for name in filenames:
            if name != MARKER:
                path = os.path.join(directory, name)  # noqa: PTH118 - strings: a site has thousands of files
                sizes[os.path.relpath(path, folder).replace(os.sep, "/")] = os.stat(path).st_size  # noqa: PTH116
    return dict(sorted(sizes.items()))


def install_site(staging: Path, destination: Path, student_id: str, fingerprint: str = "", *, assets: str = "") -> None:
    """Move a complete site into place; the old one is replaced in one step and then removed.

    The marker file lists the site's files with their sizes (so a later build sees a file deleted or cut short
    without listing any folder) and names the version of the shared theme files the site uses (`assets`)."""
    sizes = _manifest(staging)
    marker = {
        "student": student_id,
        "fingerprint": fingerprint,
        "files": len(sizes),
        "bytes": sum(sizes.values()),
        "sizes": sizes,
        "assets": assets,
    }
    (staging / MARKER).write_text(json.dumps(marker), encoding="utf-8")
    _date_marker(staging / MARKER)
    _put_in_place(staging, destination)


def _date_marker(marker: Path) -> None:
    """The marker's time says when the site went online (published_since); with SOURCE_DATE_EPOCH set, that time
    stands for it, so two builds of the same sources write the same staff data."""
    epoch = source_date_epoch()
    if epoch is not None:
        os.utime(marker, (epoch, epoch))


def replace_with_notice(folder: Path, files: Mapping[str, str]) -> None:
    """Put a notice (its files by path) in place of a published site in one step, and remove the site: nothing of
    it stays. When the notice cannot be written, the site stays exactly as it was (WriteError in plain words)."""
    staging = new_staging(folder.parent, folder.name)
    try:
        with writing(folder):
            for relative, text in files.items():
                path = staging / relative
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
            (staging / NOTICE_MARKER).write_text(json.dumps({"notice": "link changed"}), encoding="utf-8")
            _put_in_place(staging, folder)
    finally:
        discard(staging)


def _put_in_place(staging: Path, destination: Path) -> None:
    """Move a complete folder to destination; what was there is replaced in one step and then removed."""
    staging.chmod(0o755)  # private while it was built; a web server must read it
    if not destination.exists():
        staging.rename(destination)
        return
    if _exchange(staging, destination):
        shutil.rmtree(staging)
        return
    # Without an atomic exchange: move the old site aside first (beside the staging folder, never into the
    # published folder); `recover` puts it back after a crash.
    old = staging.with_name(f"{_OLD_PREFIX}{destination.name}")
    destination.rename(old)
    staging.rename(destination)
    shutil.rmtree(old)


def recover(out: Path) -> None:
    """Undo what an interrupted build left: restore sites moved aside and delete unfinished ones."""
    if not out.is_dir():
        return
    sibling = out.parent / f".{out.name}{_STAGING_SUFFIX}"
    for folder in (sibling, out / _STAGING_INSIDE, out):
        for entry in _entries(folder):
            if entry.name.startswith(_OLD_PREFIX):
                _restore(entry, out / entry.name.removeprefix(_OLD_PREFIX))
            elif folder != out or entry.name.startswith(_STAGING_PREFIX):
                discard(entry)
    tidy_staging(out)


def tidy_staging(out: Path) -> None:
    """Remove the staging folders of `out` when nothing is left in them."""
    for folder in (out.parent / f".{out.name}{_STAGING_SUFFIX}", out / _STAGING_INSIDE):
        with contextlib.suppress(OSError):
            folder.rmdir()


def _entries(folder: Path) -> list[Path]:
    if folder.is_symlink() or not folder.is_dir():
        return []
    return sorted(folder.iterdir())


def _restore(moved: Path, published: Path) -> None:
    if published.exists():
        discard(moved)
    else:
        moved.rename(published)


def site_is_intact(folder: Path, fingerprint: str) -> bool:
    """True when a published site was built from this fingerprint and still has all its files."""
    try:
        marker = json.loads((folder / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(marker, dict) or marker.get("fingerprint") != fingerprint:
        return False
    sizes, assets = marker.get("sizes"), marker.get("assets")
    if not isinstance(sizes, dict) or not isinstance(assets, str) or (assets and not assets_present(folder.parent, assets)):
        return False
    # Each listed file by its name (no folder is listed): a missing file or one of another size is a broken site.
    top = str(folder)
    try:
        # Plain strings, not Path objects: this runs for every file of every student's site.
        return all(os.stat(os.path.join(top, path)).st_size == size for path, size in sizes.items())  # noqa: PTH116, PTH118
    except (OSError, TypeError, ValueError):
        return False


def published_student(folder: Path) -> str | None:
    """The student a published site folder belongs to, from its marker file."""
    try:
        return str(json.loads((folder / MARKER).read_text(encoding="utf-8"))["student"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def assets_in_use(out: Path) -> set[str]:
    """The versions of the shared theme files that the sites published in `out` use."""
    used = set()
    for entry in out.iterdir() if out.is_dir() else []:
        try:
            marker = json.loads((entry / MARKER).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(marker, dict) and isinstance(marker.get("assets"), str):
            used.add(marker["assets"])
    return used


def published_since(folder: Path) -> str | None:
    """When the site in a folder went online (local date and time, ISO 8601), or None when no site of plp's is there.

    The marker file is written just before the finished site is moved into place, so its time is the publishing's."""
    try:
        written = (folder / MARKER).stat().st_mtime
    except OSError:
        return None
    return dt.datetime.fromtimestamp(written).astimezone().isoformat(timespec="seconds")


def remove_stale_sites(
    out: Path,
    current: dict[str, str],
    *,
    all_students: bool,
    notice: Callable[[str], Mapping[str, str]] | None = None,
) -> list[str]:
    """Tidy sites under an old link of a student in `current` (id -> slug): each becomes the student's
    `notice(id)` files (see replace_with_notice), or is removed without one. Sites of a student who is gone are
    removed when the build covered all students. Only folders plp-site made as sites are touched (a notice never
    is). Returns the names of the folders changed."""
    removed = []
    in_use = set(current.values())
    for entry in sorted(out.iterdir()) if out.is_dir() else []:
        if entry.name in in_use:
            continue  # a current student's site, under the link they have now: never touched here
        owner = published_student(entry) if entry.is_dir() else None
        if owner is None or current.get(owner) == entry.name:
            continue
        if owner in current and notice is not None:
            replace_with_notice(entry, notice(owner))
            removed.append(entry.name)
        elif owner in current or all_students:
            shutil.rmtree(entry)
            removed.append(entry.name)
    return removed


def write_out_root(out: Path) -> None:
    """The top of the published folder: no list of students, and robots kept out."""
    with writing(out):
        out.mkdir(parents=True, exist_ok=True)
    write_whole(out / "index.html", front_page())
    write_whole(out / "robots.txt", "User-agent: *\nDisallow: /\n")
