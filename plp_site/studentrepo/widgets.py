"""Each field of plp's front matter and student.yml as a Decap CMS widget: dates as date pickers, choices and
skills as selects, the goal chosen among the student's goals, the student's photo as an upload."""

from __future__ import annotations

from collections.abc import Callable

from babel import Locale, UnknownLocaleError

from plp_site.fields import FieldSpec
from plp_site.i18n import LANGUAGE_CODE, Labels, known_languages
from plp_site.requirements import Requirements

__all__ = ["decap_widget"]

Widget = dict[str, object]


def decap_widget(spec: FieldSpec, kind: str, requirements: Requirements, labels: Labels) -> Widget:
    """The widget and its settings for one field of a kind of page (plp_site.fields.FIELDS_BY_KIND)."""
    special = _BY_NAME.get((kind, spec.name)) or _BY_NAME.get(("", spec.name))
    if special is not None and special[0] == spec.kind:
        return special[1](spec, requirements, labels)
    return _BY_KIND.get(spec.kind, _string)(spec, requirements, labels)


def _string(spec: FieldSpec, requirements: Requirements, labels: Labels) -> Widget:
    return {"widget": "string"}


def _goal(spec: FieldSpec, requirements: Requirements, labels: Labels) -> Widget:
    # A goal's file name without .md, chosen from the student's goals by title.
    titles = ["title"]
    return {
        "widget": "relation",
        "collection": "goals",
        "value_field": "{{slug}}",
        "search_fields": titles,
        "display_fields": titles,
    }


def _photo(spec: FieldSpec, requirements: Requirements, labels: Labels) -> Widget:
    return {"widget": "image", "choose_url": False}


def _integer(spec: FieldSpec, requirements: Requirements, labels: Labels) -> Widget:
    bounds = {"min": spec.minimum, "max": spec.maximum}
    return {"widget": "number", "value_type": "int", **{key: value for key, value in bounds.items() if value is not None}}


def _date(spec: FieldSpec, requirements: Requirements, labels: Labels) -> Widget:
    # A day only, written YEAR-MONTH-DAY as plp check reads it; a required date starts as today.
    day: Widget = {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "YYYY-MM-DD", "time_format": False}
    return {**day, "default": "{{now}}"} if spec.required else day


def _boolean(spec: FieldSpec, requirements: Requirements, labels: Labels) -> Widget:
    return {"widget": "boolean", "default": False}


def _choice(spec: FieldSpec, requirements: Requirements, labels: Labels) -> Widget:
    return {
        "widget": "select",
        "options": [{"label": labels(f"{spec.name}.{choice}"), "value": choice} for choice in spec.choices],
    }


def _skills(spec: FieldSpec, requirements: Requirements, labels: Labels) -> Widget:
    # The school's framework, each skill named in the template's language where the school gave that name.
    options = [
        {"label": skill.name_in(labels.language, requirements.language)[0], "value": skill.id} for skill in requirements.skills
    ]
    return {"widget": "select", "multiple": True, "options": options, **({"min": 1} if spec.required else {})}


def _list(spec: FieldSpec, requirements: Requirements, labels: Labels) -> Widget:
    return {"widget": "list"}


def _site_language(spec: FieldSpec, requirements: Requirements, labels: Labels) -> Widget:
    # The family's interface language must be one the site has words for (PLP107).
    codes = known_languages(requirements.translations)
    return {"widget": "select", "options": [{"label": _language_name(code), "value": code} for code in codes]}


def _language_code(spec: FieldSpec, requirements: Requirements, labels: Labels) -> Widget:
    return {"widget": "string", "pattern": [LANGUAGE_CODE, labels("editor.language_code")]}


def _language_name(code: str) -> str:
    """A language's name in itself (español, नेपाली), as a family looks for it, with its code."""
    try:
        name = Locale.parse(code.replace("-", "_")).get_display_name(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return code
    return f"{name[:1].upper()}{name[1:]} ({code})" if name else code


_Make = Callable[[FieldSpec, Requirements, Labels], Widget]
# Fields with a widget of their own, by (kind of page, field name) and the kind of value they must have; "" is any kind.
_BY_NAME: dict[tuple[str, str], tuple[str, _Make]] = {
    ("", "goal"): ("text", _goal),
    ("", "skills"): ("list", _skills),
    ("student", "photo"): ("text", _photo),
    ("student", "language"): ("language", _site_language),
}
_BY_KIND: dict[str, _Make] = {
    "text": _string,
    "integer": _integer,
    "date": _date,
    "boolean": _boolean,
    "choice": _choice,
    "list": _list,
    "language": _language_code,
}
