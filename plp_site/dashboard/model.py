"""The dashboard's pages as data: each student's row (completeness, attention, site, findings) and each page's
students, attention groups and navigation. Pure: no files are read or written here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from plp_site.attention import GROUPS, AttentionGroup
from plp_site.dashboard.findings import PlainFinding, plain_findings
from plp_site.dashboard.slugs import advisor_slugs
from plp_site.dashboard.words import ATTENTION, KINDS, SECTION_NAMES, WORDS
from plp_site.dates import build_date, school_year_start
from plp_site.requirements import Requirements

if TYPE_CHECKING:
    from plp_site.staff import StaffRecord

__all__ = ["Group", "Page", "Row", "build_pages", "completeness", "make_rows", "published_since"]


@dataclass(frozen=True)
class Row:
    """One student as every page and the spreadsheet show them."""

    record: StaffRecord
    percent: int | None
    """How much of what the school requires is there (0-100); None when the folder was not read."""
    missing: tuple[str, ...]
    attention: tuple[str, ...]
    """The keys of the attention groups the student is in."""
    site: str
    """The site's state in words: published, or failed and whether the previous site is still online."""
    findings: tuple[PlainFinding, ...]
    conference_note: str = ""
    """Whether this school year's conference record (conferences/<date>.md) is written; "" without a conference."""

    @property
    def conference(self) -> str:
        """`2026-04-15, record written`, `2026-04-15, no record yet this year`, or – without a conference."""
        if not self.record.last_conference:
            return WORDS["not_set"]
        return f"{self.record.last_conference}, {self.conference_note}"

    @property
    def name(self) -> str:
        """The name, or the id when the name is not known."""
        return self.record.name or self.record.id

    @property
    def completeness_text(self) -> str:
        """`100% complete`, `60%, missing: About me, goals` or why it is not known."""
        if self.percent is None:
            return WORDS["not_read"]
        shown = WORDS["percent"].format(percent=self.percent)
        if not self.missing:
            return f"{shown} {WORDS['complete']}"
        return f"{shown}, " + WORDS["missing"].format(items=", ".join(self.missing))

    @property
    def findings_summary(self) -> str:
        """`Ada Lovelace: 1 error, 2 warnings`."""

        def counted(count: int, key: str) -> str:
            return WORDS[f"{key}_one"] if count == 1 else WORDS[key].format(count=count)

        errors, warnings = counted(self.record.errors, "errors"), counted(self.record.warnings, "warnings")
        return WORDS["findings_summary"].format(name=self.name, errors=errors, warnings=warnings)


@dataclass(frozen=True)
class Group:
    """An attention group on one page: its words and its students there."""

    key: str
    label: str
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Page:
    """One dashboard page: where it goes, its title and its students (sorted by grade, then name)."""

    path: str
    """The page's file inside the staff folder: `index.html`, `advisors/<slug>/index.html`, `grades/<n>/index.html`."""
    title: str
    rows: tuple[Row, ...]
    groups: tuple[Group, ...]

    @property
    def root(self) -> str:
        """The way back to the staff folder from this page (`""` or `../../`)."""
        return "../" * self.path.count("/")


def _required(record: StaffRecord, requirements: Requirements) -> list[str]:
    sections = [
        f"section:{rule.name}" for rule in requirements.sections if record.grade is None or record.grade >= rule.from_grade
    ]
    return sections + [kind for kind in KINDS if requirements.minimum.get(kind, 0) > 0]


def completeness(record: StaffRecord, requirements: Requirements) -> tuple[int | None, tuple[str, ...]]:
    """The share of the school's requirements met (percent) and the missing ones in words."""
    if not record.counts:
        return None, ()
    required = _required(record, requirements)
    missing = [key for key in record.incomplete if key in required] or list(record.incomplete)
    met = max(len(required) - len(missing), 0)
    percent = 100 if not required else (100 * met) // len(required)
    words = [SECTION_NAMES.get(key[8:], key[8:]) if key.startswith("section:") else KINDS.get(key, key) for key in missing]
    return percent, tuple(words)


def published_since(text: str | None) -> str | None:
    """When the site online was published, as `2026-11-20 14:03 UTC` (the text as it is when it is no date)."""
    if not text:
        return None
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return text
    if moment.tzinfo is None:
        return moment.strftime("%Y-%m-%d %H:%M")
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def _site(record: StaffRecord) -> str:
    if record.status != "failed":
        return WORDS["built"]
    if not record.published:
        return f"{WORDS['failed']}: {WORDS['failed_offline']}"
    since = published_since(record.published_since)
    online = WORDS["failed_online"].format(since=since) if since else WORDS["failed_online_unknown"]
    return f"{WORDS['failed']}: {online}"


def _conference_note(record: StaffRecord, year_start: dt.date) -> str:
    """Whether the student wrote a conference record dated in this school year ("" without a conference)."""
    if not record.last_conference:
        return ""
    written = bool(record.last_record) and str(record.last_record) >= year_start.isoformat()
    return WORDS["record_written" if written else "no_record"]


def make_rows(
    records: Sequence[StaffRecord],
    requirements: Requirements,
    groups: Sequence[AttentionGroup],
    today: dt.date | None = None,
) -> tuple[Row, ...]:
    """A row per record, in the records' order; `today` (the build's date by default) places the school year."""
    year_start = school_year_start(today or build_date(), requirements.school_year_starts)
    keys: dict[str, list[str]] = {}
    for group in groups:
        for student_id in group.student_ids:
            keys.setdefault(student_id, []).append(group.key)
    rows = []
    for record in records:
        percent, missing = completeness(record, requirements)
        findings = tuple(plain_findings(record.findings, record.id))
        rows.append(
            Row(
                record,
                percent,
                missing,
                tuple(keys.get(record.id, ())),
                _site(record),
                findings,
                _conference_note(record, year_start),
            )
        )
    return tuple(rows)


def _groups(rows: Sequence[Row], stale_days: int) -> tuple[Group, ...]:
    by_name = sorted(rows, key=lambda row: (row.name.casefold(), row.record.id))
    return tuple(
        Group(key, ATTENTION[key].format(days=stale_days), tuple(row for row in by_name if key in row.attention))
        for key in GROUPS
    )


def _page(path: str, title: str, rows: Sequence[Row], stale_days: int) -> Page:
    return Page(path, title, tuple(rows), _groups(rows, stale_days))


def build_pages(rows: Sequence[Row], requirements: Requirements) -> tuple[Page, dict[str, Page], dict[int, Page]]:
    """The whole school's page, a page per advisor (by name) and a page per grade (by grade)."""
    days = requirements.stale_days
    school = _page("index.html", WORDS["title"], rows, days)
    slugs = advisor_slugs(row.record.advisor for row in rows if row.record.advisor)
    advisors = {
        name: _page(
            f"advisors/{slug}/index.html",
            WORDS["title_advisor"].format(name=name),
            [row for row in rows if row.record.advisor == name],
            days,
        )
        for name, slug in slugs.items()
    }
    grades = {
        grade: _page(
            f"grades/{grade}/index.html",
            WORDS["title_grade"].format(grade=grade),
            [row for row in rows if row.record.grade == grade],
            days,
        )
        for grade in sorted({row.record.grade for row in rows if row.record.grade is not None})
    }
    return school, advisors, grades


def counts(rows: Sequence[Row]) -> Mapping[str, int]:
    """Students, published and failed, for a page's summary line."""
    failed = sum(row.record.status == "failed" for row in rows)
    return {"students": len(rows), "built": len(rows) - failed, "failed": failed}
