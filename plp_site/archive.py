"""`plp archive`: snapshot every student's published site and source for a school year, read-only."""

from __future__ import annotations

import os
import re
import shutil
import stat
from pathlib import Path

from plp_site.links import LinkKeys, slug_for

__all__ = ["ArchiveError", "archive_year"]

_YEAR = re.compile(r"^(\d{4})-(\d{4})$")
_READ_ONLY_FILE = stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH
_READ_ONLY_FOLDER = _READ_ONLY_FILE | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH


class ArchiveError(Exception):
    """The archive cannot be made (bad year, or that year is already archived)."""


def _read_only(folder: Path) -> None:
    for directory, dirnames, filenames in os.walk(folder, topdown=False):
        for name in filenames:
            (Path(directory) / name).chmod(_READ_ONLY_FILE)
        for name in dirnames:
            (Path(directory) / name).chmod(_READ_ONLY_FOLDER)
    folder.chmod(_READ_ONLY_FOLDER)


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
        if not site.is_dir():
            missing.append(student_id)
            continue
        shutil.copytree(site, partial / "site" / slug, ignore=shutil.ignore_patterns(".plp-*"))
        shutil.copytree(students_dir / student_id, partial / "source" / student_id, symlinks=True)
        archived.append(student_id)
    partial.mkdir(parents=True, exist_ok=True)
    partial.rename(target)
    _read_only(target)
    return archived, missing
