"""Each family gets the whole interface in the student's language: menu, search, buttons' names, and direction."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Response, expect

from plp_site.school import load_school

from .browser import WCAG_AA_TAGS, Tab, axe_violations, overflowing_elements
from .conftest import DESKTOP, PHONE, DemoSite, new_tab
from .demo import DEMO_STUDENTS, REPO, STUDENT_IDS, DemoStudent

# Written out here, not read from the translation files, so a broken translation file cannot pass.
SPANISH_NAV = [
    "Inicio", "Metas", "Reflexiones", "Evidencias", "Habilidades", "Mi trayectoria", "Conferencia", "Conferencias", "Futuro"
]  # fmt: skip
ARABIC_NAV = ["الرئيسية", "الأهداف", "التأملات", "الأدلة", "المهارات", "مسيرتي", "الاجتماع", "الاجتماعات", "المستقبل"]
NEPALI_NAV = ["मुख्य पृष्ठ", "लक्ष्यहरू", "विचारहरू", "प्रमाणहरू", "सीपहरू", "मेरो यात्रा", "भेटघाट", "भेटघाटहरू"]
# mkdocs-material's and plp-site's English interface words: none may reach a family reading another language.
ENGLISH_WORDS = {
    "Back to top",
    "Clear",
    "Footer",
    "Header",
    "Initializing search",
    "Made with",
    "Material for MkDocs",
    "Navigation",
    "Next",
    "Previous",
    "Search",
    "Share",
    "Skip to content",
    "Switch to dark mode",
    "Switch to light mode",
    "Table of contents",
    "logo",
}

_NAV_JS = """() => Array.from(document.querySelectorAll(".md-nav--primary > .md-nav__list > .md-nav__item"))
  .map((item) => item.querySelector(".md-nav__link .md-ellipsis").textContent.trim())"""
# Every word of the interface around the student's content: text, and names given in attributes.
_INTERFACE_WORDS_JS = """() => {
  const words = new Set();
  const inContent = (node) => node.closest(".md-content") !== null;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let text = walker.nextNode(); text; text = walker.nextNode()) {
    if (text.parentElement.closest("script, style, .md-content") === null && text.textContent.trim()) {
      words.add(text.textContent.trim());
    }
  }
  for (const element of document.body.querySelectorAll("[title], [aria-label], [placeholder], [alt]")) {
    if (inContent(element)) continue;
    for (const name of ["title", "aria-label", "placeholder", "alt"]) {
      if (element.hasAttribute(name)) words.add(element.getAttribute(name).trim());
    }
  }
  return Array.from(words);
}"""


def _student(student_id: str) -> DemoStudent:
    return next(s for s in DEMO_STUDENTS if s.student_id == student_id)


def _navigation(student: DemoStudent) -> list[str]:
    keys = ["home", "goals", "reflections", "evidence", "skills", "journey", "conference", "conferences"]
    keys += ["future"] * student.has_future
    return [student.labels(key) for key in keys]


@pytest.mark.parametrize("student", DEMO_STUDENTS, ids=STUDENT_IDS)
def test_interface_speaks_the_students_language(desktop: Tab, demo_site: DemoSite, student: DemoStudent) -> None:
    """The menu has plp-site's words in the student's language and no English is left around the content."""
    with desktop.visit(demo_site.url(student, "goals")) as opened:
        page = opened.page
        navigation = page.evaluate(_NAV_JS)
        words = set(page.evaluate(_INTERFACE_WORDS_JS))
        lang = page.evaluate("document.documentElement.lang")
    assert lang == student.language
    assert navigation == _navigation(student)
    if student.language != "en":
        assert not words & ENGLISH_WORDS, f"English words in the {student.language} interface: {sorted(words & ENGLISH_WORDS)}"


@dataclass(frozen=True)
class LanguageCase:
    """What a family reading one language must see on the student's home page."""

    student_id: str
    language: str
    direction: str
    navigation: list[str]
    search_placeholder: str


LANGUAGE_CASES = [
    LanguageCase("sofia-ramirez", "es", "ltr", SPANISH_NAV, "Búsqueda"),
    LanguageCase("amina-hassan", "ar", "rtl", ARABIC_NAV, "بحث"),
    LanguageCase("bishal-gurung", "ne", "ltr", NEPALI_NAV, "खोज्नुहोस्"),
]


@pytest.mark.parametrize("case", LANGUAGE_CASES, ids=[case.language for case in LANGUAGE_CASES])
def test_home_language(phone: Tab, demo_site: DemoSite, case: LanguageCase) -> None:
    """Spanish, Arabic (right to left) and Nepali families get their own menu words, search box and direction."""
    with phone.visit(demo_site.url(_student(case.student_id), "home")) as opened:
        page = opened.page
        lang = page.evaluate("document.documentElement.lang")
        directions = page.evaluate("[document.body.dir, getComputedStyle(document.querySelector('.md-main')).direction]")
        shown = page.evaluate(_NAV_JS)
        placeholder = page.locator("input[data-md-component=search-query]").get_attribute("placeholder")
    assert lang == case.language
    assert directions == [case.direction, case.direction]
    assert shown == case.navigation
    assert placeholder == case.search_placeholder


# Students who write in English on a site in another language: their words must say they are English.
_OWN_WORDS_PAGES = (
    "goals", "goal", "reflections", "reflection", "evidence", "evidence-item", "skills", "journey", "conference",
    "conference-record",
)  # fmt: skip
_WRITING_CASES = [
    (student, page_type)
    for student in DEMO_STUDENTS
    if student.settings.get("writing_language") not in {None, student.language}
    for page_type in _OWN_WORDS_PAGES
    if page_type != "conference-record" or student.has_conference_records
]
# Headings and links (not the ¶ after a heading, nor web addresses) written only in Latin letters, with the
# language a screen reader would read them in.
_LATIN_TEXT_JS = """() => Array.from(document.querySelectorAll(
    ".md-content :is(h1, h2, h3, a:not(.headerlink):not([href^='http']))"))
  .map((element) => [element.textContent.replace("¶", "").trim(), element.closest("[lang]").getAttribute("lang")])
  .filter(([text]) => /[A-Za-z]/.test(text) && !/[\\u0590-\\u08FF\\u0900-\\u097F]/.test(text))"""


@pytest.mark.parametrize(("student", "page_type"), _WRITING_CASES, ids=[f"{s.student_id}-{page}" for s, page in _WRITING_CASES])
def test_students_english_words_are_marked_english(
    desktop: Tab, demo_site: DemoSite, student: DemoStudent, page_type: str
) -> None:
    """On an Arabic or Nepali site, a student's English titles and the school's English skill names are marked
    lang="en", so a screen reader reads them with an English voice (WCAG 3.1.2)."""
    writing = str(student.settings["writing_language"])
    with desktop.visit(demo_site.url(student, page_type)) as opened:
        found = opened.page.evaluate(_LATIN_TEXT_JS)
    unmarked = [text for text, lang in found if lang != writing]
    assert found, "the page shows the student's English titles"
    assert not unmarked, f"English words read as {student.language}: {unmarked}"


def test_family_link_reads_left_to_right_on_arabic_pages(phone: Tab, demo_site: DemoSite) -> None:
    """A web address stays one left-to-right run inside Arabic text, so its slashes do not jump to the front."""
    with phone.visit(demo_site.url(_student("amina-hassan"), "conference")) as opened:
        style = opened.page.eval_on_selector(
            ".plp-family-link a", "(link) => [getComputedStyle(link).direction, getComputedStyle(link).unicodeBidi]"
        )
        paragraph = opened.page.eval_on_selector(".plp-family-link", "(p) => getComputedStyle(p).direction")
    assert paragraph == "rtl"
    assert style == ["ltr", "isolate"]


def test_heading_links_are_named_in_the_students_language(desktop: Tab, demo_site: DemoSite) -> None:
    """The ¶ link after each heading is named in Spanish on a Spanish site (a screen reader reads its title)."""
    with desktop.visit(demo_site.url(_student("sofia-ramirez"), "goals")) as opened:
        titles = set(opened.page.eval_on_selector_all(".md-content a.headerlink", "(links) => links.map((a) => a.title)"))
    assert "Permanent link" not in titles, titles


_FOOTER_JS = """() => {
  const footer = document.querySelector("footer.md-footer");
  const words = (link, part) => link ? link.querySelector(part).textContent.trim() : null;
  const previous = footer.querySelector(".md-footer__link--prev");
  const following = footer.querySelector(".md-footer__link--next");
  return {
    label: footer.querySelector("nav").getAttribute("aria-label"),
    previous: [words(previous, ".md-footer__direction"), words(previous, ".md-ellipsis")],
    next: [words(following, ".md-footer__direction"), words(following, ".md-ellipsis")],
    school: footer.querySelector(".plp-school-name").textContent.trim(),
  };
}"""


def _footer_axe(tab: Tab) -> list[str]:
    """axe-core's WCAG 2.1 A/AA violations inside the footer (colour contrast in the palette shown, names)."""
    tab.page.locator("footer.md-footer").scroll_into_view_if_needed()
    options = {"runOnly": {"type": "tag", "values": WCAG_AA_TAGS}}
    violations = Axe().run(tab.page, context="footer.md-footer", options=options).response["violations"]
    return [f"{v['id']}: {v['help']} ({', '.join(' '.join(n['target']) for n in v['nodes'][:4])})" for v in violations]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("case", LANGUAGE_CASES, ids=[case.language for case in LANGUAGE_CASES])
def test_footer_on_a_phone(phone: Tab, demo_site: DemoSite, case: LanguageCase, scheme: Literal["light", "dark"]) -> None:
    """The footer names the school and the previous and next pages in the family's words, reads clearly in both
    palettes (axe), fits a 360 px screen, and the previous page's link keeps its name where only its arrow shows."""
    student = _student(case.student_id)
    labels = student.labels
    with phone.visit(demo_site.url(student, "goals"), color_scheme=scheme) as opened:
        footer = opened.page.evaluate(_FOOTER_JS)
        previous = opened.page.locator("footer .md-footer__link--prev")
        expect(previous).to_have_accessible_name(
            re.compile(rf"^{re.escape(labels('footer_previous'))}\s+{re.escape(labels('home'))}$")
        )
        problems = opened.problems() + overflowing_elements(opened.page) + _footer_axe(phone)
    assert footer["label"] == labels("footer_pages")
    assert footer["previous"] == [labels("footer_previous"), labels("home")]
    assert footer["next"][0] == labels("footer_next")
    assert footer["school"] == load_school(REPO).requirements.school_name
    assert not problems, "\n".join(problems)


def _front_page_problems(tab: Tab, address: str) -> list[str]:
    """What went wrong opening the front page in the tab: console errors, failed requests, answers of 400 and up
    (a missing icon's 404 is only a console line), axe violations, sideways scrolling, the wrong language."""
    answers: list[Response] = []

    def record(answer: Response) -> None:  # Playwright takes a Python function, not a list's bound method
        answers.append(answer)

    tab.page.on("response", record)
    with tab.visit(address) as opened:
        opened.page.wait_for_load_state("networkidle")
        problems = opened.problems() + axe_violations(opened.page) + overflowing_elements(opened.page)
        lang = opened.page.evaluate("document.documentElement.lang")
    problems += [f"HTTP {answer.status}: {answer.url}" for answer in answers if answer.status >= 400]
    return problems + ([] if lang == "en" else [f'<html lang="{lang}">, expected "en"'])


def test_front_page_loads_cleanly(browser: Browser, demo_site: DemoSite) -> None:
    """The published folder's front page loads with no console error, no failed, refused or 404 request, and passes
    axe-core's WCAG 2.1 AA rules, on a desktop and on a phone."""
    problems: list[str] = []
    for device in (DESKTOP, PHONE):
        tab = new_tab(browser, demo_site, **device)
        try:
            problems += _front_page_problems(tab, demo_site.address)
        finally:
            tab.context.close()
    assert not problems, "\n".join(problems)
