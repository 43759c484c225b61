"""plp_site.dates: dates after the build's date are findings and never the latest entry; goals past their target;
the school year; and the school's date settings."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import make_school, valid_student

from plp_site.checker import Checked, check_student
from plp_site.dates import build_date, last_conference, latest_entry, overdue_goals, recheck_on, school_year_start
from plp_site.facts import progress_facts
from plp_site.requirements import ConfigError, Requirements, parse_requirements

TODAY = dt.date(2026, 11, 27)
DEFAULT = Requirements()
OWN = "I wrote this myself, and it has more than ten words in it."


def reflection(date: str, name: str | None = None) -> dict[str, str]:
    return {f"reflections/{name or date}-day.md": f"---\ntitle: A day\nskills: [communication]\ndate: {date}\n---\n{OWN}\n"}


def evidence(date: str) -> dict[str, str]:
    return {"evidence/poster.md": f"---\ntitle: Poster\ndate: {date}\nskills: [communication]\n---\n{OWN}\n"}


def goal(slug: str, status: str, target: str | None) -> dict[str, str]:
    line = f"target: {target}\n" if target else ""
    return {f"goals/{slug}.md": f"---\ntitle: Goal\narea: academic\nstatus: {status}\n{line}---\n{OWN}\n"}


def checked(tmp_path: Path, extra: dict[str, str], student_yml: str = "", today: dt.date = TODAY) -> Checked:
    files: dict[str, str | bytes] = dict(extra)
    if student_yml:
        files["student.yml"] = f"name: Ada Lovelace\ngrade: 9\n{student_yml}"
    return check_student(make_school(tmp_path, valid_student("ada", extra=files)), "ada", Requirements(), today=today)


def future(result: Checked) -> list[tuple[str, int, str]]:
    return [
        (f.location.path.removeprefix("students/ada/"), f.location.line, f.message)
        for f in result.report.findings
        if f.code == "PLP211"
    ]


@pytest.mark.parametrize("days", [1, 2, 31, 365, 36 * 365])
def test_a_reflection_dated_after_today_is_a_finding_at_its_date(tmp_path: Path, days: int) -> None:
    date = (TODAY + dt.timedelta(days=days)).isoformat()
    result = checked(tmp_path, reflection(date))
    assert future(result) == [(f"reflections/{date}-day.md", 4, f"the date {date} is in the future (today is 2026-11-27)")]
    finding = next(f for f in result.report.findings if f.code == "PLP211")
    assert not finding.is_error
    facts = progress_facts(result.portfolio, DEFAULT, TODAY)
    assert facts["latest_entry"] == "2026-10-03", "the valid student's own reflection, never the future one"
    # The valid student's goal (target 2027-06-01) becomes overdue on 2027-06-02, if the date has not come before.
    assert facts["recheck_on"] == min(date, "2027-06-02")


@pytest.mark.parametrize("days", [0, 1, 400])
def test_today_and_the_past_are_no_finding(tmp_path: Path, days: int) -> None:
    date = (TODAY - dt.timedelta(days=days)).isoformat()
    result = checked(tmp_path, {**reflection(date), **evidence(date)}, "last_conference: " + date + "\n")
    assert future(result) == []
    facts = progress_facts(result.portfolio, DEFAULT, TODAY)
    assert facts["latest_entry"] == max(date, "2026-10-03")
    assert facts["last_conference"] == date


def test_evidence_and_the_last_conference_in_the_future(tmp_path: Path) -> None:
    result = checked(tmp_path, evidence("2027-01-05"), "last_conference: 2027-03-01\n")
    assert future(result) == [
        ("evidence/poster.md", 3, "the date 2027-01-05 is in the future (today is 2026-11-27)"),
        ("student.yml", 3, "last_conference 2027-03-01 is in the future (today is 2026-11-27)"),
    ]
    facts = progress_facts(result.portfolio, DEFAULT, TODAY)
    assert (facts["last_conference"], facts["latest_entry"], facts["recheck_on"]) == (None, "2026-10-03", "2027-01-05")


def test_the_same_folder_on_a_later_day_has_no_finding(tmp_path: Path) -> None:
    result = checked(tmp_path, reflection("2027-01-05"), today=dt.date(2027, 1, 5))
    assert future(result) == []
    assert latest_entry(result.portfolio, dt.date(2027, 1, 5)) == dt.date(2027, 1, 5)


@pytest.mark.parametrize(
    ("status", "target", "overdue"),
    [
        ("in-progress", "2026-11-26", True),
        ("not-started", "2020-01-01", True),
        ("met", "2026-11-26", False),
        ("in-progress", "2026-11-27", False),
        ("in-progress", "2027-06-01", False),
        ("in-progress", None, False),
    ],
)
def test_goals_past_their_target_and_not_met(tmp_path: Path, status: str, target: str | None, overdue: bool) -> None:
    result = checked(tmp_path, goal("robot-race", status, target))
    assert overdue_goals(result.portfolio, TODAY) == (("robot-race",) if overdue else ())
    assert progress_facts(result.portfolio, DEFAULT, TODAY)["overdue_goals"] == (("robot-race",) if overdue else ())


def test_recheck_on_is_the_first_day_a_date_changes_the_facts(tmp_path: Path) -> None:
    # The valid student's goal (target 2027-06-01, in progress) becomes overdue on 2027-06-02.
    result = checked(tmp_path, {})
    assert recheck_on(result.portfolio, TODAY) == dt.date(2027, 6, 2)
    result = checked(tmp_path / "later", {**goal("soon", "in-progress", "2026-11-30"), **reflection("2026-12-24")})
    assert recheck_on(result.portfolio, TODAY) == dt.date(2026, 12, 1)
    assert recheck_on(result.portfolio, dt.date(2026, 12, 1)) == dt.date(2026, 12, 24)
    assert recheck_on(result.portfolio, dt.date(2027, 6, 2)) is None
    assert last_conference(result.portfolio, TODAY) is None


@pytest.mark.parametrize(
    ("today", "starts", "first_day"),
    [
        (dt.date(2026, 11, 27), (8, 1), dt.date(2026, 8, 1)),
        (dt.date(2026, 8, 1), (8, 1), dt.date(2026, 8, 1)),
        (dt.date(2026, 7, 31), (8, 1), dt.date(2025, 8, 1)),
        (dt.date(2027, 1, 15), (9, 1), dt.date(2026, 9, 1)),
        (dt.date(2027, 1, 15), (1, 20), dt.date(2026, 1, 20)),
        (dt.date(2027, 1, 20), (1, 20), dt.date(2027, 1, 20)),
    ],
)
def test_school_year_start(today: dt.date, starts: tuple[int, int], first_day: dt.date) -> None:
    assert school_year_start(today, starts) == first_day


def test_build_date_follows_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(2031, 2, 3, 12, tzinfo=dt.UTC).timestamp())))
    assert build_date() == dt.date(2031, 2, 3)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "not a number")
    assert build_date() == dt.date.today()


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({}, (10, 30, (8, 1))),
        ({"completeness": {"min_words": 25}}, (25, 30, (8, 1))),
        ({"attention": {"stale_days": 14}, "school_year_starts": "09-01"}, (10, 14, (9, 1))),
        ({"school_year_starts": "1-5"}, (10, 30, (1, 5))),
    ],
)
def test_the_schools_settings(options: dict[str, object], expected: tuple[int, int, tuple[int, int]]) -> None:
    requirements = parse_requirements(options)
    assert (requirements.min_words, requirements.stale_days, requirements.school_year_starts) == expected


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"completeness": {"min_words": 0}}, "plugins.plp.completeness.min_words must be a whole number of at least 1"),
        ({"completeness": {"min_word": 5}}, "plugins.plp.completeness: unknown setting 'min_word' (the setting is: min_words)"),
        ({"completeness": 10}, "plugins.plp.completeness must be a mapping"),
        ({"attention": {"stale_days": "a month"}}, "plugins.plp.attention.stale_days must be a whole number"),
        ({"school_year_starts": "August"}, 'plugins.plp.school_year_starts must be a month and day like "08-01"'),
        ({"school_year_starts": "02-29"}, 'plugins.plp.school_year_starts must be a month and day like "08-01"'),
        ({"school_year_starts": "13-01"}, 'plugins.plp.school_year_starts must be a month and day like "08-01"'),
        ({"school_year_starts": 8}, 'plugins.plp.school_year_starts must be a month and day like "08-01"'),
    ],
)
def test_wrong_date_and_completeness_settings_are_one_line(options: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError) as raised:
        parse_requirements(options)
    assert str(raised.value).startswith(message)
    assert "\n" not in str(raised.value)
