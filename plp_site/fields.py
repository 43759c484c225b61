"""The fields of student.yml and of each page's front matter: one definition used by the loader to read
and check them and by `plp schema` to write JSON Schemas, so the two cannot disagree."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from plp_site.codes import finding
from plp_site.diagnostics import Finding
from plp_site.display import clip
from plp_site.frontmatter import Value
from plp_site.i18n import is_language_code
from plp_site.model import AREAS, STATUSES, SourceLocation
from plp_site.suggest import did_you_mean

__all__ = [
    "CONFERENCE_FIELDS",
    "EVIDENCE_FIELDS",
    "FIELDS_BY_KIND",
    "GOAL_FIELDS",
    "PAGE_FIELDS",
    "REFLECTION_FIELDS",
    "STUDENT_FIELDS",
    "FieldSpec",
    "read_fields",
]


@dataclass(frozen=True)
class FieldSpec:
    """One field: its name, kind of value, whether it is required, and what it means."""

    name: str
    kind: str
    """text, integer, date, boolean, choice, list or language (a language code like es)."""
    description: str
    required: bool = False
    choices: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    example: object = None


_TITLE = FieldSpec("title", "text", "The page title.", example="My first robot")
_SKILLS = FieldSpec("skills", "list", "Ids of the transferable skills this shows.", example=["communication"])
_CONFERENCE = FieldSpec("conference", "boolean", "Show this at the student-led conference.", example=True)
# Keys MkDocs or mkdocs-material read themselves; allowed without a warning.
_THEME_KEYS = frozenset({"description", "hide", "search"})

STUDENT_FIELDS = (
    FieldSpec("name", "text", "The student's name as the family knows it.", required=True, example="Jordan Lee"),
    FieldSpec("grade", "integer", "Current grade.", required=True, minimum=5, maximum=12, example=9),
    FieldSpec("graduation_year", "integer", "Year of graduation.", minimum=2000, maximum=2100, example=2030),
    FieldSpec("advisor", "text", "The student's advisor.", example="Mr. Okafor"),
    FieldSpec("pronouns", "text", "The student's pronouns.", example="they/them"),
    FieldSpec("language", "language", "Language of the site's interface for the family, e.g. es.", example="es"),
    FieldSpec(
        "writing_language",
        "language",
        "Language the student writes in, when it differs from `language`, e.g. en.",
        example="en",
    ),
    FieldSpec("photo", "text", "A photo of the student, relative to the folder.", example="photo.jpg"),
    FieldSpec("last_conference", "date", "Date of the last student-led conference.", example="2026-04-15"),
)
PAGE_FIELDS = (_TITLE,)
GOAL_FIELDS = (
    FieldSpec("title", "text", "The goal in a few words.", required=True, example="Build a robot arm"),
    FieldSpec("area", "choice", "What kind of goal it is.", required=True, choices=AREAS, example="academic"),
    FieldSpec("status", "choice", "How far along it is.", required=True, choices=STATUSES, example="in-progress"),
    FieldSpec("target", "date", "When you want to reach it.", example="2027-06-01"),
    _SKILLS,
    FieldSpec(
        "agreed_at",
        "date",
        "The date of the conference where you agreed on this goal (a record in conferences/).",
        example="2026-04-02",
    ),
    FieldSpec("set", "date", "The day you set this goal.", example="2025-09-15"),
    FieldSpec("met", "date", "The day you met this goal (with `status: met`).", example="2026-05-20"),
)
REFLECTION_FIELDS = (
    FieldSpec("date", "date", "The day you wrote it.", required=True, example="2026-10-03"),
    _TITLE,
    _SKILLS,
    FieldSpec("goal", "text", "The file name (without .md) of the goal this is about.", example="robot-arm"),
    _CONFERENCE,
)
EVIDENCE_FIELDS = (
    FieldSpec("title", "text", "What this evidence is.", required=True, example="Robot arm prototype"),
    FieldSpec("date", "date", "When you made it.", example="2026-10-03"),
    FieldSpec("skills", "list", "Ids of the skills it shows (at least one).", required=True, example=["problem-solving"]),
    FieldSpec("goal", "text", "The file name (without .md) of the goal this is evidence for.", example="robot-arm"),
    _CONFERENCE,
)
CONFERENCE_FIELDS = (
    FieldSpec("date", "date", "The day of the conference: the date in the file name.", required=True, example="2026-04-02"),
    FieldSpec("attendees", "list", "Who was there, in your own words.", example=["student", "mother", "advisor"]),
    FieldSpec(
        "language",
        "language",
        "The language the conversation was in, and your family's words are written in, e.g. ar.",
        example="ar",
    ),
)
FIELDS_BY_KIND: dict[str, tuple[FieldSpec, ...]] = {
    "student": STUDENT_FIELDS,
    "page": PAGE_FIELDS,
    "goal": GOAL_FIELDS,
    "reflection": REFLECTION_FIELDS,
    "evidence": EVIDENCE_FIELDS,
    "conference": CONFERENCE_FIELDS,
}

Locate = Callable[[int, int], SourceLocation]


def read_fields(
    specs: tuple[FieldSpec, ...], fields: dict[str, Value], locate: Locate, key_lines: dict[str, int] | None = None
) -> tuple[dict[str, object], list[Finding]]:
    """Check and convert fields against their specs; return good values by name and the findings."""
    values: dict[str, object] = {}
    findings: list[Finding] = []
    known = {spec.name: spec for spec in specs}
    for spec in specs:
        if spec.name in fields:
            value, problem = _convert(spec, fields[spec.name], locate)
            if problem is None:
                values[spec.name] = value
            else:
                findings.append(problem)
        elif spec.required:
            findings.append(_missing(spec, locate))
    for name in fields.keys() - known.keys() - _THEME_KEYS:
        line = (key_lines or {}).get(name, fields[name].line)
        findings.append(_unknown(name, known, locate(line, 1)))
    return values, findings


def _missing(spec: FieldSpec, locate: Locate) -> Finding:
    example = _example_text(spec)
    return finding("PLP101", locate(1, 1), f"'{spec.name}' is missing", f"add a line `{spec.name}: {example}`")


def _unknown(name: str, known: dict[str, FieldSpec], where: SourceLocation) -> Finding:
    close = did_you_mean(name, known)
    hint = f"did you mean '{close}'?" if close else f"the fields here are: {', '.join(known)}"
    return finding("PLP105", where, f"'{clip(name)}' is not a field plp-site knows; it is ignored", hint)


def _example_text(spec: FieldSpec) -> str:
    if isinstance(spec.example, list):
        return "[" + ", ".join(str(item) for item in spec.example) + "]"
    if isinstance(spec.example, bool):
        return "true" if spec.example else "false"
    return str(spec.example)


def _shown(value: Value) -> str:
    return f'"{clip(value.text)}"' if value.text else "a list or a block"


def _convert(spec: FieldSpec, value: Value, locate: Locate) -> tuple[object, Finding | None]:
    where = locate(value.line, value.column)
    converter = _CONVERTERS[spec.kind]
    return converter(spec, value, where)


def _text(spec: FieldSpec, value: Value, where: SourceLocation) -> tuple[object, Finding | None]:
    raw = value.value
    if isinstance(raw, str | int | float) and not isinstance(raw, bool) and str(raw).strip():
        return str(raw).strip(), None
    if isinstance(raw, dt.date):
        return value.text, None
    return None, finding(
        "PLP102",
        where,
        f"'{spec.name}' must be text, got {_shown(value) if raw else 'nothing'}",
        f"write it on one line: `{spec.name}: {_example_text(spec)}`",
    )


def _integer(spec: FieldSpec, value: Value, where: SourceLocation) -> tuple[object, Finding | None]:
    raw = value.value
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)  # `grade: 9.0` is grade 9, as JSON Schema (and editors) see it too
    if not isinstance(raw, int) or isinstance(raw, bool):
        return None, finding(
            "PLP102",
            where,
            f"'{spec.name}' must be a whole number like {spec.example}, got {_shown(value)}",
            f"write digits only: `{spec.name}: {spec.example}`",
        )
    low = spec.minimum if spec.minimum is not None else raw
    high = spec.maximum if spec.maximum is not None else raw
    if not low <= raw <= high:
        return None, finding(
            "PLP104",
            where,
            f"'{spec.name}' must be from {low} to {high}, got {clip(str(raw))}",
            f"use a number from {low} to {high}",
        )
    return raw, None


def _date(spec: FieldSpec, value: Value, where: SourceLocation) -> tuple[object, Finding | None]:
    raw = value.value
    if isinstance(raw, dt.datetime):
        return raw.date(), None
    if isinstance(raw, dt.date):
        return raw, None
    if isinstance(raw, str):
        # `date: "2026-10-03"` in quotes is still the date the student meant.
        try:
            return dt.date.fromisoformat(raw.strip()), None
        except ValueError:
            pass
    return None, finding(
        "PLP103",
        where,
        f"'{spec.name}' must be a date like {spec.example}, got {_shown(value)}",
        "write the date as YEAR-MONTH-DAY, with a zero before one-digit months and days",
    )


def _boolean(spec: FieldSpec, value: Value, where: SourceLocation) -> tuple[object, Finding | None]:
    if isinstance(value.value, bool):
        return value.value, None
    return None, finding(
        "PLP102",
        where,
        f"'{spec.name}' must be true or false, got {_shown(value)}",
        f"write `{spec.name}: true` or `{spec.name}: false`",
    )


def _choice(spec: FieldSpec, value: Value, where: SourceLocation) -> tuple[object, Finding | None]:
    raw = value.value
    if isinstance(raw, str) and raw in spec.choices:
        return raw, None
    close = did_you_mean(raw.strip(), spec.choices) if isinstance(raw, str) else None
    hint = f"did you mean '{close}'?" if close else f"write one of: {', '.join(spec.choices)}"
    return None, finding("PLP104", where, f"'{spec.name}' must be one of {', '.join(spec.choices)}, got {_shown(value)}", hint)


def _list(spec: FieldSpec, value: Value, where: SourceLocation) -> tuple[object, Finding | None]:
    raw = value.value
    if raw is None:
        return (), None
    if isinstance(raw, str):
        # A forgiving reading of `skills: communication, self-direction`.
        return tuple(part.strip() for part in raw.split(",") if part.strip()), None
    if isinstance(raw, list) and all(isinstance(item, str) for item in raw):
        return tuple(item.strip() for item in raw), None
    return None, finding(
        "PLP102",
        where,
        f"'{spec.name}' must be a list of names, got {_shown(value)}",
        f"write it like `{spec.name}: {_example_text(spec)}`",
    )


def _language(spec: FieldSpec, value: Value, where: SourceLocation) -> tuple[object, Finding | None]:
    raw = value.value
    if is_language_code(raw):
        return raw, None
    # `EN` or `pt_BR`: the code the student meant, written the usual way.
    first, *rest = raw.strip().replace("_", "-").split("-") if isinstance(raw, str) else [""]
    usual = "-".join([first.lower(), *rest])
    hint = (
        f"write `{spec.name}: {usual}`"
        if is_language_code(usual)
        else f"write the short code of the language, e.g. `{spec.name}: es` for Spanish or `{spec.name}: en` for English"
    )
    return None, finding(
        "PLP106",
        where,
        f"'{spec.name}' must be a language code like {spec.example}, got {'nothing' if raw in (None, '') else _shown(value)}",
        hint,
    )


_CONVERTERS = {
    "text": _text,
    "integer": _integer,
    "date": _date,
    "boolean": _boolean,
    "choice": _choice,
    "list": _list,
    "language": _language,
}
