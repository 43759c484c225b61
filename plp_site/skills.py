"""The skills of a school's framework, each with its name in one or more languages."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["VERMONT_SKILLS", "Skill"]

_ENGLISH = "en"


@dataclass(frozen=True)
class Skill:
    """One transferable skill of the school's framework.

    `name` is the name shown when no other language is known: the English one when the school gave names per
    language, else the text the school wrote. `names` holds the names per language, as (code, name) pairs.
    """

    id: str
    name: str
    names: tuple[tuple[str, str], ...] = ()

    def name_in(self, language: str, school_language: str) -> tuple[str, str]:
        """The name to show in a language and the language it is written in: the translation, else English,
        else the school's language, else the first name given (a name of plain text is in the school's language)."""
        if not self.names:
            return self.name, school_language
        given = dict(self.names)
        for code in (language, _ENGLISH, school_language):
            if code in given:
                return given[code], code
        return self.names[0][1], self.names[0][0]


def _skill(skill_id: str, **names: str) -> Skill:
    return Skill(skill_id, names[_ENGLISH], tuple(names.items()))


# Vermont's sample transferable skills, named in every language plp-site ships its own words for.
VERMONT_SKILLS = (
    _skill(
        "communication",
        en="Clear and Effective Communication",
        es="Comunicación clara y eficaz",
        fr="Communication claire et efficace",
        ne="स्पष्ट र प्रभावकारी सञ्चार",
        ar="التواصل الواضح والفعّال",
        sw="Mawasiliano ya wazi na yenye ufanisi",
    ),
    _skill(
        "self-direction",
        en="Self-Direction",
        es="Autodirección",
        fr="Autonomie",
        ne="आत्मनिर्देशन",
        ar="التوجيه الذاتي",
        sw="Kujiongoza",
    ),
    _skill(
        "problem-solving",
        en="Creative and Practical Problem Solving",
        es="Resolución creativa y práctica de problemas",
        fr="Résolution créative et pratique de problèmes",
        ne="सिर्जनात्मक र व्यावहारिक समस्या समाधान",
        ar="حل المشكلات بطريقة إبداعية وعملية",
        sw="Kutatua matatizo kwa ubunifu na kwa vitendo",
    ),
    _skill(
        "citizenship",
        en="Responsible and Involved Citizenship",
        es="Ciudadanía responsable y comprometida",
        fr="Citoyenneté responsable et engagée",
        ne="जिम्मेवार र सक्रिय नागरिकता",
        ar="المواطنة المسؤولة والفاعلة",
        sw="Uraia wenye uwajibikaji na ushiriki",
    ),
    _skill(
        "integrative-thinking",
        en="Informed and Integrative Thinking",
        es="Pensamiento informado e integrador",
        fr="Pensée éclairée et intégrative",
        ne="जानकारीमूलक र एकीकृत सोच",
        ar="التفكير المستنير والتكاملي",
        sw="Fikra zenye taarifa na zinazounganisha",
    ),
)
