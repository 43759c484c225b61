"""`plp archive`: snapshot every student's published site and source for a school year, read-only."""

from __future__ import annotations

import os
import re
import shutil
import stat
from pathlib import Path

from plp_site.files import Kind, Refused, is_link, open_file, walk
from plp_site.links import LinkKeys, slug_for
from plp_site.sharedassets import SHARED_FOLDER

__all__ = ["ArchiveError", "archive_year"]

_YEAR = re.compile(r"^(\d{4})-(\d{4})$")
_READ_ONLY_FILE = stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH
_READ_ONLY_FOLDER = _READ_ONLY_FILE | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH


class ArchiveError(Exception):
    """The archive cannot be made (bad year, or that year is already archived)."""


def _read_only(folder: Path) -> None:
    for directory, dirnames, filenames in os.walk(folder, topdown=False):
        for name in filenames:
            # chmod follows links: a link must never make a file elsewhere read-only.
            if not (Path(directory) / name).is_symlink():
                (Path(directory) / name).chmod(_READ_ONLY_FILE)
        for name in dirnames:
            if not (Path(directory) / name).is_symlink():
                (Path(directory) / name).chmod(_READ_ONLY_FOLDER)
    folder.chmod(_READ_ONLY_FOLDER)


def _copy_source(folder: Path, target: Path) -> None:
    """Copy the regular files of a student's folder (a link to a file inside it as a copy of that file). Special
    files are never opened, and links that leave the folder or lead to folders are never followed."""
    target.mkdir(parents=True)
    for entry in walk(folder):
        if entry.kind is not Kind.FILE:
            continue
        try:
            source = open_file(entry.path, folder)
        except (Refused, OSError):
            continue  # changed since it was listed
        copy = target / entry.relative
        copy.parent.mkdir(parents=True, exist_ok=True)
        with source, copy.open("xb") as handle:
            shutil.copyfileobj(source, handle, 1 << 20)


def archive_year(
    year: str, student_ids: list[str], *, students_dir: Path, out: Path, archive_dir: Path, keys: LinkKeys
) -> tuple[list[str], list[str]]:
    """Copy each student's published site into <archive>/<year>/site/<slug>/ and source into
    <archive>/<year>/source/<id>/, then make it all read-only. Returns (archived, without a published site)."""
    found = _YEAR.match(year)
    if not found or int(found.group(2)) != int(found.group(1)) + 1:
        raise ArchiveError(f"--year must be a school year like 2025-2026, got {year!r}")
    target = archive_dir / year
    if target.exists():
        raise ArchiveError(f"{target} already exists: a year is archived once and never overwritten")
    partial = archive_dir / f".{year}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    archived, missing = [], []
    for student_id in student_ids:
        slug = slug_for(student_id, keys)
        site = out / slug
        # A student folder that is a link is never published, and its source would be another student's files.
        if not site.is_dir() or is_link(students_dir / student_id):
            missing.append(student_id)
            continue
        shutil.copytree(site, partial / "site" / slug, ignore=shutil.ignore_patterns(".plp-*"))
        _copy_source(students_dir / student_id, partial / "source" / student_id)
        archived.append(student_id)
    shared = out / SHARED_FOLDER
    if archived and shared.is_dir() and not shared.is_symlink():
        # The theme's files the sites share (plp_site.sharedassets), in the same place beside them.
        shutil.copytree(shared, partial / "site" / SHARED_FOLDER, ignore=shutil.ignore_patterns(".plp-removing-*"))
    partial.mkdir(parents=True, exist_ok=True)
    partial.rename(target)
    _read_only(target)
    return archived, missing
