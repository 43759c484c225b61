"""The dashboard's pages from real builds: the demo school and a generated school with several advisors, where
students are made to need attention for each reason. Each group lists exactly the students its rule picks;
advisor and grade pages list exactly their students; students.csv has a row per student."""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import io
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from conftest import REPO

from plp_site.attention import GROUPS, school_attention
from plp_site.dashboard.slugs import advisor_slugs
from plp_site.requirements import Requirements
from plp_site.staff import records_from_json

from .conftest import Built, DemoBuild, build
from .helpers import Element, read_html

BUILD_DAY = dt.date(2027, 6, 15)


def _make_school_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_school", REPO / "bench" / "make_school.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def listed(page: Element, key: str) -> list[str]:
    """The ids a page's list of an attention group links to (empty when the group has nobody)."""
    found = page.find_all("ul", id=f"attention-{key}")
    return sorted(a.attrs["href"].removeprefix("#") for a in found[0].find_all("a")) if found else []


def row_ids(page: Element) -> list[str]:
    return sorted(row.attrs["id"] for row in page.find("tbody").elements("tr"))


def check_pages(staff: Path, day: dt.date, requirements: Requirements) -> dict[str, tuple[str, ...]]:
    """Every page against students.json and the attention rules; returns the school's groups."""
    records = records_from_json(staff / "students.json")
    groups = {group.key: group.student_ids for group in school_attention(records, requirements, day)}
    pages: dict[Path, list[str]] = {staff / "index.html": sorted(r.id for r in records)}
    for name, slug in advisor_slugs(r.advisor for r in records if r.advisor).items():
        pages[staff / "advisors" / slug / "index.html"] = sorted(r.id for r in records if r.advisor == name)
    for grade in {r.grade for r in records if r.grade is not None}:
        pages[staff / "grades" / str(grade) / "index.html"] = sorted(r.id for r in records if r.grade == grade)
    written = sorted(p for p in staff.glob("*/*/index.html") if p.parts[-3] != "print")
    assert written == sorted(p for p in pages if p.parent != staff), "a page per advisor and grade, no other"
    for path, expected in pages.items():
        page = read_html(path)
        assert row_ids(page) == expected, path
        for key in GROUPS:
            assert listed(page, key) == sorted(set(groups[key]) & set(expected)), (path, key)
        nav = {a.attrs["href"] for a in page.find("nav").find_all("a")}
        assert len(nav) == len(pages), "every page links to every other page"
    table = list(csv.DictReader(io.StringIO((staff / "students.csv").read_text(encoding="utf-8-sig"), newline="")))
    assert sorted(row["id"] for row in table) == sorted(r.id for r in records)
    for row in table:
        assert row["attention keys"].split() == [key for key in GROUPS if row["id"] in groups[key]]
    return groups


def test_demo_dashboard_pages(demo: DemoBuild) -> None:
    epoch = max(r.get("published_since") or "" for r in demo.records.values())
    assert epoch, "the demo's sites are online"
    day = dt.date.fromisoformat(str(epoch)[:10])
    check_pages(demo.staff, day, Requirements())


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, list[str]]]:
    """A generated school of 10 students (advisors drawn from a list of names), built once; then changed."""
    make_school = _make_school_module()
    root = tmp_path_factory.mktemp("generated") / "school"
    spec = make_school.SchoolSpec(10, seed=3, photos_per_student=0, photo_size=(40, 30), pool_size=1, words_per_page=80)
    ids = make_school.write_school(root, spec)
    yield root, ids
    shutil.rmtree(root, ignore_errors=True)


def test_generated_school_groups_and_pages(generated: tuple[Path, list[str]], monkeypatch: pytest.MonkeyPatch) -> None:
    root, ids = generated
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(2026, 11, 27, 12, tzinfo=dt.UTC).timestamp())))
    first = build(root)
    assert first.code == 0, first.stderr
    advisors = {r["advisor"] for r in first.records.values()}
    assert len(advisors) > 2, "several advisors"
    # Then: one site fails after being online, a new student fails with no site yet, a section is too short, a prompt stays.
    failing, missing, prompted = ids[0], ids[1], ids[2]
    broken = "---\ntitle: [unclosed\n---\nText.\n"
    (root / "students" / failing / "evidence" / "broken.md").write_text(broken, encoding="utf-8")
    shutil.copytree(root / "students" / ids[3], root / "students" / "zz-new")
    (root / "students" / "zz-new" / "evidence" / "broken.md").write_text(broken, encoding="utf-8")
    (root / "students" / missing / "postsecondary.md").write_text("## After high school\n\nNot sure yet.\n", encoding="utf-8")
    about = root / "students" / prompted / "about-me.md"
    about.write_text(about.read_text(encoding="utf-8") + "\n_✎ What do you do best?_\n", encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime.combine(BUILD_DAY, dt.time(12), dt.UTC).timestamp())))
    second: Built = build(root)
    assert second.code == 1
    groups = check_pages(second.staff, BUILD_DAY, Requirements())
    assert groups["build_failed"] == (failing, "zz-new"), {i: second.records[i]["findings"] for i in groups["build_failed"]}
    assert missing in groups["section_missing"]
    assert prompted in groups["prompts_left"]
    assert groups["goal_overdue"], "the generated goals' targets of early 2027 have passed by June"
    assert set(ids[3:]) <= set(groups["no_conference"]), "the generated students never had a conference"
    page = read_html(second.staff / "index.html")
    failed = page.find("ul", id="attention-build_failed").find_all("li")
    items = {li.find("a").attrs["href"][1:]: li.text() for li in failed}
    since = str(second.records[failing]["published_since"])[:10]
    assert f"the previous site is still online, published {since}" in items[failing]
    assert "no site is online" in items["zz-new"]
    details = page.find("details", id=f"findings-{failing}")
    assert "evidence/broken.md, line" in details.text()
    assert "What to do:" in details.text()
