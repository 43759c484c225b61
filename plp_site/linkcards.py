"""The words of a family link card on the staff print sheet, in the family's own language: what the link is, and
that it is the family's alone."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from plp_site.i18n import Labels, interface_language, labels_for
from plp_site.requirements import Requirements

__all__ = ["CardWords", "card_words"]

_NAME = "\x00"
"""Stands for the name while a sentence is escaped: no translation holds this character."""


@dataclass(frozen=True)
class CardWords:
    """One card's language, direction and words; `private` is HTML (escaped), the others plain text."""

    language: str
    direction: str
    private: Markup
    open: str
    qr_alt: str


def _with_name(labels: Labels, key: str, name: str) -> Markup:
    # The name keeps its own direction inside the sentence (a Latin name in Arabic text, or the reverse).
    first, *others = labels(key, name=_NAME).split(_NAME)
    sentence = Markup.escape(first)
    for part in others:
        sentence += Markup("<bdi>{}</bdi>").format(name) + part  # Markup escapes what is added to it
    return sentence


def card_words(name: str, language: str | None, requirements: Requirements) -> CardWords:
    """The card of a student whose family reads `language` (the school's language when it is unknown)."""
    code = interface_language(language, requirements.language, school_words=requirements.translations)
    labels = labels_for(code, requirements.translations)
    return CardWords(
        language=labels.language,
        direction=labels.direction,
        private=_with_name(labels, "family_card_private", name),
        open=labels("family_card_open"),
        qr_alt=labels("family_card_qr", name=name),
    )
