"""plp_site.i18n: a language is a known code looked up among plp-site's files, never a path; a school's words
are text, never a format program."""

from __future__ import annotations

import pytest

from plp_site.i18n import available_languages, interface_language, is_language_code, known_languages, labels_for

GOOD = ["en", "es", "pt-BR", "zh-Hant", "zh-Hant-TW", "ku-IQ", "ast", "sr-Latn-RS"]
BAD = [
    "",
    "e",
    "EN",
    "en_US",
    "english",
    "en-",
    "-en",
    "en--US",
    "en-a",
    "en\n",
    "\nen",
    " en",
    "en.yml",
    "../en",
    "en/../../x",
    "/etc/passwd",
    "..",
    "en<b>",
    'en"',
    "es\u200b",
    "ес",  # Cyrillic letters that look like "ес"
    "en-" + "-".join(["abcdefgh"] * 5),
]


@pytest.mark.parametrize("code", GOOD)
def test_language_codes(code: str) -> None:
    assert is_language_code(code)


@pytest.mark.parametrize("text", [*BAD, None, 5, ["en"]])
def test_not_language_codes(text: object) -> None:
    assert not is_language_code(text)


@pytest.mark.parametrize("text", [*BAD, "de", "xx-unknown", None])
def test_an_unknown_language_gives_the_next_choice_then_english(text: str | None) -> None:
    assert interface_language(text, "es") == "es"
    assert interface_language(text) == "en"
    assert labels_for(text).language == "en"
    assert labels_for(text)("home") == "Home"


def test_known_languages_are_the_shipped_files_and_the_schools_codes() -> None:
    school = {"de": {"home": "Startseite"}, "../x": {"home": "Evil"}}
    assert known_languages(school) == sorted({*available_languages(), "de"})
    assert interface_language("de", school_words=school) == "de"
    assert interface_language("../x", school_words=school) == "en"
    assert labels_for("de", school)("home") == "Startseite"


@pytest.mark.parametrize(
    "words",
    ["Grade {grade.__class__}", "Grade {0}", "Grade {", "Grade }{", "Grade {grade!r:>99999}", "{{grade}}", "{unknown}"],
)
def test_school_words_are_text_not_a_format_program(words: str) -> None:
    labels = labels_for("en", {"en": {"grade": words}})
    assert labels("grade", grade=9) == words.replace("{grade}", "9")
