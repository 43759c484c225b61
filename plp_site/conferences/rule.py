"""The school's headings for a conference record (`conference_record:` in mkdocs.yml) and their defaults."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DEFAULT_RECORD_RULE", "RecordRule"]

# Each heading with its accepted spellings: English, then those of plp's own es, fr, ne, ar and sw templates (in
# that order in each, so a hint can name a missing heading in the language of those written), then others.
_SHARED = (
    "What I shared",
    "Lo que compartí",
    "Ce que j'ai partagé",
    "मैले साझा गरेका कुराहरू",
    "ما شاركته",
    "Nilichoshiriki",
)
_FAMILY = (
    "What my family said",
    "Lo que dijo mi familia",
    "Ce que ma famille a dit",
    "मेरो परिवारले भनेका कुराहरू",
    "ما قالته عائلتي",
    "Familia yangu ilichosema",
)
_NEXT = (
    "Next steps we agreed",
    "Los próximos pasos que acordamos",
    "Les prochaines étapes convenues",
    "हामीले तय गरेका अबका कदमहरू",
    "الخطوات التالية التي اتفقنا عليها",
    "Hatua zinazofuata tulizokubaliana",
    "Próximos pasos que acordamos",
)


@dataclass(frozen=True)
class RecordRule:
    """The headings a conference record must have (each a tuple of accepted spellings), and which of them holds
    the family's own words and which the next steps agreed (1 = the first heading)."""

    headings: tuple[tuple[str, ...], ...] = (_SHARED, _FAMILY, _NEXT)
    family_words: int = 2
    next_steps: int = 3

    @property
    def family_index(self) -> int:
        """The family's words' heading as an index into `headings`."""
        return self.family_words - 1

    @property
    def next_steps_index(self) -> int:
        """The agreed next steps' heading as an index into `headings`."""
        return self.next_steps - 1


DEFAULT_RECORD_RULE = RecordRule()
