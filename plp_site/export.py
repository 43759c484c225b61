"""The graduation archive: one student's portfolio as a zip to keep, which opens without a server."""

from __future__ import annotations

import shutil
import stat
import tempfile
import time
import zipfile
from pathlib import Path

from plp_site.build import StudentJob, StudentResult
from plp_site.diskerrors import writing
from plp_site.files import Kind, Refused, open_file, walk
from plp_site.school import School
from plp_site.workers import run_jobs

__all__ = ["export_student"]

_ZIP_EARLIEST = 315_619_200  # 1980-01-02, a day after the zip format's first day, so every time zone can show it
_ZIP_LATEST = 4_354_819_199  # 2107-12-30

_README = """{name}'s portfolio
{line}

site/index.html   open this file in a web browser to see the portfolio (no internet needed)
source/           the original pages and photos, to keep or to bring to a new school

Made with plp-site.
"""


def export_student(school: School, student_id: str, output: Path) -> StudentResult:
    """Build the student's site for offline use and zip it with the original files; the zip is written only
    when the build succeeds (beside the output first, then moved into place)."""
    with tempfile.TemporaryDirectory(prefix="plp-export-") as scratch:
        # Built (and staged, see publish.staging_root) inside the scratch folder, which goes when the export ends;
        # in a supervised worker, so the school's time budget holds here too.
        built = Path(scratch) / "built"
        job = StudentJob(school.root, school.config_file, student_id, "site", built, offline=True)
        (result,) = run_jobs([job], 1, school.requirements.build_seconds)
        if result.status != "built":
            return result
        top = f"{student_id}-portfolio"
        partial = output.with_name(f".{output.name}.partial")
        try:
            with writing(output), zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                _add_tree(archive, built / "site", f"{top}/site")
                _add_tree(archive, school.students_dir / student_id, f"{top}/source")
                name = result.name or student_id
                archive.writestr(f"{top}/README.txt", _README.format(name=name, line="=" * (len(name) + 12)))
            with writing(output):
                partial.replace(output)
        finally:
            partial.unlink(missing_ok=True)  # a full disk must not leave half a zip behind
        return result


def _add_tree(archive: zipfile.ZipFile, folder: Path, prefix: str) -> None:
    """Every regular file under folder, by its path in it. Special files are never opened and links that leave
    the folder (or lead to folders) are never followed; a folder that is itself a link adds nothing."""
    for entry in walk(folder):
        if entry.kind is not Kind.FILE or entry.path.name.startswith(".plp-"):
            continue
        info = zipfile.ZipInfo(f"{prefix}/{entry.relative}", _zip_time(entry.modified))
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = (stat.S_IFREG | 0o644) << 16
        try:
            source = open_file(entry.path, folder)
        except (Refused, OSError):
            continue  # changed since it was listed
        with source, archive.open(info, "w", force_zip64=entry.size >= zipfile.ZIP64_LIMIT) as target:
            shutil.copyfileobj(source, target, 1 << 20)


def _zip_time(nanoseconds: int) -> tuple[int, int, int, int, int, int]:
    # A zip holds times from 1980 to 2107 only; a file dated outside them must not stop the export.
    seconds = min(max(nanoseconds // 1_000_000_000, _ZIP_EARLIEST), _ZIP_LATEST)
    return time.localtime(seconds)[:6]
