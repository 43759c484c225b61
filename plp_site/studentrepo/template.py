"""`plp new student-repo`: the repository a school gives each student (a GitHub Classroom template, or a GitLab
project per student). Its top is the student's folder with guiding prompts, beside the school's settings for
`plp check`, the editor schemas, a CI check, the pre-commit hook and the browser editor."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from plp_site.i18n import Labels, labels_for
from plp_site.scaffold import ScaffoldError, new_student
from plp_site.schema import SCHEMA_FILES, write_schemas
from plp_site.school import School
from plp_site.studentrepo.admin import admin_files
from plp_site.studentrepo.ci import ci_files, install_from
from plp_site.studentrepo.editor import Backend
from plp_site.studentrepo.layout import EDITOR_FOLDER, SETTINGS_FILE
from plp_site.studentrepo.repository import settings_copy

__all__ = ["TemplateOptions", "write_student_repo"]

_SCHEMAS = ".plp/schemas"
_GITIGNORE = """\
# plp check's processed copies of photos and media (safe to delete)
.plp/cache/
"""


@dataclass(frozen=True)
class TemplateOptions:
    """What the school chooses for its students' repositories."""

    grade: int
    language: str
    """The language of the prompts, the editor's labels and the README."""
    host: str = "github"
    """github or gitlab: the CI file and the editor's backend."""
    repo: str = "OWNER/REPO"
    """The student's repository on the host, for the editor (GitHub Classroom names one per student)."""
    package: str | None = None
    """Where CI and pre-commit install plp-site from (None: the CI variable PLP_SITE_PACKAGE)."""


def write_student_repo(out: Path, school: School, options: TemplateOptions, today: dt.date) -> Path:
    """Write the template into `out` (a new folder), all at once: it is made beside `out` and moved into place."""
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise ScaffoldError(f"{out} already exists; name a new folder")
    staging = out.parent / f".{out.name}.plp-new"
    if staging.exists():
        shutil.rmtree(staging)  # left by an interrupted `plp new student-repo`
    try:
        _write(staging, school, options, today)
        if out.exists():
            out.rmdir()
        staging.rename(out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return out


def _write(folder: Path, school: School, options: TemplateOptions, today: dt.date) -> None:
    labels = labels_for(options.language, school.requirements.translations)
    requirements = school.requirements
    new_student(folder.parent, labels("template.your_name"), options.grade, folder.name,
                requirements=requirements, language=options.language, today=today)  # fmt: skip
    write_schemas(folder / _SCHEMAS, requirements)
    texts = {
        SETTINGS_FILE: settings_copy(school.config_file),
        ".vscode/settings.json": _json({"yaml.schemas": {f"{_SCHEMAS}/{SCHEMA_FILES['student']}": "student.yml"}}),
        ".vscode/extensions.json": _json({"recommendations": ["redhat.vscode-yaml"]}),
        ".gitignore": _GITIGNORE,
        "README.md": _readme(labels),
        **ci_files(options.host, install_from(options.package)),
    }
    files = {path: text.encode("utf-8") for path, text in texts.items()}
    backend = Backend(options.host, options.repo)
    files.update({f"{EDITOR_FOLDER}/{name}": data for name, data in admin_files(requirements, options.language, backend).items()})
    for path, data in files.items():
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def _json(value: object) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


def _readme(labels: Labels) -> str:
    """A short guide for the student, in the template's language (never published: see layout.py)."""
    lines = [f"# {labels('template.readme_title')}", ""]
    for key in ("readme_intro", "readme_edit", "readme_prompts", "readme_check", "readme_settings"):
        lines += [labels(f"template.{key}"), ""]
    return "\n".join(lines)
