"""Conference records (`conferences/<YYYY-MM-DD>.md`): how the loader reads them, and every finding `plp check`
makes about them, on small schools on disk, with generated variants of dates, names, languages and headings."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import pytest
from conftest import make_school, valid_student

from plp_site.checker import check_student
from plp_site.conferences.records import section_items
from plp_site.conferences.rule import DEFAULT_RECORD_RULE
from plp_site.dates import last_conference
from plp_site.diagnostics import Finding
from plp_site.loader import load_portfolio
from plp_site.requirements import ConfigError, Requirements, parse_requirements

TODAY = dt.date(2026, 11, 27)
DEFAULT = Requirements()
HEADINGS = ("What I shared", "What my family said", "Next steps we agreed")
SPANISH = ("Lo que compartí", "Lo que dijo mi familia", "Los próximos pasos que acordamos")
BODIES = (
    "I showed my robot arm and my ramp math to my family.",
    'My mother said: "I am proud that you explain your work so clearly."',
    "- Check the planner every night.\n- Try out for the build crew in the fall.",
)


def record(
    date: str | None = "2026-04-02",
    *,
    attendees: str | None = "[student, mother, advisor]",
    language: str | None = "es",
    headings: tuple[str, ...] = HEADINGS,
    bodies: tuple[str, ...] = BODIES,
    before_date: int = 0,
) -> str:
    """A conference record's text: front matter (with `before_date` comment lines before the date) and sections."""
    lines = ["---", *(f"# note {n}" for n in range(before_date))]
    lines += [f"date: {date}"] if date is not None else []
    lines += [f"attendees: {attendees}"] if attendees is not None else []
    lines += [f"language: {language}"] if language is not None else []
    sections = [f"## {heading}\n\n{body}\n" for heading, body in zip(headings, bodies, strict=False)]
    return "\n".join([*lines, "---", *sections])


def check(
    tmp_path: Path,
    files: dict[str, str | bytes],
    *,
    requirements: Requirements = DEFAULT,
    today: dt.date = TODAY,
    student_yml: str | None = None,
) -> list[Finding]:
    """The findings of one student (ada, complete and valid) with the given files added."""
    extra = dict(files)
    if student_yml is not None:
        extra["student.yml"] = student_yml
    root = make_school(tmp_path, valid_student("ada", extra=extra))
    return list(check_student(root, "ada", requirements, today=today).report.findings)


def summary(findings: list[Finding]) -> list[tuple[str, str, int]]:
    """(code, path inside the student folder, line) of each finding."""
    return [(f.code, f.location.path.removeprefix("students/ada/"), f.location.line) for f in findings]


# --- reading a record ------------------------------------------------------------------------------------------------


def test_a_record_is_read_with_its_front_matter_and_sections(tmp_path: Path) -> None:
    root = make_school(tmp_path, valid_student("ada", extra={"conferences/2026-04-02.md": record()}))
    loaded = load_portfolio(root, "ada", DEFAULT)
    assert loaded.findings == []
    (read,) = loaded.portfolio.conferences
    assert (read.date, read.attendees, read.language) == (dt.date(2026, 4, 2), ("student", "mother", "advisor"), "es")
    assert [(s.index, s.heading.text) for s in read.sections] == list(enumerate(HEADINGS))
    assert [s.text for s in read.sections] == list(BODIES)
    lines = read.page.body.split("\n")
    for section, body in zip(read.sections, BODIES, strict=True):
        assert "\n".join(lines[section.first : section.end]).strip("\n") == body
    assert read.page in loaded.portfolio.pages, "a record is a page of the portfolio: its links and images are checked"


def test_records_are_in_date_order_and_the_newest_is_the_last_conference(tmp_path: Path) -> None:
    days = ("2026-04-02", "2025-11-14", "2024-05-20")
    files = {f"conferences/{day}.md": record(day) for day in days}
    root = make_school(tmp_path, valid_student("ada", extra=files))
    portfolio = load_portfolio(root, "ada", DEFAULT).portfolio
    assert [r.date.isoformat() for r in portfolio.conferences] == sorted(days)
    assert last_conference(portfolio, TODAY) == dt.date(2026, 4, 2)
    assert last_conference(portfolio, dt.date(2026, 1, 1)) == dt.date(2025, 11, 14), "a record after today is not yet held"


@pytest.mark.parametrize(
    "headings",
    [
        ("what i SHARED", "What my family said!", "Next steps — we agreed"),
        SPANISH,
        ("Ce que j'ai partagé", "Ce que ma famille a dit", "Les prochaines étapes convenues"),
        ("ما شاركته", "ما قالته عائلتي", "الخطوات التالية التي اتفقنا عليها"),
    ],
    ids=["case-and-punctuation", "es", "fr", "ar"],
)
def test_headings_are_found_in_any_accepted_spelling(tmp_path: Path, headings: tuple[str, ...]) -> None:
    found = check(tmp_path, {"conferences/2026-04-02.md": record(headings=headings)})
    assert summary(found) == []


def test_a_section_ends_at_the_next_heading_of_its_level(tmp_path: Path) -> None:
    bodies = ("Shared.\n\n### A detail\n\nMore shared.", BODIES[1], BODIES[2])
    root = make_school(tmp_path, valid_student("ada", extra={"conferences/2026-04-02.md": record(bodies=bodies)}))
    (read,) = load_portfolio(root, "ada", DEFAULT).portfolio.conferences
    assert read.sections[0].text == bodies[0], "a subheading stays inside its section"
    assert read.sections[1].text == BODIES[1]


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("- one\n- two", ["one", "two"]),
        ("1. one\n2) two\n10. ten", ["one", "two", "ten"]),
        ("* one\n  goes on\n* **two** [link](x.md)", ["one goes on", "two link"]),
        ("We agreed:\n\n- one\n- two\n\nAfter the list.", ["We agreed:", "one", "two", "After the list."]),
        ("First paragraph\nstill first.\n\nSecond.", ["First paragraph still first.", "Second."]),
        ("", []),
        ("_✎ a prompt_", ["✎ a prompt"]),
    ],
)
def test_the_points_of_a_section(text: str, items: list[str]) -> None:
    assert section_items(text) == items


# --- names and dates ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["spring.md", "2026-4-2.md", "2026-02-30.md", "2026-04-02-spring.md", "02-04-2026.md", "2026_04_02.md", "20260402.md"],
)
def test_a_file_name_that_is_not_a_date_is_an_error(tmp_path: Path, name: str) -> None:
    found = check(tmp_path, {f"conferences/{name}": record()})
    assert summary(found) == [("PLP701", f"conferences/{name}", 0)]
    assert found[0].is_error
    assert "conferences/2026-04-02.md" in found[0].hint, "the hint names the record by its date"


DATE_SHIFTS = [dt.timedelta(days=1), dt.timedelta(days=-1), dt.timedelta(days=31), dt.timedelta(days=-365)]


@pytest.mark.parametrize(("shift", "before"), list(itertools.product(DATE_SHIFTS, (0, 3))))
def test_a_date_that_differs_from_the_file_name_is_a_warning_at_its_line(
    tmp_path: Path, shift: dt.timedelta, before: int
) -> None:
    written = (dt.date(2026, 4, 2) + shift).isoformat()
    found = check(tmp_path, {"conferences/2026-04-02.md": record(written, before_date=before)})
    assert summary(found) == [("PLP702", "conferences/2026-04-02.md", 2 + before)]
    assert not found[0].is_error
    assert found[0].message == f"the date {written} is not the date in the file name (2026-04-02)"


@pytest.mark.parametrize("written", ["next week", "2026-13-01", "04/02/2026", "2026-4-2", "true"])
def test_a_date_that_is_not_a_date_is_an_error(tmp_path: Path, written: str) -> None:
    found = check(tmp_path, {"conferences/2026-04-02.md": record(written)})
    assert summary(found) == [("PLP103", "conferences/2026-04-02.md", 2)]


def test_a_missing_date_is_an_error_and_the_file_name_dates_the_record(tmp_path: Path) -> None:
    files = {"conferences/2026-04-02.md": record(None)}
    assert summary(check(tmp_path, files)) == [("PLP101", "conferences/2026-04-02.md", 1)]
    root = make_school(tmp_path / "again", valid_student("ada", extra=files))
    assert load_portfolio(root, "ada", DEFAULT).portfolio.conferences[0].date == dt.date(2026, 4, 2)


@pytest.mark.parametrize("days", [1, 2, 40, 366])
def test_a_record_after_today_is_a_warning(tmp_path: Path, days: int) -> None:
    day = (TODAY + dt.timedelta(days=days)).isoformat()
    found = check(tmp_path, {f"conferences/{day}.md": record(day)})
    assert summary(found) == [("PLP211", f"conferences/{day}.md", 2)]
    assert TODAY.isoformat() in found[0].message


@pytest.mark.parametrize("days", [0, 1, 400])
def test_today_and_earlier_are_fine(tmp_path: Path, days: int) -> None:
    day = (TODAY - dt.timedelta(days=days)).isoformat()
    assert check(tmp_path, {f"conferences/{day}.md": record(day)}) == []


# --- headings -----------------------------------------------------------------------------------------------------


HINT_ENDS = (
    " and write what was said below it",
    " and write your family's own words below it",
    " and write what was said below it",
)
MISSING = [combo for size in (1, 2, 3) for combo in itertools.combinations(range(3), size)]


@pytest.mark.parametrize("missing", MISSING, ids=["-".join(map(str, combo)) for combo in MISSING])
@pytest.mark.parametrize("spelling", [HEADINGS, SPANISH], ids=["en", "es"])
def test_each_missing_heading_is_an_error_named_in_the_records_language(
    tmp_path: Path, missing: tuple[int, ...], spelling: tuple[str, ...]
) -> None:
    kept = [i for i in range(3) if i not in missing]
    text = record(headings=tuple(spelling[i] for i in kept), bodies=tuple(BODIES[i] for i in kept))
    found = check(tmp_path, {"conferences/2026-04-02.md": text})
    assert [code for code, _, _ in summary(found)] == ["PLP703"] * len(missing)
    # Named in the language of the headings the record has (English when it has none to tell).
    named = spelling if kept else HEADINGS
    # A report lists findings at the same place in the order of their messages.
    assert sorted(f.message for f in found) == sorted(f"this conference record needs a heading '{named[i]}'" for i in missing)
    assert all(f.is_error and f.location.line == 6 for f in found), "at the first line after the front matter"
    assert sorted(f.hint for f in found) == sorted(f"add a line `## {named[i]}`" + HINT_ENDS[i] for i in missing)


def test_the_schools_own_headings(tmp_path: Path) -> None:
    requirements = parse_requirements(
        {"conference_record": {"headings": [["Highlights", "Lo mejor"], ["Family voice", "Voz de la familia"]], "next_steps": 1}}
    )
    good = record(headings=("Lo mejor", "Voz de la familia"))
    assert check(tmp_path / "a", {"conferences/2026-04-02.md": good}, requirements=requirements) == []
    found = check(tmp_path / "b", {"conferences/2026-04-02.md": record()}, requirements=requirements)
    assert [(f.message, f.hint) for f in found] == [
        (
            "this conference record needs a heading 'Family voice'",
            "add a line `## Family voice` and write your family's own words below it",
        ),
        ("this conference record needs a heading 'Highlights'", "add a line `## Highlights` and write what was said below it"),
    ]


# --- language -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["es", "ar", "ne", "sw", "fr", "so", "pt-BR", "zh-Hant", "haw"])
def test_a_known_language_is_fine(tmp_path: Path, language: str) -> None:
    assert check(tmp_path, {"conferences/2026-04-02.md": record(language=language)}) == []


@pytest.mark.parametrize("language", ["np", "xx", "qq", "zzz", "qq-ES"])
def test_a_code_of_no_language_is_a_warning_with_the_familys_code_as_example(tmp_path: Path, language: str) -> None:
    found = check(
        tmp_path,
        {"conferences/2026-04-02.md": record(language=language)},
        student_yml="name: Ada Lovelace\ngrade: 9\nlanguage: ne\n",
    )
    assert summary(found) == [("PLP704", "conferences/2026-04-02.md", 4)]
    assert "`language: ne` for Nepali" in found[0].hint


@pytest.mark.parametrize(
    ("language", "hint"),
    [("Spanish", "for Spanish"), ("EN", "`language: en`"), ("es_ES", "`language: es-ES`"), ("''", "for Spanish")],
)
def test_a_language_that_is_not_a_code_is_an_error(tmp_path: Path, language: str, hint: str) -> None:
    found = check(tmp_path, {"conferences/2026-04-02.md": record(language=language)})
    assert summary(found) == [("PLP106", "conferences/2026-04-02.md", 4)]
    assert hint in found[0].hint


# --- student.yml and goals ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("written", ["2026-03-20", "2026-04-03", "2025-04-02"])
def test_last_conference_that_differs_from_the_newest_record_is_a_warning_at_its_line(tmp_path: Path, written: str) -> None:
    student = f"name: Ada Lovelace\ngrade: 9\nadvisor: Ms. Rivera\nlast_conference: {written}\n"
    files = {"conferences/2026-04-02.md": record(), "conferences/2025-11-14.md": record("2025-11-14")}
    found = check(tmp_path, files, student_yml=student)
    assert summary(found) == [("PLP705", "student.yml", 4)]
    assert "conferences/2026-04-02.md" in found[0].message
    assert "last_conference: 2026-04-02" in found[0].hint


def test_last_conference_that_agrees_or_has_no_record_is_fine(tmp_path: Path) -> None:
    student = "name: Ada Lovelace\ngrade: 9\nlast_conference: 2026-04-02\n"
    assert check(tmp_path / "a", {"conferences/2026-04-02.md": record()}, student_yml=student) == []
    assert check(tmp_path / "b", {}, student_yml=student) == []


GOAL = "---\ntitle: Build a robot arm\narea: academic\nstatus: in-progress\nagreed_at: {date}\n---\nWhy: I want to lift a cup.\n"


def test_a_goal_agreed_at_a_conference_with_a_record_is_fine(tmp_path: Path) -> None:
    files = {"conferences/2026-04-02.md": record(), "goals/arm.md": GOAL.format(date="2026-04-02")}
    assert [f for f in check(tmp_path, files) if f.code != "PLP210"] == []
    root = make_school(tmp_path / "again", valid_student("ada", extra=files))
    goal = next(g for g in load_portfolio(root, "ada", DEFAULT).portfolio.goals if g.page.slug == "arm")
    assert goal.agreed_at == dt.date(2026, 4, 2)


@pytest.mark.parametrize(
    ("agreed", "records", "hint"),
    [
        ("2026-04-03", ("2026-04-02", "2025-11-14"), "did you mean 2026-04-02?"),
        ("2025-11-01", ("2026-04-02", "2025-11-14"), "did you mean 2025-11-14?"),
        ("2026-04-02", (), "plp new conference ada --date 2026-04-02"),
    ],
)
def test_a_goal_agreed_at_a_conference_without_a_record_is_a_warning(
    tmp_path: Path, agreed: str, records: tuple[str, ...], hint: str
) -> None:
    files = {f"conferences/{day}.md": record(day) for day in records}
    files["goals/arm.md"] = GOAL.format(date=agreed)
    found = [f for f in check(tmp_path, files) if f.code != "PLP210"]
    assert summary(found) == [("PLP706", "goals/arm.md", 5)]
    assert hint in found[0].hint


def test_files_in_folders_inside_conferences_are_not_published(tmp_path: Path) -> None:
    files = {"conferences/old/2025-04-02.md": record("2025-04-02"), "conferences/notes.txt": "notes"}
    assert sorted(summary(check(tmp_path, files))) == [
        ("PLP009", "conferences/notes.txt", 0),
        ("PLP009", "conferences/old/2025-04-02.md", 0),
    ]


# --- the school's setting ---------------------------------------------------------------------------------------------


def test_the_default_setting() -> None:
    rule = parse_requirements({}).conference_record
    assert rule == DEFAULT_RECORD_RULE
    assert [choices[0] for choices in rule.headings] == list(HEADINGS)
    assert (rule.family_index, rule.next_steps_index) == (1, 2)
    # Each default heading has a spelling in every language plp ships templates in, in the same order.
    assert all(len(choices) >= 6 for choices in rule.headings)


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ({"heading": []}, "unknown setting 'heading'"),
        ({"headings": "What I shared"}, "conference_record.headings must be a list"),
        ({"headings": [["Only one"]]}, "at least two headings"),
        ({"headings": [[], ["Two"]]}, "a heading must have at least one spelling"),
        ({"headings": [["One"], [""]]}, "conference_record.headings must be text"),
        ({"headings": [["One"], ["Two"]]}, "next_steps is 3, but there are only 2 headings"),
        ({"family_words": 0}, "conference_record.family_words must be a whole number of at least 1"),
        ({"family_words": 3}, "family_words and next_steps must be two different headings"),
        ({"next_steps": "three"}, "conference_record.next_steps must be a whole number"),
        ("headings", "conference_record must be a mapping"),
    ],
)
def test_a_wrong_setting_is_one_line(setting: object, message: str) -> None:
    with pytest.raises(ConfigError, match=r"^plugins\.plp") as raised:
        parse_requirements({"conference_record": setting})
    assert message in str(raised.value)
    assert "\n" not in str(raised.value)
