"""A student with an error is not published and is reported, the others are built, and a site published
before stays exactly as it was."""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from conftest import valid_student

from plp_site.sharedassets import SHARED_FOLDER

from .conftest import build
from .helpers import file_hashes, noisy

SmallSchool = Callable[[Mapping[str, str | bytes]], Path]

NO_SKILLS = "---\ntitle: Robot arm prototype\ndate: 2026-10-03\n---\nThe arm, version 1.\n\n![a red robot arm](images/arm.png)\n"


def truncated_jpeg() -> bytes:
    buffer = io.BytesIO()
    noisy((800, 600), seed=3).save(buffer, "JPEG", quality=90)
    return buffer.getvalue()[: buffer.tell() // 2]


BREAKAGES: dict[str, tuple[str, bytes | str, str]] = {
    # name: (file in the student folder, its new content, what the finding names)
    "evidence-without-skills": ("evidence/arm.md", NO_SKILLS, "students/bob/evidence/arm.md"),
    "broken-image": ("evidence/images/side.jpg", truncated_jpeg(), "side.jpg"),
}


def school_of_three(small_school: SmallSchool, **bob: bytes | str) -> Path:
    return small_school(
        {**valid_student("ada"), **valid_student("bob", extra=bob), **valid_student("cy", grade=8, postsecondary=False)}
    )


@pytest.mark.parametrize("breakage", sorted(BREAKAGES))
def test_student_with_an_error_is_not_published_and_the_others_are(small_school: SmallSchool, breakage: str) -> None:
    file, content, named = BREAKAGES[breakage]
    root = school_of_three(small_school, **{file: content})
    result = build(root)

    assert result.code == 1
    assert "built 2 of 3 students" in result.stdout
    assert "bob was not published" in result.stderr
    assert named in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert result.records["bob"]["status"] == "failed"
    assert [result.records[s]["status"] for s in ("ada", "cy")] == ["built", "built"]
    published = sorted(p.name.rsplit("-", 1)[0] for p in result.site.iterdir() if p.is_dir() and p.name != SHARED_FOLDER)
    assert published == ["ada", "cy"]
    assert not (result.site / str(result.records["bob"]["slug"])).exists()
    assert not [p.name for p in result.site.iterdir() if p.name.startswith(".")], "no staging folder is left behind"
    for student_id in ("ada", "cy"):
        assert (result.site_of(student_id) / "evidence" / "arm" / "index.html").is_file()


def test_failure_reason_names_the_students_problem(small_school: SmallSchool) -> None:
    root = school_of_three(small_school, **{"evidence/arm.md": NO_SKILLS})
    result = build(root)
    reason_lines = [line for line in result.stderr.splitlines() if line.startswith("students/bob was not published:")]
    assert len(reason_lines) == 1, result.stderr
    reason = reason_lines[0].removeprefix("students/bob was not published:").strip()
    # The reason is for a teacher: which folder and what to do, not MkDocs' internal wording.
    assert "BuildError" not in reason
    assert "students/bob" in reason or "error" in reason, reason
    assert result.records["bob"]["reason"] == reason


@pytest.mark.parametrize("breakage", sorted(BREAKAGES))
def test_previous_site_stays_byte_for_byte(small_school: SmallSchool, breakage: str) -> None:
    root = school_of_three(small_school)
    first = build(root)
    assert first.code == 0, first.stderr
    bob_site = first.site_of("bob")
    before = file_hashes(bob_site)
    assert "index.html" in before

    file, content, named = BREAKAGES[breakage]
    target = root / "students" / "bob" / file
    target.write_bytes(content if isinstance(content, bytes) else content.encode())
    second = build(root)

    assert second.code == 1
    assert "bob was not published" in second.stderr
    assert named in second.stderr
    assert second.records["bob"]["status"] == "failed"
    assert second.records["bob"]["slug"] == first.records["bob"]["slug"]
    assert file_hashes(bob_site) == before, "the family keeps the last good site, unchanged"
    assert [second.records[s]["status"] for s in ("ada", "cy")] == ["built", "built"]
    assert (second.site_of("ada") / "index.html").is_file()


def test_fixing_the_error_publishes_again(small_school: SmallSchool) -> None:
    root = school_of_three(small_school, **{"evidence/arm.md": NO_SKILLS})
    assert build(root).code == 1
    (root / "students" / "bob" / "evidence" / "arm.md").write_text(
        NO_SKILLS.replace("date: 2026-10-03\n", "date: 2026-10-03\nskills: [communication]\n"), encoding="utf-8"
    )
    fixed = build(root)
    assert fixed.code == 0, fixed.stderr
    assert fixed.records["bob"]["status"] == "built"
    assert (fixed.site_of("bob") / "evidence" / "arm" / "index.html").is_file()
