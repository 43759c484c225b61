"""The sanitizer leaves nothing behind, through the real CLI: a removed embed takes its fallback content with it, a
video embed becomes a plain link, frames from other hosts go entirely, and no request to another host is published
whatever severity a school sets. PLP501 is said once per element, in plain words."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
import yaml
from conftest import make_school, run_plp, valid_student

import plp_site

from .conftest import SCHOOL_YML, build
from .helpers import parse_html

School = Callable[[Mapping[str, str | bytes]], Path]
_FRONT = "---\ntitle: Robot arm prototype\ndate: 2026-10-03\nskills: [problem-solving]\ngoal: robot-arm\n---\n"
# <embed> is a void element: what follows it is ordinary page content, not a fallback.
_CONTAINERS = ("iframe", "video", "object", "audio")
_FALLBACKS = (
    "FALLBACK{n} your browser cannot show this",
    '<a href="https://spam.example/buy">FALLBACK{n} cheap pills</a>',
    '<span>FALLBACK{n} <img src="https://tracker.example/p.gif" alt="x"></span>',
)
_ATTRIBUTE = {"iframe": "src", "video": "src", "object": "data", "embed": "src", "audio": "src"}


def _fallback_pages() -> list[str]:
    lines = []
    for n, (tag, fallback) in enumerate(itertools.product(_CONTAINERS, _FALLBACKS)):
        address = "https://example.org/thing" if n % 2 else "local/thing.bin"
        lines.append(f'<{tag} {_ATTRIBUTE[tag]}="{address}">{fallback.format(n=n)}</{tag}>')
    return lines


def _school(tmp_path: Path, lines: list[str], options: str = "") -> Path:
    yml = SCHOOL_YML.replace("  - plp\n", f"  - plp:\n{options}") if options else SCHOOL_YML
    page = _FRONT + "![a red robot arm](images/arm.png)\n\n" + "\n\n".join(lines) + "\n"
    return make_school(tmp_path, {"mkdocs.yml": yml, **valid_student("ada", extra={"evidence/arm.md": page})})


def _evidence_html(root: Path) -> str:
    built = build(root)
    assert built.code == 0, built.stdout + built.stderr
    return (built.site_of("ada") / "evidence/arm/index.html").read_text(encoding="utf-8")


def _plp501(root: Path) -> list[dict[str, object]]:
    code, stdout, _ = run_plp("check", "--root", root, "--format", "json")
    assert code == 0, stdout
    return [f for f in json.loads(stdout) if f["code"] == "PLP501"]


def test_removed_embeds_leave_no_fallback_content(tmp_path: Path, link_secret: str) -> None:
    root = _school(tmp_path, _fallback_pages())
    page = _evidence_html(root)
    assert "FALLBACK" not in page
    assert "spam.example" not in page
    assert "tracker.example" not in page
    # Once per element, never again for what it holds.
    assert len(_plp501(root)) == len(_CONTAINERS) * len(_FALLBACKS)


_VIDEOS = (
    ("https://www.youtube.com/embed/dQw4w9WgXcQ", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
    ("https://www.youtube-nocookie.com/embed/abc_DEF-123?start=3", "https://www.youtube.com/watch?v=abc_DEF-123"),
    ("https://player.vimeo.com/video/76979871", "https://vimeo.com/76979871"),
    ("https://www.loom.com/embed/0123abcd", "https://www.loom.com/embed/0123abcd"),
)


@pytest.mark.parametrize(("source", "watch"), _VIDEOS)
@pytest.mark.parametrize("tag", ["iframe", "embed"])
@pytest.mark.parametrize("title", ["My robot talk", ""])
def test_a_video_embed_becomes_a_plain_link(
    tmp_path: Path, link_secret: str, source: str, watch: str, *, tag: str, title: str
) -> None:
    titled = f' title="{title}"' if title else ""
    root = _school(tmp_path, [f'<{tag} src="{source}"{titled} width="560">FALLBACK text</{tag}>'])
    document = parse_html(_evidence_html(root))
    links = [a for a in document.find_all("a") if a.attrs.get("href") == watch]
    assert len(links) == 1
    assert links[0].text()
    assert not title or links[0].text() == title
    assert not document.find_all("iframe")
    assert not document.find_all("embed")
    (finding,) = _plp501(root)
    assert "link" in str(finding["message"])


def test_iframe_hosts_keep_allowed_frames_with_a_title_and_drop_the_others(tmp_path: Path, link_secret: str) -> None:
    lines = [
        '<iframe src="https://www.youtube-nocookie.com/embed/abc">FALLBACK kept?</iframe>',
        '<iframe src="https://evil.example/frame">FALLBACK other</iframe>',
        '<iframe src="http://www.youtube-nocookie.com/embed/abc"></iframe>',
    ]
    options = "      iframe_hosts: [www.youtube-nocookie.com]\n"
    page = _evidence_html(_school(tmp_path, lines, options))
    frames = parse_html(page).find_all("iframe")
    assert len(frames) == 1
    assert frames[0].attrs["title"]
    assert "evil.example" not in page
    assert "FALLBACK" not in page


_OFF_HOST = (
    '<img src="https://tracker.example/a.gif" alt="a">',
    '<img srcset="https://tracker.example/b.gif 2x" src="images/arm.png" alt="b">',
    '<video poster="https://tracker.example/c.jpg" src="https://tracker.example/c.mp4"></video>',
    '<audio src="https://tracker.example/d.mp3"></audio>',
    '<p style="background: url(https://tracker.example/e.png)">styled</p>',
    "![remote](https://tracker.example/f.png)",
    '<svg><image href="https://tracker.example/g.png"/></svg>',
)


@pytest.mark.parametrize("severity", ["ignore", "warning", "error"])
def test_no_request_to_another_host_whatever_the_severity(tmp_path: Path, link_secret: str, severity: str) -> None:
    options = f"      severity: {{PLP304: {'ignore' if severity == 'error' else severity}, PLP501: {severity}}}\n"
    root = _school(tmp_path, list(_OFF_HOST), options)
    built = build(root)
    if built.code != 0:
        assert severity == "error"  # a school that makes it an error stops the build: nothing is published
        return
    assert "tracker.example" not in (built.site_of("ada") / "evidence/arm/index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("attribute", ['target="_blank"', 'rel="noopener"', 'data-note="x"', 'referrerpolicy="no-referrer"'])
def test_harmless_attributes_are_not_warnings(tmp_path: Path, attribute: str) -> None:
    root = _school(tmp_path, [f'<a href="https://example.org/" {attribute}>a site</a>'])
    assert _plp501(root) == []


@pytest.mark.parametrize("word", ["servo", "Servo.h", "stdio", "my-library", "LiquidCrystal_I2C"])
def test_a_word_in_angle_brackets_says_to_use_backticks(tmp_path: Path, word: str) -> None:
    root = _school(tmp_path, [f"I used the <{word}> library for the arm."])
    findings = _plp501(root)
    assert len(findings) == 1, findings
    assert "backticks" in str(findings[0]["hint"]), findings


@pytest.mark.parametrize("language", ["en", "es", "fr", "ne", "ar", "sw"])
def test_an_allowed_frame_is_titled_in_the_familys_language(tmp_path: Path, link_secret: str, language: str) -> None:
    words = yaml.safe_load((Path(plp_site.__file__).parent / "translations" / f"{language}.yml").read_text(encoding="utf-8"))
    page = _FRONT + '<iframe src="https://www.youtube-nocookie.com/embed/abc"></iframe>\n'
    student = valid_student("ada", extra={"evidence/arm.md": page, "student.yml": f"name: Ada\ngrade: 9\nlanguage: {language}\n"})
    yml = SCHOOL_YML.replace("  - plp\n", "  - plp:\n      iframe_hosts: [www.youtube-nocookie.com]\n")
    built = build(make_school(tmp_path, {"mkdocs.yml": yml, **student}))
    assert built.code == 0, built.stdout + built.stderr
    document = parse_html((built.site_of("ada") / "evidence/arm/index.html").read_text(encoding="utf-8"))
    (frame,) = document.find_all("iframe")
    assert frame.attrs["title"] == words["video_from"].replace("{host}", "www.youtube-nocookie.com")
