"""The page an old family link shows after `plp rotate-link`, in a real browser: in each shipped language it loads
only its own files, reads in the family's language and direction, and passes axe-core's WCAG 2.1 AA rules."""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer

import pytest
from playwright.sync_api import Browser

from plp_site.i18n import available_languages
from plp_site.linknotice import NOTICE_FOLDERS, notice_files
from plp_site.publish import replace_with_notice
from plp_site.requirements import parse_requirements

from .browser import Tab, axe_violations, heading_problems
from .conftest import DESKTOP, PHONE, _QuietHandler

SCHOOL = 'Green Mountain & "Valley" School'


@pytest.fixture(scope="module")
def notices(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An old address per shipped language, each replaced by its notice as a build does, served on 127.0.0.1."""
    out = tmp_path_factory.mktemp("notices") / "site"
    requirements = parse_requirements({"school_name": SCHOOL})
    for language in available_languages():
        old = out / f"old-{language}"
        (old / "goals" / "robot-arm").mkdir(parents=True)
        (old / "index.html").write_text("<p>the old site</p>", encoding="utf-8")
        replace_with_notice(old, notice_files(language, requirements))
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(out)))
    thread = threading.Thread(target=server.serve_forever, name="notices", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def _tab(browser: Browser, address: str, options: dict[str, object]) -> Tab:
    context = browser.new_context(**options)  # type: ignore[arg-type]
    context.route(re.compile("^(?!" + re.escape(address) + ")"), lambda route: route.abort("blockedbyclient"))
    return Tab(context)


@pytest.mark.parametrize("device", ["desktop", "phone"])
@pytest.mark.parametrize("language", available_languages())
def test_the_notice_passes_axe_in_every_language(browser: Browser, notices: str, language: str, device: str) -> None:
    tab = _tab(browser, notices, DESKTOP if device == "desktop" else PHONE)
    try:
        for folder in (NOTICE_FOLDERS[0], NOTICE_FOLDERS[1]):
            with tab.visit(f"{notices}old-{language}/{folder}") as opened:
                page = opened.page
                problems = opened.problems() + heading_problems(page) + axe_violations(page)
                html_language, direction = page.evaluate(
                    "[document.documentElement.lang, getComputedStyle(document.body).direction]"
                )
                assert (html_language, direction) == (language, "rtl" if language == "ar" else "ltr")
                assert page.locator(".school").inner_text() == SCHOOL
                # The stylesheet is the notice's own, and it applies.
                assert page.evaluate("getComputedStyle(document.querySelector('h1')).lineHeight") != "normal"
                assert page.locator("a, img, script, iframe").count() == 0
                width = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
                assert width, "the notice fits the screen"
                assert problems == [], "\n".join(problems)
    finally:
        tab.context.close()


def test_a_page_of_the_old_site_is_gone(browser: Browser, notices: str) -> None:
    tab = _tab(browser, notices, DESKTOP)
    try:
        response = tab.page.goto(f"{notices}old-en/goals/robot-arm/")
        assert response is not None
        assert response.status == 404
    finally:
        tab.context.close()
