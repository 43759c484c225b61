"""Every heading and browser title plp gives a page is in the family's language: one student per shipped language,
built through the real CLI; a title the student wrote stays theirs."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from conftest import make_school, valid_student

from plp_site.i18n import available_languages, labels_for
from plp_site.skills import VERMONT_SKILLS

from .conftest import SCHOOL_YML, Built, build
from .helpers import Element, read_html

SmallSchool = Callable[[Mapping[str, str | bytes]], Path]
LANGUAGES = available_languages()
# The Future page without a title of its own: plp names it, as the menu does.
UNTITLED_FUTURE = "After high school I want to study nursing.\n\n## My plan\n\nWork hard.\n"
# Each generated page and the label that names it.
GENERATED = {
    "index.html": "home",
    "goals/index.html": "goals",
    "reflections/index.html": "reflections",
    "evidence/index.html": "evidence",
    "skills/index.html": "skills",
    "conference/index.html": "conference_title",
    "postsecondary/index.html": "future_title",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, known_secret: str) -> Built:
    del known_secret  # requested for its effect: built with the known family-link secret
    files: dict[str, str | bytes] = {"mkdocs.yml": SCHOOL_YML}
    for language in LANGUAGES:
        files |= valid_student(
            f"student-{language}",
            extra={
                "student.yml": f"name: Student {language}\ngrade: 10\nlanguage: {language}\nwriting_language: en\n",
                "postsecondary.md": UNTITLED_FUTURE,
            },
        )
    files |= valid_student("titled", extra={"student.yml": "name: Titled\ngrade: 10\nlanguage: es\n"})
    result = build(make_school(tmp_path_factory.mktemp("languages"), files))
    assert result.code == 0, result.stderr
    return result


def _title_and_heading(site: Path, page: str) -> tuple[str, str]:
    tree = read_html(site / page)
    heading = tree.find("h1")
    heading_text = "".join(c for c in heading.children if isinstance(c, str)).strip()
    return tree.find("title").text().rsplit(" - ", 1)[0], heading_text


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", [p for p in GENERATED if p != "index.html"])
def test_each_page_is_named_in_the_family_language(built: Built, language: str, page: str) -> None:
    labels = labels_for(language)
    title, heading = _title_and_heading(built.site_of(f"student-{language}"), page)
    assert title == heading == labels(GENERATED[page])


@pytest.mark.parametrize("language", LANGUAGES)
def test_home_tab_is_in_the_family_language(built: Built, language: str) -> None:
    title, heading = _title_and_heading(built.site_of(f"student-{language}"), "index.html")
    assert (title, heading) == (labels_for(language)("home"), f"Student {language}")


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_named_future_heading_is_not_marked_as_the_student_language(built: Built, language: str) -> None:
    heading = read_html(built.site_of(f"student-{language}") / "postsecondary/index.html").find("h1")
    assert "lang" not in heading.attrs


def test_a_title_the_student_wrote_stays_theirs(built: Built) -> None:
    title, heading = _title_and_heading(built.site_of("titled"), "postsecondary/index.html")
    assert title == heading == "After high school"


def test_front_page_speaks_every_shipped_language(built: Built) -> None:
    page = read_html(built.site / "index.html")
    paragraphs = {p.attrs["lang"]: p for p in page.find("main").find_all("p")}
    assert sorted(paragraphs) == LANGUAGES
    for language, paragraph in paragraphs.items():
        labels = labels_for(language)
        assert paragraph.attrs["dir"] == labels.direction
        assert labels("portfolios_private") in paragraph.text()
        if language != "en":
            assert labels("portfolios_title") in paragraph.text()
    assert paragraphs["ar"].attrs["dir"] == "rtl"
    assert {"en", "es", "fr", "ne", "ar", "sw"} <= set(paragraphs)


def _skill_cells(site: Path) -> list[Element]:
    """The name of each skill in the Skills table (the first cell of each row)."""
    rows = read_html(site / "skills/index.html").find("table").find("tbody").find_all("tr")
    return [row.find("td").find("span") for row in rows]


@pytest.mark.parametrize("language", LANGUAGES)
def test_default_skill_names_are_in_the_family_language(built: Built, language: str) -> None:
    cells = _skill_cells(built.site_of(f"student-{language}"))
    assert [cell.text() for cell in cells] == [skill.name_in(language, "en")[0] for skill in VERMONT_SKILLS]
    assert all("lang" not in cell.attrs for cell in cells)
    evidence = read_html(built.site_of(f"student-{language}") / "evidence/arm/index.html")
    named = [span.text() for span in evidence.find("div", cls="plp-facts-box").find_all("span", dir="auto")]
    assert VERMONT_SKILLS[2].name_in(language, "en")[0] in named


PARTIAL_SKILLS = """\
      skills:
        - {id: self-direction, name: {en: Self-Direction, es: Autodirección}}
        - {id: problem-solving, name: Creative and Practical Problem Solving}
        - {id: communication, name: {es: Comunicación, fr: Communication}}
"""


@pytest.fixture(scope="module")
def partial(tmp_path_factory: pytest.TempPathFactory, known_secret: str) -> Built:
    del known_secret  # requested for its effect: built with the known family-link secret
    files: dict[str, str | bytes] = {"mkdocs.yml": SCHOOL_YML.replace("  - plp\n", "  - plp:\n" + PARTIAL_SKILLS)}
    for language in ("es", "ar"):
        files |= valid_student(language, extra={"student.yml": f"name: Student\ngrade: 8\nlanguage: {language}\n"})
    result = build(make_school(tmp_path_factory.mktemp("partial"), files))
    assert result.code == 0, result.stdout + result.stderr
    return result


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("es", [("Autodirección", None), ("Creative and Practical Problem Solving", "en"), ("Comunicación", None)]),
        ("ar", [("Self-Direction", "en"), ("Creative and Practical Problem Solving", "en"), ("Comunicación", "es")]),
    ],
)
def test_a_missing_skill_name_falls_back_to_english_marked_as_english(
    partial: Built, language: str, expected: list[tuple[str, str | None]]
) -> None:
    cells = _skill_cells(partial.site_of(language))
    assert [(cell.text(), cell.attrs.get("lang")) for cell in cells] == expected
