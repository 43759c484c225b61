"""Paths as students write them, through the real CLI: file names with spaces, raw HTML at every folder depth, links
to photos and to page web addresses, headings, web addresses without https://, pasted uploads, relative --out.

Every local address of every built page must name a file of the built site, and `plp check` must agree."""

from __future__ import annotations

import json
import posixpath
from collections.abc import Callable, Mapping
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import jpeg_bytes, make_school, png_bytes, run_plp, run_plp_process, valid_student

from .conftest import SCHOOL_YML, build
from .helpers import parse_html

School = Callable[[Mapping[str, str | bytes]], Path]
_NAMES = ("IMG 2041.jpg", "Screenshot 2025-11-12.png", "my  robot (1).jpg", "foto año.png")
_FORMS = (
    "![{alt}]({path})",
    "![{alt}]({encoded})",
    "![{alt}](<{path}>)",
    '<img src="{path}" alt="{alt}">',
    "<img src='{encoded}' alt='{alt}'>",
    "[see the photo]({encoded})",
    "[![{alt}]({encoded})]({encoded})",
    '<a href="{encoded}">the photo</a>',
)
_FETCHED = ("src", "href", "poster", "data")


def _photo(name: str) -> bytes:
    return png_bytes((40, 30)) if name.endswith(".png") else jpeg_bytes((40, 30))


def _page(front: str, lines: list[str]) -> str:
    ending = "\n\n## Final design\n\nDone. The arm lifts a paper cup and puts it down again.\n"
    return f"---\n{front}\n---\n" + "\n\n".join(lines) + ending


_EVIDENCE_FRONT = "title: Robot arm prototype\ndate: 2026-10-03\nskills: [problem-solving]\ngoal: robot-arm"
_GOAL_FRONT = "title: Build a robot arm\narea: academic\nstatus: in-progress\ntarget: 2027-06-01\nskills: [problem-solving]"


def _student_files() -> dict[str, str | bytes]:
    """A student who writes every path form, from a goal page and an evidence page (two folder depths)."""
    evidence: list[str] = []
    goal: list[str] = []
    extra: dict[str, str | bytes] = {}
    for index, name in enumerate(_NAMES):
        extra[f"evidence/images/{name}"] = _photo(name)
        for number, form in enumerate(_FORMS):
            values = {"alt": f"photo {index} {number}", "path": f"images/{name}", "encoded": f"images/{name}".replace(" ", "%20")}
            evidence.append(form.format(**values))
            goal.append(
                form.format(
                    **{
                        **values,
                        "path": f"../evidence/images/{name}",
                        "encoded": values["encoded"].replace("images/", "../evidence/images/"),
                    }
                )
            )
    links = [
        "[my goal](../goals/robot-arm.md#final-design)",
        "[my goal as an address](../../goals/robot-arm/)",
        "[address with a heading](../../goals/robot-arm/#final-design)",
        '<a href="../goals/robot-arm.md">raw page link</a>',
        "[down the page](#final-design)",
    ]
    extra["evidence/arm.md"] = _page(_EVIDENCE_FRONT, evidence + links)
    extra["goals/robot-arm.md"] = _page(
        _GOAL_FRONT,
        [
            *goal,
            "[the evidence](../../evidence/arm/)",
            "[same folder](../robot-arm/#final-design)",
            "[evidence page](../evidence/arm.md)",
        ],
    )
    return dict(valid_student("ada", extra=extra))


def _local_addresses(page: Path) -> list[str]:
    found: list[str] = []
    for element in parse_html(page.read_text(encoding="utf-8")).iter():
        for name in _FETCHED:
            value = element.attrs.get(name, "")
            if value and not urlsplit(value).scheme and not value.startswith(("#", "//")):
                found.append(value)
        for candidate in element.attrs.get("srcset", "").split(","):
            if candidate.split():
                found.append(candidate.split()[0])
    return found


def _assert_every_address_resolves(site: Path) -> int:
    checked = 0
    for page in site.rglob("*.html"):
        for address in _local_addresses(page):
            path = unquote(urlsplit(address).path)
            target = Path(posixpath.normpath(posixpath.join(page.parent.as_posix(), path)))
            if address.endswith("/") or not target.suffix:
                target = target / "index.html"
            assert target.is_file(), f"{page.relative_to(site)}: {address!r} names no file of the site"
            # The site's own files, or the theme's files that every site shares in site/assets/.
            inside = target.resolve().is_relative_to(site.resolve())
            shared = target.resolve().is_relative_to((site.parent / "assets").resolve()) and "/assets/" in address
            assert inside or shared, address
            checked += 1
    return checked


@pytest.mark.parametrize("offline", [False, True], ids=["web", "offline"])
def test_every_path_form_works_on_every_page(tmp_path: Path, link_secret: str, offline: bool) -> None:
    options = "plugins:\n  - search\n  - plp:\n      offline: true\n" if offline else ""
    yml = SCHOOL_YML.replace("plugins:\n  - search\n  - plp\n", options) if offline else SCHOOL_YML
    root = make_school(tmp_path, {"mkdocs.yml": yml, **_student_files()})
    code, stdout, _ = run_plp("check", "--root", root)
    assert code == 0, stdout
    assert "PLP30" not in stdout, stdout
    built = build(root)
    assert built.code == 0, built.stdout + built.stderr
    site = built.site_of("ada")
    assert _assert_every_address_resolves(site) > len(_NAMES) * len(_FORMS) * 2
    evidence = next(p for p in (site / "evidence/arm.html", site / "evidence/arm/index.html") if p.is_file())
    document = parse_html(evidence.read_text(encoding="utf-8"))
    photo_links = [a.attrs["href"] for a in document.find_all("a") if "assets/images/" in a.attrs.get("href", "")]
    assert len(photo_links) >= len(_NAMES) * 3  # each link to a photo opens a processed copy
    shown = [img.attrs["alt"] for img in document.find_all("img") if img.attrs.get("alt", "").startswith("photo ")]
    assert len(shown) == len(_NAMES) * 6


def _findings(root: Path) -> list[dict[str, object]]:
    code, stdout, _ = run_plp("check", "--root", root, "--format", "json")
    assert code in (0, 1), stdout
    return list(json.loads(stdout))


def _evidence_with(line: str, extra: Mapping[str, str | bytes] | None = None) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {"evidence/arm.md": _page(_EVIDENCE_FRONT, ["![a red robot arm](images/arm.png)", line])}
    return dict(valid_student("ada", extra={**files, **(extra or {})}))


@pytest.mark.parametrize("address", ["www.arduino.cc", "www.tinkercad.com/things/x", "arduino.cc", "scratch.mit.edu/projects/1"])
def test_a_web_address_without_https_gets_that_hint(small_school: School, address: str) -> None:
    (finding,) = [f for f in _findings(small_school(_evidence_with(f"[Arduino IDE]({address})"))) if f["code"] != "PLP208"]
    assert "https://" in str(finding["hint"]), finding


_PASTED = (
    "https://github.com/user-attachments/assets/0f1e2d3c-aaaa-bbbb-cccc-123456789abc",
    "https://user-images.githubusercontent.com/1234/5678-robot.png",
    "https://private-user-images.githubusercontent.com/1234/5678-robot.png?jwt=x",
    "https://gitlab.com/school/ada/uploads/0123456789abcdef/robot.jpg",
    "/uploads/0123456789abcdef/robot.jpg",
)


@pytest.mark.parametrize("address", _PASTED)
@pytest.mark.parametrize("form", ["![my robot]({a})", '<img src="{a}" alt="my robot">'])
def test_a_pasted_upload_says_how_to_upload_into_the_folder(small_school: School, address: str, form: str) -> None:
    found = [f for f in _findings(small_school(_evidence_with(form.format(a=address)))) if f["code"] == "PLP304"]
    assert found, found
    assert "Upload files" in str(found[0]["hint"]), found


@pytest.mark.parametrize("written", ["../../evidence/images/x.jpg", "../images/x.jpg", "../../evidence/images/x.jpg#top"])
def test_a_path_written_from_the_web_address_gets_the_right_path(small_school: School, written: str) -> None:
    root = small_school(
        _evidence_with(f"![the box]({written.split('#', maxsplit=1)[0]})", {"evidence/images/x.jpg": jpeg_bytes()})
    )
    (finding,) = [f for f in _findings(root) if f["code"] in ("PLP301", "PLP304")]
    assert "images/x.jpg" in str(finding["hint"]), finding
    assert "copy the image" not in str(finding["hint"]), finding


@pytest.mark.parametrize("written", ["../robot/", "./../module04/#usb", "../../goals/arms/", "../robot"])
def test_a_missing_page_address_names_the_md_file_to_write(small_school: School, written: str) -> None:
    found = [f for f in _findings(small_school(_evidence_with(f"[the page]({written})"))) if f["code"] == "PLP305"]
    assert found, found
    assert ".md" in str(found[0]["hint"]), found


@pytest.mark.parametrize("anchor", ["#final-desing", "#Final-Design", "../goals/robot-arm.md#nope", "#%C3%BCber"])
def test_a_link_to_a_missing_heading_lists_the_headings(small_school: School, anchor: str) -> None:
    found = [f for f in _findings(small_school(_evidence_with(f"[see]({anchor})"))) if f["code"] == "PLP306"]
    assert len(found) == 1, found
    assert found[0]["severity"] == "warning", found
    assert "#" in str(found[0]["hint"]), found


def test_links_to_existing_headings_pass(small_school: School) -> None:
    line = "[a](#final-design) [b](../goals/robot-arm.md#why) [c](arm.md#final-design) [d](#custom)\n\n## Mine {#custom}"
    assert not [f for f in _findings(small_school(_evidence_with(line))) if f["code"] in ("PLP305", "PLP306", "PLP301")]


@pytest.mark.parametrize("option", ["--out", "--staff-out"])
def test_relative_output_folders_are_relative_to_the_current_folder(tmp_path: Path, option: str) -> None:
    make_school(tmp_path, {"mkdocs.yml": SCHOOL_YML, **valid_student("ada")})
    given = f"school/{option.strip('-')}-here"
    code, stdout, stderr = run_plp_process("build", "--root", "school", "--jobs", "1", option, given, cwd=tmp_path)
    assert code == 0, stdout + stderr
    assert (tmp_path / given).is_dir()
    assert not (tmp_path / "school" / given).exists()


def test_export_output_is_relative_to_the_current_folder(tmp_path: Path) -> None:
    make_school(tmp_path, {"mkdocs.yml": SCHOOL_YML, **valid_student("ada")})
    code, stdout, stderr = run_plp_process("export", "ada", "--root", "school", "--output", "school/ada.zip", cwd=tmp_path)
    assert code == 0, stdout + stderr
    assert (tmp_path / "school" / "ada.zip").is_file()
    assert not (tmp_path / "school" / "school").exists()
