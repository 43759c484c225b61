"""plp-site's own interface words (page titles, status names...) in each language, with English as fallback.

Each language is a YAML file in plp_site/translations/ (`<code>.yml`); a school adds or overrides words
with the plugin option `translations:` in mkdocs.yml. Dates are written with Babel in the same language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml
from babel import Locale, UnknownLocaleError
from babel.dates import format_date

__all__ = ["Labels", "available_languages", "labels_for"]

FALLBACK = "en"
# Languages mkdocs-material writes right to left; for others it says left to right.
RIGHT_TO_LEFT = frozenset({"ar", "fa", "he", "ur", "ku-IQ"})


@cache
def _shipped(language: str) -> Mapping[str, str]:
    resource = resources.files("plp_site") / "translations" / f"{language}.yml"
    if not resource.is_file():
        return {}
    data = yaml.safe_load(resource.read_text(encoding="utf-8")) or {}
    return {str(key): str(value) for key, value in data.items()}


def available_languages() -> list[str]:
    """The language codes plp-site ships its own words for."""
    folder = resources.files("plp_site") / "translations"
    return sorted(item.name.removesuffix(".yml") for item in folder.iterdir() if item.name.endswith(".yml"))


@dataclass(frozen=True)
class Labels:
    """The words of one language; unknown keys fall back to English, then to the key itself."""

    language: str
    words: Mapping[str, str]

    def __call__(self, key: str, **values: object) -> str:
        """The word for key, with {placeholders} filled in."""
        text = self.words.get(key) or _shipped(FALLBACK).get(key) or key
        return text.format(**values) if values else text

    @property
    def direction(self) -> str:
        """`rtl` for right-to-left languages, else `ltr`."""
        return "rtl" if self.language in RIGHT_TO_LEFT else "ltr"

    def date(self, value: dt.date) -> str:
        """A date written the way this language writes it (e.g. 3 de octubre de 2026)."""
        try:
            return format_date(value, format="long", locale=Locale.parse(self.language.replace("-", "_")))
        except (UnknownLocaleError, ValueError):
            return format_date(value, format="long", locale="en")


def labels_for(language: str | None, school_words: Mapping[str, Mapping[str, str]] | None = None) -> Labels:
    """The labels for a language: shipped words, overridden by the school's own."""
    code = language or FALLBACK
    words = dict(_shipped(code))
    words.update((school_words or {}).get(code, {}))
    return Labels(code, words)
