"""The theme's files (scripts, styles, icons, search workers) stored once for all published sites.

A published site does not carry its own copy of the theme: the files are in `<out>/assets/<version>/`, beside the
students' folders, and every page links to them with a relative address (`../assets/<version>/...`). The version is
a digest of the files' names and bytes, so a new theme, a new mkdocs-material or a school's changed stylesheet gets
a new folder and never changes the files a published site already uses. A version's folder is made complete in a
staging folder and moved into place in one step; it is removed only when no published site names it any more.

An exported site (`plp export`) is built with its own copy of the theme, so the zip opens on its own.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

__all__ = [
    "SHARED_FOLDER",
    "assets_present",
    "ensure_assets",
    "remove_unused_assets",
    "shared_address",
    "theme_version",
]

SHARED_FOLDER = "assets"
"""The folder of shared theme files at the top of the published folder (no student's folder is named so: a
student's folder name always ends with a token)."""
PREFIX = "assets/"
"""Only the theme's files under assets/ are shared; a site's own files (processed photos, media) stay in it."""
_MARK = ".plp-assets.json"
_FORMAT = "1"
"""Changes when the way the shared copy is made changes (e.g. what theme.cut_other_hosts cuts)."""
_VERSIONS: dict[tuple[tuple[str, str, int, int], ...], str] = {}
"""This process's versions by the files' names, paths, sizes and times: each theme is hashed once per process."""


def theme_version(files: Mapping[str, Path]) -> str:
    """The version of a set of theme files (address in the site -> file): a digest of their addresses and bytes."""
    key = tuple(sorted((uri, str(path), *_status(path)) for uri, path in files.items()))
    if key not in _VERSIONS:
        digest = hashlib.sha256(_FORMAT.encode())
        for uri, path, _, _ in key:
            digest.update(f"{uri}\0".encode())
            digest.update(hashlib.sha256(Path(path).read_bytes()).digest())
        _VERSIONS[key] = digest.hexdigest()[:16]
    return _VERSIONS[key]


def _status(path: Path) -> tuple[int, int]:
    found = path.stat()
    return found.st_size, found.st_mtime_ns


def assets_present(out: Path, version: str) -> bool:
    """Whether the shared folder of this version is complete in the published folder."""
    return (out / SHARED_FOLDER / version / _MARK).is_file()


def ensure_assets(out: Path, version: str, files: Mapping[str, Path], staging: Path, finish: Iterable[object] = ()) -> None:
    """Put the shared folder of this version in place, unless it is there: copied into `staging` (a new folder on
    the published folder's file system), completed, then moved into place in one step. Two builds making the
    same version at once both succeed (the files are the same); the second one's copy is removed.

    `finish` is called with the staged folder before it is moved into place (to cut what must not be published)."""
    target = out / SHARED_FOLDER / version
    if assets_present(out, version):
        return
    shutil.rmtree(staging, ignore_errors=True)
    try:
        for uri, path in files.items():
            copy = staging / uri.removeprefix(PREFIX)
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, copy)
        for step in finish:
            step(staging)  # type: ignore[operator]
        (staging / _MARK).write_text(json.dumps({"version": version, "files": len(files)}), encoding="utf-8")
        staging.chmod(0o755)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            staging.rename(target)
        except OSError:
            if not assets_present(out, version):
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def shared_address(value: str, resolved: str, version: str) -> str:
    """The address of a shared theme file from a page: `resolved` is MkDocs' address of `value` (a path in the
    site, like assets/javascripts/bundle.js) from that page, e.g. ../../assets/javascripts/bundle.js."""
    up = resolved[: len(resolved) - len(value)] if resolved.endswith(value) else ""
    return f"{up}../{SHARED_FOLDER}/{version}/{value.removeprefix(PREFIX)}"


def remove_unused_assets(out: Path, used: Callable[[], set[str]], *, one_built: bool) -> list[str]:
    """Remove the shared folders that no published site uses (`used`: the versions the sites' markers name, asked
    only when it matters). With `one_built` (a site of this build is published, so the version it names is there),
    a single shared folder is in use and nothing is read. Returns the versions removed."""
    folder = out / SHARED_FOLDER
    removed: list[str] = []
    with contextlib.suppress(OSError):
        versions = sorted(entry for entry in folder.iterdir() if entry.is_dir() and not entry.is_symlink())
        if one_built and len(versions) <= 1:
            return removed
        in_use = used()
        for entry in versions:
            if entry.name not in in_use:
                # Out of sight first (a dot name no address uses), so no half-removed version is ever served.
                hidden = entry.with_name(f".plp-removing-{entry.name}-{os.getpid()}")
                entry.rename(hidden)
                shutil.rmtree(hidden, ignore_errors=True)
                removed.append(entry.name)
    return removed
