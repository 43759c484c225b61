"""A second round of hostile input through the real CLI, in spellings the other hostile tests do not try.

Markup the theme and Markdown extensions make from a student's text (heading ids, toc labels, abbreviations,
footnotes, admonition titles, file names), addresses in places a browser fetches from (SVG, MathML, <base>, <meta>
refresh, srcset lists, styles set with attr_list), YAML tags and keys that are not words, file names with control
characters, and runs of emphasis marks that Python-Markdown reads in time that grows with the square of their length.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import make_school, run_plp, valid_student
from selectolax.lexbor import LexborHTMLParser

from plp_site.pagehtml import FETCHED, site_address

from .conftest import Built, build
from .helpers import parse_html, search_docs

SCHOOL = """\
site_name: Test School
site_url: https://portfolios.example.org/
theme:
  name: material
markdown_extensions:
  - admonition
  - footnotes
  - abbr
  - attr_list
  - md_in_html
  - def_list
  - tables
  - toc:
      permalink: true
plugins:
  - search
  - plp:
      severity: {PLP304: warning, PLP303: warning, PLP301: warning}
"""
HEADER = "---\ntitle: Page {n}\nskills: [communication]\n---\nIntro\n\n"
FIRST_LINE = HEADER.count("\n") + 1

# Places a browser fetches from, or that run script, that the sanitizer must never let through.
FETCHING_PAGES = [
    '<svg><image href="https://evil.example/1.png"/></svg>',
    '<svg><use xlink:href="https://evil.example/2.svg#a"/></svg>',
    '<math href="https://evil.example/3"><mi>x</mi></math>',
    '<base href="https://evil.example/4/">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example/5">',
    '<link rel="prefetch" href="https://evil.example/6">',
    '<img src="\\/evil.example/7.png" alt="a">',
    '<img src="&bsol;&bsol;evil.example/8.png" alt="a">',
    '<img src="images/arm.png" alt="a" srcset="images/arm.png 1x, images/arm.png 2x, https://evil.example/9.png 3x">',
    '<img src="images/arm.png" alt="a" srcset="images/arm.png 1x,&#x20;//evil.example/10.png 2x">',
    '<video controls><source src="https://evil.example/11.mp4"><track src="https://evil.example/11.vtt"></video>',
    '<a href="jav&#x09;ascript:alert(12)">x</a> <a href="java&#x0A;script:alert(12)">y</a>',
    '<a href="&#x6A;avascript&colon;alert(12)">z</a>',
    '<a href="\x01javascript:alert(13)">x</a>',
    '![a](images/arm.png){ style="background:url(https://evil.example/14.png)" }',
    'A paragraph with a style\n{ style="background-image:url(//evil.example/15.png)" }',
    '<div markdown="1" style="background:url(https://evil.example/16)">x</div>',
    '<p style="background:url(&quot;https://evil.example/17&quot;)">x</p>',
    '<img src="images/arm.png" alt="a" ping="https://evil.example/18">',
    '<img src="images/arm.png" alt="a" data-src="https://evil.example/20.png" lowsrc="https://evil.example/20b.png">',
    '<table><tr><td background="https://evil.example/21.png">x</td></tr></table>',
    '<img src="/\t/evil.example/22.png" alt="a">',
    '<img src=" &#x0d;https://evil.example/24.png" alt="a">',
    '<img src="https&#58;//evil.example/25.png" alt="a">',
    '<iframe srcdoc="<img src=https://evil.example/26.png>"></iframe>',
    "<style>@import url(https://evil.example/27.css);</style>",
    '<object data="images/arm.png" type="image/png"><param name="movie" value="https://evil.example/30.swf"></object>',
    '<q cite="https://evil.example/35">q</q> <del cite="https://evil.example/35b">d</del>',
    '<img alt="a" src="images/arm.png" src="https://evil.example/37.png">',
    '<img alt="a" SRC="https://evil.example/38.png" src="images/arm.png">',
    '<picture><source media="(min-width:1px)" srcset="https://evil.example/39.png"><img src="images/arm.png" alt="a"></picture>',
    '<svg><a href="javascript:alert(41)"><text>x</text></a></svg>',
    '<noscript><img src="https://evil.example/42.png" alt="a"></noscript>',
    '<template><img src="https://evil.example/43.png" alt="a"></template>',
    '<img src="images/arm.png" alt="a"/onerror="alert(49)">',
    '<img/src="https://evil.example/50.png"/alt="a">',
    # Markup that extensions build from the student's words.
    '## Heading one {#x"onmouseover="alert(1) }',
    "## Heading two {: data-toc-label='<img src=x onerror=alert(2)>' }",
    '## Heading three {: data-toc-label="&lt;img src=x onerror=alert(3)&gt;" }',
    "## Heading four {#y'onclick='alert(4) }",
    '## Heading six {: onclick="alert(6)" style="background:url(https://evil.example/s)" }',
    "*[HTML]: <img src=https://evil.example/abbr.png>\n\nHTML is an abbreviation.",
    'A note[^a"onmouseover="x].\n\n[^a"onmouseover="x]: note <img src="https://evil.example/fn.png">',
    '!!! note "<img src=https://evil.example/adm.png> \\" onclick=\\"x"\n    body',
    '<details markdown="1" open ontoggle="alert(1)"><summary>S</summary>*x*</details>',
    # Text that the search index keeps, which mkdocs-material's search shows as HTML.
    "Code `<img src=x onerror=alert(1)>` and &lt;img src=x onerror=alert(3)&gt; and &#60;b onclick=alert(4)&#62;",
    "```\n<svg onload=alert(2)>\n```",
    "## Heading `<img src=x onerror=alert(8)>`",
    "<pre>&lt;img src=x onerror=alert(10)&gt;</pre>",
]
# File names of pages: text a student controls that reaches links, the navigation and titles.
FILE_NAMES = [
    'evidence/a"><img src=x onerror=alert(1)>.md',
    "evidence/b'onmouseover='alert(2).md",
    "evidence/c<svg onload=alert(3)>.md",
    "evidence/d&quot;onfocus=&quot;x.md",
]
EVENT_OR_STYLE = re.compile(r"^on|^style$|^srcdoc$|^formaction$")


@dataclass(frozen=True)
class School:
    root: Path
    check_code: int
    check_out: str
    built: Built


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> School:
    pages: dict[str, str | bytes] = {
        f"evidence/v{index:02d}.md": HEADER.format(n=index) + body + "\n" for index, body in enumerate(FETCHING_PAGES)
    }
    pages.update({name: HEADER.format(n=name) for name in FILE_NAMES})
    root = make_school(tmp_path_factory.mktemp("redteam"), {"mkdocs.yml": SCHOOL, **valid_student("ada", extra=pages)})
    code, out, err = run_plp("check", "--root", root)
    assert "Traceback" not in out + err
    return School(root, code, out, build(root))


def _problems(site: Path) -> list[str]:
    """Every event handler, style, off-host fetch or active element in any page of a site."""
    problems = []
    for page in sorted(site.rglob("*.html")):
        tree = LexborHTMLParser(page.read_text(encoding="utf-8"))
        for node in tree.root.traverse():  # type: ignore[union-attr]
            tag, attributes = node.tag or "", node.attributes
            where = page.relative_to(site)
            for name, raw in attributes.items():
                value = raw or ""
                fetched = name in FETCHED and not (tag == "a" and name == "href") and not (tag == "link" and name == "href")
                if EVENT_OR_STYLE.match(name) or (fetched and not site_address(value)):
                    problems.append(f"{where}: <{tag} {name}={value[:80]!r}>")
                if name == "href" and re.match(r"(?i)\s*(javascript|data|vbscript):", re.sub(r"[\t\n\r]", "", value)):
                    problems.append(f"{where}: <{tag} href={value[:80]!r}>")
            if tag in ("base", "object", "embed", "iframe", "frame", "style", "math", "template", "noscript"):
                problems.append(f"{where}: <{tag}>")
            if tag == "meta" and "http-equiv" in attributes:
                problems.append(f"{where}: <meta http-equiv>")
            if tag == "link" and attributes.get("rel") not in ("canonical", "prev", "next", "icon", "stylesheet"):
                problems.append(f"{where}: <link rel={attributes.get('rel')!r}>")
            if tag == "svg" and "evil" in (node.html or ""):
                problems.append(f"{where}: <svg> {(node.html or '')[:80]!r}")
    return problems


def test_no_page_of_a_hostile_student_fetches_from_another_host_or_runs_script(hostile: School) -> None:
    """Assert: with PLP301/303/304 lowered to warnings, every page is published and none holds an event handler,
    a style, an address on another host a browser fetches by itself, or an element that embeds or redirects."""
    assert hostile.built.code == 0, hostile.built.stdout[-3000:]
    assert "internal error" not in hostile.built.stdout + hostile.built.stderr
    assert _problems(hostile.built.site_of("ada")) == []


def test_the_search_index_shows_no_element_a_student_wrote(hostile: School) -> None:
    """Assert: the search results (HTML made from the index) hold only the elements Markdown itself writes."""
    harmless = {"p", "code", "pre", "sup", "ol", "ul", "li", "a", "strong", "em", "#document", "abbr", "table"}
    for doc in search_docs(hostile.built.site_of("ada")):
        for part in (doc["title"], doc["text"]):
            for element in parse_html(part).iter():
                assert element.tag in harmless, (doc["location"], element.tag, element.attrs)
                assert not [name for name in element.attrs if EVENT_OR_STYLE.match(name)], (doc["location"], element.attrs)


def test_check_and_build_agree_on_the_hostile_pages(hostile: School) -> None:
    """Assert: `plp check` passes (only warnings) exactly when the build publishes the student."""
    assert (hostile.check_code == 0) == (hostile.built.code == 0)


# --- ordinary Markdown that the sanitizer should not report ----------------------------------------------------

ALIGNED_TABLES = {
    "left-right": "| Week | Height |\n|:-----|-------:|\n| 1    | 3 cm   |\n",
    "center": "| Week | Height |\n|:----:|:------:|\n| 1    | 3 cm   |\n",
    "one-aligned": "| Week | Height |\n|------|-------:|\n| 1    | 3 cm   |\n",
    "no-outer-pipes": "Week | Height\n:--- | ---:\n1 | 3 cm\n",
    "after-words": "We measured the arm.\n\n| Week | Height |\n|:-----|-------:|\n| 1    | 3 cm   |\n",
}


def test_a_markdown_table_with_aligned_columns_is_not_a_removed_html_finding(tmp_path: Path) -> None:
    """Assert: a table with `:--` / `--:` columns (plain Markdown, no HTML) gets no PLP501 finding from
    `plp check`, and the published table keeps its alignment (as an align attribute or a text-align style).

    Python-Markdown's tables extension writes `style="text-align: ..."` on each cell; the sanitizer drops every
    style, and the checker then tells the student that HTML they never wrote was removed, on a line that is not
    the table's."""
    pages: dict[str, str | bytes] = {
        f"evidence/{name}.md": HEADER.format(n=name) + table for name, table in ALIGNED_TABLES.items()
    }
    root = make_school(tmp_path, {"mkdocs.yml": SCHOOL, **valid_student("ada", extra=pages)})
    code, out, _ = run_plp("check", "--root", root)
    assert code == 0, out[-2000:]
    assert "PLP501" not in out, out[-2000:]
    built = build(root)
    assert built.code == 0, built.stdout[-2000:]
    for name in ALIGNED_TABLES:
        page = (built.site_of("ada") / "evidence" / name / "index.html").read_text(encoding="utf-8")
        cells = [element for element in parse_html(page).iter() if element.tag in ("th", "td")]
        wanted = "center" if name == "center" else "right"
        aligned = [c for c in cells if c.attrs.get("align") == wanted or f"text-align: {wanted}" in c.attrs.get("style", "")]
        assert aligned, f"{name}: the {wanted}-aligned column lost its alignment"


def test_a_removed_heading_attribute_is_reported_on_the_heading_s_line(tmp_path: Path) -> None:
    """Assert: PLP501 about an attribute written with attr_list on a heading names the heading's own line.

    Today `## One {#x"onmouseover="alert(1) }` is reported at the first line of the body, column 1, with the
    attribute's name garbled (`_x_onmouseover=`)."""
    headings = {
        "quoted-id": '## One {#x"onmouseover="alert(1) }',
        "quoted-id-single": "## Two {#y'onclick='alert(4) }",
        "id-then-handler": '## Three {#ok onclick="alert(5)" }',
    }
    pages: dict[str, str | bytes] = {
        f"evidence/{name}.md": HEADER.format(n=name) + "Some words.\n\n" + heading + "\n\nMore words.\n"
        for name, heading in headings.items()
    }
    root = make_school(tmp_path, {"mkdocs.yml": SCHOOL, **valid_student("ada", extra=pages)})
    _, out, _ = run_plp("check", "--root", root)
    heading_line = FIRST_LINE + 2
    for name in headings:
        found = re.findall(rf"^students/ada/evidence/{name}\.md:(\d+):\d+: \w+ PLP501", out, flags=re.MULTILINE)
        assert found, f"{name}: no PLP501 in\n{out[-2000:]}"
        assert {int(line) for line in found} == {heading_line}, f"{name}: reported on lines {found}, not {heading_line}"


# --- time: runs of emphasis marks -----------------------------------------------------------------------------

EMPHASIS_RUNS = {
    "stars-around-a-letter": lambda n: "*" * (n // 2) + "x" + "*" * (n // 2),
    "underscores-around-a-letter": lambda n: "_" * (n // 2) + "x" + "_" * (n // 2),
    "strong-around-a-letter": lambda n: "**" * (n // 4) + "x" + "**" * (n // 4),
    "triple-stars-around-a-letter": lambda n: "***" * (n // 6) + "x" + "***" * (n // 6),
}


@pytest.mark.parametrize("kind", EMPHASIS_RUNS)
def test_check_of_a_long_run_of_emphasis_marks_is_fast_and_names_its_line(tmp_path: Path, kind: str) -> None:
    """Assert: a 300 KB line of `*`/`_` around one letter (under the 1 MB page limit) is checked in under two
    seconds, and the finding about it (PLP502, too slow to make) names the line it is on.

    Today the pre-check counts a run of marks as one, so the page reaches Python-Markdown, which takes time that
    grows with the square of the run (about 10 s at 400 KB, a minute at 900 KB) before it gives up with PLP505 at
    line 1."""
    about = "# About me\n\n## Strengths\n\nx\n\n## Interests\n\nx\n\n## How I learn best\n\nx\n\n"
    line = about.count("\n") + 1
    root = make_school(tmp_path, valid_student("ada", extra={"about-me.md": about + EMPHASIS_RUNS[kind](300_000) + "\n"}))
    start = time.perf_counter()
    code, out, err = run_plp("check", "--root", root)
    seconds = time.perf_counter() - start
    assert "Traceback" not in out + err
    assert code == 1
    found = re.findall(r"^students/ada/about-me\.md:(\d+):\d+: error (PLP50[2-5])", out, flags=re.MULTILINE)
    assert found, out[-2000:]
    assert seconds < 2.0, f"{kind}: {seconds:.1f} s to check a 300 KB page"
    assert (str(line), "PLP502") in found, f"{kind}: {found}"


# --- YAML a student may write: tags and keys that are not words -------------------------------------------------

YAML_STUDENTS = {
    "python-object": ("name: !!python/object/apply:os.system ['echo hi']\ngrade: 9\n", "PLP102"),
    "binary": ("name: !!binary aGVsbG8=\ngrade: 9\n", "PLP102"),
    "int-key": ("name: Ada\ngrade: 9\n1: x\n", "PLP105"),
    "null-key": ("name: Ada\ngrade: 9\nnull: x\n", "PLP105"),
    "date-key": ("name: Ada\ngrade: 9\n2026-01-01: x\n", "PLP105"),
    "mapping-key": ("name: Ada\ngrade: 9\n? {a: 1}\n: x\n", "PLP004"),
    "set": ("name: Ada\ngrade: 9\nadvisor: !!set {a, b}\n", "PLP102"),
    "pairs": ("name: Ada\ngrade: 9\nadvisor: !!pairs [a: 1, a: 2]\n", "PLP102"),
    "yaml-2": ("%YAML 2.0\n---\nname: Ada\ngrade: 9\n", "PLP004"),
    "bom-in-the-middle": ("name: Ada\n\ufeffgrade: 9\n", "PLP016"),
    "merge-list": ("base: &b {name: Ada}\n<<: [*b]\ngrade: 9\n", "PLP015"),
    "nested-aliases": ("a: &a [x, [y, [z]]]\nadvisor: [[*a, *a], [*a]]\nname: Ada\ngrade: 9\n", "PLP015"),
    "long-explicit-key": ("name: Ada\ngrade: 9\n? " + "k" * 300_000 + "\n: x\n", "PLP105"),
    "sexagesimal-key": ("name: Ada\ngrade: 9\n" + ":".join(["59"] * 5000) + ": x\n", "PLP004"),
}


def test_yaml_tags_and_keys_that_are_not_words_are_findings(tmp_path: Path) -> None:
    """Assert: each odd student.yml is its expected finding in `plp check` with a short message, never a
    traceback nor code run."""
    files: dict[str, str | bytes] = {}
    for name, (text, _) in YAML_STUDENTS.items():
        files.update(valid_student(name, extra={"student.yml": text}))
    root = make_school(tmp_path, files)
    _, out, err = run_plp("check", "--root", root, "--format", "json")
    assert "Traceback" not in out + err
    findings = json.loads(out)
    for name, (_, expected) in YAML_STUDENTS.items():
        mine = [f["code"] for f in findings if f["path"].startswith(f"students/{name}/student.yml")]
        assert expected in mine, f"{name}: {mine}"
        assert all(len(f["message"]) < 400 for f in findings if f["path"].startswith(f"students/{name}/")), name


# --- text output: file and folder names with control characters -------------------------------------------------

CONTROL_NAMES = [
    "x\n::warning::inject",
    "y\r::error::cr",
    "z\x1b[2J\x1b[31mred",
    "w\u202egnp",
    "v\x85::notice::nel",
    "u\u2028::notice::ls",
]
SUMMARY = re.compile(r"^\d+ students? checked: \d+ errors?, \d+ warnings?$")


def test_names_with_control_characters_never_start_a_line_of_output(tmp_path: Path) -> None:
    """Assert: pages and a student folder named with line breaks, escape sequences and bidi overrides are
    reported, and every line of text and github output starts with plp's own words."""
    broken = HEADER.format(n="x") + "![a picture](nope.png)\n"
    pages: dict[str, str | bytes] = {f"evidence/{name}.md": broken for name in CONTROL_NAMES}
    files: dict[str, str | bytes] = {**valid_student("ada", extra=pages)}
    files.update(valid_student("bad\n::warning::folder"))
    root = make_school(tmp_path, files)
    _, text, err = run_plp("check", "--root", root)
    assert "Traceback" not in text + err
    for line in text.splitlines():
        assert line.startswith(("students/", "  hint: ")) or SUMMARY.match(line), repr(line)
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]", line), repr(line)
    assert text.count("PLP301") == len(CONTROL_NAMES)
    _, github, _ = run_plp("check", "--root", root, "--format", "github")
    for line in github.splitlines():
        assert line.startswith(("::error ", "::warning ", "::notice ")) or SUMMARY.match(line), repr(line)
