"""plp_site.dashboard: the spreadsheet (hostile names, formula injection), advisors' folder names and findings in
plain words, from generated records."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from plp_site.attention import attention_groups
from plp_site.dashboard import write_dashboard
from plp_site.dashboard.csvexport import HEADER, csv_text, safe_cell
from plp_site.dashboard.findings import plain_findings
from plp_site.dashboard.model import Row, build_pages, completeness, make_rows
from plp_site.dashboard.slugs import advisor_slugs, slugify
from plp_site.diagnostics import Finding, Severity, SourceLocation
from plp_site.report import format_finding
from plp_site.requirements import Requirements
from plp_site.staff import StaffRecord

TODAY = dt.date(2026, 11, 27)
HOSTILE = (
    "=HYPERLINK(\"http://x\",\"y\")", "+1+2", "-3", "@SUM(A1)", "\tTab", "\rReturn", "Comma, Name", 'Quote "Q"',
    "Line\nbreak", "\u0645\u0631\u064a\u0645 \u0627\u0644\u0639\u0644\u064a", "\u202eevil\u202c", "Ada", "O'Brien",
    "", " =spaced", "'already",
)  # fmt: skip


def record(student_id: str, **facts: object) -> StaffRecord:
    values: dict[str, object] = {
        "id": student_id,
        "name": student_id.title(),
        "grade": 9,
        "slug": f"{student_id}-abc",
        "path": f"{student_id}-abc/",
        "link": f"https://school.example/{student_id}-abc/",
        "status": "built",
        "errors": 0,
        "warnings": 0,
        "findings": (),
        "reason": "",
        "counts": {"goals": 1, "reflections": 1, "evidence": 1},
        "sections": {"about-me": True, "postsecondary": True},
        "latest_entry": "2026-11-20",
        "last_conference": "2026-10-15",
    }
    values.update(facts)
    return StaffRecord(**values)  # type: ignore[arg-type]


def hostile_records(seed: int, count: int = 40) -> list[StaffRecord]:
    rng = random.Random(seed)
    return [
        record(
            f"s{number}",
            name=rng.choice(HOSTILE) + rng.choice(("", " ", "=x", ",", '"', "\n")),
            advisor=rng.choice((*HOSTILE, None)),
            grade=rng.choice((None, 9, 10, 11)),
            status=rng.choice(("built", "failed")),
            latest_entry=rng.choice((None, "2026-11-20", "2025-01-01")),
        )
        for number in range(count)
    ]


def rows_of(records: list[StaffRecord]) -> tuple[Row, ...]:
    return make_rows(records, Requirements(), attention_groups(records, TODAY), TODAY)


@pytest.mark.parametrize("seed", range(5))
def test_csv_has_one_row_per_student_and_every_cell_as_given_or_defused(seed: int) -> None:
    records = hostile_records(seed)
    text = csv_text(rows_of(records))
    assert text.startswith("\ufeff"), "a byte order mark, so Excel reads UTF-8"
    parsed = list(csv.reader(io.StringIO(text[1:], newline="")))
    assert tuple(parsed[0]) == HEADER
    assert len(parsed) == len(records) + 1
    for record_, cells in zip(records, parsed[1:], strict=True):
        assert len(cells) == len(HEADER)
        assert cells[0] == record_.id
        for cell, original in ((cells[1], record_.name or ""), (cells[3], record_.advisor or "")):
            assert cell == (f"'{original}" if original[:1] in ("=", "+", "-", "@", "\t", "\r") else original)
        for cell in cells:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
        assert cells[2] == ("" if record_.grade is None else str(record_.grade))
        assert cells[4] == record_.status


def test_csv_columns_hold_the_facts() -> None:
    records = [
        record("ada", name="Ada", advisor="Ms. Rivera", last_conference=None, errors=2, warnings=1, prompts=3),
        record(
            "bob", status="failed", published=False, incomplete=("goals",), counts={"goals": 0, "reflections": 1, "evidence": 1}
        ),
    ]
    parsed = list(csv.DictReader(io.StringIO(csv_text(rows_of(records))[1:], newline="")))
    ada, bob = parsed
    assert ada == {
        "id": "ada", "name": "Ada", "grade": "9", "advisor": "Ms. Rivera", "status": "built", "completeness": "100%",
        "latest entry": "2026-11-20", "last conference": "", "latest conference record": "", "errors": "2", "warnings": "1",
        "attention keys": "prompts_left no_conference", "family link": "https://school.example/ada-abc/",
    }  # fmt: skip
    assert bob["completeness"] == "80%"
    assert (bob["last conference"], bob["latest conference record"]) == ("2026-10-15", "")
    assert bob["attention keys"] == "build_failed"
    assert bob["family link"] == "", "no site online: no link to give"


@pytest.mark.parametrize("value", ["=1+1", "+cmd", "-2", "@A1", "\tx", "\rx"])
def test_formula_cells_get_a_leading_quote(value: str) -> None:
    assert safe_cell(value) == "'" + value
    assert safe_cell(f"x{value}") == f"x{value}"
    assert safe_cell(7) == 7


def test_advisor_slugs_are_distinct_safe_and_stable() -> None:
    names = ["Ms. Rivera", "ms rivera", "MS-RIVERA", "Ms. Rivéra", "\u0623. \u0633\u0627\u0631\u0629",
             "\u0623. \u0646\u0648\u0631", "../../etc", "CON", "Mr. " + "Long" * 40, "<script>", "   "]  # fmt: skip
    slugs = advisor_slugs(names)
    assert len(set(slugs.values())) == len(names), slugs
    for slug in slugs.values():
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug), slug
        assert len(slug) <= 60
    assert sorted(v for k, v in slugs.items() if slugify(k) == "ms-rivera") == [
        "ms-rivera",
        "ms-rivera-2",
        "ms-rivera-3",
        "ms-rivera-4",
    ]
    assert slugs["CON"] == "con-advisor"
    assert slugs["../../etc"] == "etc"
    shuffled = list(reversed(names))
    assert advisor_slugs(shuffled) == slugs, "the same names give the same folders, in any order"


def test_advisor_and_grade_pages_hold_exactly_their_students() -> None:
    records = hostile_records(7, 60)
    school, advisors, grades = build_pages(rows_of(records), Requirements())
    assert [row.record.id for row in school.rows] == [r.id for r in records]
    for name, page in advisors.items():
        assert {row.record.id for row in page.rows} == {r.id for r in records if r.advisor == name}
        assert page.root == "../../"
    for grade, page in grades.items():
        assert {row.record.id for row in page.rows} == {r.id for r in records if r.grade == grade}
    assert sum(len(page.rows) for page in advisors.values()) == sum(bool(r.advisor) for r in records), "an empty advisor is none"


def _formatted(where: tuple[str, int], code: str, message: str, hint: str, severity: Severity = Severity.WARNING) -> str:
    return format_finding(Finding(code, severity, SourceLocation(where[0], where[1], 3), message, hint))


def test_findings_in_plain_words_name_the_file_in_the_students_folder() -> None:
    texts = (
        _formatted(
            ("students/ada/about-me.md", 4), "PLP209", "the heading 'Strengths' has only 3 of your own words", "write more"
        ),
        _formatted(
            ("students/ada/evidence/arm: v1.md", 12), "PLP103", "'date' must be a date", "write 2026-10-03", Severity.ERROR
        ),
        _formatted(("students/ada/student.yml", 0), "PLP001", "no name", "add a name"),
        "something plp once wrote differently",
    )
    first, second, third, fourth = plain_findings(texts, "ada")
    assert first.sentence == "about-me.md, line 4: the heading 'Strengths' has only 3 of your own words"
    assert (first.severity, first.code, first.hint) == ("Warning", "PLP209", "write more")
    assert second.sentence == "evidence/arm: v1.md, line 12: 'date' must be a date"
    assert (second.severity, second.hint) == ("Error", "write 2026-10-03")
    assert third.sentence == "student.yml: no name"
    assert fourth.sentence == "something plp once wrote differently"


def test_completeness_counts_only_what_the_grade_requires() -> None:
    young = record("ada", grade=7, incomplete=("reflections",))
    assert completeness(young, Requirements()) == (75, ("reflections",)), "grade 7: about-me and three kinds"
    older = record("dan", grade=10, incomplete=("section:postsecondary", "evidence"))
    assert completeness(older, Requirements()) == (60, ("Postsecondary plan", "evidence"))
    assert completeness(record("bob", counts={}), Requirements()) == (None, ())
    assert completeness(record("cy"), Requirements()) == (100, ())


class _Tags(HTMLParser):
    """Every element (tag and attribute names) and the text of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: set[tuple[str, frozenset[str]]] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add((tag, frozenset(name for name, _ in attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parsed(path: Path) -> _Tags:
    parser = _Tags()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.mark.parametrize("seed", range(3))
def test_pages_show_hostile_names_as_text(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    markup = ('<img src=x onerror="alert(1)">', "</td></tr><script>alert(1)</script>", '"><a href="javascript:x">', "{{ 7*7 }}")
    records = [
        record(f"s{n}", name=rng.choice(markup) + f" {n}", advisor=rng.choice(markup), grade=rng.choice((9, 10)))
        for n in range(12)
    ]
    staff = tmp_path / "staff"
    write_dashboard(staff, tmp_path / "site", records, Requirements())
    pages = [staff / "index.html", *staff.glob("advisors/*/index.html"), *staff.glob("grades/*/index.html")]
    assert len(list(staff.glob("advisors/*/index.html"))) == len({r.advisor for r in records})
    baseline = _parsed(pages[0]).tags
    for path in pages:
        parsed = _parsed(path)
        assert parsed.tags <= baseline | {("a", frozenset({"href", "aria-current"}))}, path
        assert not [tag for tag, names in parsed.tags if tag == "img" or any(n.startswith("on") for n in names)]
        assert [names for tag, names in parsed.tags if tag == "script"] == [frozenset({"src", "defer"})]
        text = "".join(parsed.text)
        shown = [
            r
            for r in records
            if r.advisor and path.parent.name == advisor_slugs([x.advisor or "" for x in records]).get(r.advisor)
        ]
        for shown_record in shown:
            assert shown_record.advisor in text
            assert str(shown_record.name) in text
    if any("{{" in str(r.name) for r in records):
        assert "{{ 7*7 }}" in "".join(_parsed(staff / "index.html").text), "template syntax in a name is text"


@pytest.mark.parametrize("seed", range(4))
def test_the_conference_cell_says_whether_this_school_year_has_a_record(seed: int) -> None:
    """The last conference's date, and "record written" only for a record dated in this school year (from August 1),
    whatever the student.yml date says."""
    rng = random.Random(seed)
    days = [TODAY - dt.timedelta(days=rng.randrange(0, 800)) for _ in range(30)]
    records = [
        record(f"s{number}", last_conference=rng.choice((None, day.isoformat())), last_record=rng.choice((None, day.isoformat())))
        for number, day in enumerate(days)
    ]
    year_start = dt.date(2026, 8, 1)
    for row in rows_of(records):
        conference, written = row.record.last_conference, row.record.last_record
        if conference is None:
            assert row.conference == "–"
            continue
        this_year = written is not None and dt.date.fromisoformat(written) >= year_start
        assert row.conference == f"{conference}, {'record written' if this_year else 'no record yet this year'}"
