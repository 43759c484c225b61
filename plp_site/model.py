"""The portfolio model: plain frozen dataclasses, read once from a student's folder."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

__all__ = [
    "AREAS",
    "STATUSES",
    "ConferenceRecord",
    "Evidence",
    "Goal",
    "Heading",
    "ImageRef",
    "Link",
    "Page",
    "Portfolio",
    "RecordSection",
    "Reflection",
    "Removed",
    "SourceLocation",
    "Student",
]

AREAS = ("academic", "personal", "career", "civic", "other")
STATUSES = ("not-started", "in-progress", "met")


@dataclass(frozen=True, order=True)
class SourceLocation:
    """A place in a file: path relative to the school root (with /), 1-based line and column (0 = unknown)."""

    path: str
    line: int = 0
    column: int = 0


@dataclass(frozen=True)
class Heading:
    """A Markdown heading of a page."""

    level: int
    text: str
    location: SourceLocation


@dataclass(frozen=True)
class ImageRef:
    """An image a page shows: `![alt](target)` or `<img src=... alt=...>`."""

    alt: str
    target: str
    location: SourceLocation
    resolved: str | None = None
    """Path relative to the student folder when the target stays inside it, else None."""


@dataclass(frozen=True)
class Link:
    """A link a page makes to a local file (web addresses are not recorded)."""

    target: str
    location: SourceLocation
    resolved: str | None = None


@dataclass(frozen=True)
class Removed:
    """Raw HTML of a page that the published page will not have (an element, an attribute or an address)."""

    what: str
    location: SourceLocation
    hint: str = ""
    """How to keep what was meant, when there is a better way than the general advice."""


@dataclass(frozen=True)
class Page:
    """One Markdown file of a portfolio: where it is, its title and its Markdown body."""

    path: str
    """Path relative to the student folder, with /."""
    location: SourceLocation
    title: str
    body: str
    body_line: int
    headings: tuple[Heading, ...] = ()
    images: tuple[ImageRef, ...] = ()
    links: tuple[Link, ...] = ()
    field_lines: tuple[tuple[str, int], ...] = ()
    """The line of each front matter field, for findings about its value."""
    meta: tuple[tuple[str, str | bool], ...] = ()
    """The front matter's text and true/false values by name, as plp read them (the theme reads some itself)."""
    removed: tuple[Removed, ...] = ()
    """What the sanitizer will take out of the rendered page, where the student wrote it."""
    anchors: tuple[str, ...] = ()
    """The ids a link can jump to with `#id` on the rendered page (headings and elements with an id)."""
    titled: bool = True
    """Whether the student gave the title (front matter or a first heading); else it is made from the file name."""

    def line_of(self, name: str) -> int:
        """The line of a front matter field, or 1 when the field is not written."""
        return dict(self.field_lines).get(name, 1)

    @property
    def slug(self) -> str:
        """The file name without its folder and `.md`."""
        return self.path.rsplit("/", 1)[-1].removesuffix(".md")


@dataclass(frozen=True)
class Student:
    """What student.yml says about the student."""

    id: str
    name: str
    grade: int
    location: SourceLocation
    graduation_year: int | None = None
    advisor: str | None = None
    pronouns: str | None = None
    language: str | None = None
    writing_language: str | None = None
    photo: str | None = None
    last_conference: dt.date | None = None
    field_lines: tuple[tuple[str, int], ...] = ()

    def line_of(self, name: str) -> int:
        """The line of a field in student.yml, or 1 when it is not written."""
        return dict(self.field_lines).get(name, 1)


@dataclass(frozen=True)
class Goal:
    """A goal the student set, with its progress."""

    page: Page
    area: str
    status: str
    target: dt.date | None = None
    skills: tuple[str, ...] = ()
    agreed_at: dt.date | None = None
    """The date of the conference where the goal was agreed (a record in conferences/ of that date)."""
    set_on: dt.date | None = None
    """The day the goal was set (`set:` in its front matter)."""
    met_on: dt.date | None = None
    """The day the goal was met (`met:` in its front matter)."""


@dataclass(frozen=True)
class Reflection:
    """A dated reflection, optionally tied to a goal and marked for the conference."""

    page: Page
    date: dt.date
    skills: tuple[str, ...] = ()
    goal: str | None = None
    conference: bool = False


@dataclass(frozen=True)
class Evidence:
    """Evidence of growth: a page of images and words tied to skills."""

    page: Page
    date: dt.date | None = None
    skills: tuple[str, ...] = ()
    goal: str | None = None
    conference: bool = False


@dataclass(frozen=True)
class RecordSection:
    """One of the school's conference headings as a record has it: the heading and the Markdown under it."""

    index: int
    """The heading's place in the school's list of conference headings (0 = the first)."""
    heading: Heading
    text: str
    """The Markdown under the heading, up to the next heading of the same or a higher level."""
    first: int
    """The index in the page body's lines of the first line under the heading."""
    end: int
    """The index in the page body's lines just past the section's last line."""


@dataclass(frozen=True)
class ConferenceRecord:
    """What was said at one student-led conference: `conferences/<YYYY-MM-DD>.md`."""

    page: Page
    date: dt.date
    attendees: tuple[str, ...] = ()
    """Who was there, in the student's own words (student, mother, advisor...)."""
    language: str | None = None
    """The language the conversation was in, and the family's words are written in (a language code)."""
    sections: tuple[RecordSection, ...] = ()
    """The school's conference headings the record has, in the order written."""

    def section(self, index: int) -> RecordSection | None:
        """The record's section under the school's heading number `index`, if it has one."""
        return next((section for section in self.sections if section.index == index), None)


@dataclass(frozen=True)
class Portfolio:
    """Everything read from one student's folder; None/empty where a part is missing or unreadable."""

    student_id: str
    folder: str
    """The student folder relative to the school root, e.g. students/ada ("" in a student's own repository)."""
    student: Student | None = None
    about_me: Page | None = None
    postsecondary: Page | None = None
    goals: tuple[Goal, ...] = ()
    reflections: tuple[Reflection, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    files: frozenset[str] = field(default_factory=frozenset)
    """Every regular file in the folder, relative to it, with /."""
    conferences: tuple[ConferenceRecord, ...] = ()
    """The conference records, oldest first."""

    def location(self, relative: str, line: int = 0, column: int = 0) -> SourceLocation:
        """A location for a file of this portfolio given relative to the student folder."""
        # A student's own repository is checked from its top: its folder is "" and paths are the files' own.
        path = "/".join(part for part in (self.folder, relative) if part) or "."
        return SourceLocation(path, line, column)

    @property
    def pages(self) -> tuple[Page, ...]:
        """Every Markdown page, in a stable order."""
        singles = tuple(p for p in (self.about_me, self.postsecondary) if p is not None)
        return (
            singles
            + tuple(g.page for g in self.goals)
            + tuple(r.page for r in self.reflections)
            + tuple(e.page for e in self.evidence)
            + tuple(c.page for c in self.conferences)
        )
