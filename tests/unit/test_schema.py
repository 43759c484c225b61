"""`plp schema`: the JSON Schemas it writes, and that they agree with the validator (plp_site.fields.read_fields).

The agreement is checked on a table of student.yml and front matter examples: a value is valid for the schema
exactly when read_fields reports no error about it. Values are read the way the loader reads them
(plp_site.frontmatter), and YAML dates become ISO text first, as an editor sees them.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import EVIDENCE, make_school, run_plp, valid_student

from plp_site.fields import FIELDS_BY_KIND, read_fields
from plp_site.frontmatter import parse_yaml_mapping
from plp_site.model import SourceLocation
from plp_site.schema import SCHEMA_FILES

KINDS = ("student", "page", "goal", "reflection", "evidence", "conference")
CUSTOM_SKILLS = """\
skills:
  - id: teamwork
    name: Teamwork
  - id: curiosity
    name: Curiosity
"""


@pytest.fixture(scope="module")
def schemas(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """The schemas `plp schema --out` writes for a school with the default requirements, by kind."""
    root = make_school(tmp_path_factory.mktemp("schema"), {})
    out = root / "editor-schemas"
    code, stdout, stderr = run_plp("schema", "--root", root, "--out", out)
    assert (code, stderr) == (0, ""), stderr
    assert stdout == "".join(f"wrote {out / name}\n" for name in SCHEMA_FILES.values())
    return {kind: json.loads((out / name).read_text(encoding="utf-8")) for kind, name in SCHEMA_FILES.items()}


def _iso(value: object) -> object:
    """A YAML value as JSON sees it: dates (and times) become ISO text, as in an editor."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [_iso(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _iso(item) for key, item in value.items()}
    return value


def schema_accepts(schema: dict[str, Any], text: str) -> bool:
    """Whether the YAML text (read as the loader reads it) is valid for the schema, formats included."""
    fields, problems, _ = parse_yaml_mapping(text)
    assert problems == (), "the examples are valid YAML; YAML syntax is not what the schemas are about"
    instance = {name: _iso(value.value) for name, value in fields.items()}
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    return not list(validator.iter_errors(instance))


def validator_accepts(kind: str, text: str) -> bool:
    """Whether read_fields reports no error (warnings, such as an unknown field, are fine)."""
    fields, _, key_lines = parse_yaml_mapping(text)
    _, found = read_fields(FIELDS_BY_KIND[kind], fields, lambda line, column: SourceLocation("x", line, column), key_lines)
    return not any(finding.is_error for finding in found)


# (kind, YAML text, valid?). Each row is a value students really write, or a mistake they really make.
AGREEING = [
    ("student", "name: Jordan Lee\ngrade: 9\n", True),
    (
        "student",
        "name: Jordan Lee\ngrade: 9\ngraduation_year: 2030\nadvisor: Mr. Okafor\npronouns: they/them\nlanguage: es\n"
        "writing_language: en\nphoto: photo.jpg\nlast_conference: 2026-05-02\n",
        True,
    ),
    ("student", "name: Jordan Lee\ngrade: 9\nlast_conference: '2026-05-02'\n", True),
    ("student", "name: Jordan Lee\ngrade: 9\nnickname: JJ\n", True),  # unknown: a warning only
    ("student", "name: 2026\ngrade: 5\n", True),
    ("student", "name: Jordan Lee\n", False),
    ("student", "grade: 9\n", False),
    ("student", "name: Jordan Lee\ngrade: ninth\n", False),
    ("student", "name: Jordan Lee\ngrade: '9'\n", False),
    ("student", "name: Jordan Lee\ngrade: true\n", False),
    ("student", "name: Jordan Lee\ngrade: 4\n", False),
    ("student", "name: Jordan Lee\ngrade: 13\n", False),
    ("student", "name: ''\ngrade: 9\n", False),
    ("student", "name:\ngrade: 9\n", False),
    ("student", "name: [Jordan, Lee]\ngrade: 9\n", False),
    ("student", "name: Jordan Lee\ngrade: 9\ngraduation_year: 1999\n", False),
    ("student", "name: Jordan Lee\ngrade: 9\nadvisor:\n", False),
    ("student", "name: Jordan Lee\ngrade: 9\nlast_conference: next week\n", False),
    ("student", "name: Jordan Lee\ngrade: 9\nlast_conference: 2026-13-45\n", False),
    ("student", "name: Jordan Lee\ngrade: 9\nlast_conference: 2026-5-2\n", False),
    ("student", "name: Jordan Lee\ngrade: 9\nlast_conference: 05/02/2026\n", False),
    ("page", "title: About me\n", True),
    ("page", "description: Who I am\nhide: [navigation]\n", True),  # MkDocs' own keys
    ("page", "title: [About, me]\n", False),
    ("goal", "title: Build a robot arm\narea: academic\nstatus: in-progress\n", True),
    ("goal", "title: Build a robot arm\narea: career\nstatus: met\ntarget: 2027-06-01\nskills: [communication]\n", True),
    ("goal", "title: Build a robot arm\narea: civic\nstatus: not-started\nskills: []\n", True),
    ("goal", "title: 'Robots: part 2'\narea: other\nstatus: met\n", True),
    ("goal", "area: academic\nstatus: met\n", False),
    ("goal", "title: Arm\nstatus: met\n", False),
    ("goal", "title: Arm\narea: academic\n", False),
    ("goal", "title: Arm\narea: academic\nstatus: finished\n", False),
    ("goal", "title: Arm\narea: academic\nstatus: in progress\n", False),
    ("goal", "title: Arm\narea: Academic\nstatus: met\n", False),
    ("goal", "title: Arm\narea: academic\nstatus: met\ntarget: next June\n", False),
    ("goal", "title: Arm\narea: academic\nstatus: met\nskills: [1, 2]\n", False),
    ("goal", "title: Arm\narea: academic\nstatus: met\nskills: {communication: true}\n", False),
    ("reflection", "date: 2026-10-03\n", True),
    (
        "reflection",
        "date: 2026-10-03\ntitle: Robots day\nskills: [self-direction, communication]\ngoal: robot-arm\nconference: true\n",
        True,
    ),
    ("reflection", "date: 2026-10-03\ntitle: 42\n", True),
    ("reflection", "date: 2026-10-03\nconference: false\n", True),
    ("reflection", "title: Robots day\n", False),
    ("reflection", "date: Oct 3rd\n", False),
    ("reflection", "date: 2026-10-3\n", False),
    ("reflection", "date: 2026-10-03\ntitle: true\n", False),
    ("reflection", "date: 2026-10-03\nconference: maybe\n", False),
    ("reflection", "date: 2026-10-03\nconference: 'true'\n", False),
    ("reflection", "date: 2026-10-03\ngoal: [robot-arm]\n", False),
    ("evidence", "title: Robot arm prototype\nskills: [problem-solving]\n", True),
    (
        "evidence",
        "title: Robot arm prototype\ndate: 2026-10-03\nskills: [problem-solving, communication]\ngoal: robot-arm\n"
        "conference: true\n",
        True,
    ),
    ("evidence", "skills: [problem-solving]\n", False),
    ("evidence", "title: Robot arm prototype\n", False),
    ("evidence", "title: Robot arm prototype\nskills: [problem-solving]\ndate: last Tuesday\n", False),
]

# Conference records (conferences/<YYYY-MM-DD>.md) and the conference a goal was agreed at.
AGREEING += [
    ("conference", "date: 2026-04-02\n", True),
    ("conference", "date: 2026-04-02\nattendees: [student, mother, advisor]\nlanguage: ar\n", True),
    ("conference", "date: 2026-04-02\nattendees: student, mother\nlanguage: pt-BR\n", True),
    ("conference", "date: 2026-04-02\nattendees:\n", True),
    ("conference", "attendees: [student]\n", False),
    ("conference", "date: April 2\n", False),
    ("conference", "date: 2026-04-02\nlanguage: Arabic\n", False),
    ("conference", "date: 2026-04-02\nlanguage: AR\n", False),
    ("conference", "date: 2026-04-02\nattendees: [1, 2]\n", False),
    ("goal", "title: Arm\narea: academic\nstatus: met\nagreed_at: 2026-04-02\n", True),
    ("goal", "title: Arm\narea: academic\nstatus: met\nagreed_at: spring\n", False),
]

# Rows where the schema and the validator once disagreed; both now read them the same way.
AGREEING += [
    ("student", "name: Jordan Lee\ngrade: 9.0\n", True),
    ("student", "name: '   '\ngrade: 9\n", False),
    ("reflection", "date: 2026-10-03 09:30:00\n", True),
    ("goal", "title: Arm\narea: academic\nstatus: met\nskills: communication, self-direction\n", True),
    ("goal", "title: Arm\narea: academic\nstatus: met\nskills:\n", True),
    ("goal", "title: Arm\narea: ' academic '\nstatus: met\n", False),
]


def test_plp_schema_writes_one_valid_schema_per_kind(schemas: dict[str, dict[str, Any]]) -> None:
    assert set(schemas) == set(KINDS)
    for kind, schema in schemas.items():
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert set(schema["properties"]) == {spec.name for spec in FIELDS_BY_KIND[kind]}
        assert schema["required"] == [spec.name for spec in FIELDS_BY_KIND[kind] if spec.required]
        assert all(prop["description"] for prop in schema["properties"].values())


def test_default_folder_is_dot_plp_schemas(tmp_path: Path) -> None:
    root = make_school(tmp_path, {})
    code, out, _ = run_plp("schema", "--root", root)
    assert code == 0
    folder = root.resolve() / ".plp" / "schemas"
    assert out.splitlines() == [f"wrote {folder / name}" for name in SCHEMA_FILES.values()]
    assert sorted(p.name for p in folder.iterdir()) == sorted(SCHEMA_FILES.values())


def test_skills_are_the_schools_own(tmp_path: Path) -> None:
    root = make_school(tmp_path, {}, CUSTOM_SKILLS)
    assert run_plp("schema", "--root", root, "--out", root / "out")[0] == 0
    goal = json.loads((root / "out" / SCHEMA_FILES["goal"]).read_text(encoding="utf-8"))
    assert goal["properties"]["skills"]["anyOf"][0]["items"]["enum"] == ["teamwork", "curiosity"]


def test_a_bad_setting_writes_nothing(tmp_path: Path) -> None:
    root = make_school(tmp_path, {}, "colour: red\n")
    code, out, err = run_plp("schema", "--root", root, "--out", root / "out")
    assert (code, out) == (2, "")
    assert err.startswith("plp schema: plugins.plp: unknown option 'colour'")
    assert not (root / "out").exists()


@pytest.mark.parametrize(("kind", "text", "valid"), AGREEING)
def test_schema_and_validator_agree(schemas: dict[str, dict[str, Any]], kind: str, text: str, valid: bool) -> None:
    assert validator_accepts(kind, text) is valid, "the table is wrong about the validator"
    assert schema_accepts(schemas[kind], text) is valid


@pytest.mark.parametrize(
    ("skills_line", "code"),
    [("skills: [teamwork]", "PLP204"), ("skills: []", "PLP205")],
    ids=["unknown-skill", "no-skills"],
)
def test_skills_the_schema_rejects_are_errors_of_plp_check(
    schemas: dict[str, dict[str, Any]], tmp_path: Path, skills_line: str, code: str
) -> None:
    """Skill ids are checked by `plp check`'s rules (not by read_fields); the schema agrees with the whole check."""
    text = f"title: Robot arm prototype\n{skills_line}\n"
    assert not schema_accepts(schemas["evidence"], text)
    evidence = EVIDENCE.replace("skills: [problem-solving, communication]", skills_line)
    assert evidence != EVIDENCE
    root = make_school(tmp_path, valid_student("ada", extra={"evidence/arm.md": evidence}))
    exit_code, out, _ = run_plp("check", "--root", root, "--format", "json")
    assert exit_code == 1
    assert [(f["code"], f["severity"]) for f in json.loads(out)] == [(code, "error")]
