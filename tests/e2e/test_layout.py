"""Every page type of every demo student holds its layout at every width a family may use, from a 360 px phone to
a 1920 px screen: nothing scrolls sideways, nothing is cut off inside the content (the skills matrix among it),
nothing sticks out of the window. Lists keep their bullets on the page, on the side their language starts, and
lists of skill names read whole and in the student's order, also right to left.

One tab opens each page once and is resized from width to width (a visit costs more than a new layout). Colours do
not change layout, so one palette is enough.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import Counter
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser

from plp_site.requirements import Requirements
from plp_site.school import load_school

from .browser import Tab, list_marker_problems, name_lists, set_width, sideways_problems
from .conftest import DESKTOP, DemoSite, new_tab
from .demo import BUILD_DATE, REPO, DemoStudent, front_matter, page_cases

WIDTHS = (360, 768, 1280, 1920)
PAGES = page_cases()
PAGE_IDS = [f"{student.student_id}-{page_type}" for student, page_type in PAGES]
# Where each page type takes its skill lists from: the section's pages, or the one page it shows.
_SECTIONS = {"goals": "goals", "reflections": "reflections", "evidence": "evidence"}
_ITEM_PAGES = {"goal": "goals", "reflection": "reflections", "evidence-item": "evidence"}


@cache
def _framework() -> Requirements:
    return load_school(REPO).requirements


def _skill_name(skill_id: str, language: str) -> str:
    """A skill's name as the site shows it: the school's name for it in the interface's language."""
    framework = _framework()
    skill = next((skill for skill in framework.skills if skill.id == skill_id), None)
    return skill.name_in(language, framework.language)[0] if skill else skill_id


def _listed(page: Path, language: str) -> list[str]:
    skills = front_matter(page).get("skills") or []
    return [_skill_name(str(skill), language) for skill in (skills if isinstance(skills, list) else [skills])]


def expected_skill_lists(student: DemoStudent, page_type: str) -> Counter[tuple[str, ...]]:
    """The lists of skill names a page shows, read from the student's pages (each list in the order written)."""
    language = student.language
    if page_type == "skills":
        # The matrix names each skill once; each school year under it, each skill with evidence that year.
        matrix = Counter((_skill_name(skill.id, language),) for skill in _framework().skills)
        return matrix + Counter((_skill_name(s, language),) for s, years in _evidence_years(student).items() for _ in years)
    if page_type == "journey":
        # Each school year names the skills whose first evidence came that year, in the framework's order.
        years = _evidence_years(student)
        firsts = [(min(years[skill.id]), skill.id) for skill in _framework().skills if skill.id in years]
        return Counter(
            tuple(_skill_name(skill, language) for first, skill in firsts if first == year) for year in {y for y, _ in firsts}
        )
    if page_type in _SECTIONS:
        pages = sorted((student.folder / _SECTIONS[page_type]).glob("*.md"))
    elif page_type in _ITEM_PAGES:
        shown = {"goal": student.goal, "reflection": student.reflection.stem, "evidence-item": student.evidence_item}
        pages = [student.folder / _ITEM_PAGES[page_type] / f"{shown[page_type]}.md"]
    else:
        pages = []
    return Counter(names for names in (tuple(_listed(page, language)) for page in pages) if names)


def _direction(text: str) -> str:
    """The direction of text's first strong letter, as dir="auto" finds it."""
    for character in text:
        kind = unicodedata.bidirectional(character)
        if kind in {"R", "AL"}:
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"


def list_form_problems(found: list[dict[str, Any]], separator: str, direction: str) -> list[str]:
    """Each list laid out in the interface's direction, each name set apart in its own direction (bidi isolation),
    the names joined by the language's separator, and shown whole and in reading order."""
    problems = []
    for names in found:
        read = " | ".join(names["names"])
        if names["direction"] != direction:
            problems.append(f"{read}: the list is laid out {names['direction']}, the interface reads {direction}")
        if any(between != separator for between in names["between"]):
            problems.append(f"{read}: names are separated by {names['between']}, expected {separator!r}")
        wanted = [_direction(name) for name in names["names"]]
        if names["directions"] != wanted or any(bidi != "isolate" for bidi in names["isolated"]):
            problems.append(
                f"{read}: names are laid out {names['directions']} with unicode-bidi {names['isolated']}, "
                f"expected {wanted}, each isolated from the text around it"
            )
        if names["broken"]:
            problems.append(f"{read}: {names['broken']} break over lines inside {names['direction']} text: keep each whole")
        if names["misplaced"]:
            problems.append(f"{read}: in a {names['direction']} line, {names['misplaced']} show before the name read before them")
    return problems


def skill_list_problems(found: list[dict[str, Any]], student: DemoStudent, page_type: str) -> list[str]:
    """The lists of skill names are the student's lists, each name whole and in the order written."""
    expected = expected_skill_lists(student, page_type)
    shown = Counter(tuple(names["names"]) for names in found)
    if shown == expected:
        return []
    return [f"skill lists read {sorted(shown.elements())}, the student's pages say {sorted(expected.elements())}"]


def _evidence_years(student: DemoStudent) -> dict[str, set[int]]:
    """The school years (August to July, by the year they start in) in which each framework skill had dated
    evidence, up to the build's date."""
    years: dict[str, set[int]] = {}
    for page in sorted((student.folder / "evidence").glob("*.md")):
        data = front_matter(page)
        day, skills = data.get("date"), data.get("skills") or []
        if isinstance(day, dt.date) and day <= BUILD_DATE and isinstance(skills, list):
            for skill in skills:
                if str(skill) in _framework().skill_ids:
                    years.setdefault(str(skill), set()).add(day.year if day.month >= 8 else day.year - 1)
    return years


def _dropped_photo(failed: str) -> bool:
    return "/assets/images/" in failed and failed.endswith(": net::ERR_ABORTED")


@pytest.fixture(scope="module")
def resizable(browser: Browser, demo_site: DemoSite) -> Iterator[Tab]:
    """A desktop tab of its own, since its tests resize it."""
    tab = new_tab(browser, demo_site, **DESKTOP)
    yield tab
    tab.context.close()


@pytest.mark.parametrize(("student", "page_type"), PAGES, ids=PAGE_IDS)
def test_layout_at_every_width(resizable: Tab, demo_site: DemoSite, student: DemoStudent, page_type: str) -> None:
    """At 360, 768, 1280 and 1920 px nothing goes past its room sideways, list markers stay inside the content
    column on their language's side, skill lists are the student's, and lists of names (skills, page titles) read
    whole, in order, each in its own direction."""
    problems: list[str] = []
    separator = student.labels("list_separator") + " "
    with resizable.visit(demo_site.url(student, page_type)) as opened:
        page = opened.page
        for width in WIDTHS:
            set_width(page, width)
            problems += [f"{width} px: {problem}" for problem in sideways_problems(page)]
            problems += [f"{width} px: {problem}" for problem in list_marker_problems(page)]
            skills, titles = name_lists(page, ".plp-skill"), name_lists(page, ".plp-title")
            found = list_form_problems(skills + titles, separator, student.labels.direction)
            problems += [f"{width} px: {problem}" for problem in found]
        # A new width makes the browser pick another size of a photo (srcset) and drop the one it was fetching.
        opened.failed_requests = [failed for failed in opened.failed_requests if not _dropped_photo(failed)]
        problems += skill_list_problems(skills, student, page_type) + opened.problems()
    assert not problems, f"{len(problems)} problem(s) on {student.student_id} {page_type}:\n  " + "\n  ".join(problems)
