"""The conference page on paper: the agenda on one sheet of A4 or US Letter, however long it is, then the family
sheet on a sheet of its own; no navigation chrome, no cut-off images, print text no smaller than 9pt, and the
family link, the date and the signature lines on the agenda, the family's questions and room to answer on the
family sheet, in the family's language."""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import Browser

from plp_site.i18n import Labels, available_languages, labels_for
from plp_site.preview import LocalServer

from .browser import Tab
from .conftest import DESKTOP, REPORTS, DemoSite, _QuietHandler, build_school, new_tab
from .demo import BUILD_DATE, DEMO_STUDENTS, REPO, STUDENT_IDS, DemoStudent, front_matter

# Printable width in CSS px (96 per inch) inside plp.css's 14 mm side margins.
PAPERS = {"A4": (210 - 28) / 25.4 * 96, "Letter": (215.9 - 28) / 25.4 * 96}
MAX_PAGES = 1
"""Sheets of paper the agenda takes, and the family sheet after it."""
FAMILY_QUESTIONS = ("family_question_proud", "family_question_next_year", "family_question_help")
# Print the agenda alone (the family sheet left out), or the family sheet alone.
_AGENDA_ONLY = ".md-typeset .plp-family-sheet { display: none !important; }"
_SHEET_ONLY = (
    ".md-content__inner > :not(.plp-family-sheet) { display: none !important; }"
    ".md-typeset .plp-agenda ~ .plp-family-sheet { break-before: auto !important; }"
)
# 9pt in CSS px: the smallest text a paper agenda may have.
SMALLEST_TEXT = 9 * 96 / 72
CHROME = (".md-header", ".md-sidebar", ".md-footer", ".md-tabs")
SIGNATURES = ("signature_student", "signature_family", "signature_advisor")
# A page object of the PDF, not the /Pages tree that lists them.
_PDF_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")
# What a paper agenda keeps of each long list (plp_site/conference.py).
ON_PAPER = 5


@pytest.fixture(scope="module")
def printer(browser: Browser, demo_site: DemoSite) -> Iterator[Tab]:
    """A desktop tab for printing (its own context, so the page size changes touch no other test)."""
    tab = new_tab(browser, demo_site, **DESKTOP)
    yield tab
    tab.context.close()


@dataclass(frozen=True)
class Printed:
    """A conference page printed to PDF, and what the print view showed."""

    pages: int
    text: str
    chrome: list[str]
    cut_off: list[dict[str, Any]]
    small_text: list[str]
    signatures_visible: bool
    problems: list[str]
    agenda_pages: int
    """Pages of the agenda printed without the family sheet."""
    sheet_pages: int
    """Pages of the family sheet printed alone."""
    sheet_text: str
    sheet_breaks_before: str
    """The family sheet's `break-before` in print: `page` when it starts a sheet of its own."""
    write_lines: int
    """The family sheet's lines to write on, as printed."""


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


def _small_text(tab: Tab) -> list[str]:
    """Paragraphs, list items and table cells of the agenda printed smaller than 9pt."""
    result: list[str] = tab.page.evaluate(
        """(smallest) => Array.from(document.querySelectorAll(".md-content :is(p, li, td, th)"))
            .filter((element) => element.getClientRects().length && element.textContent.trim())
            .map((element) => [element, parseFloat(getComputedStyle(element).fontSize)])
            .filter(([, size]) => size < smallest - 0.01)
            .map(([element, size]) => `${size.toFixed(2)}px: ${element.textContent.trim().slice(0, 60)}`)""",
        SMALLEST_TEXT,
    )
    return result


def _print(tab: Tab, url: str, paper: str, saved_as: str) -> Printed:
    """Open url in print media at the paper's printable width and print it to a PDF on that paper."""
    tab.page.set_viewport_size({"width": round(PAPERS[paper]), "height": 1000})
    with tab.visit(url, media="print") as opened:
        page = opened.page
        chrome = [selector for selector in CHROME if any(e.is_visible() for e in page.locator(selector).all())]
        cut_off, small = _cut_off(tab), _small_text(tab)
        text = page.locator("body").inner_text()
        signatures_visible = page.locator(".plp-signatures").is_visible()
        sheet = page.locator(".plp-family-sheet")
        sheet_text = sheet.inner_text() if sheet.count() == 1 else ""
        breaks = str(
            page.evaluate("() => getComputedStyle(document.querySelector('.plp-family-sheet') || document.body).breakBefore")
        )
        write_lines = sum(1 for line in sheet.locator(".plp-write-lines span").all() if line.is_visible())
        pdf = page.pdf(format=paper, print_background=True)
        saved = REPORTS / "print" / f"{saved_as}-conference-{paper}.pdf"
        saved.parent.mkdir(parents=True, exist_ok=True)
        saved.write_bytes(pdf)
        parts = []
        for css in (_AGENDA_ONLY, _SHEET_ONLY):
            style = page.add_style_tag(content=css)
            parts.append(len(_PDF_PAGE.findall(page.pdf(format=paper, print_background=True))))
            style.evaluate("(element) => element.remove()")
        problems = opened.problems()
    pages = len(_PDF_PAGE.findall(pdf))
    return Printed(pages, text, chrome, cut_off, small, signatures_visible, problems, *parts, sheet_text, breaks, write_lines)


def _assert_one_sheet(printed: Printed, paper: str, labels: Labels, link: str) -> None:
    """One page with only the agenda, in readable print, with link, date and every signature line."""
    date = labels.date(BUILD_DATE)
    assert not printed.chrome, f"navigation chrome is printed: {printed.chrome}"
    assert not printed.cut_off, f"cut off at the edge of the {paper} page ({PAPERS[paper]:.0f}px wide): {printed.cut_off}"
    assert not printed.small_text, f"printed smaller than 9pt: {printed.small_text}"
    assert link in printed.text, f"the printed page lacks the family link {link}"
    assert date in printed.text, f"the printed page lacks the date it was prepared on ({date})"
    assert printed.signatures_visible, "the signature lines are not printed"
    missing = [key for key in SIGNATURES if labels(key) not in printed.text]
    assert not missing, f"the printed page lacks the signature lines {missing}"
    assert printed.agenda_pages == MAX_PAGES, f"the agenda prints on {printed.agenda_pages} {paper} pages, not on one sheet"
    assert not printed.problems, "\n".join(printed.problems)
    _assert_family_sheet(printed, paper, labels)


def _assert_family_sheet(printed: Printed, paper: str, labels: Labels) -> None:
    """The family sheet: after the agenda, on a sheet of its own, with each question and room to answer it."""
    assert printed.sheet_breaks_before == "page", "the family sheet does not start a new page"
    assert printed.sheet_pages == 1, f"the family sheet alone prints on {printed.sheet_pages} {paper} pages"
    assert printed.pages == printed.agenda_pages + printed.sheet_pages, (
        f"the page prints on {printed.pages} {paper} pages: not the agenda's {printed.agenda_pages} and the sheet's"
    )
    for key in ("family_sheet", *FAMILY_QUESTIONS, "family_sheet_by"):
        assert labels(key) in printed.sheet_text, f"the family sheet lacks {labels(key)!r} ({labels.language})"
    assert printed.write_lines >= 3 * len(FAMILY_QUESTIONS), f"only {printed.write_lines} lines to write answers on"


@pytest.mark.parametrize("paper", sorted(PAPERS))
@pytest.mark.parametrize("student", DEMO_STUDENTS, ids=STUDENT_IDS)
def test_conference_page_prints(printer: Tab, demo_site: DemoSite, student: DemoStudent, paper: str) -> None:
    """Printed on paper: one sheet, only the agenda (no header, menus or footer), with link, date and signatures."""
    printed = _print(printer, demo_site.url(student, "conference"), paper, student.student_id)
    _assert_one_sheet(printed, paper, student.labels, demo_site.family_links[student.student_id])


# The longest agenda: the demo student with the most pages, and then a full year more of everything.
LONGEST_BASE = max(DEMO_STUDENTS, key=lambda student: (len(list(student.folder.rglob("*.md"))), student.student_id))
EXTRA = 9
# The longest student's newest conference record: before every extra page, so all of them are new since.
RECORD_DAY = dt.date(2026, 4, 20)
AGREED_STEPS = 8
AGREED_ON_PAPER = 3
SKILLS = ("communication", "self-direction", "problem-solving", "citizenship", "integrative-thinking")
LONG_NAME = "Maximiliana Esperanza Okonkwo-Vanderberg Castellanos"
LONG_TITLE = "Presenting the watershed restoration research and the community garden survey results to the regional board"
LONG_INTRO = (
    "Throughout my years at this school I have been organizing neighbourhood environmental initiatives, "
    "coordinating volunteer transportation schedules, documenting biodiversity observations, interviewing "
    "agricultural specialists, photographing pollinator populations, translating community announcements, "
    "maintaining greenhouse irrigation equipment, mentoring underclassmen, and presenting quantitative "
    "investigations to administrators, families, journalists and representatives from municipal departments "
    "responsible for infrastructure, conservation, transportation and environmental sustainability programming."
)


def _write(path: Path, fields: dict[str, object], body: str) -> None:
    path.write_text("---\n" + yaml.safe_dump(fields, allow_unicode=True, sort_keys=False) + "---\n" + body, encoding="utf-8")


def _add_longest_student(students: Path, language: str) -> str:
    """A copy of the longest demo student in `language`, with a long name and intro and nine more goals, pieces of
    evidence and reflections, all with long titles, long next steps and every skill, all marked for the conference."""
    student_id = f"longest-{language}"
    folder = students / student_id
    shutil.copytree(LONGEST_BASE.folder, folder)
    settings = {**LONGEST_BASE.settings, "name": LONG_NAME, "language": language, "last_conference": RECORD_DAY}
    (folder / "student.yml").write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    about = folder / "about-me.md"
    about.write_text(LONG_INTRO + "\n\n" + about.read_text(encoding="utf-8"), encoding="utf-8")
    steps = "".join(f"{n}. {LONG_TITLE}, then writing down what changed and what to try next time.\n" for n in range(1, 9))
    for n in range(1, EXTRA + 1):
        goal = f"long-goal-{n}"
        fields: dict[str, object] = {
            "title": f"Goal {n}: {LONG_TITLE}",
            "area": ("academic", "career", "civic")[n % 3],
            "status": ("in-progress", "not-started", "met")[n % 3],
            "target": dt.date(2026, n, 28),
            "skills": list(SKILLS),
        }
        _write(folder / "goals" / f"{goal}.md", fields, f"## Why this goal matters\n\n{LONG_INTRO}\n\n## Steps\n\n{steps}")
        day = dt.date(2026, 4, 20) + dt.timedelta(days=21 * n)
        common: dict[str, object] = {"date": day, "goal": goal, "skills": list(SKILLS), "conference": True}
        _write(folder / "evidence" / f"long-evidence-{n}.md", {**common, "title": f"Evidence {n}: {LONG_TITLE}"}, LONG_INTRO)
        _write(
            folder / "reflections" / f"{day.isoformat()}-long-reflection-{n}.md",
            {**common, "title": f"Reflection {n}: {LONG_TITLE}"},
            f"{LONG_INTRO}\n\n## Next steps\n\n{steps}",
        )
    _write(
        folder / "conferences" / f"{RECORD_DAY.isoformat()}.md",
        {"date": RECORD_DAY, "attendees": ["student", "mother", "father", "grandmother", "advisor"], "language": language},
        f"## What I shared\n\n{LONG_INTRO}\n\n## What my family said\n\n{LONG_INTRO}\n\n## Next steps we agreed\n\n{steps}",
    )
    return student_id


@dataclass(frozen=True)
class LongestSchool:
    """The demo school with a longest student per shipped language, built and served."""

    address: str
    paths: dict[str, str]
    family_links: dict[str, str]
    students: Path


@pytest.fixture(scope="module")
def longest_school(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LongestSchool]:
    """A copy of the demo school (students, mkdocs.yml, theme) plus the longest students, built and served."""
    root = tmp_path_factory.mktemp("longest-school")
    for name in ("students", "theme"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
    for language in available_languages():
        _add_longest_student(root / "students", language)
    out, staff_out = root / "out" / "site", root / "out" / "staff"
    build_school(out, staff_out, root)
    records = json.loads((staff_out / "students.json").read_text(encoding="utf-8"))
    server = LocalServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(out)))
    thread = threading.Thread(target=server.serve_forever, name="longest-school", daemon=True)
    thread.start()
    try:
        yield LongestSchool(
            f"http://127.0.0.1:{server.server_address[1]}/",
            {record["id"]: record["path"] for record in records},
            {record["id"]: record["link"] for record in records},
            root / "students",
        )
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def longest_printer(browser: Browser, longest_school: LongestSchool) -> Iterator[Tab]:
    """A desktop tab for printing the longest agendas (requests to any other host are refused)."""
    served = DemoSite(longest_school.address, longest_school.paths, longest_school.family_links)
    tab = new_tab(browser, served, **DESKTOP)
    yield tab
    tab.context.close()


@pytest.mark.parametrize("paper", sorted(PAPERS))
@pytest.mark.parametrize("language", available_languages())
def test_longest_agenda_prints_on_one_sheet(
    longest_printer: Tab, longest_school: LongestSchool, language: str, paper: str
) -> None:
    """The longest realistic agenda, in every shipped language, still prints on one sheet with its signature lines:
    each long list keeps its most recent items on paper and says how many more the site has."""
    student_id = f"longest-{language}"
    url = longest_school.address + longest_school.paths[student_id] + "conference/"
    printed = _print(longest_printer, url, paper, student_id)
    labels = labels_for(language)
    _assert_one_sheet(printed, paper, labels, longest_school.family_links[student_id])
    folder = longest_school.students / student_id
    pages = [page for kind in ("evidence", "reflections") for page in (folder / kind).glob("*.md")]
    marked = sum(1 for page in pages if front_matter(page).get("conference") is True)
    goals = len(list((folder / "goals").glob("*.md")))
    for more in (labels("and_more", count=marked - ON_PAPER), labels("and_more", count=goals - ON_PAPER)):
        assert more in printed.text, f"the paper agenda does not say {more!r}"
    # The next steps agreed at the last conference: the first few, and how many more the record has.
    assert labels("agreed_steps", date=labels.date(RECORD_DAY)) in printed.text
    assert labels("and_more", count=AGREED_STEPS - AGREED_ON_PAPER) in printed.text
    left_off = f"Evidence 1: {LONG_TITLE}"
    assert left_off not in printed.text, "the oldest piece of evidence is printed although newer ones fill the list"
