"""students/ is read-only to `plp build`: no file changes, no file or folder appears, whatever happens."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from conftest import run_plp, valid_student

from .conftest import DemoBuild, build
from .helpers import site_files, tree_state

SmallSchool = Callable[[Mapping[str, str | bytes]], Path]


def test_demo_build_does_not_touch_students(demo: DemoBuild) -> None:
    assert demo.code == 0, demo.stderr
    assert demo.before
    assert demo.after == demo.before


def test_demo_sites_hold_no_copy_of_a_students_file(demo: DemoBuild) -> None:
    # A captions file is the student's own words as plain text, checked and published as written: it is the one
    # kind of file that may reach a site unchanged (it has no metadata to strip).
    originals = {hashlib.sha256(p.read_bytes()).hexdigest(): p for p in site_files(demo.root / "students") if p.suffix != ".vtt"}
    copies = [
        f"{p.relative_to(demo.site)} = {originals[digest].relative_to(demo.root)}"
        for p in site_files(demo.site)
        if (digest := hashlib.sha256(p.read_bytes()).hexdigest()) in originals
    ]
    assert not copies, copies
    for path in site_files(demo.site):
        assert path.name not in ("student.yml", "about-me.md"), path
        assert path.suffix != ".md", path


def test_failed_and_repeated_builds_do_not_touch_students(small_school: SmallSchool) -> None:
    broken = "---\ntitle: Robot arm prototype\ndate: 2026-10-03\n---\nNo skills here.\n"
    root = small_school({**valid_student("ada"), **valid_student("bob", extra={"evidence/arm.md": broken})})
    before = tree_state(root / "students")
    assert build(root).code == 1
    assert build(root, "--force").code == 1
    assert run_plp("check", "--root", root)[0] == 1
    assert tree_state(root / "students") == before


@pytest.mark.parametrize("option", ["--out", "--staff-out"])
def test_output_inside_students_is_refused(small_school: SmallSchool, option: str) -> None:
    root = small_school(valid_student("ada"))
    before = tree_state(root / "students")
    code, stdout, stderr = run_plp("build", "--root", root, "--jobs", "1", option, root / "students" / "published")
    assert code == 2
    assert "students/" in stderr
    assert stdout == ""
    assert tree_state(root / "students") == before
