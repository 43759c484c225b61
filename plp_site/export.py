"""The graduation archive: one student's portfolio as a zip to keep, which opens without a server."""

from __future__ import annotations

import os
import tempfile
import zipfile
from pathlib import Path

from plp_site.build import StudentJob, StudentResult, build_student
from plp_site.school import School

__all__ = ["export_student"]

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
        job = StudentJob(school.root, school.config_file, student_id, "site", Path(scratch), offline=True)
        result = build_student(job)
        if result.status != "built":
            return result
        top = f"{student_id}-portfolio"
        partial = output.with_name(f".{output.name}.partial")
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            _add_tree(archive, Path(scratch) / "site", f"{top}/site")
            _add_tree(archive, school.students_dir / student_id, f"{top}/source")
            name = result.name or student_id
            archive.writestr(f"{top}/README.txt", _README.format(name=name, line="=" * (len(name) + 12)))
        partial.replace(output)
        return result


def _add_tree(archive: zipfile.ZipFile, folder: Path, prefix: str) -> None:
    for directory, dirnames, filenames in os.walk(folder):
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(directory) / name
            if name.startswith(".plp-") or path.is_symlink():
                continue
            archive.write(path, f"{prefix}/{path.relative_to(folder).as_posix()}")
