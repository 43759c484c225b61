"""What the demo school holds, read from students/ at collection time: who each student is and which pages they get."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import yaml

from plp_site.i18n import Labels, labels_for

__all__ = [
    "BUILD_DATE",
    "DEMO_STUDENTS",
    "PAGE_TYPES",
    "REPO",
    "STUDENT_IDS",
    "DemoStudent",
    "front_matter",
    "page_cases",
]

REPO = Path(__file__).resolve().parents[2]
STUDENTS = REPO / "students"
# The day the conference page says it was prepared on (the build runs with SOURCE_DATE_EPOCH set to it).
BUILD_DATE = dt.date(2026, 12, 1)
FUTURE_FROM_GRADE = 9
# Every page type a family can open, in the order of the site's navigation.
PAGE_TYPES = (
    "home",
    "goals",
    "goal",
    "reflections",
    "reflection",
    "evidence",
    "evidence-item",
    "skills",
    "journey",
    "conference",
    "conferences",
    "conference-record",
    "future",
    "search",
)
_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
_SEARCH_WORD = re.compile(r"\b[a-zA-Z]{8,}\b")


def front_matter(path: Path) -> dict[str, object]:
    """The YAML front matter of a Markdown page (empty when it has none)."""
    found = _FRONT_MATTER.match(path.read_text(encoding="utf-8"))
    data = yaml.safe_load(found.group(1)) if found else {}
    return data if isinstance(data, dict) else {}


@dataclass(frozen=True)
class DemoStudent:
    """One student of the demo school, as their family's site should show them."""

    student_id: str

    @cached_property
    def folder(self) -> Path:
        """The student's folder in the demo school."""
        return STUDENTS / self.student_id

    @cached_property
    def settings(self) -> dict[str, object]:
        """The student's student.yml."""
        data = yaml.safe_load((self.folder / "student.yml").read_text(encoding="utf-8"))
        assert isinstance(data, dict), f"{self.folder}/student.yml is not a mapping"
        return data

    @property
    def language(self) -> str:
        """The interface language of the site (the school's default, en, when student.yml names none)."""
        return str(self.settings.get("language") or "en")

    @property
    def labels(self) -> Labels:
        """plp-site's words in the student's language."""
        return labels_for(self.language)

    @property
    def has_future(self) -> bool:
        """Whether the site has a Future (postsecondary) page: grades 9 and up."""
        grade = self.settings.get("grade")
        return isinstance(grade, int) and grade >= FUTURE_FROM_GRADE

    def _pages(self, section: str) -> list[Path]:
        return sorted((self.folder / section).glob("*.md"))

    @property
    def goal_statuses(self) -> dict[str, str]:
        """Each goal's status by the goal's page name."""
        return {path.stem: str(front_matter(path).get("status")) for path in self._pages("goals")}

    @property
    def goal(self) -> str:
        """The goal page the tests open (the first by name)."""
        return self._pages("goals")[0].stem

    @property
    def reflection(self) -> Path:
        """The reflection the tests open and search for (the newest)."""
        return self._pages("reflections")[-1]

    @property
    def evidence_item(self) -> str:
        """The evidence page the tests open: the first one that shows an image."""
        with_image = [path for path in self._pages("evidence") if "![" in path.read_text(encoding="utf-8")]
        return (with_image or self._pages("evidence"))[0].stem

    @property
    def search_word(self) -> str:
        """A long plain word from the reflection's own text, to type into the search box."""
        body = _FRONT_MATTER.sub("", self.reflection.read_text(encoding="utf-8"))
        found = _SEARCH_WORD.search(body)
        assert found, f"{self.reflection} has no plain word of 8 letters or more to search for"
        return found.group(0).lower()

    @property
    def has_conference_records(self) -> bool:
        """Whether the student has conference records (conferences/<YYYY-MM-DD>.md), each a page of the site."""
        return bool(self._pages("conferences"))

    @property
    def conference_record(self) -> str:
        """The conference record the tests open: the newest (the file names are the dates)."""
        return self._pages("conferences")[-1].stem

    def path_of(self, page_type: str) -> str:
        """The address of a page type inside the student's site (relative to the site's folder)."""
        paths = {
            "home": "",
            "goals": "goals/",
            "goal": f"goals/{self.goal}/",
            "reflections": "reflections/",
            "reflection": f"reflections/{self.reflection.stem}/",
            "evidence": "evidence/",
            "evidence-item": f"evidence/{self.evidence_item}/",
            "skills": "skills/",
            "journey": "journey/",
            "conference": "conference/",
            "conferences": "conferences/",
            "conference-record": f"conferences/{self.conference_record}/" if self.has_conference_records else "",
            "future": "postsecondary/",
            "search": "",
        }
        return paths[page_type]


DEMO_STUDENTS = tuple(DemoStudent(path.name) for path in sorted(STUDENTS.iterdir()) if (path / "student.yml").is_file())
STUDENT_IDS = [student.student_id for student in DEMO_STUDENTS]


def page_cases(*, include_search: bool = False) -> list[tuple[DemoStudent, str]]:
    """(student, page type) for every page a student's site has; ids read `student-page`."""
    return [
        (student, page_type)
        for student in DEMO_STUDENTS
        for page_type in PAGE_TYPES
        if (page_type != "future" or student.has_future)
        and (page_type != "search" or include_search)
        and (page_type != "conference-record" or student.has_conference_records)
    ]
