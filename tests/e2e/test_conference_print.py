"""The conference page on paper: at most two pages on A4 and on US Letter, no navigation chrome, no cut-off
images, and the family link and the date on it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser

from .browser import Tab
from .conftest import DESKTOP, REPORTS, DemoSite, new_tab
from .demo import BUILD_DATE, DEMO_STUDENTS, STUDENT_IDS, DemoStudent

# Printable width in CSS px (96 per inch) inside plp.css's 14 mm side margins.
PAPERS = {"A4": (210 - 28) / 25.4 * 96, "Letter": (215.9 - 28) / 25.4 * 96}
MAX_PAGES = 2
CHROME = (".md-header", ".md-sidebar", ".md-footer", ".md-tabs")
# A page object of the PDF, not the /Pages tree that lists them.
_PDF_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


@pytest.fixture(scope="module")
def printer(browser: Browser, demo_site: DemoSite) -> Iterator[Tab]:
    """A desktop tab for printing (its own context, so the page size changes touch no other test)."""
    tab = new_tab(browser, demo_site, **DESKTOP)
    yield tab
    tab.context.close()


def _cut_off(tab: Tab) -> list[dict[str, Any]]:
    """Images, and the tables and wrappers that hold them side by side, that reach past the printable width."""
    result: list[dict[str, Any]] = tab.page.evaluate(
        """() => {
          const width = document.documentElement.clientWidth;
          return Array.from(document.querySelectorAll(".md-content img, .md-content table, .md-typeset__scrollwrap"))
            .filter((element) => element.getClientRects().length)
            .map((element) => ({element: element.tagName.toLowerCase() + "." + element.className,
                                src: element.getAttribute("src"), box: element.getBoundingClientRect().toJSON()}))
            .filter(({box}) => box.left < -0.5 || box.right > width + 0.5);
        }"""
    )
    return result


@pytest.mark.parametrize("paper", sorted(PAPERS))
@pytest.mark.parametrize("student", DEMO_STUDENTS, ids=STUDENT_IDS)
def test_conference_page_prints(printer: Tab, demo_site: DemoSite, student: DemoStudent, paper: str) -> None:
    """Printed on paper: two pages at most, only the agenda (no header, menus or footer), with link and date."""
    width = PAPERS[paper]
    printer.page.set_viewport_size({"width": round(width), "height": 1000})
    with printer.visit(demo_site.url(student, "conference"), media="print") as opened:
        page = opened.page
        shown_chrome = [selector for selector in CHROME if any(e.is_visible() for e in page.locator(selector).all())]
        outside = _cut_off(printer)
        text = page.locator("body").inner_text()
        pdf = page.pdf(format=paper, print_background=True)
        saved = REPORTS / "print" / f"{student.student_id}-conference-{paper}.pdf"
        saved.parent.mkdir(parents=True, exist_ok=True)
        saved.write_bytes(pdf)
        problems = opened.problems()
    pages = len(_PDF_PAGE.findall(pdf))
    link, date = demo_site.family_links[student.student_id], student.labels.date(BUILD_DATE)
    assert not shown_chrome, f"navigation chrome is printed: {shown_chrome}"
    assert not outside, f"cut off at the edge of the {paper} page ({width:.0f}px wide): {outside}"
    assert link in text, f"the printed page lacks the family link {link}"
    assert date in text, f"the printed page lacks the date it was prepared on ({date})"
    assert 1 <= pages <= MAX_PAGES, f"the conference page prints on {pages} {paper} pages, at most {MAX_PAGES} allowed"
    assert not problems, "\n".join(problems)
