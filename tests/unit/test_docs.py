"""The teacher's guide (docs/) builds with `mkdocs build --strict`, and what it generates from plp-site is complete:
every finding code of the catalogue on the troubleshooting page, the help of every command. The README's table
of finding codes lists exactly the catalogue's codes."""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

from plp_site.cli import _parser
from plp_site.codes import CODES

DOCS_CONFIG = REPO / "docs" / "mkdocs.yml"
README = REPO / "README.md"
_TAG = re.compile(r"<[^>]+>")


@pytest.fixture(scope="module")
def guide(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The guide built with --strict into a temporary folder; its site folder."""
    site = tmp_path_factory.mktemp("guide") / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(DOCS_CONFIG), "--site-dir", str(site)],
        cwd=REPO,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return site


def page_text(site: Path, page: str) -> str:
    """The text of a built page's article, without tags, with HTML entities decoded."""
    content = (site / page / "index.html").read_text(encoding="utf-8")
    article = re.search(r"<article\b.*?</article>", content, re.DOTALL)
    assert article, f"{page} has no article"
    return html.unescape(_TAG.sub("", article.group(0)))


def test_every_code_has_an_example() -> None:
    for code in CODES.values():
        assert code.example.strip(), f"{code.code} has no example"
        assert code.example != code.fix, f"{code.code}: the example is what a student wrote, not the fix"


def test_guide_builds_every_page(guide: Path) -> None:
    pages = sorted(
        p.relative_to(REPO / "docs" / "guide").with_suffix("").as_posix() for p in (REPO / "docs" / "guide").glob("*.md")
    )
    assert "troubleshooting" in pages
    for page in pages:
        built = guide / "index.html" if page == "index" else guide / page / "index.html"
        assert built.is_file(), f"{page}.md was not built"


def test_troubleshooting_page_lists_every_code(guide: Path) -> None:
    content = (guide / "troubleshooting" / "index.html").read_text(encoding="utf-8")
    anchors = re.findall(r'<h3 id="(plp\d{3})"', content)
    assert anchors == [code.lower() for code in CODES], "one section per code, in the catalogue's order"
    text = page_text(guide, "troubleshooting")
    for code in CODES.values():
        section = text.split(f"{code.code}: {code.summary}", 1)
        assert len(section) == 2, f"{code.code}'s heading is missing"
        body = section[1].split("\nPLP", 1)[0]
        assert code.severity.value in body
        assert code.example.strip() in body, f"{code.code}'s example is missing"
        assert code.fix.replace("`", "") in body, f"{code.code}'s fix is missing"


def test_command_reference_has_every_commands_help(guide: Path) -> None:
    text = page_text(guide, "commands")
    subcommands = next(a for a in _parser()._actions if a.dest == "command").choices
    assert subcommands
    for name in subcommands:
        assert f"usage: plp {name} " in text, f"the command reference has no help for plp {name}"


def test_readme_table_lists_exactly_the_codes() -> None:
    assert README.is_file(), "README.md must have the table of finding codes"
    rows = [line for line in README.read_text(encoding="utf-8").splitlines() if line.startswith("| PLP")]
    listed = [row.split("|")[1].strip() for row in rows]
    assert len(listed) == len(set(listed)), "a code is listed twice"
    assert sorted(listed) == sorted(CODES)
