"""A goal's history (`set:` and `met:`): read into the model, listed in the editor schema, checked against the
status, each other, the target and the build's date; and the school years of the Journey made from it."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import random
from pathlib import Path

import pytest
from conftest import make_school, run_plp, valid_student

from plp_site.checker import Checked, check_student
from plp_site.dates import recheck_on
from plp_site.goalhistory import check_goal_dates
from plp_site.journey import grade_in, journey_years
from plp_site.model import STATUSES, Evidence, Goal, Page, Portfolio, Reflection, SourceLocation
from plp_site.requirements import Requirements

TODAY = dt.date(2026, 11, 27)
OWN = "I wrote this myself, and it has more than ten words in it."
GOAL_CODES = ("PLP801", "PLP802", "PLP211")


def goal_file(status: str, **dates: dt.date | None) -> str:
    lines = "".join(f"{name}: {day.isoformat()}\n" for name, day in dates.items() if day is not None)
    return f"---\ntitle: Goal\narea: academic\nstatus: {status}\n{lines}---\n{OWN}\n"


def checked(tmp_path: Path, text: str, today: dt.date = TODAY) -> Checked:
    files = valid_student("ada", extra={"goals/robot-arm.md": text})
    return check_student(make_school(tmp_path, files), "ada", Requirements(), today=today)


def goal_findings(result: Checked) -> list[tuple[str, int]]:
    return sorted((f.code, f.location.line) for f in result.report.findings if f.code in GOAL_CODES)


def test_set_and_met_are_read_into_the_goal(tmp_path: Path) -> None:
    result = checked(tmp_path, goal_file("met", set=dt.date(2025, 9, 15), met=dt.date(2026, 5, 20)))
    goal = result.portfolio.goals[0]
    assert (goal.set_on, goal.met_on) == (dt.date(2025, 9, 15), dt.date(2026, 5, 20))
    assert goal_findings(result) == []
    assert not [f for f in result.report.findings if f.code == "PLP105"], "set and met are known fields"


@pytest.mark.parametrize("written", ["Sept 15", "2025-13-01", "[2025-09-15]", "yes"])
def test_a_set_date_that_is_not_a_date_is_a_finding_at_its_line(tmp_path: Path, written: str) -> None:
    result = checked(tmp_path, f"---\ntitle: Goal\narea: academic\nstatus: met\nset: {written}\n---\n{OWN}\n")
    found = [(f.code, f.location.line) for f in result.report.findings if f.location.path.endswith("robot-arm.md")]
    assert ("PLP103", 5) in found
    assert result.portfolio.goals[0].set_on is None


def _dates() -> list[tuple[str, dt.date | None, dt.date | None, dt.date | None]]:
    """Generated goals: every status with set, met and target before, on or after each other and today."""
    rng = random.Random(20261127)
    offsets = (None, -400, -30, 0, 1)
    cases = []
    for status, set_at, met_at, target_at in itertools.product(STATUSES, offsets, offsets, offsets):
        shift = rng.randint(-3, 0)  # the same orders, on other days

        def day(offset: int | None, shift: int = shift) -> dt.date | None:
            return None if offset is None else TODAY + dt.timedelta(days=offset + shift)

        cases.append((status, day(set_at), day(met_at), day(target_at)))
    return cases


@pytest.mark.parametrize(("status", "set_on", "met_on", "target"), _dates())
def test_goal_dates_are_judged_in_every_order(
    tmp_path: Path, status: str, set_on: dt.date | None, met_on: dt.date | None, target: dt.date | None
) -> None:
    result = checked(tmp_path, goal_file(status, set=set_on, met=met_on, target=target))
    lines = {"set": 5, "met": 5 + (set_on is not None), "target": 5 + (set_on is not None) + (met_on is not None)}
    expected = []
    if met_on is not None and status != "met":
        expected.append(("PLP801", lines["met"]))
    if set_on and met_on and met_on < set_on:
        expected.append(("PLP802", lines["met"]))
    if set_on and target and target < set_on:
        expected.append(("PLP802", lines["target"]))
    expected += [("PLP211", lines[name]) for name, day in (("set", set_on), ("met", met_on)) if day and day > TODAY]
    assert goal_findings(result) == sorted(expected)
    assert not result.report.errors, "a goal's history is never an error: the site is still built"


def test_each_finding_says_what_to_do(tmp_path: Path) -> None:
    later = TODAY + dt.timedelta(days=3)
    result = checked(tmp_path, goal_file("in-progress", set=later, met=TODAY, target=TODAY))
    by_code = {f.code: f for f in result.report.findings if f.code in GOAL_CODES}
    assert set(by_code) == set(GOAL_CODES)
    assert "status: met" in by_code["PLP801"].hint
    orders = [f.message for f in result.report.findings if f.code == "PLP802"]
    assert any("before it was set on" in message for message in orders)
    assert any("target date" in message for message in orders)
    assert f"'set' {later.isoformat()} is in the future (today is {TODAY.isoformat()})" == by_code["PLP211"].message
    for found in by_code.values():
        assert found.location.path == "students/ada/goals/robot-arm.md"
        assert found.hint


def test_the_editor_schema_lists_set_and_met(tmp_path: Path) -> None:
    root = make_school(tmp_path, {})
    code, _, stderr = run_plp("schema", "--root", root, "--out", root / "schemas")
    assert code == 0, stderr
    goal = json.loads((root / "schemas" / "plp-goal.schema.json").read_text(encoding="utf-8"))
    for name, example in (("set", "2025-09-15"), ("met", "2026-05-20")):
        assert goal["properties"][name]["examples"] == [example]
        assert goal["properties"][name]["type"] == "string"
        assert name not in goal.get("required", [])


# ---------------------------------------------------------------------------------------------------------------
# School years


def _page(path: str) -> Page:
    return Page(path, SourceLocation(f"students/ada/{path}"), path, "", 1)


def _portfolio(rng: random.Random, first: dt.date, days: int) -> Portfolio:
    def when() -> dt.date:
        return first + dt.timedelta(days=rng.randint(0, days))

    skills = ("communication", "self-direction", "problem-solving")
    goals = []
    for index in range(4):
        set_on = when()
        met_on = set_on + dt.timedelta(days=rng.randint(0, 300))
        status = rng.choice(STATUSES)
        goals.append(Goal(_page(f"goals/g{index}.md"), "academic", status, set_on=set_on, met_on=met_on))
    reflections = tuple(Reflection(_page(f"reflections/r{i}.md"), when()) for i in range(6))
    evidence = tuple(Evidence(_page(f"evidence/e{i}.md"), when(), tuple(rng.sample(skills, rng.randint(1, 2)))) for i in range(6))
    return Portfolio("ada", "students/ada", goals=tuple(goals), reflections=reflections, evidence=evidence)


@pytest.mark.parametrize("seed", range(12))
def test_every_dated_entry_is_in_the_school_year_of_its_date(seed: int) -> None:
    rng = random.Random(seed)
    starts = (rng.randint(7, 9), rng.choice((1, 15, 28)))
    portfolio = _portfolio(rng, dt.date(2023, 1, 1) + dt.timedelta(days=rng.randint(0, 400)), 1200)
    today = dt.date(2026, 1, 1) + dt.timedelta(days=rng.randint(0, 500))
    skill_ids = ("communication", "self-direction", "problem-solving", "citizenship")
    years = journey_years(portfolio, today, skill_ids, starts)
    # One year after the other, oldest first, up to the year of today, each starting on the school's day.
    assert [year.start for year in years] == sorted({year.start for year in years})
    assert all((y.start.month, y.start.day) == starts for y in years)
    assert all(b.start.year - a.start.year == 1 for a, b in itertools.pairwise(years))
    assert years[-1].start <= today < dt.date(years[-1].start.year + 1, *starts)

    def year_of(day: dt.date) -> dt.date | None:
        return next((y.start for y in years if y.start <= day < dt.date(y.start.year + 1, *starts)), None)

    for goal in portfolio.goals:
        placed = [y.start for y in years if goal in y.goals_set]
        assert placed == ([year_of(goal.set_on)] if goal.set_on and goal.set_on <= today else [])  # type: ignore[arg-type]
        met = [y.start for y in years if goal in y.goals_met]
        counted = goal.status == "met" and goal.met_on is not None and goal.met_on <= today
        assert met == ([year_of(goal.met_on)] if counted else [])  # type: ignore[arg-type]
    for reflection in portfolio.reflections:
        assert [y.start for y in years if reflection in y.reflections] == (
            [year_of(reflection.date)] if reflection.date <= today else []
        )
    # A skill's first evidence is in exactly one year: the year of its oldest evidence page up to today.
    for skill in skill_ids:
        dates = [e.date for e in portfolio.evidence if skill in e.skills and e.date and e.date <= today]
        assert [y.start for y in years if skill in y.first_skills] == ([year_of(min(dates))] if dates else [])


def test_a_portfolio_without_dates_has_no_years() -> None:
    assert journey_years(Portfolio("ada", "students/ada"), TODAY, ("communication",)) == []


@pytest.mark.parametrize(("grade", "years_back", "expected"), [(9, 0, 9), (9, 1, 8), (12, 3, 9), (5, 4, 1), (5, 5, None)])
def test_the_grade_of_a_past_year_is_counted_back_from_todays(grade: int, years_back: int, expected: int | None) -> None:
    for starts in ((8, 1), (9, 1)):
        this_year = dt.date(TODAY.year if dt.date(TODAY.year, *starts) <= TODAY else TODAY.year - 1, *starts)
        start = dt.date(this_year.year - years_back, *starts)
        assert grade_in(grade, start, TODAY, starts) == expected
    assert grade_in(None, dt.date(2025, 8, 1), TODAY, (8, 1)) is None


def test_the_check_alone_judges_goal_dates_against_the_day_it_is_given() -> None:
    goal = Goal(_page("goals/g.md"), "academic", "met", set_on=dt.date(2026, 9, 1), met_on=dt.date(2026, 12, 1))
    portfolio = Portfolio("ada", "students/ada", goals=(goal,))
    assert [f.code for f in check_goal_dates(portfolio, dt.date(2026, 11, 30))] == ["PLP211"]
    assert list(check_goal_dates(portfolio, dt.date(2026, 12, 1))) == []


@pytest.mark.parametrize("days", [1, 40, 400])
def test_a_site_is_built_again_on_the_day_a_goal_was_set_or_met(days: int) -> None:
    later = TODAY + dt.timedelta(days=days)
    for dates in ({"set_on": later}, {"met_on": later}, {"set_on": TODAY, "met_on": later}):
        goal = Goal(_page("goals/g.md"), "academic", "met", **dates)  # type: ignore[arg-type]
        assert recheck_on(Portfolio("ada", "students/ada", goals=(goal,)), TODAY) == later
