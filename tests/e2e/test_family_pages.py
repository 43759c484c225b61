"""Every page type of every demo student, opened as a family opens it: on a desktop in the light and the dark
palette, and on a phone. Each page loads cleanly from this machine only, speaks the student's language, has
text alternatives and ordered headings, passes axe-core's WCAG 2.1 AA rules, and fits a phone."""

from __future__ import annotations

from typing import Literal

import pytest
from playwright.sync_api import Page

from .browser import (
    Tab,
    axe_violations,
    check_common,
    overflowing_elements,
    small_tap_targets,
    small_text,
    status_texts,
)
from .conftest import DemoSite, screenshot_path
from .demo import DEMO_STUDENTS, STUDENT_IDS, DemoStudent, front_matter, page_cases

PAGES = page_cases()
PAGE_IDS = [f"{student.student_id}-{page_type}" for student, page_type in PAGES]


def _report(problems: list[str], what: str) -> str:
    return f"{len(problems)} problem(s) on {what}:\n  " + "\n  ".join(problems)


def _status_problems(page: Page, student: DemoStudent, page_type: str) -> list[str]:
    """Goal status and skill coverage are written as words, never shown by colour alone."""
    labels = student.labels
    problems = []
    if page_type in {"goals", "goal", "conference"}:
        statuses = student.goal_statuses
        wanted = [statuses[student.goal]] if page_type == "goal" else list(statuses.values())
        words = status_texts(page, ".md-content .plp-status")
        expected = sorted(labels(f"status.{status}") for status in wanted)
        if sorted(words) != expected:
            problems.append(f"status badges read {sorted(words)}, expected the words {expected}")
    if page_type == "skills":
        allowed = {labels(key) for key in ("has_evidence", "reflections_only", "no_evidence_yet")}
        words = status_texts(page, ".md-content .plp-coverage")
        rows = page.locator(".md-content .plp-skills table tbody tr").count()  # the matrix, not the school years
        if len(words) != rows or not set(words) <= allowed:
            problems.append(f"coverage reads {words} for {rows} skills; each must be one of {sorted(allowed)}")
    return problems


@pytest.mark.parametrize(("student", "page_type"), PAGES, ids=PAGE_IDS)
def test_desktop_light(desktop: Tab, demo_site: DemoSite, student: DemoStudent, page_type: str) -> None:
    """Light palette on a desktop: clean load, language, images, headings, status words, and no axe violation."""
    with desktop.visit(demo_site.url(student, page_type), color_scheme="light") as opened:
        page = opened.page
        problems = check_common(opened, student.language) + _status_problems(page, student, page_type)
        scheme = page.evaluate("document.body.dataset.mdColorScheme")
        if scheme != "default":
            problems.append(f'body has data-md-color-scheme="{scheme}", expected the light palette "default"')
        problems += axe_violations(page)
        page.screenshot(path=screenshot_path(student, page_type, "desktop"), full_page=True)
    assert not problems, _report(problems, f"{student.student_id} {page_type} (desktop, light)")


@pytest.mark.parametrize(("student", "page_type"), PAGES, ids=PAGE_IDS)
def test_desktop_dark(desktop_dark: Tab, demo_site: DemoSite, student: DemoStudent, page_type: str) -> None:
    """Dark palette (the browser prefers dark): the slate scheme is used and axe finds no violation in it."""
    with desktop_dark.visit(demo_site.url(student, page_type), color_scheme="dark") as opened:
        page = opened.page
        problems = check_common(opened, student.language)
        scheme = page.evaluate("document.body.dataset.mdColorScheme")
        if scheme != "slate":
            problems.append(f'body has data-md-color-scheme="{scheme}", expected the dark palette "slate"')
        problems += axe_violations(page)
    assert not problems, _report(problems, f"{student.student_id} {page_type} (desktop, dark)")


@pytest.mark.parametrize(("student", "page_type"), PAGES, ids=PAGE_IDS)
def test_phone(phone: Tab, demo_site: DemoSite, student: DemoStudent, page_type: str) -> None:
    """A 360 px phone: no sideways scrolling, body text of 16 px or more, tap targets that meet WCAG 2.5.8."""
    with phone.visit(demo_site.url(student, page_type)) as opened:
        page = opened.page
        problems = check_common(opened, student.language)
        problems += overflowing_elements(page)
        problems += [f"text under 16px: {text}" for text in small_text(page)]
        problems += [f"tap target too small and too close to another: {text}" for text in small_tap_targets(page)]
        page.screenshot(path=screenshot_path(student, page_type, "phone"), full_page=True)
    assert not problems, _report(problems, f"{student.student_id} {page_type} (phone)")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("student", DEMO_STUDENTS, ids=STUDENT_IDS)
def test_search_finds_a_reflection(
    request: pytest.FixtureRequest, demo_site: DemoSite, student: DemoStudent, scheme: Literal["light", "dark"]
) -> None:
    """Typing a word from one of the student's reflections into the search box lists that reflection, and the
    open search passes axe in both palettes."""
    tab: Tab = request.getfixturevalue("desktop" if scheme == "light" else "desktop_dark")
    title = str(front_matter(student.reflection).get("title"))
    with tab.visit(demo_site.url(student, "search"), color_scheme=scheme) as opened:
        page = opened.page
        search = page.locator("input[data-md-component=search-query]")
        search.click()
        search.press_sequentially(student.search_word)
        results = page.locator(".md-search-result__item")
        results.first.wait_for(state="visible", timeout=15_000)
        found = results.all_inner_texts()
        problems = opened.problems() + axe_violations(page)
        if scheme == "light":
            page.screenshot(path=screenshot_path(student, "search", "desktop"))
    assert any(title in text for text in found), f"searching {student.search_word!r} did not list {title!r}: {found}"
    assert not problems, _report(problems, f"{student.student_id} search ({scheme})")
