"""plp-site's own interface words (no browser): every shipped language has every word, and unknown languages get
English."""

from __future__ import annotations

import datetime as dt
import re
from importlib import resources

import pytest
import yaml

from plp_site.i18n import available_languages, labels_for

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _shipped(language: str) -> dict[str, str]:
    text = (resources.files("plp_site") / "translations" / f"{language}.yml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert isinstance(data, dict), f"translations/{language}.yml is not a mapping"
    return {str(key): str(value) for key, value in data.items()}


def test_unknown_language_falls_back_to_english() -> None:
    labels = labels_for("xx-unknown")
    english = _shipped("en")
    assert labels("home") == english["home"] == "Home"
    assert labels("grade", grade=7) == "Grade 7"
    assert labels.direction == "ltr"
    assert labels.date(dt.date(2026, 10, 3)) == "October 3, 2026"


def test_no_language_means_english() -> None:
    assert labels_for(None)("conference") == "Conference"


@pytest.mark.parametrize("language", [code for code in available_languages() if code != "en"])
def test_translation_has_the_same_words_as_english(language: str) -> None:
    english, translated = _shipped("en"), _shipped(language)
    missing, extra = sorted(english.keys() - translated.keys()), sorted(translated.keys() - english.keys())
    assert not missing, f"translations/{language}.yml lacks words that en.yml has: {missing}"
    assert not extra, f"translations/{language}.yml has words that en.yml lacks: {extra}"
    wrong = {
        key: text
        for key, text in translated.items()
        if set(_PLACEHOLDER.findall(text)) != set(_PLACEHOLDER.findall(english[key])) or not text.strip()
    }
    assert not wrong, f"translations/{language}.yml: empty or with other {{placeholders}} than en.yml: {wrong}"


def test_demo_languages_are_shipped() -> None:
    assert {"en", "es", "ar", "ne"} <= set(available_languages())
