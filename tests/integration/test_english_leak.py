"""No English interface word reaches a family that reads another language.

For every demo student whose family reads another language, each kind of page of the built site (and the front page
of the published folder) is read as HTML: the words plp-site and the theme put around the student's own (header,
menu, titles, headings, labels, buttons, names given in aria-label, title, alt and placeholder, footer, and the
search's messages) are compared with plp-site's English words (translations/en.yml) and mkdocs-material's. An English
word that the family's language says differently is a failure naming the page, the words and their key.

The student's own words are set aside with what the loader knows of them (titles, picture descriptions, file names,
the facts of student.yml, the text of their pages) and by the language plp marks them with (`lang`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
import yaml
from conftest import REPO
from selectolax.lexbor import LexborHTMLParser, LexborNode

from plp_site.i18n import available_languages, labels_for
from plp_site.loader import load_portfolio
from plp_site.school import load_school
from plp_site.theme import TEMPLATES

from .conftest import DemoBuild

MATERIAL_LANGUAGES = Path(__import__("material").__file__).parent / "templates" / "partials" / "languages"
_SKIPPED_TAGS = frozenset({"script", "style", "svg", "noscript", "template", "-comment"})
_NAMING_ATTRIBUTES = ("title", "alt", "aria-label", "placeholder")
# The theme's settings, not words: the language's code and direction, and how its search splits words.
_MATERIAL_SETTINGS = re.compile(r"^(language|direction|search\.config\..*)$")
_PLACEHOLDER = re.compile(r"\{\w+\}|#")


def _students_by_language() -> dict[str, str]:
    """Each demo student whose family reads another language than English, with that language."""
    languages = {}
    for settings_file in sorted((REPO / "students").glob("*/student.yml")):
        language = (yaml.safe_load(settings_file.read_text(encoding="utf-8")) or {}).get("language") or "en"
        if language != "en":
            languages[settings_file.parent.name] = str(language)
    return languages


STUDENTS = _students_by_language()
PAGE_TYPES = (
    "home",
    "goals",
    "goal",
    "reflections",
    "reflection",
    "evidence",
    "evidence-item",
    "skills",
    "journey",
    "conference",
    "future",
    "search",
)


# ---------------------------------------------------------------------------------------------------------------
# The English words to look for


@dataclass(frozen=True)
class EnglishWord:
    """One English interface word: where it comes from, its key, its text and a pattern that finds it in text."""

    source: str
    key: str
    text: str
    pattern: re.Pattern[str]


def _pattern(text: str) -> re.Pattern[str]:
    """The words as a whole-word pattern; a placeholder ({date}, or # for a number) stands for any words."""
    parts = _PLACEHOLDER.split(text)
    body = r".+?".join(re.escape(part) for part in parts)
    return re.compile(r"(?<!\w)" + body + r"(?!\w)")


def _material_words(language: str) -> dict[str, str]:
    """mkdocs-material's interface words in a language (plp-site ships those material lacks, e.g. ne and sw)."""
    for folder in (TEMPLATES / "partials" / "languages", MATERIAL_LANGUAGES):
        path = folder / f"{language}.html"
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            pairs = re.findall(r'^\s*"([\w.-]+)":\s*"((?:[^"\\]|\\.)*)"', text, re.MULTILINE)
            return {key: json.loads(f'"{value}"') for key, value in pairs}
    return {}


@cache
def english_words(language: str) -> tuple[EnglishWord, ...]:
    """plp-site's and mkdocs-material's English words that the language writes differently."""
    english, own = labels_for("en"), labels_for(language)
    words = [
        EnglishWord("plp_site/translations/en.yml", key, text, _pattern(text))
        for key, text in english.words.items()
        # The language's own words, without the English a missing one falls back to.
        if own.words.get(key) != text
    ]
    material_english, material_own = _material_words("en"), _material_words(language)
    words += [
        EnglishWord("mkdocs-material's en.html", key, text, _pattern(text))
        for key, text in material_english.items()
        if not _MATERIAL_SETTINGS.match(key) and material_own.get(key, text) != text
    ]
    # Words made only of a placeholder or of signs (a "–", say) name nothing in English, nor does "in" alone.
    return tuple(word for word in words if re.search(r"[A-Za-z]{3}", _PLACEHOLDER.sub("", word.text)))


# ---------------------------------------------------------------------------------------------------------------
# The student's own words


@dataclass(frozen=True)
class OwnWords:
    """What the student wrote, as the loader read it: shown as it is, these words are theirs, not the interface's."""

    exact: frozenset[str]
    """Titles, picture descriptions, file names and the facts of student.yml."""
    bodies: str
    """The text of every page, whitespace collapsed (empty when plp must mark it with its language anyway)."""

    def hold(self, text: str) -> bool:
        """Whether text is the student's own."""
        return text in self.exact or (bool(self.bodies) and text in self.bodies)


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _not_examined(path: Path) -> None:
    """The build examined the pictures and media already: here only the words matter."""
    del path


def own_words(root: Path, student_id: str, language: str) -> OwnWords:
    """The student's own words, read with the loader from the built school's folder."""
    school = load_school(root)
    portfolio = load_portfolio(root, student_id, school.requirements, _not_examined, examine_media=_not_examined).portfolio
    student = portfolio.student
    exact = {page.title for page in portfolio.pages}
    exact |= {image.alt for page in portfolio.pages for image in page.images}
    exact |= {name.rsplit("/", 1)[-1] for name in portfolio.files}
    if student is not None:
        exact |= {value for value in (student.name, student.advisor, student.pronouns) if value}
    # A student who writes in another language than the family's has every word marked with it (lang=...), so their
    # pages' text is set aside by that mark; only words in the family's own language are set aside by their text.
    writing = student.writing_language if student else None
    bodies = "" if writing and writing != language else _collapse(" ".join(page.body for page in portfolio.pages))
    return OwnWords(frozenset(_collapse(text) for text in exact), bodies)


# ---------------------------------------------------------------------------------------------------------------
# The interface's words on a page


def _own_language(node: LexborNode, language: str) -> bool:
    marked = node.attributes.get("lang")
    return marked is None or marked == language


def interface_texts(node: LexborNode, language: str) -> Iterator[str]:
    """Each text and each name (aria-label, title, alt, placeholder) under node in the language, whitespace collapsed;
    parts marked as another language (a student's English, the school's English skill names) are left out."""
    for child in node.iter(include_text=True):
        if child.tag == "-text":
            text = _collapse(child.text_content or "")
            if text:
                yield text
            continue
        if child.tag in _SKIPPED_TAGS or not _own_language(child, language):
            continue
        for name in _NAMING_ATTRIBUTES:
            value = _collapse(child.attributes.get(name) or "")
            if value:
                yield value
        yield from interface_texts(child, language)


def search_messages(tree: LexborHTMLParser) -> list[str]:
    """The search's messages, which the theme's script shows from the page's settings (no results, 3 results...)."""
    settings = tree.css_first("script#__config")
    assert settings is not None, "the page has no search settings (script#__config)"
    translations = json.loads(settings.text()).get("translations", {})
    return [_collapse(str(text)) for text in translations.values()]


def _search_texts(tree: LexborHTMLParser, language: str) -> list[str]:
    search = tree.css_first("[data-md-component=search]")
    assert search is not None, "the page has no search"
    return [*interface_texts(search, language), *search_messages(tree)]


def page_texts(tree: LexborHTMLParser, language: str) -> list[str]:
    """Every interface text of a page: the browser tab's title (the page's, then the site's name) and the body."""
    assert tree.body is not None
    title = tree.css_first("head > title")
    tab = [part for text in (interface_texts(title, language) if title else ()) for part in text.split(" - ")]
    return [*tab, *interface_texts(tree.body, language)]


def leaks(texts: list[str], language: str, own: OwnWords | None = None) -> list[str]:
    """Each English word found in the texts, once, with its key and the text it is in."""
    found: dict[tuple[str, str], str] = {}
    for text in texts:
        if own is not None and own.hold(text):
            continue
        for word in english_words(language):
            if word.pattern.search(text):
                found.setdefault((word.source, word.key), f"{word.text!r} ({word.source}: {word.key}) in {text!r}")
    return sorted(found.values())


# ---------------------------------------------------------------------------------------------------------------
# The pages


def _pages_of(site: Path, page_type: str) -> list[Path]:
    """The built pages of one type in a student's site: every goal, reflection and evidence item."""
    sections = {"goal": "goals", "reflection": "reflections", "evidence-item": "evidence"}
    if page_type in sections:
        return sorted(site.glob(f"{sections[page_type]}/*/index.html"))
    single = {
        "home": "index.html",
        "search": "index.html",
        "goals": "goals/index.html",
        "reflections": "reflections/index.html",
        "evidence": "evidence/index.html",
        "skills": "skills/index.html",
        "journey": "journey/index.html",
        "conference": "conference/index.html",
        "future": "postsecondary/index.html",
    }
    return [site / single[page_type]]


CASES = [(student_id, page_type) for student_id in STUDENTS for page_type in PAGE_TYPES]


@pytest.fixture(scope="module")
def built(demo: DemoBuild) -> DemoBuild:
    """The demo school, built once for the session."""
    assert demo.code == 0, demo.stderr
    return demo


@pytest.mark.parametrize(("student_id", "page_type"), CASES, ids=[f"{s}-{p}" for s, p in CASES])
def test_no_english_interface_words(built: DemoBuild, student_id: str, page_type: str) -> None:
    """The pages of a family reading another language show no English interface word around the student's own."""
    language = STUDENTS[student_id]
    site = built.site_of(student_id)
    pages = _pages_of(site, page_type)
    if page_type == "future" and not (site / "postsecondary").is_dir():
        pages = []  # below the grade that writes about the future: no such page, and nothing to read
    own = own_words(built.root, student_id, language)
    problems = []
    for path in pages:
        tree = LexborHTMLParser(path.read_text(encoding="utf-8"))
        assert tree.css_first("html").attributes.get("lang") == language, f"{path}: not in {language}"
        texts = _search_texts(tree, language) if page_type == "search" else page_texts(tree, language)
        problems += [f"{path.relative_to(site)}: {leak}" for leak in leaks(texts, language, own)]
    assert not problems, f"English words on {student_id}'s {language} site:\n" + "\n".join(problems)


def test_every_page_type_is_read(built: DemoBuild) -> None:
    """Each non-English student's site has pages of each type (so no type passes by having none to read)."""
    assert STUDENTS, "the demo school has a family reading another language than English"
    for student_id in STUDENTS:
        site = built.site_of(student_id)
        for page_type in PAGE_TYPES:
            pages = _pages_of(site, page_type)
            if page_type != "future":
                assert pages, f"{student_id}: no built page of type {page_type}"
                assert all(path.is_file() for path in pages), f"{student_id}: {page_type} pages missing: {pages}"


@pytest.mark.parametrize("language", [code for code in available_languages() if code != "en"])
def test_front_page_speaks_each_language(built: DemoBuild, language: str) -> None:
    """The published folder's front page says, in each shipped language's paragraph, only that language's words."""
    tree = LexborHTMLParser((built.site / "index.html").read_text(encoding="utf-8"))
    paragraph = tree.css_first(f'main p[lang="{language}"]')
    assert paragraph is not None, f"the front page has no paragraph in {language}"
    texts = list(interface_texts(paragraph, language))
    assert texts
    assert not leaks(texts, language), leaks(texts, language)


def test_an_english_word_is_found() -> None:
    """The comparison finds an English word in the interface's text, also inside a sentence, but not inside a word."""
    goals = labels_for("en")("goals")
    assert leaks([f"« {goals} »"], "es")
    assert leaks(["Class of 2029"], "es"), "a word with a placeholder is found with its value"
    assert not leaks([f"{goals}ville"], "es")
    assert not leaks([labels_for("es")("goals")], "es")
