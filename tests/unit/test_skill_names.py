"""Skill names per language: `name: {en: Self-Direction, es: Autodirección}` in mkdocs.yml, plain text still
accepted; a language without a name falls back to English, then to the school's language."""

from __future__ import annotations

import pytest
import yaml

from plp_site.i18n import available_languages
from plp_site.requirements import VERMONT_SKILLS, ConfigError, Skill, parse_requirements


def skills_of(text: str) -> tuple[Skill, ...]:
    options = yaml.safe_load(text)
    assert isinstance(options, dict)
    return parse_requirements(options).skills


def test_plain_text_names_are_still_accepted() -> None:
    (skill,) = skills_of("skills: [{id: coding, name: Coding}]")
    assert skill == Skill("coding", "Coding")
    assert skill.name_in("es", "en") == ("Coding", "en")
    assert skill.name_in("en", "fr") == ("Coding", "fr")


def test_names_per_language() -> None:
    (skill,) = skills_of("skills: [{id: self-direction, name: {en: Self-Direction, es: Autodirección}}]")
    assert skill.name == "Self-Direction"
    assert skill.name_in("es", "en") == ("Autodirección", "es")
    assert skill.name_in("en", "en") == ("Self-Direction", "en")


@pytest.mark.parametrize("language", ["ar", "ne", "sw", "fr", "de", "pt-BR"])
def test_a_missing_translation_falls_back_to_english(language: str) -> None:
    (skill,) = skills_of("skills: [{id: self-direction, name: {es: Autodirección, en: Self-Direction}}]")
    assert skill.name_in(language, "es") == ("Self-Direction", "en")


def test_without_english_the_school_language_then_the_first_name_is_shown() -> None:
    (skill,) = skills_of("skills: [{id: curiosity, name: {fr: Curiosité, es: Curiosidad}}]")
    assert skill.name == "Curiosité"
    assert skill.name_in("ar", "es") == ("Curiosidad", "es")
    assert skill.name_in("ar", "en") == ("Curiosité", "fr")


@pytest.mark.parametrize("language", available_languages())
def test_the_default_framework_is_named_in_every_shipped_language(language: str) -> None:
    for skill in VERMONT_SKILLS:
        name, written_in = skill.name_in(language, "en")
        assert written_in == language
        assert name.strip()
    names = [skill.name_in(language, "en")[0] for skill in VERMONT_SKILLS]
    assert len(set(names)) == len(names)


_BAD_CODES = ["../en", "English", "e", "<b>", "en es", "x" * 200, "EN"]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        *[
            (f"{{{yaml.safe_dump(code).strip().removesuffix('...').strip()}: Coding}}", "is not a language code")
            for code in _BAD_CODES
        ],
        ("{}", "must give the skill's name in at least one language"),
        ("{en: ''}", "plugins.plp.skills[coding].name.en must be text"),
        ("{en: 5}", "plugins.plp.skills[coding].name.en must be text"),
        ("{en: [a, b]}", "plugins.plp.skills[coding].name.en must be text"),
        ("{en: Coding, es: }", "plugins.plp.skills[coding].name.es must be text"),
        ("{5: Coding}", "is not a language code"),
    ],
)
def test_wrong_names_raise_a_one_line_reason(name: str, message: str) -> None:
    with pytest.raises(ConfigError) as raised:
        skills_of(f"skills: [{{id: coding, name: {name}}}]")
    reason = str(raised.value)
    assert message in reason
    assert "\n" not in reason
    assert len(reason) < 200
