"""plp_site.attention: the staff dashboard's groups of students who need attention, from generated records."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import random
from pathlib import Path

import pytest

from plp_site.attention import GROUPS, attention_groups, school_attention
from plp_site.requirements import parse_requirements
from plp_site.staff import StaffRecord, records_from_json

TODAY = dt.date(2026, 11, 27)


def record(student_id: str, **facts: object) -> StaffRecord:
    """A built student with nothing to worry about, except what `facts` says."""
    values: dict[str, object] = {
        "id": student_id,
        "name": student_id.title(),
        "grade": 9,
        "slug": f"{student_id}-abc",
        "path": f"{student_id}-abc/",
        "link": f"{student_id}-abc/",
        "status": "built",
        "errors": 0,
        "warnings": 0,
        "findings": (),
        "reason": "",
        "counts": {"goals": 1, "reflections": 1, "evidence": 1},
        "sections": {"about-me": True, "postsecondary": True},
        "latest_entry": (TODAY - dt.timedelta(days=3)).isoformat(),
        "last_conference": "2026-10-15",
    }
    values.update(facts)
    return StaffRecord(**values)  # type: ignore[arg-type]


def groups(records: list[StaffRecord], today: dt.date = TODAY, **settings: object) -> dict[str, tuple[str, ...]]:
    found = attention_groups(records, today, **settings)  # type: ignore[arg-type]
    assert [g.key for g in found] == list(GROUPS), "every group, in the dashboard's order"
    assert all(g.count == len(g.student_ids) for g in found)
    return {g.key: g.student_ids for g in found}


def test_no_one_needs_attention() -> None:
    assert groups([record("ada"), record("bo")]) == dict.fromkeys(GROUPS, ())


@pytest.mark.parametrize(
    ("facts", "group"),
    [
        ({"status": "failed"}, "build_failed"),
        ({"latest_entry": None}, "no_recent_entry"),
        ({"latest_entry": "2026-10-27"}, "no_recent_entry"),
        ({"prompts": 3}, "prompts_left"),
        ({"incomplete": ("section:about-me",)}, "section_missing"),
        ({"incomplete": ("goals", "section:postsecondary")}, "section_missing"),
        ({"overdue_goals": ("robot-arm",)}, "goal_overdue"),
        ({"last_conference": None}, "no_conference"),
        ({"last_conference": "2026-07-31"}, "no_conference"),
    ],
)
def test_each_reason_puts_the_student_in_its_group_only(facts: dict[str, object], group: str) -> None:
    found = groups([record("ada"), record("bo", **facts)])
    assert found == {key: ("bo",) if key == group else () for key in GROUPS}


@pytest.mark.parametrize(("days", "stale"), [(0, False), (29, False), (30, False), (31, True), (400, True)])
def test_no_recent_entry_counts_days_from_today(days: int, stale: bool) -> None:
    latest = (TODAY - dt.timedelta(days=days)).isoformat()
    assert groups([record("ada", latest_entry=latest)])["no_recent_entry"] == (("ada",) if stale else ())
    assert groups([record("ada", latest_entry=latest)], stale_days=days + 1)["no_recent_entry"] == ()


@pytest.mark.parametrize(
    ("conference", "starts", "today", "missing"),
    [
        ("2026-08-01", (8, 1), TODAY, False),
        ("2026-07-31", (8, 1), TODAY, True),
        ("2026-07-31", (7, 1), TODAY, False),
        ("2026-06-10", (9, 1), dt.date(2026, 8, 20), False),
        ("2027-01-10", (8, 1), TODAY, True),
        ("not a date", (8, 1), TODAY, True),
    ],
)
def test_no_conference_this_school_year(conference: str, starts: tuple[int, int], today: dt.date, missing: bool) -> None:
    found = groups([record("ada", last_conference=conference)], today, school_year_starts=starts)
    assert found["no_conference"] == (("ada",) if missing else ())


def test_a_build_stopped_from_outside_is_only_a_failure() -> None:
    # Nothing of the folder was read (no counts): the other groups have nothing to go on.
    stopped = record("ada", status="failed", counts={}, sections={}, latest_entry=None, last_conference=None, prompts=0)
    assert groups([stopped]) == {key: ("ada",) if key == "build_failed" else () for key in GROUPS}


def test_school_settings_are_used() -> None:
    requirements = parse_requirements({"attention": {"stale_days": 7}, "school_year_starts": "11-01"})
    found = {g.key: g.student_ids for g in school_attention([record("ada", latest_entry="2026-11-10")], requirements, TODAY)}
    assert found["no_recent_entry"] == ("ada",)
    assert found["no_conference"] == ("ada",)


@pytest.mark.parametrize("seed", range(25))
def test_generated_schools(seed: int) -> None:
    generator = random.Random(seed)
    records, expected = [], {key: set() for key in GROUPS}
    for number in range(generator.randint(0, 40)):
        student_id = f"student-{number:02d}"
        facts: dict[str, object] = {
            "status": generator.choice(["built", "built", "unchanged", "failed"]),
            "latest_entry": generator.choice([None, (TODAY - dt.timedelta(days=generator.randint(0, 90))).isoformat()]),
            "prompts": generator.choice([0, 0, 1, 7]),
            "incomplete": tuple(generator.sample(["section:about-me", "section:postsecondary", "goals", "evidence"], 2))
            if generator.random() < 0.3
            else (),
            "overdue_goals": ("robot-arm",) if generator.random() < 0.2 else (),
            "last_conference": generator.choice([None, "2026-04-02", "2026-09-30"]),
        }
        records.append(record(student_id, **facts))
        latest = facts["latest_entry"]
        checks = {
            "build_failed": facts["status"] == "failed",
            "no_recent_entry": latest is None or (TODAY - dt.date.fromisoformat(str(latest))).days > 30,
            "prompts_left": bool(facts["prompts"]),
            "section_missing": any(str(key).startswith("section:") for key in facts["incomplete"]),  # type: ignore[attr-defined]
            "goal_overdue": bool(facts["overdue_goals"]),
            "no_conference": facts["last_conference"] != "2026-09-30",
        }
        for key, applies in checks.items():
            if applies:
                expected[key].add(student_id)
    generator.shuffle(records)
    assert groups(records) == {key: tuple(sorted(ids)) for key, ids in expected.items()}


# --- students.json from another plp version ---------------------------------------------------------------------


def test_students_json_of_an_older_plp_reads_with_the_new_facts_at_their_defaults(tmp_path: Path) -> None:
    old_fields = ("id", "name", "grade", "slug", "path", "link", "status", "errors", "warnings", "findings", "reason")
    old = {name: value for name, value in dataclasses.asdict(record("ada")).items() if name in old_fields}
    old |= {"counts": {"goals": 2}, "sections": {"about-me": True}, "latest_entry": "2026-10-01", "findings": ["x"]}
    path = tmp_path / "students.json"
    path.write_text(json.dumps([old]), encoding="utf-8")
    (read,) = records_from_json(path)
    assert (read.id, read.counts, read.findings) == ("ada", {"goals": 2}, ("x",))
    assert (read.prompts, read.incomplete, read.overdue_goals, read.last_conference, read.published_since) == (
        0,
        (),
        (),
        None,
        None,
    )


def test_students_json_round_trips_and_a_newer_plps_fields_are_left_out(tmp_path: Path) -> None:
    original = record(
        "ada",
        prompts=2,
        incomplete=("section:about-me", "goals"),
        overdue_goals=("robot-arm",),
        published_since="2026-11-01T08:00:00+00:00",
    )
    path = tmp_path / "students.json"
    path.write_text(json.dumps([original.as_json()]), encoding="utf-8")
    assert records_from_json(path) == [original]
    path.write_text(json.dumps([{**original.as_json(), "a_newer_fact": [1, 2]}]), encoding="utf-8")
    assert records_from_json(path) == [original]
