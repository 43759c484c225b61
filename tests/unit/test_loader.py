"""plp_site.loader and plp_site.checker on small schools on disk: reading files, and one pass over everything."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import ABOUT_ME, EVIDENCE, GOAL, REFLECTION, jpeg_bytes, make_school, png_bytes, valid_student

from plp_site.checker import check_student
from plp_site.diagnostics import Finding
from plp_site.loader import load_portfolio
from plp_site.model import SourceLocation
from plp_site.requirements import Requirements

DEFAULT = Requirements()


def check(tmp_path: Path, files: dict[str, str | bytes], requirements: Requirements = DEFAULT) -> list[Finding]:
    root = make_school(tmp_path, files)
    return list(check_student(root, "ada", requirements).report.findings)


def summary(findings: list[Finding]) -> list[tuple[str, str, int, int]]:
    """(code, path inside the student folder, line, column) of each finding."""
    return [(f.code, f.location.path.removeprefix("students/ada/"), f.location.line, f.location.column) for f in findings]


def test_a_valid_student_is_read_completely(tmp_path: Path) -> None:
    first_day = "---\ndate: 2025-09-01\n---\nHello. Today I met my advisor and found my new locker.\n"
    extra = {"reflections/2025-09-01-first-day.md": first_day}
    root = make_school(tmp_path, valid_student("ada", extra=extra))
    loaded = load_portfolio(root, "ada", DEFAULT)
    assert loaded.findings == []
    portfolio = loaded.portfolio
    assert portfolio.folder == "students/ada"
    assert portfolio.student is not None
    assert (portfolio.student.name, portfolio.student.grade) == ("Ada Lovelace", 9)
    assert [g.page.slug for g in portfolio.goals] == ["robot-arm"]
    assert (portfolio.goals[0].area, portfolio.goals[0].status) == ("academic", "in-progress")
    assert portfolio.goals[0].target == dt.date(2027, 6, 1)
    assert [r.date for r in portfolio.reflections] == [dt.date(2025, 9, 1), dt.date(2026, 10, 3)]
    assert portfolio.reflections[1].goal == "robot-arm"
    assert portfolio.evidence[0].skills == ("problem-solving", "communication")
    assert portfolio.about_me is not None
    assert [h.text for h in portfolio.about_me.headings] == ["About me", "Strengths", "Interests", "How I learn best"]
    images = portfolio.evidence[0].page.images
    assert [(i.alt, i.resolved, i.location) for i in images] == [
        ("a red robot arm lifting a paper cup", "evidence/images/arm.png", SourceLocation("students/ada/evidence/arm.md", 9, 40)),
        ("the arm seen from the side", "evidence/images/side.jpg", SourceLocation("students/ada/evidence/arm.md", 11, 31)),
    ]
    assert "evidence/images/side.jpg" in portfolio.files
    assert check_student(root, "ada", DEFAULT).report.findings == ()


def test_one_broken_file_never_hides_the_others(tmp_path: Path) -> None:
    files = valid_student(
        "ada",
        extra={
            "about-me.md": ABOUT_ME.replace("By doing it first.", "Très bien.").encode("latin-1"),
            "goals/robot-arm.md": GOAL.replace("title: Build a robot arm", "title: Robots: my first build"),
            "evidence/arm.md": EVIDENCE.replace("images/side.jpg", "images/back.jpg"),
            "reflections/2026-10-03-robots.md": REFLECTION.replace("skills: [self-direction]", "skills: [self-directoin]"),
            "student.yml": "name: Ada\ngrade: 9\ngrade: 10\n",
        },
    )
    assert summary(check(tmp_path, files)) == [
        ("PLP003", "about-me.md", 13, 3),
        ("PLP301", "evidence/arm.md", 11, 31),
        ("PLP004", "goals/robot-arm.md", 2, 14),
        ("PLP204", "reflections/2026-10-03-robots.md", 4, 1),
        ("PLP006", "student.yml", 3, 1),
    ]


def test_a_file_that_is_not_utf8_is_still_checked(tmp_path: Path) -> None:
    evidence = EVIDENCE.replace("The arm, version 1.", "La versión 1.").replace("images/side.jpg", "images/back.jpg")
    findings = check(tmp_path, valid_student("ada", extra={"evidence/arm.md": evidence.encode("latin-1")}))
    assert summary(findings) == [("PLP003", "evidence/arm.md", 7, 9), ("PLP301", "evidence/arm.md", 11, 31)]


def test_bom_and_crlf_keep_line_numbers(tmp_path: Path) -> None:
    evidence = EVIDENCE.replace("images/side.jpg", "images/back.jpg").replace("\n", "\r\n")
    findings = check(tmp_path, valid_student("ada", extra={"evidence/arm.md": b"\xef\xbb\xbf" + evidence.encode()}))
    assert summary(findings) == [("PLP301", "evidence/arm.md", 11, 31)]


def test_unclosed_front_matter_is_one_finding_not_a_list_of_missing_fields(tmp_path: Path) -> None:
    goal = GOAL.replace("skills: [problem-solving]\n---\n", "skills: [problem-solving]\n\n")
    assert summary(check(tmp_path, valid_student("ada", extra={"goals/robot-arm.md": goal}))) == [
        ("PLP005", "goals/robot-arm.md", 1, 1)
    ]


def test_yaml_error_in_student_yml_is_not_also_reported_as_missing_fields(tmp_path: Path) -> None:
    """BUG: a YAML error in student.yml also gives "'name' is missing" and "'grade' is missing", though both
    are written; for front matter the loader already leaves these out."""
    files = valid_student("ada", extra={"student.yml": "name: Ada Lovelace\ngrade: 9\nadvisor: Mr. Okafor: science\n"})
    assert summary(check(tmp_path, files)) == [("PLP004", "student.yml", 3, 20)]


def test_reflection_with_a_wrong_date_is_still_a_reflection(tmp_path: Path) -> None:
    """BUG: a reflection whose date cannot be read is dropped from the portfolio: the student is told "you need at
    least 1 reflection, you have 0" and the rest of the page (here a missing image) is never checked."""
    reflection = REFLECTION.replace("date: 2026-10-03", "date: Oct 3rd") + "\n![my desk](desk.jpg)\n"
    findings = check(tmp_path, valid_student("ada", extra={"reflections/2026-10-03-robots.md": reflection}))
    assert summary(findings) == [
        ("PLP103", "reflections/2026-10-03-robots.md", 2, 7),
        ("PLP301", "reflections/2026-10-03-robots.md", 9, 12),
    ]


def test_reflection_file_names(tmp_path: Path) -> None:
    files = valid_student(
        "ada",
        without=("reflections/2026-10-03-robots.md",),
        extra={"reflections/robots.md": REFLECTION, "reflections/2026-1-3-robots.md": REFLECTION},
    )
    findings = check(tmp_path, files)
    assert summary(findings) == [("PLP008", "reflections/2026-1-3-robots.md", 0, 0), ("PLP008", "reflections/robots.md", 0, 0)]
    assert findings[1].message == "'reflections/robots.md' must be named YEAR-MONTH-DAY-title.md"


def test_files_that_are_not_published_are_warnings_and_hidden_files_are_skipped(tmp_path: Path) -> None:
    files = valid_student("ada", extra={"notes.txt": "x", ".DS_Store": b"\x00", "goals/draft/idea.md": "x"})
    findings = check(tmp_path, files)
    assert summary(findings) == [("PLP009", "goals/draft/idea.md", 0, 0), ("PLP009", "notes.txt", 0, 0)]
    assert all(f.severity.value == "warning" for f in findings)


def test_a_link_to_something_outside_the_folder_is_not_followed(tmp_path: Path) -> None:
    root = make_school(tmp_path, valid_student("ada"))
    (root / "secret.txt").write_text("secret", encoding="utf-8")
    (root / "students/ada/evidence/images/leak.png").symlink_to(root / "secret.txt")
    (root / "students/ada/inside.jpg").symlink_to(root / "students/ada/evidence/images/side.jpg")
    loaded = load_portfolio(root, "ada", DEFAULT)
    assert summary(loaded.findings) == [("PLP010", "evidence/images/leak.png", 0, 0)]
    assert "evidence/images/leak.png" not in loaded.portfolio.files
    assert "inside.jpg" in loaded.portfolio.files


def test_windows_paths_in_links_are_reported(tmp_path: Path) -> None:
    """BUG: `[my essay](C:\\Users\\ada\\essay.docx)` points to the student's own computer, not to the portfolio,
    but `C:` is taken for a web address scheme and the link is ignored."""
    about = ABOUT_ME + "\n[my essay](C:\\Users\\ada\\essay.docx)\n"
    findings = check(tmp_path, valid_student("ada", extra={"about-me.md": about}))
    assert summary(findings) == [("PLP304", "about-me.md", 15, 12)]


def test_a_missing_photo_is_reported_on_its_line(tmp_path: Path) -> None:
    """BUG: the photo finding names student.yml without a line, though the loader knows `photo:` is on line 3."""
    files = valid_student("ada", extra={"student.yml": "name: Ada\ngrade: 9\nphoto: me.jpg\n"})
    findings = check(tmp_path, files)
    assert [(f.code, f.location.path, f.location.line) for f in findings] == [("PLP301", "students/ada/student.yml", 3)]


def test_a_photo_in_the_folder_is_fine(tmp_path: Path) -> None:
    files = valid_student("ada", extra={"student.yml": "name: Ada\ngrade: 9\nphoto: me.jpg\n", "me.jpg": jpeg_bytes()})
    assert check(tmp_path, files) == []


def test_images_whose_content_does_not_match_their_name(tmp_path: Path) -> None:
    files = valid_student("ada", extra={"evidence/images/side.jpg": png_bytes()})
    findings = check(tmp_path, files)
    assert summary(findings) == [("PLP402", "evidence/arm.md", 11, 31)]
    assert "side.png" in findings[0].hint


def test_a_page_over_the_size_limit_is_reported_as_too_large_not_as_missing(tmp_path: Path) -> None:
    """BUG: an about-me.md over the 1 MB limit is reported as too large *and* as missing (PLP201), and the size
    message reads "this page is 1.0 MB, more than the 1 MB a page may have"."""
    big = ABOUT_ME + "x" * 1_100_000
    findings = check(tmp_path, valid_student("ada", extra={"about-me.md": big}))
    assert [f.code for f in findings] == ["PLP007"]
    assert "1.0 MB, more than the 1 MB" not in findings[0].message
