"""Hostile Markdown and HTML through the real CLI: no request to another host from a published page, `plp check`
places each finding on the right line, check and build agree, and no page makes either of them hang or crash."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import make_school, run_plp, valid_student
from selectolax.lexbor import LexborHTMLParser

from plp_site.pagehtml import FETCHED, site_address

from .conftest import build

SCHOOL = """\
site_name: Test School
site_url: https://portfolios.example.org/
theme:
  name: material
markdown_extensions:
  - admonition
  - toc:
      permalink: true
plugins:
  - search
  - plp:
{options}
"""
HEADER = "---\ntitle: Hostile\nskills: [communication]\n---\nIntro: I tried every way of writing an address on this page.\n\n"
FIRST_LINE = HEADER.count("\n") + 1
"""The line where each variant starts in its page."""

# Ways to write an address on another host. A browser ignores tabs and newlines inside an address, reads `\` as `/`,
# decodes entities in attributes, and takes `//host` as "the same scheme, another host".
ADDRESSES = {
    "https": "https://evil.example/x.png",
    "upper": "HTTPS://EVIL.EXAMPLE/x.png",
    "scheme-relative": "//evil.example/x.png",
    "backslashes": "\\\\evil.example\\x.png",
    "slash-backslash": "/\\evil.example/x.png",
    "entity": "&#104;ttps://evil.example/x.png",
    "hex-entity": "&#x68;&#x74;tps://evil.example/x.png",
    "entity-tab": "ht&#9;tps://evil.example/x.png",
    "tab": "ht\ttps://evil.example/x.png",
    "newline-entity": "https:&#10;//evil.example/x.png",
    "spaces-around": "  https://evil.example/x.png ",
    "data": "data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL2V2aWwuZXhhbXBsZSI+",
}
# Where an address may hide, and the line (counted from the variant's start) `plp check` must report. PLP304: an
# image on another website (its own finding); PLP501: HTML the sanitizer removes.
PLACES: dict[str, tuple[str, int, str]] = {
    "img": ('<img src="{url}" alt="a cat">', 0, "PLP304"),
    "img-upper": ('<IMG SRC="{url}" ALT="a cat">', 0, "PLP304"),
    "img-many-lines": ('<img\n  alt="a cat"\n  src="{url}"\n  width="300">', 2, "PLP304"),
    "img-angle-in-value": ('<img alt="a > b" title=">>" src="{url}">', 0, "PLP304"),
    "img-after-text": ('Some words first, then <img alt="a cat" src="{url}"> and more.', 0, "PLP304"),
    "srcset": ('<img src="images/arm.png" alt="arm" srcset="{url} 2x">', 0, "PLP501"),
    "picture": ('<picture><source srcset="{url}"><img src="images/arm.png" alt="arm"></picture>', 0, "PLP501"),
    "video-poster": ('<video poster="{url}" controls></video>', 0, "PLP501"),
    "audio": ('<audio src="{url}"></audio>', 0, "PLP501"),
    "object": ('<object data="{url}"></object>', 0, "PLP501"),
    "embed": ('<embed src="{url}">', 0, "PLP501"),
    "input-image": ('<input type="image" src="{url}">', 0, "PLP501"),
    "link": ('<link rel="stylesheet" href="{url}">', 0, "PLP501"),
    "style-attribute": ("<span style=\"background: url('{url}')\">styled</span>", 0, "PLP501"),
    "table-background": ('<table background="{url}"><tr><td>x</td></tr></table>', 0, "PLP501"),
    "blockquote-cite": ('<blockquote cite="{url}">a quote</blockquote>', 0, "PLP501"),
    "iframe": ('<iframe src="{url}"></iframe>', 0, "PLP501"),
    "attr-list": ('![arm](images/arm.png){{ srcset="{url}" }}', 0, "PLP501"),
}
# Markdown cannot hold tabs, spaces or entities in an address the same way; these use the plain spellings.
MARKDOWN_PLACES: dict[str, tuple[str, int]] = {
    "inline": ("![a cat]({url})", 0),
    "inline-angle": ("![a cat](<{url}>)", 0),
    "reference": ("![a cat][far]\n\nText between.\n\n[far]: {url}", 4),
    "reference-next-line": ("![a cat][far]\n\n[far]:\n    {url}\n    'a title'", 3),
    "reference-collapsed": ("![far][]\n\n[FAR]:\n{url}", 3),
}
MARKDOWN_ADDRESSES = ("https", "upper", "scheme-relative", "data")


def _variants() -> dict[str, tuple[str, int, str]]:
    """Every page to try: (Markdown body, line of the finding in the page, finding code)."""
    variants: dict[str, tuple[str, int, str]] = {}
    for place, (template, offset, code) in PLACES.items():
        for spelling, url in ADDRESSES.items():
            # Python-Markdown turns a tab into spaces, so `ht    tps://...` is a (missing) file of the site itself.
            # A cite= that is a path of the site is kept: nothing to report.
            expected = (
                ("PLP301" if code == "PLP304" else "" if place == "blockquote-cite" else code) if spelling == "tab" else code
            )
            variants[f"{place}-{spelling}"] = (template.format(url=url), FIRST_LINE + offset, expected)
    for place, (template, offset) in MARKDOWN_PLACES.items():
        for spelling in MARKDOWN_ADDRESSES:
            variants[f"md-{place}-{spelling}"] = (template.format(url=ADDRESSES[spelling]), FIRST_LINE + offset, "PLP304")
    return variants


VARIANTS = _variants()


def _school(tmp_path: Path, students: dict[str, dict[str, str]], options: str = "") -> Path:
    files: dict[str, str | bytes] = {"mkdocs.yml": SCHOOL.format(options=options or "      minimum: {goals: 1}")}
    for student_id, pages in students.items():
        files.update(valid_student(student_id, name=student_id.title(), extra=pages))
    return make_school(tmp_path, files)


def _findings(out: str) -> list[tuple[str, int, str]]:
    """(path in the student folder, line, code) of each finding in text output."""
    found = re.findall(r"^students/[^/]+/(\S+?):(\d+):\d+: \w+ (PLP\d+)", out, flags=re.MULTILINE)
    return [(path, int(line), code) for path, line, code in found]


def _off_site(folder: Path) -> list[str]:
    """Every fetchable address in the published pages' content that is not inside the site, and every style."""
    problems = []
    for page in sorted(folder.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        content = text[text.index('<article class="md-content__inner') : text.index("</article>")] if "<article" in text else ""
        for node in LexborHTMLParser(content, is_fragment=True).root.traverse():  # type: ignore[union-attr]
            for name, value in node.attributes.items():
                fetched = name in FETCHED and not (node.tag == "a" and name == "href")
                if (fetched and not site_address(value or "")) or name == "style" or node.tag in ("style", "link"):
                    problems.append(f"{page.relative_to(folder)}: <{node.tag} {name}={value!r}>")
    return problems


@pytest.mark.usefixtures("link_secret")
@pytest.mark.parametrize("severity", ["warning", "error"])
def test_addresses_on_another_host_never_reach_a_page_and_check_and_build_agree(tmp_path: Path, severity: str) -> None:
    pages = {f"evidence/{name}.md": HEADER + body + "\n" for name, (body, _, _) in VARIANTS.items()}
    # With PLP304 lowered to a warning, every page is published: the sanitizer alone must keep the other host out.
    root = _school(tmp_path, {"ada": pages}, f"      severity: {{PLP304: {severity}, PLP301: {severity}}}")
    code, out, _ = run_plp("check", "--root", root)
    findings = _findings(out)
    for name, (_, line, expected) in VARIANTS.items():
        mine = [(found_line, found_code) for path, found_line, found_code in findings if path == f"evidence/{name}.md"]
        assert (line, expected) in mine or expected == "", f"{name}: expected {expected} on line {line}, got {mine}"
        assert all(found_line >= FIRST_LINE for found_line, _ in mine), f"{name}: {mine}"
    built = build(root)
    assert (code == 0) == (built.code == 0) == (severity == "warning"), (out[-2000:], built.stdout[-2000:])
    assert "internal error" not in built.stdout + built.stderr
    if severity == "warning":
        assert _off_site(built.site_of("ada")) == []
        assert "a cat" in (built.site_of("ada") / "evidence" / "img-https" / "index.html").read_text(encoding="utf-8")
    else:
        assert not (root / "site" / "ada").exists()


SLOW_LINES: dict[str, Callable[[int], str]] = {
    "brackets": lambda n: "[" * n,
    "image-brackets": lambda n: "![" * (n // 2),
    "bracket-parens": lambda n: "](" * (n // 2),
    "links-unclosed": lambda n: "[a](" * (n // 4),
    "angles": lambda n: "<" * n,
    "tags-unclosed": lambda n: "<a " * (n // 3),
    "autolinks-unclosed": lambda n: "<http://a" * (n // 9),
    "less-than": lambda n: "x<y " * (n // 4),
    "stars": lambda n: "*" * n,
    "underscores": lambda n: "_a " * (n // 3),
    "backticks": lambda n: "`" * n,
    "code-spans": lambda n: "`a ``b " * (n // 7),
    "comments": lambda n: "<!--" * (n // 4),
    "entities": lambda n: "&#" * (n // 2),
    "escapes": lambda n: "\\" * n,
    "inline-tags": lambda n: "<b>x</b> " * (n // 9),
    "lines-of-brackets": lambda n: "[a\n" * (n // 3),
    "lines-of-tags": lambda n: "<a\n" * (n // 3),
    "headings": lambda n: "# " + "#" * n,
    "fences": lambda n: "```\n" * (n // 4),
}


def _check_seconds(root: Path) -> tuple[float, str]:
    start = time.perf_counter()
    code, out, err = run_plp("check", "--root", root)
    assert code in (0, 1), err
    assert "Traceback" not in out + err
    return time.perf_counter() - start, out


@pytest.mark.parametrize("kind", SLOW_LINES)
def test_check_time_grows_in_proportion_to_a_long_line(tmp_path: Path, kind: str) -> None:
    """A page four times as long takes about four times as long to check (sixteen would be a square)."""
    seconds = []
    for size in (100_000, 400_000):
        root = _school(tmp_path / str(size), {"ada": {"about-me.md": "# About me\n\n" + SLOW_LINES[kind](size) + "\n"}})
        base, _ = _check_seconds(root)
        again, out = _check_seconds(root)
        seconds.append(min(base, again))
        assert all(code in ("PLP502", "PLP504", "PLP202", "PLP501") for _, _, code in _findings(out)), out[-2000:]
    small, large = seconds
    timing = f"{kind}: {small:.3f}s for 100 KB, {large:.3f}s for 400 KB"
    # A guard against a hang, not a speed test (a square-time 400 KB page takes minutes).
    assert large < 10.0, timing
    assert large < max(small, 0.05) * 9, timing


NESTED: dict[str, tuple[str, str]] = {
    "indented-lists": ("".join("    " * level + "- a\n" for level in range(500)), "PLP503"),
    "markers-on-one-line": ("- " * 2000 + "deep\n", "PLP503"),
    "quotes": ("> " * 2000 + "deep\n", "PLP503"),
    "quotes-without-spaces": (">" * 200_000 + "deep\n", "PLP503"),
    "numbered": ("1. " * 900 + "deep\n", "PLP503"),
    "md-in-html": ('<div markdown="1">' * 500 + "x" + "</div>" * 500 + "\n", "PLP504"),
    "md-in-html-lines": ('<div markdown="1">\n\n' * 400 + "x\n\n" + "</div>\n\n" * 400, "PLP504"),
    "html": ("<div>" * 100_000 + "x\n", "PLP504"),
    "spans": ("<span><em>" * 3000 + "x\n", "PLP504"),
    "stray-end-tags": ("<div></x>" * 50_000 + "x\n", "PLP504"),
}


@pytest.mark.usefixtures("link_secret")
def test_pages_nested_too_deeply_are_findings_in_check_and_build_never_a_crash(tmp_path: Path) -> None:
    lines = {}
    students = {}
    for index, (name, (body, _)) in enumerate(NESTED.items()):
        student = f"deep-{index}"
        students[student] = {"evidence/deep.md": HEADER + body}
        lines[student] = name
    root = _school(tmp_path, students)
    code, out, err = run_plp("check", "--root", root)
    assert code == 1
    assert "Traceback" not in out + err
    for student, name in lines.items():
        expected = NESTED[name][1]
        mine = re.findall(rf"^students/{student}/evidence/deep\.md:(\d+):\d+: error ({expected})", out, flags=re.MULTILINE)
        assert mine, f"{name}: {expected} missing from\n{out[-3000:]}"
        assert all(int(line) >= FIRST_LINE for line, _ in mine), f"{name}: {mine}"
    built = build(root)
    assert built.code != 0
    both = built.stdout + built.stderr
    for forbidden in ("internal error", "RecursionError", "Traceback"):
        assert forbidden not in both
    for student, name in lines.items():
        assert re.search(rf"students/{student}/evidence/deep\.md:\d+:\d+: error {NESTED[name][1]}", both), name
        assert not (root / "site" / student).exists()


@pytest.mark.usefixtures("link_secret")
def test_real_pages_with_long_paragraphs_and_pasted_tables_pass(tmp_path: Path) -> None:
    words = "We measured the arm again and wrote down [the numbers](../goals/robot-arm.md) and *why* it moved. "
    paragraph = words * 400  # one paragraph of about 40 KB with 400 links
    rows = "".join(
        f'<tr><td style="padding:2px"><span>week {i}</span></td><td><b>{i * 3} cm</b></td><td>ok &amp; fine</td></tr>\n'
        for i in range(2000)
    )
    pasted = '<meta charset="utf-8"><b style="font-weight:normal">' + "<span>pasted words</span> " * 2000 + "</b>"
    page = HEADER + paragraph + "\n\n<table>\n" + rows + "</table>\n\n" + pasted + "\n"
    root = _school(tmp_path, {"ada": {"evidence/long.md": page}})
    code, out, _ = run_plp("check", "--root", root)
    assert code == 0, out[-3000:]
    assert "PLP502" not in out
    built = build(root)
    assert built.code == 0, built.stdout[-3000:]
    published = (built.site_of("ada") / "evidence" / "long" / "index.html").read_text(encoding="utf-8")
    assert "week 1999" in published
