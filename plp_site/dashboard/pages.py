"""Writing the dashboard: the whole school's page, a page per advisor and per grade, students.csv and the page's
script and styles, all inside the staff folder."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from plp_site.attention import school_attention
from plp_site.dashboard.csvexport import csv_text
from plp_site.dashboard.model import Page, Row, build_pages, counts, make_rows
from plp_site.dashboard.words import ATTENTION, COLUMNS, STATUSES, WORDS
from plp_site.dates import build_date
from plp_site.diskerrors import write_whole, writing
from plp_site.requirements import Requirements
from plp_site.theme import keep_compiled

if TYPE_CHECKING:
    from plp_site.staff import StaffRecord

__all__ = ["ASSETS", "write_dashboard"]

_HERE = Path(__file__).parent
ASSETS = ("dashboard.js", "dashboard.css")
"""The files every page loads, copied next to the whole school's page."""


def _environment(compiled: Path | None) -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(_HERE / "templates"),
        autoescape=jinja2.select_autoescape(["html.j2"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    keep_compiled(environment, compiled)
    environment.filters["css_string"] = lambda text: json.dumps(str(text), ensure_ascii=True).replace("</", "<\\/")
    return environment


def _nav(page: Page, school: Page, advisors: dict[str, Page], grades: dict[int, Page]) -> dict[str, object]:
    def entry(label: str, target: Page) -> dict[str, object]:
        return {"label": label, "href": page.root + target.path, "current": target.path == page.path}

    return {
        "school": entry(WORDS["whole_school"], school),
        "grades": [entry(str(grade), target) for grade, target in grades.items()],
        "advisors": [entry(name, target) for name, target in advisors.items()],
    }


def _options(page: Page) -> dict[str, list[str]]:
    grades = sorted({row.record.grade for row in page.rows if row.record.grade is not None})
    advisors = sorted({row.record.advisor for row in page.rows if row.record.advisor}, key=str.casefold)
    return {"grades": [str(grade) for grade in grades], "advisors": advisors}


class _Rows:
    """Each student's table row and findings, rendered once and shown on every page the student is on (the whole
    school's, the advisor's, the grade's); the row's link to the site depends on how deep the page is."""

    def __init__(self, environment: jinja2.Environment, context: dict[str, object]) -> None:
        macros = vars(environment.get_template("rows.html.j2").make_module(context))
        self.student_row, self.student_findings = macros["student_row"], macros["student_findings"]
        self.rows: dict[tuple[str, str], Markup] = {}
        self.findings: dict[str, Markup] = {}

    def row(self, row: Row, site_link: str) -> Markup:
        key = (row.record.id, site_link)
        if key not in self.rows:
            # An autoescaping template's macro gives escaped Markup already.
            self.rows[key] = _markup(self.student_row(row, site_link))
        return self.rows[key]

    def findings_of(self, row: Row) -> Markup:
        if row.record.id not in self.findings:
            self.findings[row.record.id] = _markup(self.student_findings(row))
        return self.findings[row.record.id]


def _markup(rendered: object) -> Markup:
    assert isinstance(rendered, Markup), "the dashboard's templates escape what they render"
    return rendered.strip()


def _render(environment: jinja2.Environment, page: Page, nav: dict[str, object], context: dict[str, object], rows: _Rows) -> str:
    site_link = page.root + str(context["site_link"])
    return environment.get_template("dashboard.html.j2").render(
        {
            **context,
            "page": page,
            "nav": nav,
            "options": _options(page),
            "summary": WORDS["summary"].format(**counts(page.rows), generated=context["generated"]),
            "site_link": site_link,
            "student_row": lambda row: rows.row(row, site_link),
            "student_findings": rows.findings_of,
        }
    )


def _clean(folder: Path, keep: set[str]) -> None:
    """Remove the pages of advisors and grades that are no longer in the school."""
    if not folder.is_dir():
        return
    for child in folder.iterdir():
        if child.name not in keep and child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)


def write_dashboard(
    staff_out: Path, out: Path, records: Sequence[StaffRecord], requirements: Requirements, *, compiled: Path | None = None
) -> None:
    """Every page of the dashboard, students.csv and the assets, for the records (already in the order shown);
    `compiled`: a cache folder for the compiled templates."""
    today = build_date()
    groups = school_attention(records, requirements, today)
    rows = make_rows(records, requirements, groups, today)
    school, advisors, grades = build_pages(rows, requirements)
    # The family sites as reached from the dashboard's folder, as a relative address: it works over file:// and
    # from `plp preview`, which serves both folders in the same places relative to each other.
    context: dict[str, object] = {
        "site_link": quote(Path(os.path.relpath(out, staff_out)).as_posix()),
        "generated": dt.date.today().isoformat(),
        "sections": list(requirements.sections),
        "minimum": requirements.minimum,
        "words": WORDS,
        "columns": COLUMNS,
        "attention_words": ATTENTION,
        "statuses": STATUSES,
    }
    environment = _environment(compiled)
    rendered = _Rows(environment, context)
    with writing(staff_out):
        _clean(staff_out / "advisors", {page.path.split("/")[1] for page in advisors.values()})
        _clean(staff_out / "grades", {page.path.split("/")[1] for page in grades.values()})
    for page in [school, *advisors.values(), *grades.values()]:
        target = staff_out / page.path
        with writing(target.parent):
            target.parent.mkdir(parents=True, exist_ok=True)
        write_whole(target, _render(environment, page, _nav(page, school, advisors, grades), context, rendered))
    write_whole(staff_out / "students.csv", csv_text(rows).encode("utf-8"))
    write_whole(staff_out / "dashboard.js", (_HERE / "assets" / "dashboard.js").read_bytes())
    write_whole(staff_out / "dashboard.css", environment.get_template("dashboard.css.j2").render(columns=COLUMNS))
