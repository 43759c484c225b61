"""The staff dashboard: who is complete, each student's findings and family link, and students.json."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import jinja2

from plp_site.build import StudentResult
from plp_site.dashboard import write_dashboard
from plp_site.diskerrors import write_whole, writing
from plp_site.linkcards import CardWords, card_words
from plp_site.qrcodes import qr_file
from plp_site.report import format_finding
from plp_site.requirements import Requirements
from plp_site.theme import keep_compiled

__all__ = ["StaffRecord", "records_from_json", "to_record", "write_staff"]


@dataclass(frozen=True)
class StaffRecord:
    """One row of the dashboard and one object of students.json."""

    id: str
    name: str | None
    grade: int | None
    slug: str
    path: str
    link: str
    status: str
    errors: int
    warnings: int
    findings: tuple[str, ...]
    reason: str
    counts: dict[str, int]
    sections: dict[str, bool]
    latest_entry: str | None
    advisor: str | None = None
    published: bool = True
    """Whether a site is online for this student (a failed build keeps the previous one, if any)."""
    language: str | None = None
    """The family's interface language, when the student's folder could be read."""
    drafts: dict[str, int] = field(default_factory=dict)
    """Goals, reflections and evidence pages that do not count yet (too few of the student's own words)."""
    prompts: int = 0
    """Guiding prompts of the templates still in place."""
    incomplete: tuple[str, ...] = ()
    """What is missing: section:about-me, section:postsecondary, goals, reflections, evidence."""
    overdue_goals: tuple[str, ...] = ()
    """Goals (file names without .md) whose target date has passed and that are not met."""
    last_conference: str | None = None
    """The last student-led conference (YYYY-MM-DD), if there was one."""
    last_record: str | None = None
    """The newest conference record (conferences/<date>.md), if the student wrote one."""
    recheck_on: str | None = None
    """The first day a date of the portfolio changes these facts: the student is built again from then."""
    published_since: str | None = None
    """When the site that is online was published (date and time), if one is; after a failed build, the previous one."""

    @property
    def group(self) -> str:
        """The class a student is printed with: the advisory group, or the grade."""
        return f"Advisory: {self.advisor}" if self.advisor else f"Grade {self.grade if self.grade is not None else '?'}"

    def as_json(self) -> dict[str, object]:
        """The object students.json holds for this student."""
        return dict(self.__dict__, findings=list(self.findings))


def to_record(result: StudentResult, site_url: str | None, *, published: bool, published_since: str | None = None) -> StaffRecord:
    """A dashboard record from a build result; the link is absolute when the school has a site_url."""
    path = f"{result.slug}/"
    link = (site_url.rstrip("/") + "/" + path) if site_url else path
    return StaffRecord(
        id=result.student_id,
        name=result.name,
        grade=result.grade,
        slug=result.slug,
        path=path,
        link=link,
        status=result.status,
        errors=result.errors,
        warnings=result.warnings,
        findings=tuple(format_finding(f) for f in result.findings),
        reason=result.reason,
        counts=dict(result.counts),
        sections=dict(result.sections),
        latest_entry=result.latest_entry,
        advisor=result.advisor,
        published=published,
        language=result.language,
        drafts=dict(result.drafts),
        prompts=result.prompts,
        incomplete=tuple(result.incomplete),
        overdue_goals=tuple(result.overdue_goals),
        last_conference=result.last_conference,
        last_record=result.last_record,
        recheck_on=result.recheck_on,
        published_since=published_since,
    )


def records_from_json(path: Path) -> list[StaffRecord]:
    """Read students.json back (for incremental builds); [] when absent or unreadable. A file written by an older
    plp lacks the newer facts (they take their defaults) and one by a newer plp has more (they are left out)."""
    try:
        items = json.loads(path.read_text(encoding="utf-8"))
        return [_record(item) for item in items]
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return []


_FIELDS = {item.name for item in fields(StaffRecord)}
_LISTS = ("findings", "incomplete", "overdue_goals")


def _record(item: dict[str, object]) -> StaffRecord:
    known: dict[str, Any] = {name: value for name, value in item.items() if name in _FIELDS}
    known.update({name: tuple(known[name]) for name in _LISTS if isinstance(known.get(name), list)})
    return StaffRecord(**known)


def _environment(compiled: Path | None = None) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent / "staff_templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    keep_compiled(env, compiled)
    return env


def write_staff(
    staff_out: Path, out: Path, records: Sequence[StaffRecord], requirements: Requirements, *, compiled: Path | None = None
) -> None:
    """Write the dashboard's pages (plp_site.dashboard), the print sheets and students.json into staff_out (never
    inside the published folder); raise WriteError in plain words when the disk is full or the folder cannot be
    written. `compiled`: a cache folder for the compiled templates."""
    with writing(staff_out):
        staff_out.mkdir(parents=True, exist_ok=True)
    ordered = sorted(records, key=lambda r: (r.grade or 0, (r.name or r.id).casefold()))
    write_dashboard(staff_out, out, ordered, requirements, compiled=compiled)
    _write_print_sheets(staff_out, ordered, requirements, compiled)
    write_whole(staff_out / "students.json", students_json(ordered))


def students_json(records: Sequence[StaffRecord]) -> str:
    """students.json: a list with one student's record on each line (written by json's fast encoder, which a
    multi-line indent would turn off)."""
    lines = [json.dumps(record.as_json(), ensure_ascii=False) for record in records]
    return "[\n" + ",\n".join(lines) + "\n]\n" if lines else "[]\n"


def _write_print_sheets(
    staff_out: Path, records: Sequence[StaffRecord], requirements: Requirements, compiled: Path | None
) -> None:
    """print/index.html: a page per class with a card per student, in the family's language: the school, the
    student's name, what the link is, the family link and its QR code."""
    codes = staff_out / "print" / "qr"
    with writing(codes):
        codes.mkdir(parents=True, exist_ok=True)
    groups: dict[str, list[tuple[StaffRecord, str, CardWords]]] = {}
    for record in sorted(records, key=lambda r: (r.group, (r.name or r.id).casefold())):
        if record.published:
            words = card_words(record.name or record.id, record.language, requirements)
            groups.setdefault(record.group, []).append((record, qr_file(codes, record.link), words))
    used = {name for cards in groups.values() for _, name, _ in cards}
    with writing(codes):
        for stale in codes.iterdir():
            if stale.name not in used:
                stale.unlink()
    page = _environment(compiled).get_template("print.html.j2").render(groups=groups, school=requirements.school_name)
    write_whole(staff_out / "print" / "index.html", page)
