"""The staff dashboard's printable family-link sheets: a page per class, a card and a QR code per student."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
import segno
import yaml
from conftest import run_plp, valid_student

from .conftest import SCHOOL_YML, build
from .helpers import Element, parse_html

School = Callable[[Mapping[str, str | bytes]], Path]


def _with_advisor(student_id: str, name: str, advisor: str) -> dict[str, str | bytes]:
    files = valid_student(student_id, name=name)
    files[f"students/{student_id}/student.yml"] = f"name: {name}\ngrade: 9\nadvisor: {advisor}\n"
    return files


def test_one_page_per_advisory_with_a_card_and_qr_code_per_student(small_school: School) -> None:
    root = small_school(
        {
            **_with_advisor("ada", "Ada Lovelace", "Ms. Patel"),
            **_with_advisor("bo", "Bo Chen", "Mr. Okafor"),
            **_with_advisor("cy", "Cy Young", "Ms. Patel"),
        }
    )
    built = build(root)
    assert built.code == 0, built.stderr
    sheet = (built.staff / "print" / "index.html").read_text(encoding="utf-8")
    sections = re.findall(r"<section>(.*?)</section>", sheet, re.DOTALL)
    assert [re.search(r"<h1>(.*?)</h1>", s).group(1) for s in sections] == ["Advisory: Mr. Okafor", "Advisory: Ms. Patel"]  # type: ignore[union-attr]
    assert "Bo Chen" in sections[0]
    assert "Ada Lovelace" in sections[1]
    assert "Cy Young" in sections[1]
    for student in ("ada", "bo", "cy"):
        record = built.records[student]
        link = str(record["link"])
        assert link.startswith("https://")
        assert link in sheet
        card = sheet[sheet.index(str(record["name"])) :]
        qr_file = re.search(r'src="qr/([0-9a-f]+\.svg)"', card).group(1)  # type: ignore[union-attr]
        expected = io.BytesIO()
        segno.make(link, error="m").save(expected, kind="svg", scale=3, xmldecl=False)
        assert (built.staff / "print" / "qr" / qr_file).read_bytes() == expected.getvalue()
    assert "http" not in re.sub(r"https://[^\s<\"]+/[a-z0-9-]+/", "", sheet).replace("http-equiv", "")


def test_a_new_link_gets_a_new_code_and_the_old_one_goes(small_school: School) -> None:
    root = small_school(valid_student("ada"))
    first = build(root)
    before = sorted(p.name for p in (first.staff / "print" / "qr").iterdir())
    assert len(before) == 1
    assert run_plp("rotate-link", "--root", root, "ada")[0] == 0
    second = build(root)
    after = sorted(p.name for p in (second.staff / "print" / "qr").iterdir())
    assert len(after) == 1
    assert after != before


# Each family's card speaks its language; the sentences are written out here (not read from the translation files)
# for English, so a broken translation file cannot pass, and read from the shipped files for every language.
ENGLISH_CARD = (
    "This is the private address of {name}'s learning portfolio. It is only for {name}'s family: please do not share it."
)
_TRANSLATIONS = Path(__file__).parents[2] / "plp_site" / "translations"
_LANGUAGES = ("en", "es", "fr", "ne", "ar", "sw")
_FIRST = {
    "en": ["Ana", "Jo <b>Bold</b>"],
    "es": ["Sofía", 'Iñés "la" <i>'],
    "fr": ["Zoé", "Élodie & <script>alert(1)</script>"],
    "ne": ["बिशाल", "सीता </div><div>"],
    "ar": ["أمينة", "ليلى <img src=x onerror=alert(1)>"],
    "sw": ["Baraka", "Neema {name} ' & \""],
}
_LAST = ["Lee", "O'Brien-Núñez"]


def _shipped(language: str) -> dict[str, str]:
    words = yaml.safe_load((_TRANSLATIONS / f"{language}.yml").read_text(encoding="utf-8"))
    return {str(key): str(value) for key, value in words.items()}


def _words(text: str) -> str:
    return " ".join(text.split())


def _student(student_id: str, name: str, language: str) -> dict[str, str | bytes]:
    files = valid_student(student_id, name=name)
    files[f"students/{student_id}/student.yml"] = yaml.safe_dump(
        {"name": name, "grade": 9, "language": language}, allow_unicode=True
    )
    return files


def _cards(sheet: str) -> dict[str, Element]:
    """Each card of the sheet by the student's name (its heading)."""
    return {card.find("h3").text(): card for card in parse_html(sheet).find_all("div", cls="card")}


@pytest.mark.parametrize("variant", [0, 1])
def test_each_card_is_in_the_family_language_with_the_school_name(small_school: School, variant: int) -> None:
    school_name = ['Lincoln & <Park> "Academy"', "École Saint-Éxupéry"][variant]
    names = {language: f"{_FIRST[language][variant]} {_LAST[variant]}" for language in _LANGUAGES}
    files: dict[str, str | bytes] = {
        "mkdocs.yml": SCHOOL_YML.replace("  - plp\n", f"  - plp:\n      school_name: {json.dumps(school_name)}\n")
    }
    for language in _LANGUAGES:
        files.update(_student(f"kid-{language}", names[language], language))
    built = build(small_school(files))
    assert built.code == 0, built.stderr
    sheet = (built.staff / "print" / "index.html").read_text(encoding="utf-8")
    cards = _cards(sheet)
    assert sorted(cards) == sorted(_words(name) for name in names.values())
    for language, name in names.items():
        card, words = cards[_words(name)], _shipped(language)
        assert card.attrs["lang"] == language
        assert card.attrs["dir"] == ("rtl" if language == "ar" else "ltr")
        assert card.find("p", cls="school").text() == school_name
        sentence = words["family_card_private"].replace("{name}", name)
        assert card.find("p", cls="private").text() == _words(sentence)
        assert [bdi.text() for bdi in card.find("p", cls="private").find_all("bdi")] == [_words(name)] * sentence.count(name)
        assert card.find("img", cls="qr").attrs["alt"] == words["family_card_qr"].replace("{name}", name)
        assert card.find("p", cls="link").attrs["dir"] == "ltr"
        assert card.find("p", cls="link").text() == built.records[f"kid-{language}"]["link"]
        if language == "en":
            assert card.find("p", cls="private").text() == _words(ENGLISH_CARD.format(name=name))
        else:
            assert words["family_card_private"] != _shipped("en")["family_card_private"]
    # Names and the school's name are text: not one of them adds an element.
    tags = {element.tag for element in parse_html(sheet).iter()}
    assert not tags & {"b", "i", "script"}
    assert len(parse_html(sheet).find_all("img")) == len(_LANGUAGES)
    assert "<script>" not in sheet
    assert "<Park>" not in sheet


def test_a_card_without_a_language_speaks_the_school_language(small_school: School) -> None:
    options = "  - plp:\n      language: es\n"
    files = {"mkdocs.yml": SCHOOL_YML.replace("  - plp\n", options), **valid_student("ada", name="Ada Lovelace")}
    built = build(small_school(files))
    assert built.code == 0, built.stderr
    card = _cards((built.staff / "print" / "index.html").read_text(encoding="utf-8"))["Ada Lovelace"]
    assert card.attrs["lang"] == "es"
    # No school_name: mkdocs.yml's site_name is the school's name.
    assert card.find("p", cls="school").text() == "Test School"
    assert card.find("p", cls="private").text() == _words(_shipped("es")["family_card_private"].replace("{name}", "Ada Lovelace"))
