"""A student's own repository as `plp check` sees it: its top is the student's folder, and `.plp/school.yml` holds
a copy of the `plp` plugin's options (and the site name and Markdown extensions) of the school's mkdocs.yml, so
the student is checked there just as the school's build will check them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from plp_site.checker import check_student
from plp_site.diagnostics import Report
from plp_site.requirements import ConfigError, Requirements
from plp_site.scaffold import id_from_name
from plp_site.school import plugin_options, read_settings, school_requirements
from plp_site.studentrepo.layout import SETTINGS_FILE

__all__ = ["StudentRepository", "check_repository", "open_student_repository", "settings_copy"]

_HEADER = """\
# The school's settings for `plp check` in this repository: a copy of the `plp` options in the school's
# mkdocs.yml, written by `plp new student-repo`. The school builds the sites with its own mkdocs.yml, so a
# change here changes only what plp check says here: ask your teacher for a new copy when the school changes them.
"""


@dataclass(frozen=True)
class StudentRepository:
    """A student's own repository: its top is the student's folder, with the school's settings in .plp/."""

    root: Path
    requirements: Requirements
    student_id: str
    """A name for the student in messages (the school's roster gives the real id)."""

    def holds(self, paths: list[str]) -> bool:
        """Whether any of the files (relative to the current folder, as pre-commit passes them) is the student's
        own, outside the repository's hidden folders."""
        inside = (Path(given).resolve() for given in paths)
        return any(
            p.is_relative_to(self.root) and p != self.root and not p.relative_to(self.root).parts[0].startswith(".")
            for p in inside
        )


def open_student_repository(root: Path) -> StudentRepository | None:
    """The student's own repository at root, or None when root is not one (a school folder, say); raise
    ConfigError when root is a student's folder without the school's settings, or they cannot be read."""
    root = root.resolve()
    settings_file = root / SETTINGS_FILE
    if (root / "mkdocs.yml").is_file():
        return None
    if not settings_file.is_file():
        if (root / "student.yml").is_file():
            raise ConfigError(
                f"{root} is a student's folder without the school's settings ({SETTINGS_FILE}): run plp check in the "
                "school folder, or ask your teacher for the file (plp new student-repo writes it)"
            )
        return None
    requirements = school_requirements(read_settings(settings_file, SETTINGS_FILE), SETTINGS_FILE)
    return StudentRepository(root, requirements, id_from_name(root.name) or "student")


def check_repository(repository: StudentRepository) -> Report:
    """Every finding about the student, with paths from the top of the repository."""
    return check_student(repository.root, repository.student_id, repository.requirements, repository=True).report


def settings_copy(config_file: Path) -> str:
    """The text of `.plp/school.yml` for a school's mkdocs.yml: its site_name, markdown_extensions and the `plp`
    plugin's options, in the shape of mkdocs.yml so both are read the same way."""
    settings = read_settings(config_file)
    options = plugin_options(settings)
    if options is None:
        raise ConfigError("mkdocs.yml: the `plp` plugin is not listed under `plugins:`")
    given = settings if isinstance(settings, dict) else {}
    copy: dict[str, object] = {key: given[key] for key in ("site_name", "markdown_extensions") if key in given}
    copy["plugins"] = [{"plp": options}]
    return _HEADER + yaml.safe_dump(copy, allow_unicode=True, sort_keys=False, width=120)
