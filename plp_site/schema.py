"""JSON Schemas for student.yml and each page's front matter, written from the same field definitions the
validator uses (plp_site.fields), so editors and `plp check` agree."""

from __future__ import annotations

import json
from pathlib import Path

from plp_site.fields import FIELDS_BY_KIND, FieldSpec
from plp_site.i18n import LANGUAGE_CODE, LONGEST_LANGUAGE_CODE
from plp_site.requirements import Requirements

__all__ = ["SCHEMA_FILES", "schema_for", "write_schemas"]

SCHEMA_FILES = {kind: f"plp-{kind}.schema.json" for kind in FIELDS_BY_KIND}
# A day, optionally with a time (the checker keeps the day), as editors show YAML dates: text.
_DATE = {
    "type": "string",
    "pattern": r"^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])"
    r"(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$",
}


def _property(spec: FieldSpec, requirements: Requirements) -> dict[str, object]:
    described: dict[str, object] = {"description": spec.description}
    if spec.kind == "text":
        described.update(type=["string", "number"], pattern=r"\S")
    elif spec.kind == "integer":
        described["type"] = "integer"
        if spec.minimum is not None:
            described["minimum"] = spec.minimum
        if spec.maximum is not None:
            described["maximum"] = spec.maximum
    elif spec.kind == "date":
        described.update(_DATE)
    elif spec.kind == "boolean":
        described["type"] = "boolean"
    elif spec.kind == "language":
        described.update(type="string", pattern=LANGUAGE_CODE, maxLength=LONGEST_LANGUAGE_CODE)
    elif spec.kind == "choice":
        described.update(type="string", enum=list(spec.choices))
    elif spec.kind == "list":
        items = {"type": "string", "enum": list(requirements.skill_ids)} if spec.name == "skills" else {"type": "string"}
        # A list, or (as the checker reads it) names separated by commas; empty means none unless required.
        choices: list[dict[str, object]] = [
            {"type": "array", "items": items, **({"minItems": 1} if spec.required else {})},
            {"type": "string", "pattern": r"\S"},
        ]
        if not spec.required:
            choices.append({"type": "null"})
        described["anyOf"] = choices
    if spec.example is not None:
        described["examples"] = [spec.example]
    return described


def schema_for(kind: str, requirements: Requirements) -> dict[str, object]:
    """The JSON Schema (draft 2020-12) of one kind: student, page, goal, reflection or evidence."""
    specs = FIELDS_BY_KIND[kind]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"plp-site {kind}" + (" (student.yml)" if kind == "student" else " front matter"),
        "type": "object",
        "properties": {spec.name: _property(spec, requirements) for spec in specs},
        "required": [spec.name for spec in specs if spec.required],
    }


def write_schemas(out: Path, requirements: Requirements) -> list[Path]:
    """Write one schema file per kind into out; returns the paths."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for kind, name in SCHEMA_FILES.items():
        path = out / name
        path.write_text(json.dumps(schema_for(kind, requirements), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(path)
    return written
