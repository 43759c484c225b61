"""The staff dashboard as a teacher first opens it after `make site`: straight from the disk (file://) and from
`plp preview`. Each student's link opens that student's built site, never a folder listing and never the
school's real server; the address to give families is shown to copy."""

from __future__ import annotations

import contextlib
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page

from .browser import axe_violations
from .conftest import DESKTOP
from .demo import REPO


@pytest.fixture(scope="module")
def folders(demo_build: tuple[Path, list[dict[str, Any]]]) -> tuple[Path, Path, list[dict[str, Any]]]:
    """The demo school's family sites, its dashboard folder, and students.json."""
    out, records = demo_build
    return out, out.parent / "staff", records


@pytest.fixture(scope="module")
def preview(folders: tuple[Path, Path, list[dict[str, Any]]]) -> Iterator[str]:
    """`plp preview` of the demo school on a free port; yields the dashboard's address."""
    out, staff, _ = folders
    command = [sys.executable, "-m", "plp_site", "preview", "--root", str(REPO), "--out", str(out), "--staff-out", str(staff)]
    process = subprocess.Popen(
        [*command, "--dev-addr", "127.0.0.1:0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8"
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        assert first.startswith("staff dashboard: http://127.0.0.1:"), first
        yield first.split(": ", 1)[1].strip()
    finally:
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=20)
    assert process.returncode == 0
    assert "Traceback" not in err


@contextlib.contextmanager
def local_page(browser: Browser, allowed: str) -> Iterator[tuple[Page, list[str]]]:
    """A page that may load only addresses starting with `allowed`; yields it and the refused addresses."""
    context = browser.new_context(**DESKTOP)
    refused: list[str] = []

    def refuse(route: Any) -> None:
        refused.append(route.request.url)
        route.abort("blockedbyclient")

    context.route(re.compile("^(?!" + re.escape(allowed) + ")"), refuse)
    try:
        yield context.new_page(), refused
    finally:
        context.close()


def _follow_every_link(page: Page, dashboard: str, records: list[dict[str, Any]]) -> list[str]:
    """Open the dashboard, follow each student's link, and say what each opened instead of that student's site."""
    problems = []
    for record in records:
        page.goto(dashboard)
        cell = page.locator(f"tr[id='{record['id']}'] td").last
        shown = cell.locator("code").inner_text()
        if shown != record["link"]:
            problems.append(f"{record['id']}: the family link shown is {shown!r}, expected {record['link']!r}")
        with page.expect_navigation():
            cell.get_by_role("link").click()
        title = page.title()
        if not page.url.endswith(f"/{record['slug']}/index.html") or record["name"] not in title or "Index of" in title:
            problems.append(f"{record['id']}: the link opened {page.url} ({title!r})")
    return problems


def test_dashboard_links_open_the_sites_from_the_disk(browser: Browser, folders: tuple[Path, Path, list[dict[str, Any]]]) -> None:
    out, staff, records = folders
    with local_page(browser, "file://") as (page, refused):
        problems = _follow_every_link(page, (staff / "index.html").as_uri(), records)
        assert page.url.startswith(out.as_uri())
    assert not problems, "\n".join(problems)
    assert refused == [], "the dashboard and the sites it opens load nothing from another host"


def test_dashboard_links_open_the_sites_from_the_preview(
    browser: Browser, folders: tuple[Path, Path, list[dict[str, Any]]], preview: str
) -> None:
    _, _, records = folders
    origin = "{0.scheme}://{0.netloc}/".format(urlsplit(preview))
    with local_page(browser, origin) as (page, refused):
        page.goto(origin)
        assert page.url == preview, "the preview's front page is the dashboard"
        assert page.title() == "PLP staff dashboard"
        assert axe_violations(page) == []
        problems = _follow_every_link(page, preview, records)
    assert not problems, "\n".join(problems)
    assert refused == [], "nothing is requested from the school's real server or any other host"
