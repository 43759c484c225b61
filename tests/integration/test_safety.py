"""Hostile or careless input, interrupted builds, the build lock, and the offline graduation archive."""

from __future__ import annotations

import hashlib
import posixpath
import re
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import jpeg_bytes, run_plp, valid_student

from plp_site import runner
from plp_site.build import StudentResult
from plp_site.publish import build_lock
from plp_site.sharedassets import SHARED_FOLDER

from .conftest import build

School = Callable[[Mapping[str, str | bytes]], Path]

HOSTILE = """\
---
title: "Robots <script>alert('title')</script>"
date: 2026-10-10
skills: [communication]
---
Hello <script>alert('x')</script> there.

<img src="images/arm.png" alt="arm" onerror="alert('onerror')">

[click me](javascript:alert('link')) and <a href="javascript:alert('a')">this</a> and
<a href="data:text/html;base64,PHNjcmlwdD4=">data</a>.

<iframe src="https://evil.example/frame"></iframe>
<object data="x.swf"></object><embed src="x.swf">
<form action="https://evil.example/"><input type="text" name="q"></form>
<span style="background: url(https://evil.example/track.png)">styled</span>
<svg onload="alert('svg')"><circle r="4"/></svg>
"""


def _tree(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _html(folder: Path) -> str:
    return "\n".join(page.read_text(encoding="utf-8") for page in folder.rglob("*.html"))


def test_hostile_html_never_reaches_a_page_and_check_says_why(small_school: School) -> None:
    root = small_school({**valid_student("ada", extra={"evidence/hostile.md": HOSTILE}), **valid_student("bo", name="Bo Chen")})
    code, out, _ = run_plp("check", "--root", root, "ada")
    assert code == 0, out  # removed HTML is a warning: the page is still published, without it
    removed = [line for line in out.splitlines() if "PLP501" in line]
    assert len(removed) >= 9
    assert all(line.startswith("students/ada/evidence/hostile.md:") for line in removed)
    for what in ("<script>", "onerror=", "javascript:", "data:", "<iframe>", "<object>", "<embed>", "<form>", "style="):
        assert any(what in line for line in removed), what

    built = build(root)
    assert built.code == 0, built.stderr
    page = (built.site_of("ada") / "evidence" / "hostile" / "index.html").read_text(encoding="utf-8")
    content = page[page.index('<article class="md-content__inner') :]
    content = content[: content.index("</article>")]
    assert "Hello" in content
    assert "there." in content
    assert "styled" in content
    lowered = content.lower()
    for forbidden in (
        "<script",
        "onerror",
        "onload",
        "javascript:",
        "data:text",
        "<iframe",
        "<object",
        "<embed",
        "<form",
        "style=",
    ):
        assert forbidden not in lowered, forbidden
    assert "evil.example" not in lowered
    # The title is text, never markup.
    assert "<script>alert('title')" not in page
    assert "&lt;script&gt;" in page


def test_a_school_can_allow_iframes_from_one_host(small_school: School) -> None:
    video = (
        '---\ntitle: Talk\nskills: [communication]\n---\n<iframe src="https://video.example/embed/1" title="my talk"></iframe>\n'
    )
    other = '<iframe src="https://evil.example/x"></iframe>\n'
    root = small_school(valid_student("ada", extra={"evidence/talk.md": video + other}))
    settings = (
        (root / "mkdocs.yml").read_text(encoding="utf-8").replace("  - plp\n", "  - plp:\n      iframe_hosts: [video.example]\n")
    )
    assert "iframe_hosts" in settings
    (root / "mkdocs.yml").write_text(settings, encoding="utf-8")
    code, out, _ = run_plp("check", "--root", root)
    assert code == 0
    assert [line for line in out.splitlines() if "PLP501" in line] == [
        "students/ada/evidence/talk.md:6:1: warning PLP501 a box showing another website (<iframe>) is taken out of the "
        "published page, with all it holds"
    ]
    built = build(root)
    page = (built.site_of("ada") / "evidence" / "talk" / "index.html").read_text(encoding="utf-8")
    assert 'src="https://video.example/embed/1"' in page
    assert "evil.example" not in page


@pytest.mark.parametrize(
    ("page", "code"),
    [
        ("[her essay](../../bo/about-me.md)", "PLP304"),
        ("![her photo](../../bo/evidence/images/arm.png)", "PLP304"),
        ("![encoded](%2e%2e/%2e%2e/bo/evidence/images/arm.png)", "PLP304"),
        ("![absolute](/etc/passwd)", "PLP304"),
        ('<img src="../../bo/evidence/images/arm.png" alt="raw html">', "PLP304"),
    ],
)
def test_paths_out_of_the_folder_fail_that_student_only(small_school: School, page: str, code: str) -> None:
    secret_words = "Bo's private words"
    bo = valid_student(
        "bo",
        name="Bo Chen",
        extra={"about-me.md": f"# Bo\n\n{secret_words}\n\n## Strengths\n\n## Interests\n\n## How I learn best\n"},
    )
    evidence = f"---\ntitle: Sneaky\nskills: [communication]\n---\n{page}\n"
    root = small_school({**valid_student("ada", extra={"evidence/sneaky.md": evidence}), **bo})
    built = build(root)
    assert built.code == 1
    assert built.records["ada"]["status"] == "failed"
    assert built.records["bo"]["status"] == "built"
    assert code in built.stderr
    published = [p for p in built.site.iterdir() if p.is_dir() and p.name != SHARED_FOLDER]
    assert [p.name.rsplit("-", 1)[0] for p in published] == ["bo"]


def test_a_symlink_to_a_file_outside_is_an_error_and_its_content_goes_nowhere(small_school: School, tmp_path: Path) -> None:
    outside = tmp_path / "outside-secret.txt"
    outside.write_text("the home address of a child", encoding="utf-8")
    photo = tmp_path / "outside-photo.jpg"
    photo.write_bytes(jpeg_bytes((40, 30)))
    evidence = "---\ntitle: Linked\nskills: [communication]\n---\n![a linked photo](images/linked.jpg)\n"
    root = small_school(valid_student("ada", extra={"evidence/linked.md": evidence}))
    (root / "students/ada/evidence/images/linked.jpg").symlink_to(photo)
    (root / "students/ada/notes.md").symlink_to(outside)
    code, out, _ = run_plp("check", "--root", root)
    assert code == 1
    assert "students/ada/evidence/images/linked.jpg: error PLP010" in out
    assert "students/ada/notes.md: error PLP010" in out
    built = build(root)
    assert built.records["ada"]["status"] == "failed"
    everything = b"".join(p.read_bytes() for folder in (built.site, built.staff) for p in folder.rglob("*") if p.is_file())
    assert b"home address of a child" not in everything
    assert photo.read_bytes() not in everything


def test_file_names_with_spaces_accents_and_capitals_work(small_school: School) -> None:
    evidence = (
        "---\ntitle: Names\nskills: [communication]\n---\n"
        "![café at night](<images/Café Photo.JPG>)\n\n![second](images/Café%20Photo.JPG)\n"
    )
    root = small_school(
        valid_student("ada", extra={"evidence/names.md": evidence, "evidence/images/Café Photo.JPG": jpeg_bytes((60, 40))})
    )
    assert run_plp("check", "--root", root)[0] == 0
    built = build(root)
    assert built.code == 0, built.stderr
    page = (built.site_of("ada") / "evidence" / "names" / "index.html").read_text(encoding="utf-8")
    sources = re.findall(r'<img [^>]*src="([^"]+)"', page)
    assert len(sources) == 2
    assert all("assets/images/" in src for src in sources)


def test_a_huge_page_is_a_finding_not_a_hang(small_school: School) -> None:
    huge = "---\ndate: 2026-10-04\n---\n" + ("All work and no play. " * 60_000)
    root = small_school(valid_student("ada", extra={"reflections/2026-10-04-huge.md": huge}))
    code, out, _ = run_plp("check", "--root", root)
    assert code == 1
    assert "students/ada/reflections/2026-10-04-huge.md: error PLP007 this page is 1.26 MB, more than the 1 MB" in out


def test_a_build_stopped_half_way_leaves_every_published_site_whole(small_school: School) -> None:
    root = small_school({**valid_student("ada"), **valid_student("bo", name="Bo"), **valid_student("cy", name="Cy")})
    first = build(root)
    assert first.code == 0
    before = {student: _tree(first.site_of(student)) for student in ("ada", "bo", "cy")}
    for student in ("ada", "bo", "cy"):
        about = root / f"students/{student}/about-me.md"
        about.write_text(about.read_text(encoding="utf-8") + "\nA new sentence.\n", encoding="utf-8")

    built: list[str] = []

    def stop_after_one(result: StudentResult) -> None:
        built.append(result.student_id)
        raise KeyboardInterrupt  # the teacher pressed Ctrl-C, or the machine is going down

    with pytest.raises(KeyboardInterrupt):
        _build_without_catching(root, stop_after_one)

    for student in ("ada", "bo", "cy"):
        site = first.site_of(student)
        now = _tree(site)
        if student in built:
            assert now != before[student]
            assert "A new sentence." in (site / "index.html").read_text(encoding="utf-8")
            assert set(now) == set(before[student])  # a complete new site
        else:
            assert now == before[student]
    assert build(root).code == 0
    assert not [p.name for p in first.site.iterdir() if p.name.startswith(".")]
    assert not (root / ".site.plp-staging").exists()


def _build_without_catching(root: Path, progress: Callable[[StudentResult], None]) -> None:
    from plp_site.links import load_link_keys
    from plp_site.school import load_school

    school = load_school(root)
    options = runner.BuildOptions(root / "site", root / "staff-site", jobs=1)
    runner.build_school(school, school.student_ids(), load_link_keys(root), options, progress)


def test_two_builds_at_once_are_refused_with_a_clear_message(small_school: School) -> None:
    root = small_school(valid_student("ada"))
    with build_lock(root):
        code, _out, err = run_plp("build", "--root", root)
    assert code == 2
    assert "another plp build is running" in err
    assert not (root / "site").exists()


def test_the_export_opens_offline_with_every_link_inside_the_zip(small_school: School, tmp_path: Path) -> None:
    root = small_school(valid_student("ada"))
    output = tmp_path / "ada.zip"
    code, _out, err = run_plp("export", "--root", root, "ada", "--output", output)
    assert code == 0, err
    with zipfile.ZipFile(output) as archive:
        names = set(archive.namelist())
        assert "ada-portfolio/site/index.html" in names
        assert "ada-portfolio/site/search/search_index.js" in names
        assert "ada-portfolio/source/student.yml" in names
        assert "ada-portfolio/source/evidence/images/arm.png" in names
        pages = [n for n in names if n.startswith("ada-portfolio/site/") and n.endswith(".html")]
        assert len(pages) >= 8
        for page in pages:
            html = archive.read(page).decode("utf-8")
            for target in re.findall(r'(?:href|src)="([^"]+)"', html):
                address = urlsplit(target)
                if address.scheme or target.startswith(("#", "//")):
                    continue  # web addresses a student wrote and in-page anchors
                path = unquote(address.path)
                resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
                assert resolved in names, f"{page} links to {target}, which is not in the zip"
            assert 'href="./"' not in html  # directory links would not open from the file system


def test_names_titles_and_headings_are_text_everywhere_in_the_site(small_school: School) -> None:
    heading = '\n## Heading <span onclick="alert(1)">x</span>\n\n### A </title><script>alert(3)</script> heading\n'
    student = valid_student("ada", name='"Jo </title><script>alert(1)</script>"')
    student["students/ada/about-me.md"] = str(student["students/ada/about-me.md"]) + heading
    root = small_school(student)
    built = build(root)
    assert built.code == 0, built.stderr
    everything = _html(built.site) + _html(built.staff)
    assert "<script>alert" not in everything
    assert not re.search(r"<[a-z][^>]*\sonclick=", everything)
    assert "&lt;script&gt;" in everything  # the name is shown, as text
