"""The staff dashboard: who is complete, each student's findings and family link, and students.json."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import jinja2
import segno

from plp_site.build import StudentResult
from plp_site.diskerrors import write_whole, writing
from plp_site.report import format_finding
from plp_site.requirements import Requirements

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

    @property
    def group(self) -> str:
        """The class a student is printed with: the advisory group, or the grade."""
        return f"Advisory: {self.advisor}" if self.advisor else f"Grade {self.grade if self.grade is not None else '?'}"

    def as_json(self) -> dict[str, object]:
        """The object students.json holds for this student."""
        return dict(self.__dict__, findings=list(self.findings))


def to_record(result: StudentResult, site_url: str | None, *, published: bool) -> StaffRecord:
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
    )


def records_from_json(path: Path) -> list[StaffRecord]:
    """Read students.json back (for incremental builds and merging shards); [] when absent or unreadable."""
    try:
        items = json.loads(path.read_text(encoding="utf-8"))
        return [StaffRecord(**dict(item, findings=tuple(item["findings"]))) for item in items]
    except (OSError, ValueError, TypeError, KeyError):
        return []


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent / "staff_templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def write_staff(staff_out: Path, out: Path, records: Sequence[StaffRecord], requirements: Requirements) -> None:
    """Write index.html and students.json into staff_out (never inside the published folder); raise WriteError in
    plain words when the disk is full or the folder cannot be written."""
    with writing(staff_out):
        staff_out.mkdir(parents=True, exist_ok=True)
    ordered = sorted(records, key=lambda r: (r.grade or 0, (r.name or r.id).casefold()))
    site_link = os.path.relpath(out, staff_out)
    page = (
        _environment()
        .get_template("index.html.j2")
        .render(
            records=ordered,
            sections=list(requirements.sections),
            minimum=requirements.minimum,
            site_link=site_link,
            generated=dt.date.today().isoformat(),
            built=sum(r.status != "failed" for r in records),
            failed=sum(r.status == "failed" for r in records),
        )
    )
    write_whole(staff_out / "index.html", page)
    _write_print_sheets(staff_out, ordered)
    write_whole(staff_out / "students.json", json.dumps([r.as_json() for r in ordered], indent=2, ensure_ascii=False) + "\n")


def _qr_file(folder: Path, link: str) -> str:
    """The QR code of a link as an SVG file in folder, made once (with segno, here: the link never leaves the
    machine) and kept while the link stays the same; returns its file name."""
    name = hashlib.sha256(link.encode()).hexdigest()[:20] + ".svg"
    path = folder / name
    if not path.is_file():
        svg = io.BytesIO()
        segno.make(link, error="m").save(svg, kind="svg", scale=3, xmldecl=False)
        write_whole(path, svg.getvalue())
    return name


def _write_print_sheets(staff_out: Path, records: Sequence[StaffRecord]) -> None:
    """print/index.html: a page per class with each student's name, family link and its QR code."""
    codes = staff_out / "print" / "qr"
    with writing(codes):
        codes.mkdir(parents=True, exist_ok=True)
    groups: dict[str, list[tuple[StaffRecord, str]]] = {}
    for record in sorted(records, key=lambda r: (r.group, (r.name or r.id).casefold())):
        if record.published:
            groups.setdefault(record.group, []).append((record, _qr_file(codes, record.link)))
    used = {name for cards in groups.values() for _, name in cards}
    with writing(codes):
        for stale in codes.iterdir():
            if stale.name not in used:
                stale.unlink()
    page = _environment().get_template("print.html.j2").render(groups=groups)
    write_whole(staff_out / "print" / "index.html", page)
