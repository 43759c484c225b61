"""The staff dashboard and students.json: every student with grade, counts, status and family link; never published."""

from __future__ import annotations

import json
import posixpath
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
import yaml
from conftest import REPO, run_plp, valid_student

from .conftest import DemoBuild, build
from .helpers import Element, read_html

SmallSchool = Callable[[Mapping[str, str | bytes]], Path]
DEMO_IDS = sorted(p.name for p in (REPO / "students").iterdir() if p.is_dir())


def student_yml(student_id: str) -> dict[str, object]:
    data = yaml.safe_load((REPO / "students" / student_id / "student.yml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def count(student_id: str, kind: str) -> int:
    return len(list((REPO / "students" / student_id / kind).glob("*.md")))


def dashboard_rows(staff: Path) -> dict[str, dict[str, Element]]:
    """The dashboard's rows by student id: each cell by its column heading."""
    table = read_html(staff / "index.html").find("table")
    headings = [th.text() for th in table.find("thead").find_all("th")]
    rows = {}
    for row in table.find("tbody").elements("tr"):
        if "id" in row.attrs:
            cells = [c for c in row.elements() if c.tag in ("th", "td")]
            rows[row.attrs["id"]] = dict(zip(headings, cells, strict=True))
    return rows


def test_students_json_has_one_record_per_student(demo: DemoBuild) -> None:
    items = json.loads((demo.staff / "students.json").read_text(encoding="utf-8"))
    assert isinstance(items, list)
    assert sorted(item["id"] for item in items) == DEMO_IDS
    for item in items:
        student_id = item["id"]
        assert {"id", "name", "grade", "slug", "path", "status", "errors", "warnings"} <= set(item), item
        assert item["name"] == student_yml(student_id)["name"]
        assert item["grade"] == student_yml(student_id)["grade"]
        assert item["slug"].startswith(f"{student_id}-")
        assert item["path"] == f"{item['slug']}/"
        assert (demo.site / item["path"] / "index.html").is_file()
        assert item["status"] == "built"
        assert (item["errors"], item["warnings"]) == (0, 0), item.get("findings")


def test_students_json_records_the_advisor(demo: DemoBuild) -> None:
    # The print sheets group family links by advisory; the record must carry the advisor from student.yml.
    for student_id, record in demo.records.items():
        assert record["advisor"] == student_yml(student_id).get("advisor"), student_id


def test_dashboard_lists_every_student(demo: DemoBuild) -> None:
    rows = dashboard_rows(demo.staff)
    assert sorted(rows) == DEMO_IDS
    for student_id, cells in rows.items():
        record = demo.records[student_id]
        assert str(student_yml(student_id)["name"]) in cells["Student"].text()
        assert cells["Grade"].text() == str(student_yml(student_id)["grade"])
        for kind in ("Goals", "Reflections", "Evidence"):
            assert cells[kind].text() == str(count(student_id, kind.lower())), (student_id, kind)
        assert cells["Errors"].text() == "0"
        assert cells["Warnings"].text() == "0"
        # The address families get is shown to copy (no link: it leads to the school's server, not to this build).
        assert cells["Family link"].find("code").text() == record["link"]
        assert record["link"] == f"https://portfolios.gmuhs.example.org/{record['slug']}/"
        # The link opens the page built here, from the dashboard's folder (index.html: over file:// a folder is a listing).
        (link,) = cells["Family link"].find_all("a")
        target = posixpath.normpath(posixpath.join(demo.staff.as_posix(), link.attrs["href"]))
        assert Path(target) == demo.site / str(record["slug"]) / "index.html"
        assert Path(target).is_file()


def test_dashboard_is_kept_from_search_engines(demo: DemoBuild) -> None:
    head = read_html(demo.staff / "index.html").find("head")
    assert [m.attrs["content"] for m in head.find_all("meta", name="robots")] == ["noindex, nofollow"]


@pytest.mark.parametrize(
    ("out", "staff_out"),
    [
        ("published", "published/staff"),
        ("published", "published"),
        ("staff/published", "staff"),
        ("ABSOLUTE", "ABSOLUTE/staff"),
    ],
)
def test_staff_out_inside_out_is_refused(small_school: SmallSchool, tmp_path: Path, out: str, staff_out: str) -> None:
    root = small_school(valid_student("ada"))
    if out == "ABSOLUTE":
        out, staff_out = str(tmp_path / "www"), str(tmp_path / "www" / "staff")
    code, stdout, stderr = run_plp("build", "--root", root, "--jobs", "1", "--out", out, "--staff-out", staff_out)
    assert code == 2
    assert "--staff-out" in stderr
    assert len(stderr.strip().splitlines()) == 1, stderr
    assert "Traceback" not in stderr
    assert stdout == ""
    for folder in (root / out, root / staff_out, tmp_path / "www"):
        assert not folder.exists(), f"nothing may be written when the command is refused: {folder}"


def test_failed_student_in_students_json(small_school: SmallSchool) -> None:
    broken = "---\ntitle: Robot arm prototype\ndate: 2026-10-03\n---\nThe arm, version 1. It lifted a paper cup on Friday.\n"
    root = small_school({**valid_student("ada"), **valid_student("bob", extra={"evidence/arm.md": broken})})
    result = build(root)
    assert result.code == 1
    ada, bob = result.records["ada"], result.records["bob"]
    assert (ada["status"], ada["errors"]) == ("built", 0)
    assert bob["status"] == "failed"
    assert isinstance(bob["errors"], int)
    assert bob["errors"] >= 1
    assert isinstance(bob["warnings"], int)
    assert any(f.startswith("students/bob/evidence/arm.md:") and " error PLP" in f for f in bob["findings"])  # type: ignore[union-attr]
    rows = dashboard_rows(result.staff)
    assert "failed" in rows["bob"]["Site"].text()
    assert rows["bob"]["Errors"].text() == str(bob["errors"])
    assert "failed" not in rows["ada"]["Site"].text()


def test_failed_students_counts_are_those_of_plp_check(small_school: SmallSchool) -> None:
    # bob has exactly one problem, an error: `plp check` reports 1 error and 0 warnings, and so must the dashboard.
    broken = "---\ntitle: Robot arm prototype\ndate: 2026-10-03\n---\nThe arm, version 1. It lifted a paper cup on Friday.\n"
    root = small_school({**valid_student("ada"), **valid_student("bob", extra={"evidence/arm.md": broken})})
    check_code, check_out, _ = run_plp("check", "--root", root, "bob")
    assert check_code == 1
    assert check_out.splitlines()[-1] == "1 student checked: 1 error, 0 warnings"
    bob = build(root).records["bob"]
    assert (bob["errors"], bob["warnings"]) == (1, 0), bob["findings"]
