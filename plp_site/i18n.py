"""plp-site's own interface words (page titles, status names...) in each language, with English as fallback.

Each language is a YAML file in plp_site/translations/ (`<code>.yml`); a school adds or overrides words
with the plugin option `translations:` in mkdocs.yml. Dates are written with Babel in the same language.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable

import yaml
from babel import Locale, UnknownLocaleError
from babel.dates import format_date

__all__ = [
    "LANGUAGE_CODE",
    "LONGEST_LANGUAGE_CODE",
    "Labels",
    "available_languages",
    "interface_language",
    "is_language_code",
    "known_languages",
    "labels_for",
]

FALLBACK = "en"
# Languages mkdocs-material writes right to left; for others it says left to right.
RIGHT_TO_LEFT = frozenset({"ar", "fa", "he", "ur", "ku-IQ"})
LANGUAGE_CODE = r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$"
"""What a language code looks like (BCP 47 shaped: es, pt-BR, zh-Hant): never a path, never markup."""
_LANGUAGE_CODE = re.compile(LANGUAGE_CODE.removeprefix("^").removesuffix("$"))
LONGEST_LANGUAGE_CODE = 35
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def is_language_code(text: object) -> bool:
    """Whether text has the shape of a language code like es or pt-BR."""
    return isinstance(text, str) and len(text) <= LONGEST_LANGUAGE_CODE and _LANGUAGE_CODE.fullmatch(text) is not None


@cache
def _translation_files() -> dict[str, Traversable]:
    # The files are looked up by the names they have: a language never becomes part of a path.
    folder = resources.files("plp_site") / "translations"
    return {
        item.name.removesuffix(".yml"): item
        for item in folder.iterdir()
        if item.name.endswith(".yml") and is_language_code(item.name.removesuffix(".yml"))
    }


@cache
def _shipped(language: str) -> Mapping[str, str]:
    resource = _translation_files().get(language)
    if resource is None:
        return {}
    # plp-site's own files: read with libyaml when it is there (many times faster than the pure-Python reader).
    data = yaml.load(resource.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}  # noqa: S506
    return {str(key): str(value) for key, value in data.items()}


def available_languages() -> list[str]:
    """The language codes plp-site ships its own words for."""
    return sorted(_translation_files())


def known_languages(school_words: Mapping[str, object] | None = None) -> list[str]:
    """The languages a site can speak: plp-site's own and those the school wrote words for in `translations:`."""
    return sorted(set(_translation_files()) | {code for code in school_words or {} if is_language_code(code)})


def interface_language(*choices: str | None, school_words: Mapping[str, object] | None = None) -> str:
    """The first of the choices (the student's, then the school's) that is a known language, else English."""
    known = set(known_languages(school_words))
    return next((code for code in choices if code in known), FALLBACK)


@dataclass(frozen=True)
class Labels:
    """The words of one language; unknown keys fall back to English, then to the key itself."""

    language: str
    words: Mapping[str, str]

    def __call__(self, key: str, **values: object) -> str:
        """The word for key, with {placeholders} filled in."""
        text = self.words.get(key) or _shipped(FALLBACK).get(key) or key
        # Only `{name}` placeholders are filled: a school's words are text, never a format program.
        return _PLACEHOLDER.sub(lambda match: str(values.get(match.group(1), match.group(0))), text)

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
    """The labels for a language: shipped words, overridden by the school's own (English for an unknown one)."""
    code = interface_language(language, school_words=school_words)
    words = dict(_shipped(code))
    words.update((school_words or {}).get(code, {}))
    return Labels(code, words)
