"""PDFs, videos, recordings, drawings and downloads through the real CLI: what `plp check` says, what the build
publishes (cleaned copies only, under readable names), and that both agree on hostile and damaged files."""

from __future__ import annotations

import hashlib
import json
import posixpath
from collections.abc import Callable, Mapping
from pathlib import Path

import av
import media_samples
import pikepdf
import pytest
from conftest import ABOUT_ME, make_school, png_bytes, run_plp, valid_student
from selectolax.lexbor import LexborHTMLParser

from .conftest import SCHOOL_YML, build

MEDIA_PAGE = """\
---
title: My talk
date: 2026-10-04
skills: [communication]
conference: true
---
The talk I gave.

![poster of my talk](media/talk.mp4)

![my song](media/song.m4a)

![my drawing](media/design.svg)

![first page](essay.pdf)

Read [my essay](essay.pdf) or get [the model](media/robot.stl).
"""
# The line of each file in MEDIA_PAGE (the front matter counts).
LINES = {"talk.mp4": 9, "song.m4a": 11, "design.svg": 13, "essay.pdf": 15, "robot.stl": 17}
ABOUT = ABOUT_ME + "\nMy [essay](evidence/essay.pdf) and my talk:\n\n![my talk](evidence/media/talk.mp4)\n"
GOAL = """\
---
title: Robot arm
area: career
status: in-progress
---
See ![the song](../evidence/media/song.m4a) and [the essay](../evidence/essay.pdf).
"""


def _media(folder: Path) -> dict[str, bytes]:
    folder.mkdir(parents=True, exist_ok=True)
    return {
        "talk.mp4": media_samples.video(folder / "talk.mp4", seconds=2.0).read_bytes(),
        "song.m4a": media_samples.audio(folder / "song.m4a").read_bytes(),
        "essay.pdf": media_samples.pdf(folder / "essay.pdf", hostile=True).read_bytes(),
        "design.svg": media_samples.drawing('<script>alert("svg")</script><circle onclick="alert(2)" r="4"/>').encode(),
        "locked.pdf": _locked_pdf(folder / "locked.pdf"),
    }


def _locked_pdf(path: Path) -> bytes:
    media_samples.pdf(path)
    with pikepdf.open(path, allow_overwriting_input=True) as document:
        document.save(path, encryption=pikepdf.Encryption(owner="teacher", user="secret", R=6))
    return path.read_bytes()


# The student's words under the recording: markup in it is text, never HTML.
TRANSCRIPT = (
    'I sang <script>prompt("t")</script> <b>loud</b>\nand &amp; then\n\nthe second verse <img src=x onerror=confirm(3)>\n'
)


@pytest.fixture(scope="module")
def media(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    return _media(tmp_path_factory.mktemp("samples"))


def _student(media: Mapping[str, bytes], **replaced: str | bytes) -> dict[str, str | bytes]:
    extra: dict[str, str | bytes] = {
        "evidence/talk.md": MEDIA_PAGE,
        "evidence/media/talk.mp4": media["talk.mp4"],
        "evidence/media/talk.vtt": media_samples.CAPTIONS,
        "evidence/media/song.m4a": media["song.m4a"],
        "evidence/media/song.txt": TRANSCRIPT,
        "evidence/media/design.svg": media["design.svg"],
        "evidence/essay.pdf": media["essay.pdf"],
        "evidence/media/robot.stl": "solid robot\nendsolid robot\n",
        "about-me.md": ABOUT,
        "goals/robot-arm.md": GOAL,
    }
    extra.update(replaced)
    return valid_student("ada", extra=extra)


def _school(root: Path, files: Mapping[str, str | bytes], options: str = "downloads: [stl]") -> Path:
    yml = SCHOOL_YML.replace("  - plp\n", "  - plp:\n" + "".join(f"      {line}\n" for line in options.splitlines()))
    return make_school(root, {"mkdocs.yml": yml, **files})


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, media: dict[str, bytes]) -> tuple[Path, str, Path]:
    """One school with every kind of evidence: (root, plp check's output, the student's published site)."""
    root = _school(tmp_path_factory.mktemp("media-school"), _student(media))
    code, out, _ = run_plp("check", "--root", root, "--format", "text")
    assert code == 0, out
    result = build(root)
    assert result.code == 0, result.stderr
    sites = [p for p in (root / "site").iterdir() if p.is_dir() and p.name.startswith("ada-")]
    return root, out, sites[0]


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def _addresses(page: Path) -> list[str]:
    tree = LexborHTMLParser(page.read_text(encoding="utf-8"))
    found = []
    for node in tree.css("img, video, audio, source, track, a"):
        for name in ("src", "poster", "href"):
            value = node.attributes.get(name)
            if value and ("assets/media/" in value or "downloads/" in value or "assets/images/" in value):
                found.append(value)
    return found


def test_check_warns_about_cleaned_files_and_build_publishes(built: tuple[Path, str, Path]) -> None:
    _, out, site = built
    assert any("PLP412" in line and "essay.pdf" in line for line in out.splitlines())  # its script and attachment
    assert f"talk.md:{LINES['design.svg']}:" in out  # the drawing's script
    page = (site / "evidence" / "talk" / "index.html").read_text(encoding="utf-8")
    tree = LexborHTMLParser(page)
    video = tree.css_first("video")
    assert video is not None
    assert video.attributes.get("preload") == "none"
    assert "controls" in video.attributes
    assert video.attributes.get("width")
    assert video.attributes.get("poster")
    assert tree.css_first("video source").attributes.get("type") == "video/mp4"
    assert tree.css_first("video track").attributes.get("kind") == "captions"
    assert tree.css_first("audio source") is not None
    assert tree.css_first("a.plp-document img") is not None
    assert "alert(" not in page


@pytest.mark.parametrize("kind", ["video", "audio", "drawing", "pdf", "download"])
def test_every_media_address_resolves_from_every_page(built: tuple[Path, str, Path], kind: str) -> None:
    _, _, site = built
    checked = 0
    for page in _pages(site):
        folder = posixpath.dirname(page.relative_to(site).as_posix())
        for address in _addresses(page):
            target = site / posixpath.normpath(posixpath.join(folder, address.split("#")[0]))
            assert target.is_file(), f"{page.relative_to(site)}: {address} is not in the site"
            checked += 1
    assert checked > 10
    expected = {"video": ".mp4", "audio": ".m4a", "drawing": ".png", "pdf": ".pdf", "download": ".stl"}[kind]
    assert any(p.suffix == expected for p in site.rglob("*")), kind


def test_published_video_and_recording_carry_no_metadata(built: tuple[Path, str, Path]) -> None:
    _, _, site = built
    for published in [*site.rglob("*.mp4"), *site.rglob("*.m4a")]:
        with av.open(str(published)) as container:
            assert {s.type for s in container.streams} <= {"video", "audio"}
            tags = {k: v for k, v in container.metadata.items() if k not in {"major_brand", "minor_version", "compatible_brands"}}
            assert not tags, tags
            for stream in container.streams:
                assert not set(stream.metadata) - {"language", "handler_name", "vendor_id"}, stream.metadata
                assert "Core Media" not in stream.metadata.get("handler_name", "")
        assert media_samples.GPS.encode() not in published.read_bytes()


def test_published_pdf_has_no_javascript_or_attachments(built: tuple[Path, str, Path]) -> None:
    _, _, site = built
    (published,) = site.rglob("*.pdf")
    with pikepdf.open(published) as pdf:
        assert "/OpenAction" not in pdf.Root
        assert "/EmbeddedFiles" not in pdf.Root.get("/Names", {})
        assert not pdf.attachments
        assert "/Author" not in pdf.trailer.get("/Info", {})
    data = published.read_bytes()
    for hostile in (b"/JavaScript", b"/Launch", b"my password"):
        assert hostile not in data


def test_originals_are_never_published(built: tuple[Path, str, Path]) -> None:
    root, _, site = built
    folder = root / "students" / "ada"
    # Captions are published as checked text, which may be the same bytes as a clean file; everything else is remade.
    kinds = {".mp4", ".m4a", ".svg", ".pdf"}
    originals = {hashlib.sha256(p.read_bytes()).hexdigest(): p for p in folder.rglob("*") if p.suffix in kinds}
    for published in site.rglob("*"):
        if published.is_file():
            assert hashlib.sha256(published.read_bytes()).hexdigest() not in originals, published
            assert published.suffix not in {".svg", ".mov", ".webm"}, published
    assert (site / "downloads" / "robot.stl").is_file()  # a download is offered as it is, under a readable name


def test_gallery_and_conference_name_the_kind(built: tuple[Path, str, Path]) -> None:
    _, _, site = built
    gallery = (site / "evidence" / "index.html").read_text(encoding="utf-8")
    assert "Video, 2 s" in gallery
    conference = (site / "conference" / "index.html").read_text(encoding="utf-8")
    assert "Video, 2 s" in conference


def _truncated(data: bytes) -> bytes:
    return data[: len(data) // 2]


# Each case: (file written in place of one of the page's files, expected code, file named in the finding).
HOSTILE: dict[str, tuple[Callable[[Mapping[str, bytes]], dict[str, str | bytes]], str, str]] = {
    "truncated-video": (lambda m: {"evidence/media/talk.mp4": _truncated(m["talk.mp4"])}, "PLP407", "talk.mp4"),
    "pdf-named-mp4": (lambda m: {"evidence/media/talk.mp4": m["essay.pdf"]}, "PLP408", "talk.mp4"),
    "video-named-pdf": (lambda m: {"evidence/essay.pdf": m["talk.mp4"]}, "PLP408", "essay.pdf"),
    "pdf-named-m4a": (lambda m: {"evidence/media/song.m4a": m["essay.pdf"]}, "PLP408", "song.m4a"),
    "empty-recording": (lambda m: {"evidence/media/song.m4a": b"\0" * 4096}, "PLP407", "song.m4a"),
    "svg-not-xml": (lambda m: {"evidence/media/design.svg": b"<svg><g></svg>"}, "PLP407", "design.svg"),
    "truncated-pdf": (lambda m: {"evidence/essay.pdf": _truncated(m["essay.pdf"])}, "PLP407", "essay.pdf"),
    "long-video": (lambda m: {}, "PLP410", "talk.mp4"),
    "locked-pdf": (lambda m: {"evidence/essay.pdf": m["locked.pdf"]}, "PLP411", "essay.pdf"),
    "png-named-svg": (lambda m: {"evidence/media/design.svg": png_bytes((40, 30))}, "PLP408", "design.svg"),
}


@pytest.fixture(scope="module")
def hostile_school(tmp_path_factory: pytest.TempPathFactory, media: dict[str, bytes]) -> Path:
    files: dict[str, str | bytes] = {}
    for case, (replace, _, _) in HOSTILE.items():
        student = _student(media, **replace(media))
        files.update({path.replace("students/ada/", f"students/{case}/"): content for path, content in student.items()})
    # No downloads offered here: the STL link is a finding that says how to share it.
    return _school(tmp_path_factory.mktemp("hostile-media"), files, "limits: {video_seconds: 1}")


def test_hostile_files_are_findings_at_the_page_line_and_check_agrees_with_build(hostile_school: Path) -> None:
    code, out, _ = run_plp("check", "--root", hostile_school)
    assert code == 1
    for case, (_, expected, name) in HOSTILE.items():
        at = f"students/{case}/evidence/talk.md:{LINES[name]}:"
        lines = [line for line in out.splitlines() if line.startswith(at)]
        assert any(expected in line and name in line for line in lines), f"{case}: {lines or out[:2000]}"
        stl = f"students/{case}/evidence/talk.md:{LINES['robot.stl']}:"
        assert any("PLP413" in line for line in out.splitlines() if line.startswith(stl)), case
        assert "Traceback" not in out
    result = build(hostile_school)
    assert result.code != 0
    published = [p.name for p in (hostile_school / "site").iterdir() if p.is_dir()] if (hostile_school / "site").exists() else []
    assert not [name for name in published if name.split("-")[0] in {c.split("-")[0] for c in HOSTILE}], published
    for case in HOSTILE:
        assert f"students/{case} was not published" in result.stderr, case


def test_a_transcript_follows_its_recording_as_escaped_text(built: tuple[Path, str, Path]) -> None:
    _, out, site = built
    assert "PLP009" not in out  # captions, transcripts and the download a page uses are no strays
    for page in ("evidence/talk/index.html", "goals/robot-arm/index.html"):
        html = (site / page).read_text(encoding="utf-8")
        tree = LexborHTMLParser(html)
        details = tree.css_first("details.plp-transcript")
        assert details is not None, page
        assert details.css_first("summary").text() == "Transcript"
        assert not tree.css("img[onerror]")
        assert "prompt(" not in "".join(n.text() for n in tree.css("script"))
        assert not details.css("script, b, img")  # the student's markup is shown as text
        text = details.text()
        assert '<script>prompt("t")</script>' in text
        assert "&amp; then" in text
        assert len(details.css("p")) == 2
        # The transcript comes after the player's paragraph, not inside it.
        assert details.prev is not None
        assert details.prev.css_first("audio") is not None


def test_transcript_is_checked_like_a_page_and_check_agrees_with_build(tmp_path: Path, media: dict[str, bytes]) -> None:
    root = _school(tmp_path, _student(media, **{"evidence/media/song.txt": b"caf\xe9 latin-1\n"}))
    code, out, _ = run_plp("check", "--root", root, "--format", "text")
    assert code == 1
    assert any("PLP003" in line and "song.txt" in line for line in out.splitlines()), out
    assert build(root).code != 0


def test_media_thumbnails_in_the_gallery_have_a_size(built: tuple[Path, str, Path]) -> None:
    _, _, site = built
    tree = LexborHTMLParser((site / "evidence" / "index.html").read_text(encoding="utf-8"))
    thumbnails = [img for img in tree.css("img") if "assets/media/" in (img.attributes.get("src") or "")]
    assert thumbnails
    for img in thumbnails:
        assert int(img.attributes.get("width") or 0) > 0, img.html
        assert int(img.attributes.get("height") or 0) > 0, img.html


def test_an_unoffered_file_gets_one_finding_not_two(hostile_school: Path) -> None:
    code, out, _ = run_plp("check", "--root", hostile_school, "--format", "json")
    assert code == 1
    findings = [f for f in json.loads(out) if "robot.stl" in str(f["message"])]
    assert findings
    assert {f["code"] for f in findings} == {"PLP413"}
