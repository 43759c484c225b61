"""The language of a conference record in words and direction, from Babel's (CLDR's) list of languages."""

from __future__ import annotations

from functools import cache

from babel import Locale, UnknownLocaleError

from plp_site.i18n import RIGHT_TO_LEFT, is_language_code

__all__ = ["direction", "is_known_language", "language_name"]


@cache
def _names() -> dict[str, str]:
    """Every language CLDR has a name for, by code, in English."""
    return dict(Locale.parse("en").languages)


def _primary(code: str) -> str:
    """The language part of a code: es of es-MX."""
    return code.split("-", maxsplit=1)[0]


def _locale(code: str) -> Locale | None:
    try:
        return Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        try:
            return Locale.parse(_primary(code))
        except (UnknownLocaleError, ValueError):
            return None


def is_known_language(code: str) -> bool:
    """Whether a language code names a language (its first part is one of CLDR's languages, e.g. es, ne, pt-BR)."""
    return is_language_code(code) and _primary(code).lower() in _names()


def direction(code: str) -> str | None:
    """`rtl` or `ltr` for a known language; None when the direction is not known (let the browser find it)."""
    if code in RIGHT_TO_LEFT or _primary(code) in RIGHT_TO_LEFT:
        return "rtl"
    locale = _locale(code) if is_known_language(code) else None
    if locale is None:
        return None
    return "rtl" if locale.character_order == "right-to-left" else "ltr"


def language_name(code: str, interface: str) -> str:
    """The language's name in the interface's language (árabe, Arabic, العربية); the code itself when unknown."""
    shown_in = _locale(interface) or Locale.parse("en")
    language = _locale(code) if is_known_language(code) else None
    if language is not None:
        name = language.get_display_name(shown_in)
        if name:
            return name
    return str(shown_in.languages.get(_primary(code), code))
