"""about-me.md from `plp new student` asks, optionally, about values and about family, culture and community, in
each shipped language; `plp check` never asks for those headings, whether they are kept, short or deleted."""

from __future__ import annotations

import datetime as dt
import random
import re
from importlib import resources
from pathlib import Path

import pytest
from conftest import make_school

from plp_site.checker import check_student
from plp_site.completeness import heading_key
from plp_site.requirements import Requirements
from plp_site.scaffold import PROMPT, new_student

TODAY = dt.date(2026, 11, 27)
DEFAULT = Requirements()
SCAFFOLD = resources.files("plp_site") / "scaffold"
LANGUAGES = sorted(p.name for p in SCAFFOLD.iterdir() if p.is_dir())
OPTIONAL = {
    "en": ("What I value", "My family, culture and community"),
    "es": ("Lo que valoro", "Mi familia, mi cultura y mi comunidad"),
    "fr": ("Ce qui compte pour moi", "Ma famille, ma culture et ma communauté"),
    "ne": ("म के कुरालाई महत्त्व दिन्छु", "मेरो परिवार, संस्कृति र समुदाय"),
    "ar": ("ما أقدّره", "عائلتي وثقافتي ومجتمعي"),
    "sw": ("Ninachothamini", "Familia yangu, utamaduni wangu na jamii yangu"),
}
WORDS = ["river", "garden", "music", "cousin", "market", "bread", "winter", "festival", "kite", "letter", "story", "friend"]
ABOUT_ME_CODES = ("PLP202", "PLP208", "PLP209", "PLP210")


def _new(tmp_path: Path, language: str) -> tuple[Path, Path]:
    root = make_school(tmp_path, {})
    new_student(root / "students", "Test Kid", 9, "test-kid", requirements=DEFAULT, language=language, today=TODAY)
    return root, root / "students" / "test-kid" / "about-me.md"


def _about_me_findings(root: Path) -> list[tuple[str, int]]:
    report = check_student(root, "test-kid", DEFAULT, today=TODAY).report
    return [(f.code, f.location.line) for f in report.findings if f.location.path.endswith("about-me.md")]


def _headings(text: str) -> list[str]:
    return re.findall(r"^## (.+)$", text, re.MULTILINE)


def _sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(14)) + "."


def test_every_shipped_language_has_the_optional_headings() -> None:
    assert sorted(OPTIONAL) == LANGUAGES


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_template_asks_about_values_and_culture_after_the_required_headings(tmp_path: Path, language: str) -> None:
    _, about = _new(tmp_path, language)
    headings = _headings(about.read_text(encoding="utf-8"))
    rule = DEFAULT.section("about-me")
    assert rule is not None
    required = [h for h in headings if any(heading_key(h) in {heading_key(c) for c in choices} for choices in rule.headings)]
    assert headings == [*required, *OPTIONAL[language]], "the optional prompts come after the required headings"
    assert len(required) == len(rule.headings)
    assert all(heading_key(h) not in {heading_key(c) for r in rule.headings for c in r} for h in OPTIONAL[language])


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("way", ["filled", "short", "deleted"])
def test_optional_headings_are_never_asked_for(tmp_path: Path, language: str, way: str) -> None:
    root, about = _new(tmp_path, language)
    rng = random.Random(f"{language}-{way}")
    text = about.read_text(encoding="utf-8")
    first_optional = text.index(f"## {OPTIONAL[language][0]}")
    required, optional = text[:first_optional], text[first_optional:]
    required = PROMPT.sub(lambda _: _sentence(rng), required)
    optional = {
        "filled": PROMPT.sub(lambda _: _sentence(rng), optional),
        "short": PROMPT.sub(lambda _: rng.choice(WORDS), optional),  # a word or two is the student's choice
        "deleted": "",
    }[way]
    about.write_text(required + optional, encoding="utf-8")
    assert [f for f in _about_me_findings(root) if f[0] in ABOUT_ME_CODES] == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_optional_prompt_left_in_place_is_a_prompt_to_replace(tmp_path: Path, language: str) -> None:
    """A prompt left under an optional heading would be published as it is, so check says so, as for any prompt."""
    root, about = _new(tmp_path, language)
    text = about.read_text(encoding="utf-8")
    first_optional = text.index(f"## {OPTIONAL[language][0]}")
    rng = random.Random(language)
    about.write_text(PROMPT.sub(lambda _: _sentence(rng), text[:first_optional]) + text[first_optional:], encoding="utf-8")
    found = _about_me_findings(root)
    assert [code for code, _ in found] == ["PLP208", "PLP208"]
    lines = about.read_text(encoding="utf-8").split("\n")
    assert all(PROMPT.fullmatch(lines[line - 1]) for _, line in found)
