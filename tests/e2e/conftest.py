"""Fixtures of the browser tests: the demo school built once, served on 127.0.0.1, and one Chromium per session.

Debian's Chromium (/usr/bin/chromium) drives the tests; Playwright's own browser download is never used. Without
it the browser tests skip with a one-line reason, except in CI (CI=true), where that is a failure.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Playwright, sync_playwright

from plp_site.preview import LocalServer

from .browser import Tab
from .demo import BUILD_DATE, REPO, DemoStudent

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LINK_SECRET = "e2e"
REPORTS = REPO / "test-output"
SCREENSHOTS = REPORTS / "screenshots"
DESKTOP: dict[str, Any] = {"viewport": {"width": 1280, "height": 900}}
PHONE: dict[str, Any] = {
    "viewport": {"width": 360, "height": 740},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}


@dataclass(frozen=True)
class DemoSite:
    """The built demo school: where each student's site is served, and each family's link."""

    address: str
    """The server's address, ending in /."""
    paths: dict[str, str]
    """Each student's site folder (`<id>-<token>/`) by student id."""
    family_links: dict[str, str]

    def url(self, student: DemoStudent, page_type: str) -> str:
        """The local address of one page of a student's site."""
        return self.address + self.paths[student.student_id] + student.path_of(page_type)


def build_school(out: Path, staff_out: Path, root: Path = REPO) -> None:
    """Build every student of the school at root (the demo school unless told) as `plp build` does."""
    epoch = dt.datetime.combine(BUILD_DATE, dt.time(12), tzinfo=dt.UTC).timestamp()
    environment = {
        **os.environ,
        "PLP_LINK_SECRET": LINK_SECRET,
        "SOURCE_DATE_EPOCH": str(int(epoch)),
        "NO_MKDOCS_2_WARNING": "1",
    }
    command = [sys.executable, "-m", "plp_site", "build", "--root", str(root), "--out", str(out), "--staff-out", str(staff_out)]
    result = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", env=environment, check=False, timeout=300)
    assert result.returncode == 0, f"plp build failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output clean: no line per request."""


@pytest.fixture(scope="session")
def demo_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, Any]]]:
    """The demo school built once: the family sites' folder and staff's students.json."""
    folder = tmp_path_factory.mktemp("demo-school")
    out, staff_out = folder / "site", folder / "staff"
    build_school(out, staff_out)
    records = json.loads((staff_out / "students.json").read_text(encoding="utf-8"))
    return out, records


@pytest.fixture(scope="session")
def demo_site(demo_build: tuple[Path, list[dict[str, Any]]]) -> Iterator[DemoSite]:
    """The built sites served over HTTP on 127.0.0.1 (a free port), for the whole session."""
    out, records = demo_build
    # LocalServer (plp preview's): a connection the browser drops (a page left while loading) prints no traceback.
    server = LocalServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(out)))
    thread = threading.Thread(target=server.serve_forever, name="demo-site", daemon=True)
    thread.start()
    try:
        address = f"http://127.0.0.1:{server.server_address[1]}/"
        yield DemoSite(
            address,
            {record["id"]: record["path"] for record in records},
            {record["id"]: record["link"] for record in records},
        )
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def _require_chromium() -> None:
    if CHROMIUM.is_file():
        return
    reason = f"{CHROMIUM} is missing: install Debian's chromium package to run the browser tests"
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    """Playwright's driver, started once."""
    _require_chromium()
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    """One headless Debian Chromium for the whole session."""
    launched = playwright_instance.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
    yield launched
    launched.close()


def new_tab(browser: Browser, demo_site: DemoSite, **options: Any) -> Tab:
    context = browser.new_context(**options)
    # Nothing may leave the machine: a request to any other host is refused (and the visit reports it). The
    # pattern is a regular expression so the browser itself sorts requests; local ones never stop in Python.
    context.route(re.compile("^(?!" + re.escape(demo_site.address) + ")"), lambda route: route.abort("blockedbyclient"))
    return Tab(context)


@pytest.fixture(scope="session")
def desktop(browser: Browser, demo_site: DemoSite) -> Iterator[Tab]:
    """A tab in a 1280x900 desktop browser whose pages prefer the light palette."""
    tab = new_tab(browser, demo_site, **DESKTOP)
    yield tab
    tab.context.close()


@pytest.fixture(scope="session")
def desktop_dark(browser: Browser, demo_site: DemoSite) -> Iterator[Tab]:
    """A tab in a desktop browser of its own whose pages prefer dark (mkdocs-material stores the palette it used)."""
    tab = new_tab(browser, demo_site, **DESKTOP)
    yield tab
    tab.context.close()


@pytest.fixture(scope="session")
def phone(browser: Browser, demo_site: DemoSite) -> Iterator[Tab]:
    """A tab in a 360x740 touch phone at device scale factor 2."""
    tab = new_tab(browser, demo_site, **PHONE)
    yield tab
    tab.context.close()


def screenshot_path(student: DemoStudent, page_type: str, device: str) -> Path:
    """Where the screenshot of one page on one device goes (test-output/ is git-ignored)."""
    path = SCREENSHOTS / student.student_id / f"{page_type}-{device}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    return path
