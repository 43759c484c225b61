"""plp_site.requirements: the school's options in mkdocs.yml; wrong options raise ConfigError with a clear reason."""

from __future__ import annotations

import re

import pytest
import yaml

from plp_site.diagnostics import Severity
from plp_site.requirements import VERMONT_SKILLS, ConfigError, Requirements, SectionRule, Skill, parse_requirements

MB = 1024 * 1024


def options(text: str) -> dict[str, object]:
    parsed = yaml.safe_load(text)
    assert isinstance(parsed, dict)
    return parsed


def test_no_options_give_the_defaults() -> None:
    requirements = parse_requirements({})
    assert requirements == Requirements()
    assert requirements.skills == VERMONT_SKILLS
    assert requirements.skill_ids == ("communication", "self-direction", "problem-solving", "citizenship", "integrative-thinking")
    assert dict(requirements.minimum) == {"goals": 1, "reflections": 1, "evidence": 1}
    about = requirements.section("about-me")
    assert about is not None
    assert about.from_grade == 5
    assert [choices[0] for choices in about.headings] == ["Strengths", "Interests", "How I learn best"]
    postsecondary = requirements.section("postsecondary")
    assert postsecondary == SectionRule("postsecondary", 9)
    assert (requirements.page_limit_bytes, requirements.image_warning_bytes, requirements.folder_limit_bytes) == (
        1 * MB,
        10 * MB,
        500 * MB,
    )


def test_the_demo_schools_options_are_read() -> None:
    text = """
sections:
  about-me:
    from_grade: 5
    headings:
      - [Strengths, Fortalezas]
      - [Interests, Intereses]
      - How I learn best
  postsecondary:
    from_grade: 10
minimum: {goals: 2, reflections: 0}
skills:
  - {id: coding, name: Coding}
  - {id: team-work, name: Working in a team}
severity: {PLP207: ignore, PLP105: error}
language: es
limits: {page_mb: 2, image_warning_mb: 5, folder_mb: 100}
iframe_hosts: [www.youtube-nocookie.com]
"""
    requirements = parse_requirements(options(text))
    assert requirements.sections == (
        SectionRule("about-me", 5, (("Strengths", "Fortalezas"), ("Interests", "Intereses"), ("How I learn best",))),
        SectionRule("postsecondary", 10, ()),
    )
    assert dict(requirements.minimum) == {"goals": 2, "reflections": 0, "evidence": 1}
    assert requirements.skills == (Skill("coding", "Coding"), Skill("team-work", "Working in a team"))
    assert dict(requirements.severity) == {"PLP207": Severity.IGNORE, "PLP105": Severity.ERROR}
    assert requirements.language == "es"
    assert (requirements.page_limit_bytes, requirements.image_warning_bytes, requirements.folder_limit_bytes) == (
        2 * MB,
        5 * MB,
        100 * MB,
    )
    assert requirements.iframe_hosts == ("www.youtube-nocookie.com",)


def test_postsecondary_alone_keeps_the_about_me_defaults() -> None:
    """BUG: `sections: {postsecondary: {from_grade: 9}}` (the issue's own example) drops the about-me rule, so
    about-me.md and its headings are no longer required at all."""
    requirements = parse_requirements(options("sections:\n  postsecondary:\n    from_grade: 9\n"))
    about = requirements.section("about-me")
    assert about is not None
    assert about.from_grade == 5
    assert len(about.headings) == 3


def test_a_section_with_no_settings_keeps_its_defaults() -> None:
    requirements = parse_requirements(options("sections:\n  postsecondary:\n"))
    assert requirements.section("postsecondary") == SectionRule("postsecondary", 9)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("colour: green", "plugins.plp: unknown option 'colour' (the options are: sections, minimum, skills,"),
        ("sections: [about-me]", "plugins.plp.sections must be a mapping of `key: value` lines"),
        ("sections: {about: {}}", "plugins.plp.sections: unknown section 'about' (sections: about-me, postsecondary)"),
        ("sections: {postsecondary: {from_grade: nine}}", "plugins.plp.sections.postsecondary.from_grade must be a whole number"),
        ("sections: {postsecondary: {from_grade: -1}}", "plugins.plp.sections.postsecondary.from_grade must be a whole number"),
        ("sections: {about-me: {headings: Strengths}}", "plugins.plp.sections.about-me.headings must be a list"),
        ("sections: {about-me: {headings: ['']}}", "plugins.plp.sections.about-me.headings must be text"),
        ("minimum: 3", "plugins.plp.minimum must be a mapping"),
        ("minimum: {goal: 2}", "plugins.plp.minimum: unknown kind 'goal' (kinds: goals, reflections, evidence)"),
        ("minimum: {goals: -1}", "plugins.plp.minimum.goals must be a whole number of at least 0, got -1"),
        ("minimum: {goals: true}", "plugins.plp.minimum.goals must be a whole number of at least 0, got True"),
        ("skills: communication", "plugins.plp.skills must be a list"),
        ("skills: []", "plugins.plp.skills must list at least one skill"),
        ("skills: [coding]", "plugins.plp.skills[] must be a mapping"),
        (
            "skills: [{id: Coding Club, name: x}]",
            "plugins.plp.skills: id 'Coding Club' must be lowercase letters, digits and hyphens",
        ),
        ("skills: [{id: coding}]", "plugins.plp.skills[].name must be text"),
        ("severity: {PLP999: ignore}", "plugins.plp.severity: unknown finding code 'PLP999'"),
        ("severity: {PLP207: quiet}", "plugins.plp.severity.PLP207 must be error, warning or ignore, got 'quiet'"),
        ("severity: [PLP207]", "plugins.plp.severity must be a mapping"),
        ("language: 5", "plugins.plp.language must be text"),
        ("limits: {page_mb: 0}", "plugins.plp.limits.page_mb must be a whole number of at least 1, got 0"),
        ("limits: {build_second: 60}", "plugins.plp: unknown limit 'limits.build_second' (the limits are: image_warning_mb,"),
        ("limits: {build_seconds: 0}", "plugins.plp.limits.build_seconds must be a whole number of at least 1, got 0"),
        ("iframe_hosts: youtube.com", "plugins.plp.iframe_hosts must be a list"),
    ],
)
def test_wrong_options_raise_a_one_line_reason_naming_the_option(text: str, message: str) -> None:
    with pytest.raises(ConfigError) as raised:
        parse_requirements(options(text))
    reason = str(raised.value)
    assert reason.startswith(message)
    assert "\n" not in reason


def test_the_same_skill_id_twice_is_a_mistake() -> None:
    """BUG: two skills with the same id are accepted; one of their names silently never shows."""
    with pytest.raises(ConfigError, match=re.escape("coding")):
        parse_requirements(options("skills:\n  - {id: coding, name: Coding}\n  - {id: coding, name: Programming}\n"))


@pytest.mark.parametrize(
    ("given", "site_name", "expected"),
    [
        ({}, "Green Mountain Union High School", "Green Mountain Union High School"),
        ({}, None, ""),
        ({"school_name": "  École   Saint-Éxupéry "}, "GMUHS portfolios", "École Saint-Éxupéry"),
        ({"school_name": "Lincoln & <Park>"}, None, "Lincoln & <Park>"),
    ],
)
def test_the_school_name_is_the_option_else_the_site_name(given: dict[str, object], site_name: str | None, expected: str) -> None:
    """One place says the school's name (footer, print sheets): `school_name`, else mkdocs.yml's site_name, as text."""
    assert parse_requirements(given, site_name).school_name == expected


@pytest.mark.parametrize("value", ["", "   ", 12, ["GMUHS"]])
def test_a_school_name_that_is_not_text_is_refused(value: object) -> None:
    with pytest.raises(ConfigError, match=r"^plugins\.plp\.school_name must be text"):
        parse_requirements({"school_name": value})
