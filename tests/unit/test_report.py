"""plp_site.report and plp_site.diagnostics: the three output formats and how a Report orders findings."""

from __future__ import annotations

import io
import json

import pytest

from plp_site.codes import CODES, finding
from plp_site.diagnostics import Finding, Report, Severity
from plp_site.model import SourceLocation
from plp_site.report import FORMATS, format_finding, summary_line, write_github, write_json, write_text

DATE = finding(
    "PLP103",
    SourceLocation("students/ada/reflections/2026-10-03-robots.md", 4, 7),
    "'date' must be a date like 2026-10-03, got \"Oct 3rd\"",
    "write the date as YEAR-MONTH-DAY",
)
MISSING = finding("PLP201", SourceLocation("students/ada/postsecondary.md"), "postsecondary.md is missing", "create it")
UNKNOWN = finding(
    "PLP105", SourceLocation("students/ada/student.yml", 3, 1), "'advisr' is not a field", "did you mean 'advisor'?"
)


def render(writer_name: str, report: Report, students: int = 1) -> str:
    stream = io.StringIO()
    FORMATS[writer_name](report, stream, students)
    return stream.getvalue()


# --- text -----------------------------------------------------------------------------------------------


def test_text_line_is_path_line_column_severity_code_message_then_hint() -> None:
    assert format_finding(DATE) == (
        "students/ada/reflections/2026-10-03-robots.md:4:7: error PLP103 'date' must be a date like 2026-10-03, "
        'got "Oct 3rd"\n  hint: write the date as YEAR-MONTH-DAY'
    )


def test_text_without_a_line_names_only_the_path() -> None:
    assert format_finding(MISSING).splitlines()[0] == "students/ada/postsecondary.md: error PLP201 postsecondary.md is missing"


def test_text_with_a_line_but_unknown_column_uses_column_1() -> None:
    found = finding("PLP207", SourceLocation("students/ada/x.md", 2), "m", "h")
    assert format_finding(found).startswith("students/ada/x.md:2:1: warning PLP207 m")


def test_write_text_lists_every_finding_then_the_summary() -> None:
    text = render("text", Report.of([UNKNOWN, DATE, MISSING]), students=2)
    assert text.splitlines() == [
        "students/ada/postsecondary.md: error PLP201 postsecondary.md is missing",
        "  hint: create it",
        "students/ada/reflections/2026-10-03-robots.md:4:7: error PLP103 'date' must be a date like 2026-10-03, got \"Oct 3rd\"",
        "  hint: write the date as YEAR-MONTH-DAY",
        "students/ada/student.yml:3:1: warning PLP105 'advisr' is not a field",
        "  hint: did you mean 'advisor'?",
        "2 students checked: 2 errors, 1 warning",
    ]
    assert write_text is FORMATS["text"]


@pytest.mark.parametrize(
    ("findings", "students", "line"),
    [
        ([], 1, "1 student checked: 0 errors, 0 warnings"),
        ([DATE], 3, "3 students checked: 1 error, 0 warnings"),
        (
            [DATE, MISSING, UNKNOWN, finding("PLP207", SourceLocation("a", 1, 1), "m", "h")],
            0,
            "0 students checked: 2 errors, 2 warnings",
        ),
    ],
)
def test_summary_line_counts_with_plurals(findings: list[Finding], students: int, line: str) -> None:
    assert summary_line(Report.of(findings), students) == line


# --- json -----------------------------------------------------------------------------------------------


def test_json_is_a_list_of_objects_with_the_seven_fields() -> None:
    items = json.loads(render("json", Report.of([DATE, MISSING])))
    assert items == [
        {
            "path": "students/ada/postsecondary.md",
            "line": 0,
            "column": 0,
            "severity": "error",
            "code": "PLP201",
            "message": "postsecondary.md is missing",
            "hint": "create it",
        },
        {
            "path": "students/ada/reflections/2026-10-03-robots.md",
            "line": 4,
            "column": 7,
            "severity": "error",
            "code": "PLP103",
            "message": "'date' must be a date like 2026-10-03, got \"Oct 3rd\"",
            "hint": "write the date as YEAR-MONTH-DAY",
        },
    ]
    assert write_json is FORMATS["json"]


def test_json_of_no_findings_is_an_empty_list_and_nothing_else() -> None:
    assert render("json", Report.of([])) == "[]\n"


def test_json_keeps_non_ascii_text_readable() -> None:
    found = finding("PLP202", SourceLocation("students/sofía/about-me.md", 1, 1), "falta 'Fortalezas' — ñ", "añade")
    out = render("json", Report.of([found]))
    assert "sofía" in out
    assert "— ñ" in out
    assert json.loads(out)[0]["hint"] == "añade"


# --- github ---------------------------------------------------------------------------------------------


def test_github_annotation_with_position_title_and_hint_on_a_second_line() -> None:
    lines = render("github", Report.of([DATE, MISSING])).splitlines()
    assert lines == [
        "::error file=students/ada/postsecondary.md,title=PLP201::postsecondary.md is missing%0Ahint: create it",
        "::error file=students/ada/reflections/2026-10-03-robots.md,line=4,col=7,title=PLP103::"
        "'date' must be a date like 2026-10-03, got \"Oct 3rd\"%0Ahint: write the date as YEAR-MONTH-DAY",
        "1 student checked: 2 errors, 0 warnings",
    ]
    assert write_github is FORMATS["github"]


def test_github_warning_level() -> None:
    (annotation, _) = render("github", Report.of([UNKNOWN])).splitlines()
    assert annotation.startswith("::warning file=students/ada/student.yml,line=3,col=1,title=PLP105::")


def test_github_escapes_percent_and_newlines_in_the_message() -> None:
    found = finding("PLP405", SourceLocation("students/ada/x.md", 1, 1), "100% too big,\nreally: yes\r", "50%")
    (annotation, _) = render("github", Report.of([found])).splitlines()
    message = annotation.split("::", 2)[2]
    assert message == "100%25 too big,%0Areally: yes%0D%0Ahint: 50%25"


def test_github_escapes_commas_colons_percent_and_newlines_in_properties() -> None:
    found = finding("PLP301", SourceLocation("students/ada/evidence/a,b:c%d\ne.md", 2, 3), "m", "h")
    (annotation, _) = render("github", Report.of([found])).splitlines()
    assert annotation == "::error file=students/ada/evidence/a%2Cb%3Ac%25d%0Ae.md,line=2,col=3,title=PLP301::m%0Ahint: h"


# --- Report ---------------------------------------------------------------------------------------------


def test_report_sorts_by_place_then_code_and_drops_exact_repeats() -> None:
    second = finding("PLP101", SourceLocation("students/ada/x.md", 1, 1), "b", "h")
    first = finding("PLP006", SourceLocation("students/ada/x.md", 1, 1), "a", "h")
    later = finding("PLP004", SourceLocation("students/ada/x.md", 10, 1), "c", "h")
    report = Report.of([later, second, first, second])
    assert [f.code for f in report.findings] == ["PLP006", "PLP101", "PLP004"]


def test_lines_sort_as_numbers_not_text() -> None:
    ten = finding("PLP301", SourceLocation("students/ada/x.md", 10, 1), "ten", "h")
    nine = finding("PLP301", SourceLocation("students/ada/x.md", 9, 1), "nine", "h")
    assert [f.message for f in Report.of([ten, nine]).findings] == ["nine", "ten"]


def test_severity_overrides_change_or_drop_findings() -> None:
    report = Report.of([DATE, UNKNOWN, MISSING], {"PLP105": Severity.ERROR, "PLP201": Severity.IGNORE})
    assert [(f.code, f.severity) for f in report.findings] == [("PLP103", Severity.ERROR), ("PLP105", Severity.ERROR)]
    assert len(report.errors) == 2
    assert report.warnings == ()


def test_an_error_can_be_made_a_warning() -> None:
    report = Report.of([DATE], {"PLP103": Severity.WARNING})
    assert report.errors == ()
    assert [f.code for f in report.warnings] == ["PLP103"]


def test_report_for_one_folder_does_not_take_a_folder_with_a_longer_name() -> None:
    other = finding("PLP001", SourceLocation("students/ada-b/student.yml"), "m", "h")
    own = finding("PLP002", SourceLocation("students/ada"), "m", "h")
    report = Report.of([DATE, other, own])
    assert [f.code for f in report.for_folder("students/ada").findings] == ["PLP002", "PLP103"]


def test_finding_uses_the_catalogue_severity() -> None:
    for code, entry in CODES.items():
        assert finding(code, SourceLocation("x"), "m", "h").severity is entry.severity
        assert entry.severity in (Severity.ERROR, Severity.WARNING)
        assert entry.summary
        assert entry.fix
