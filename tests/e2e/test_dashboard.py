"""The staff dashboard in Chromium: sorting, filters, search, the attention links, axe, phones and desktops; all of
it from the staff folder alone, with nothing fetched from another host and no console error."""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from plp_site.preview import LocalServer

from .browser import Tab, axe_violations, set_width, sideways_problems
from .conftest import DESKTOP, PHONE, _QuietHandler


@pytest.fixture(scope="module")
def dashboard(demo_build: tuple[Path, list[dict[str, Any]]]) -> Iterator[str]:
    """The demo school's site and staff folders served together; yields the whole school page's address."""
    out, _ = demo_build
    server = LocalServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(out.parent)))
    thread = threading.Thread(target=server.serve_forever, name="dashboard", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/staff/index.html"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def _tab(browser: Browser, address: str, options: dict[str, Any]) -> Tab:
    context = browser.new_context(**options)
    origin = re.match(r"^https?://[^/]+/", address)
    assert origin is not None
    context.route(re.compile("^(?!" + re.escape(origin.group()) + ")"), lambda route: route.abort("blockedbyclient"))
    return Tab(context)


@pytest.fixture(scope="module")
def tab(browser: Browser, dashboard: str) -> Iterator[Tab]:
    opened = _tab(browser, dashboard, DESKTOP)
    yield opened
    opened.context.close()


@pytest.fixture(scope="module")
def phone_tab(browser: Browser, dashboard: str) -> Iterator[Tab]:
    opened = _tab(browser, dashboard, PHONE)
    yield opened
    opened.context.close()


def _ready(page: Page) -> None:
    page.wait_for_selector("html[data-ready]", state="attached")


def _shown(page: Page) -> list[str]:
    ids: list[str] = page.eval_on_selector_all("#students tbody tr:not([hidden])", "rows => rows.map(r => r.id)")
    return ids


def _column(page: Page, index: int) -> list[str]:
    texts: list[str] = page.eval_on_selector_all(
        "#students tbody tr:not([hidden])", f"rows => rows.map(r => r.cells[{index}].textContent.trim())"
    )
    return texts


def test_sorting_by_each_column_orders_the_rows_and_says_so(tab: Tab, dashboard: str) -> None:
    with tab.visit(dashboard) as visit:
        page = visit.page
        _ready(page)
        for index, name, kind in ((0, "Student", str), (1, "Grade", int), (2, "Advisor", str), (7, "Latest entry", str)):
            button = page.get_by_role("button", name=name, exact=True)
            header = page.locator("#students thead th").nth(index)
            button.click()
            assert header.get_attribute("aria-sort") == "ascending"
            values = [kind(text) if kind is int else text.casefold() for text in _column(page, index)]
            assert values == sorted(values), (name, values)  # type: ignore[type-var]
            button.click()
            assert header.get_attribute("aria-sort") == "descending"
            values = [kind(text) if kind is int else text.casefold() for text in _column(page, index)]
            assert values == sorted(values, reverse=True), (name, values)  # type: ignore[type-var]
            others = [
                th.get_attribute("aria-sort") for i, th in enumerate(page.locator("#students thead th").all()) if i != index
            ]
            assert set(others) == {None}, "one column is sorted at a time"
    assert visit.problems() == []


def test_filters_and_search_show_exactly_the_matching_students(tab: Tab, dashboard: str, demo_build: Any) -> None:
    _, records = demo_build
    with tab.visit(dashboard) as visit:
        page = visit.page
        _ready(page)
        status = page.locator("#row-count")
        assert status.inner_text() == f"Showing all {len(records)} students."
        for advisor in sorted({r["advisor"] for r in records if r["advisor"]}):
            page.get_by_label("Advisor", exact=True).select_option(advisor)
            expected = sorted(r["id"] for r in records if r["advisor"] == advisor)
            assert sorted(_shown(page)) == expected
            assert status.inner_text() == f"Showing {len(expected)} of {len(records)} students."
        page.get_by_role("button", name="Show everyone").click()
        page.wait_for_function(f"document.querySelectorAll('#students tbody tr:not([hidden])').length === {len(records)}")
        for grade in sorted({r["grade"] for r in records}):
            page.get_by_label("Grade", exact=True).select_option(str(grade))
            assert sorted(_shown(page)) == sorted(r["id"] for r in records if r["grade"] == grade)
        page.get_by_label("Grade", exact=True).select_option("")
        for record in records:
            word = record["name"].split()[-1][:4]
            page.get_by_label("Search names, ids and advisors").fill(word.upper())
            expected = sorted(r["id"] for r in records if word.casefold() in f"{r['name']} {r['id']} {r['advisor']}".casefold())
            assert sorted(_shown(page)) == expected, word
        page.get_by_label("Search names, ids and advisors").fill("no student is called this")
        assert _shown(page) == []
        assert status.inner_text() == f"Showing 0 of {len(records)} students."
        page.get_by_label("Search names, ids and advisors").fill("")
        page.get_by_label("Completeness", exact=True).select_option("yes")
        complete = page.eval_on_selector_all(
            "#students tbody tr", "rows => rows.filter(r => r.dataset.complete === 'yes').map(r => r.id)"
        )
        assert sorted(_shown(page)) == sorted(complete)
    assert visit.problems() == []


def test_attention_links_show_the_students_of_their_group(tab: Tab, dashboard: str) -> None:
    with tab.visit(dashboard) as visit:
        page = visit.page
        _ready(page)
        links = page.locator("ul.attention a[data-attention]")
        assert links.count() >= 1, "the demo school has someone needing attention"
        for index in range(links.count()):
            link = links.nth(index)
            key = link.get_attribute("data-attention")
            listed = page.eval_on_selector_all(
                f"#attention-{key} li a", "links => links.map(a => a.getAttribute('href').slice(1))"
            )
            count = int(re.search(r"(\d+) student", link.locator("xpath=..").inner_text()).group(1))  # type: ignore[union-attr]
            link.click()
            assert sorted(_shown(page)) == sorted(listed), key
            assert len(listed) == count
            assert page.url.endswith(f"#attention-{key}")
    assert visit.problems() == []
    # The address with the group opens the table filtered, as from a link kept in a bookmark.
    with tab.visit(dashboard + "#attention-no_conference") as visit:
        _ready(visit.page)
        listed = visit.page.eval_on_selector_all(
            "#attention-no_conference li a", "links => links.map(a => a.getAttribute('href').slice(1))"
        )
        assert sorted(_shown(visit.page)) == sorted(listed)
    assert visit.problems() == []


def _pages(page: Page, dashboard: str) -> list[str]:
    hrefs: list[str] = page.eval_on_selector_all("nav a", "links => links.map(a => a.href)")
    return [dashboard, *[href for href in hrefs if href != dashboard]]


@pytest.mark.parametrize("width", [360, 1280])
def test_every_dashboard_page_is_accessible_and_fits(
    tab: Tab, phone_tab: Tab, dashboard: str, demo_build: Any, width: int
) -> None:
    _, records = demo_build
    chosen = phone_tab if width == 360 else tab
    with chosen.visit(dashboard) as visit:
        addresses = _pages(visit.page, dashboard)
    assert any("/advisors/" in a for a in addresses)
    assert any("/grades/" in a for a in addresses)
    problems = []
    shown_somewhere: set[str] = set()
    for address in addresses:
        with chosen.visit(address) as visit:
            page = visit.page
            _ready(page)
            set_width(page, width)
            page.locator("details").evaluate_all("items => items.forEach(d => d.open = true)")
            problems += [f"{address}: {line}" for line in axe_violations(page) + sideways_problems(page)]
            if "/advisors/" in address:
                shown_somewhere.update(_shown(page))
        problems += [f"{address}: {line}" for line in visit.problems()]
    assert problems == [], "\n".join(problems)
    assert shown_somewhere == {r["id"] for r in records if r["advisor"]}


def test_dark_palette_is_accessible(tab: Tab, dashboard: str) -> None:
    with tab.visit(dashboard, color_scheme="dark") as visit:
        _ready(visit.page)
        visit.page.locator("details").evaluate_all("items => items.forEach(d => d.open = true)")
        assert axe_violations(visit.page) == []
        background = visit.page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert background == "rgb(17, 24, 39)", "the dark palette is in use"
    assert visit.problems() == []


def test_without_javascript_the_lists_stand_in(browser: Browser, dashboard: str, demo_build: Any) -> None:
    _, records = demo_build
    context = browser.new_context(**DESKTOP, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(dashboard)
        assert len(_shown(page)) == len(records), "every student's row, in a plain table"
        assert not page.locator("#filters").is_visible(), "no controls that would do nothing"
        link = page.locator("ul.attention a[data-attention]").first
        key = link.get_attribute("data-attention")
        link.click()
        assert page.url.endswith(f"#attention-{key}")
        assert page.locator(f"#attention-{key} li").first.is_visible(), "the list opens at its link"
    finally:
        context.close()
