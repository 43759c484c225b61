"""The portfolio model: plain frozen dataclasses, read once from a student's folder."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

__all__ = [
    "AREAS",
    "STATUSES",
    "Evidence",
    "Goal",
    "Heading",
    "ImageRef",
    "Link",
    "Page",
    "Portfolio",
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
class Portfolio:
    """Everything read from one student's folder; None/empty where a part is missing or unreadable."""

    student_id: str
    folder: str
    """The student folder relative to the school root, e.g. students/ada."""
    student: Student | None = None
    about_me: Page | None = None
    postsecondary: Page | None = None
    goals: tuple[Goal, ...] = ()
    reflections: tuple[Reflection, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    files: frozenset[str] = field(default_factory=frozenset)
    """Every regular file in the folder, relative to it, with /."""

    def location(self, relative: str, line: int = 0, column: int = 0) -> SourceLocation:
        """A location for a file of this portfolio given relative to the student folder."""
        path = f"{self.folder}/{relative}" if relative else self.folder
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
        )
