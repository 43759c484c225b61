"""`plp check` and `plp build` agree on what counts as written and on dates, and students.json carries the facts
the staff dashboard needs: real builds of small schools."""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from conftest import REPO, run_plp, valid_student

from plp_site.attention import school_attention
from plp_site.requirements import Requirements
from plp_site.staff import records_from_json

from .conftest import Built, build

SmallSchool = Callable[[Mapping[str, str | bytes]], Path]
TODAY = dt.date(2026, 11, 27)
TEMPLATE_REFLECTION = (REPO / "plp_site" / "scaffold" / "en" / "reflection.md").read_text(encoding="utf-8")
OWN = "I wrote this myself, and it has more than ten words in it."


@pytest.fixture(autouse=True)
def build_day(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every check and build of this module runs on 2026-11-27 (workers inherit the environment)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(2026, 11, 27, 12, tzinfo=dt.UTC).timestamp())))


def template_reflection(date: str = "2026-10-05") -> str:
    return TEMPLATE_REFLECTION.replace("{date}", date).replace("{title}", "Robots week two").replace("{skill}", "communication")


def findings(root: Path, student_id: str) -> list[dict[str, object]]:
    code, out, _ = run_plp("check", "--root", root, "--format", "json", student_id)
    assert code in (0, 1)
    items = json.loads(out)
    assert isinstance(items, list)
    return items


def test_a_template_only_reflection_is_reported_by_check_and_incomplete_in_the_build(small_school: SmallSchool) -> None:
    extra = {"reflections/2026-10-05-robots-week-two.md": template_reflection()}
    root = small_school(
        {**valid_student("ada", extra=extra, without=("reflections/2026-10-03-robots.md",)), **valid_student("bo")}
    )
    found = [(f["code"], f["path"], f["line"]) for f in findings(root, "ada") if f["code"] in ("PLP208", "PLP210")]
    assert ("PLP210", "students/ada/reflections/2026-10-05-robots-week-two.md", 7) in found
    assert sum(code == "PLP208" for code, _, _ in found) == 2
    result = build(root)
    assert result.code == 0, result.stderr
    ada, bo = result.records["ada"], result.records["bo"]
    assert ada["status"] == "built", "a page that does not count yet is still published"
    assert ada["counts"] == {"goals": 1, "reflections": 0, "evidence": 1}
    assert ada["drafts"] == {"goals": 0, "reflections": 1, "evidence": 0}
    assert (ada["incomplete"], ada["prompts"]) == (["reflections"], 2)
    assert any(" warning PLP210 this reflection has none of your own words" in str(f) for f in ada["findings"])  # type: ignore[union-attr]
    assert (bo["incomplete"], bo["prompts"], bo["warnings"]) == ([], 0, 0)
    assert bo["sections"] == {"about-me": True, "postsecondary": True}
    # The dashboard's groups, from students.json as written.
    records = records_from_json(result.staff / "students.json")
    groups = {g.key: g.student_ids for g in school_attention(records, Requirements(), TODAY)}
    assert groups["prompts_left"] == ("ada",)
    assert groups["section_missing"] == ()


@pytest.mark.parametrize("seed", range(4))
def test_check_and_build_agree_on_what_is_missing(small_school: SmallSchool, seed: int) -> None:
    """Students with thin or template pages in every place: no completeness finding <=> nothing incomplete."""
    thin = [
        {
            "about-me.md": "# About me\n\n## Strengths\n\nDrawing.\n\n## Interests\n\n"
            + OWN
            + "\n\n## How I learn best\n\n"
            + OWN
            + "\n"
        },
        {"postsecondary.md": "# After high school\n\n_✎ What might you do after high school?_\n"},
        {"goals/robot-arm.md": "---\ntitle: Arm\narea: academic\nstatus: in-progress\n---\n## Why this goal matters to me\n"},
        {"evidence/arm.md": "---\ntitle: Arm\nskills: [communication]\n---\n![a red robot arm](images/arm.png)\n"},
    ]
    files: dict[str, str | bytes] = {}
    for number, change in enumerate(thin):
        files.update(valid_student(f"s{number}", extra=change if (seed + number) % 2 else {}))
    root = small_school(files)
    result = build(root)
    assert result.code == 0, result.stderr
    for number in range(len(thin)):
        student_id = f"s{number}"
        reported = [f for f in findings(root, student_id) if f["code"] in ("PLP209", "PLP210")]
        record = result.records[student_id]
        assert (reported == []) == (record["incomplete"] == []), (student_id, reported, record["incomplete"])
        assert record["warnings"] == len(findings(root, student_id))


def test_future_dates_are_findings_and_never_the_latest_entry(small_school: SmallSchool) -> None:
    future = f"---\ndate: 2062-10-05\ntitle: Robots\nskills: [communication]\n---\n{OWN}\n"
    student = "name: Ada Lovelace\ngrade: 9\nlast_conference: 2027-03-01\n"
    extra = {"reflections/2062-10-05-robots.md": future, "student.yml": student}
    root = small_school(valid_student("ada", extra=extra))
    found = [(f["code"], f["path"], f["line"]) for f in findings(root, "ada") if f["code"] == "PLP211"]
    assert found == [
        ("PLP211", "students/ada/reflections/2062-10-05-robots.md", 2),
        ("PLP211", "students/ada/student.yml", 3),
    ]
    result = build(root)
    ada = result.records["ada"]
    assert (ada["latest_entry"], ada["last_conference"]) == ("2026-10-03", None)
    # The conference's date is the first to change these facts (before the goal's target date passes, 2027-06-01).
    assert ada["recheck_on"] == "2027-03-01"
    # Nothing is new from the future: the agenda lists this school year's reflection, not the one dated 2062.
    page = (result.site_of("ada") / "conference" / "index.html").read_text(encoding="utf-8")
    agenda = page[page.index("<article") : page.index("</article>")]
    assert "2026-10-03-robots" in agenda
    assert "2062-10-05-robots" not in agenda


def test_overdue_goals_and_the_last_conference(small_school: SmallSchool) -> None:
    late = "---\ntitle: Read ten books\narea: personal\nstatus: in-progress\ntarget: 2026-11-01\n---\n" + OWN + "\n"
    met = "---\ntitle: Run a mile\narea: personal\nstatus: met\ntarget: 2026-10-01\n---\n" + OWN + "\n"
    student = "name: Ada Lovelace\ngrade: 9\nlast_conference: 2026-09-20\n"
    root = small_school(valid_student("ada", extra={"goals/ten-books.md": late, "goals/mile.md": met, "student.yml": student}))
    ada = build(root).records["ada"]
    assert (ada["overdue_goals"], ada["last_conference"]) == (["ten-books"], "2026-09-20")


def test_a_failed_build_says_since_when_the_previous_site_is_online(small_school: SmallSchool) -> None:
    root = small_school(valid_student("ada"))
    first = build(root)
    assert first.records["ada"]["status"] == "built"
    since = first.records["ada"]["published_since"]
    assert isinstance(since, str)
    marker = first.site_of("ada") / ".plp-site.json"
    assert dt.datetime.fromisoformat(since).timestamp() == pytest.approx(marker.stat().st_mtime, abs=1)
    # Broken: the site stays as it was, and the record says since when it is online.
    os.utime(marker, (1_700_000_000, 1_700_000_000))
    (root / "students/ada/goals/robot-arm.md").write_text("---\ntitle: [unclosed\n---\n", encoding="utf-8")
    second = build(root)
    ada = second.records["ada"]
    assert (ada["status"], ada["published"]) == ("failed", True)
    assert dt.datetime.fromisoformat(str(ada["published_since"])).timestamp() == 1_700_000_000


def test_a_student_never_published_has_no_published_since(small_school: SmallSchool) -> None:
    root = small_school(valid_student("ada", extra={"goals/robot-arm.md": "---\ntitle: [unclosed\n---\n"}))
    result: Built = build(root)
    assert (result.records["ada"]["status"], result.records["ada"]["published_since"]) == ("failed", None)


def test_an_unchanged_student_is_built_again_when_a_date_comes(
    small_school: SmallSchool, monkeypatch: pytest.MonkeyPatch
) -> None:
    future = f"---\ndate: 2026-12-24\ntitle: Robots\nskills: [communication]\n---\n{OWN}\n"
    root = small_school(valid_student("ada", extra={"reflections/2026-12-24-robots.md": future}))
    first = build(root)
    assert (first.records["ada"]["latest_entry"], first.records["ada"]["recheck_on"]) == ("2026-10-03", "2026-12-24")
    assert "(1 unchanged, 0 failed)" in build(root).stdout, "nothing changed, same day: skipped"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(2026, 12, 24, 12, tzinfo=dt.UTC).timestamp())))
    later = build(root)
    assert "(0 unchanged, 0 failed)" in later.stdout, later.stdout
    ada = later.records["ada"]
    assert (ada["latest_entry"], ada["warnings"]) == ("2026-12-24", 0)
