"""Every page's footer names the school and links to the previous and the next page in the family's language."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import make_school, valid_student

from plp_site.i18n import available_languages, labels_for

from .conftest import SCHOOL_YML, Built, build
from .helpers import Element, read_html

LANGUAGES = available_languages()
# School names as a school might write them: markup-like text, quotes, a template's braces, and other scripts.
SCHOOL_NAMES = [
    'Lincoln & <b>Park</b> "Academy"',
    "<script>alert('x')</script> O'Brien {{ config.site_name }}",
    "École Saint-Éxupéry",
    "مدرسة الجبل الأخضر",
]


def _school_options(name: str | None) -> str:
    if name is None:
        return SCHOOL_YML
    return SCHOOL_YML.replace("  - plp\n", f"  - plp:\n      school_name: {json.dumps(name)}\n")


def _footer(site: Path, page: str) -> Element:
    return read_html(site / page).find("footer", cls="md-footer")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, known_secret: str) -> Built:
    """One student per shipped language (writing in English), in a school whose mkdocs.yml lists no theme features."""
    del known_secret  # requested for its effect: built with the known family-link secret
    files: dict[str, str | bytes] = {"mkdocs.yml": SCHOOL_YML}
    for language in LANGUAGES:
        settings = f"name: Student {language}\ngrade: 10\nlanguage: {language}\nwriting_language: en\n"
        files |= valid_student(f"student-{language}", extra={"student.yml": settings})
    result = build(make_school(tmp_path_factory.mktemp("footer"), files))
    assert result.code == 0, result.stderr
    return result


@pytest.mark.parametrize("language", LANGUAGES)
def test_previous_and_next_are_in_the_family_language(built: Built, language: str) -> None:
    """The goals page links back to Home and on to the first goal, with the family's words for both."""
    labels = labels_for(language)
    footer = _footer(built.site_of(f"student-{language}"), "goals/index.html")
    nav = footer.find("nav")
    assert nav.attrs["aria-label"] == labels("footer_pages")
    previous = nav.find("a", cls="md-footer__link--prev")
    following = nav.find("a", cls="md-footer__link--next")
    assert previous.attrs["href"] == ".."
    assert following.attrs["href"] == "robot-arm/"
    assert previous.find(cls="md-footer__direction").text() == labels("footer_previous")
    assert following.find(cls="md-footer__direction").text() == labels("footer_next")
    assert previous.find(cls="md-ellipsis").text() == labels("home")
    # The goal's title is the student's, in English: a screen reader reads it with an English voice.
    title = following.find(cls="md-ellipsis")
    assert title.text() == "Build a robot arm"
    assert title.attrs.get("lang") == ("en" if language != "en" else None)


def test_first_and_last_pages_link_one_way(built: Built) -> None:
    """Home has only a next page, and the last page of the menu (Future) only a previous one, named as the menu names it."""
    site = built.site_of("student-es")
    home = _footer(site, "index.html").find("nav")
    last = _footer(site, "postsecondary/index.html").find("nav")
    assert not home.find_all(cls="md-footer__link--prev")
    assert home.find(cls="md-footer__link--next")
    assert not last.find_all(cls="md-footer__link--next")
    assert last.find(cls="md-footer__link--prev").find(cls="md-ellipsis").text() == labels_for("es")("conferences")


def test_the_school_name_defaults_to_the_site_name(built: Built) -> None:
    """Without `school_name`, the footer names the school by mkdocs.yml's site_name (the header shows the student)."""
    site = built.site_of("student-fr")
    name = _footer(site, "skills/index.html").find(cls="plp-school-name")
    assert name.text() == "Test School"
    assert name.find("span").attrs.get("lang") == "en", "the school's English name is marked English on a French site"


@pytest.mark.parametrize("school_name", SCHOOL_NAMES)
def test_the_school_name_is_text(tmp_path: Path, link_secret: str, school_name: str) -> None:
    """`school_name` is shown exactly as written, on every page, and nothing in it becomes markup."""
    del link_secret  # requested for its effect: built with the known family-link secret
    files: dict[str, str | bytes] = {"mkdocs.yml": _school_options(school_name), **valid_student("ada")}
    result = build(make_school(tmp_path, files))
    assert result.code == 0, result.stderr
    site = result.site_of("ada")
    for page in ("index.html", "goals/index.html", "evidence/arm/index.html", "conference/index.html"):
        footer = _footer(site, page)
        assert footer.find(cls="plp-school-name").text() == " ".join(school_name.split())
        assert not footer.find_all("script"), f"{page}: the name became markup"
        assert not footer.find_all("b"), f"{page}: the name became markup"


def test_a_blank_school_name_is_refused(tmp_path: Path, link_secret: str) -> None:
    """An empty `school_name` is a setting to fix, said in one line (exit 2), not a nameless footer."""
    del link_secret  # requested for its effect: built with the known family-link secret
    result = build(make_school(tmp_path, {"mkdocs.yml": _school_options("  "), **valid_student("ada")}))
    assert result.code == 2
    assert "plugins.plp.school_name must be text" in result.stderr
