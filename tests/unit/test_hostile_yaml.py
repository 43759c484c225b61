"""Hostile and pathological YAML in student.yml and front matter: every variant is a finding at its line, read in
time linear in its size, and every message stays short and on its line."""

from __future__ import annotations

import inspect
import io
import json
import sys
import time

import pytest

from plp_site.codes import finding
from plp_site.diagnostics import Report
from plp_site.display import clip, visible
from plp_site.fields import STUDENT_FIELDS, read_fields
from plp_site.frontmatter import Problem, parse_document, parse_yaml_mapping
from plp_site.model import SourceLocation
from plp_site.report import FORMATS, format_finding
from plp_site.suggest import did_you_mean
from plp_site.yamlcheck import MAX_DEPTH

# Generous for a few kilobytes of YAML: an exponential expansion or a quadratic loop takes minutes or runs out of memory.
FAST = 2.0


def only(problems: tuple[Problem, ...]) -> Problem:
    assert len(problems) == 1, problems
    return problems[0]


def timed_parse(text: str, first_line: int = 1) -> tuple[object, tuple[Problem, ...], float]:
    start = time.perf_counter()
    fields, problems, _ = parse_yaml_mapping(text, first_line)
    return fields, problems, time.perf_counter() - start


# --- anchors, aliases and merge keys ---------------------------------------------------------------------------


def laughs(levels: int, width: int, flow: bool = True) -> str:
    """Anchors that each repeat the one before `width` times: `width ** levels` values from a few hundred bytes."""
    lines = ["l0: &l0 [lol, lol, lol]" if flow else "l0: &l0\n  - lol\n  - lol"]
    for level in range(1, levels + 1):
        aliases = ", ".join([f"*l{level - 1}"] * width)
        lines.append(f"l{level}: &l{level} [{aliases}]" if flow else f"l{level}: &l{level}\n" + f"  - *l{level - 1}\n" * width)
    return "\n".join(lines) + "\n"


USES = {
    "alias-as-key": "? *l{n}\n: boom\n",
    "alias-as-implicit-key": "*l{n} : boom\n",
    "alias-as-value": "title: *l{n}\n",
    "alias-in-a-list": "skills: [a, *l{n}, b]\n",
    "alias-in-a-block-list": "skills:\n  - a\n  - *l{n}\n",
    "alias-inside-a-key": "? [x, *l{n}]\n: boom\n",
    "merge-key": "<<: *l{n}\n",
    "merge-into-a-block": "extra:\n  <<: *l{n}\n",
}


@pytest.mark.parametrize("use", sorted(USES))
@pytest.mark.parametrize(("levels", "width", "flow"), [(3, 3, True), (9, 9, True), (12, 10, False)])
def test_a_billion_laughs_is_refused_before_anything_is_built(use: str, levels: int, width: int, flow: bool) -> None:
    text = "name: Ada\ngrade: 9\n" + laughs(levels, width, flow) + USES[use].format(n=levels)
    fields, problems, seconds = timed_parse(text, first_line=2)
    problem = only(problems)
    assert fields == {}
    assert problem.code == "PLP015"
    # The first anchor, on the first line after name and grade (the text starts on line 2 of its file).
    assert (problem.line, problem.column) == (4, 5)
    assert "&l0" in problem.message
    assert seconds < FAST


ALIAS_ONLY = {
    "alias-of-nothing": ("title: *Very* proud\n", 1, 8, "`*Very*`"),
    "anchor-alone": ("title: &friends my team\n", 1, 8, "`&friends`"),
    "anchor-on-a-list": ("skills: &s [a, b]\n", 1, 9, "`&s`"),
    "anchor-on-a-key": ("&k title: x\n", 1, 1, "`&k`"),
    "alias-deep-in-a-list": ("skills: [a, [b, *x]]\n", 1, 17, "`*x`"),
    "merge-of-a-flow-block": ("<<: {title: x}\n", 1, 1, "`<<:`"),
    "merge-in-a-flow-block": ("extra: {<<: {a: 1}}\n", 1, 9, "`<<:`"),
    "merge-in-a-list-item": ("items:\n  - <<: {a: 1}\n", 2, 5, "`<<:`"),
}


@pytest.mark.parametrize("case", sorted(ALIAS_ONLY))
def test_every_anchor_alias_and_merge_key_is_a_finding_at_its_place(case: str) -> None:
    text, line, column, shown = ALIAS_ONLY[case]
    problem = only(parse_yaml_mapping(text)[1])
    assert (problem.code, problem.line, problem.column) == ("PLP015", line, column)
    assert shown in problem.message
    assert ("quotes" if "<<" not in shown else "own line") in problem.hint


@pytest.mark.parametrize(
    "text",
    ['title: "*Very* proud"\n', "title: '&friends'\n", 'title: "<<"\n', '"<<": 1\n', "title: a *b* c & d\n", "title: x<<y\n"],
)
def test_quoted_or_inner_asterisks_ampersands_and_angles_are_plain_text(text: str) -> None:
    fields, problems, _ = parse_yaml_mapping(text)
    assert problems == ()
    assert fields


def test_a_long_anchor_name_is_shortened_in_the_message() -> None:
    problem = only(parse_yaml_mapping(f"title: &{'a' * 5000} x\n")[1])
    assert problem.code == "PLP015"
    assert len(problem.message) < 200


# --- characters YAML cannot read -----------------------------------------------------------------------------

CONTROLS = [chr(c) for c in [*range(0x20), *range(0x7F, 0xA0)] if chr(c) not in "\t\n\r"]
INVISIBLE = [*CONTROLS, "\u2028", "\u2029", "\ufeff", "\ud800", "\udbff", "\udc00", "\udfff", "\ufffe", "\uffff"]
PLACES = {
    "in-a-key": ("name: Ada\nna{c}me2: x\n", 2, 3),
    "in-a-value": ("name: Ada\ngrade: 9\nadvisor: Mr{c}Okafor\n", 3, 12),
    "in-a-quoted-value": ('name: "A{c}da"\n', 1, 9),
    "in-a-comment": ("name: Ada  # hi{c}\n", 1, 16),
    "at-the-start": ("{c}name: Ada\n", 1, 1),
    "in-a-list": ("skills: [a, b{c}]\n", 1, 14),
}


@pytest.mark.parametrize("character", INVISIBLE, ids=[f"U+{ord(c):04X}" for c in INVISIBLE])
@pytest.mark.parametrize("place", sorted(PLACES))
def test_every_character_yaml_cannot_read_is_a_finding_at_its_line_and_column(character: str, place: str) -> None:
    template, line, column = PLACES[place]
    problem = only(parse_yaml_mapping(template.format(c=character), first_line=1)[1])
    assert (problem.code, problem.line, problem.column) == ("PLP016", line, column)
    assert f"U+{ord(character):04X}" in problem.message


def test_a_nul_in_front_matter_is_reported_at_its_line_in_the_file() -> None:
    document = parse_document("---\ntitle: Robots\ndate: 2026-10-03\nskills: [a\x00b]\n---\nBody\n")
    problem = only(document.problems)
    assert (problem.code, problem.line, problem.column) == ("PLP016", 4, 11)
    assert document.body == "Body\n"


@pytest.mark.parametrize("character", ["\t", "é", "😀", "\u200d", "\u00a0", "\ue000", "\ufffd"])
def test_ordinary_characters_are_read(character: str) -> None:
    fields, problems, _ = parse_yaml_mapping(f'title: "a{character}b"\n')
    assert problems == ()
    assert fields["title"].value == f"a{character}b"


# --- nesting ------------------------------------------------------------------------------------------------


def nested(kind: str, depth: int) -> str:
    if kind == "flow-list":
        return "x: " + "[" * depth + "1" + "]" * depth + "\n"
    if kind == "flow-block":
        return "x: " + "{a: " * depth + "1" + "}" * depth + "\n"
    if kind == "unclosed-flow-list":
        return "x: " + "[" * depth + "\n"
    if kind == "block-list":
        return "x:\n" + "  " + "- " * depth + "1\n"
    if kind == "mixed-flow":
        return "x: " + "[{a: " * (depth // 2) + "1" + "}]" * (depth // 2) + "\n"
    assert kind == "block-indent"
    return "x:\n" + "".join(" " * level + f"k{level}:\n" for level in range(1, depth)) + " " * depth + "k: 1\n"


KINDS = ["flow-list", "flow-block", "unclosed-flow-list", "block-list", "mixed-flow", "block-indent"]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("depth", [50, 500, 5000])
def test_deep_nesting_is_a_finding_never_a_recursion_error(kind: str, depth: int) -> None:
    if kind == "block-indent" and depth > 500:
        depth = 1400  # indentation grows with the square of the depth: this is already about 1 MB
    fields, problems, seconds = timed_parse("name: Ada\n" + nested(kind, depth), first_line=5)
    problem = only(problems)
    assert fields == {}
    assert problem.code == "PLP017"
    assert problem.line >= 6
    assert str(MAX_DEPTH) in problem.message
    assert seconds < FAST


@pytest.mark.parametrize("kind", ["flow-list", "flow-block", "block-list", "block-indent"])
def test_nesting_up_to_the_limit_is_read(kind: str) -> None:
    # The top-level block is one level: a value may nest MAX_DEPTH - 1 more.
    fields, problems, _ = parse_yaml_mapping(nested(kind, MAX_DEPTH - 1))
    assert problems == ()
    assert "x" in fields


def test_nesting_up_to_the_limit_needs_little_stack() -> None:
    # A build reads the front matter deep inside MkDocs' and the plugin's calls: reading must not need much more.
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack(0)) + 150)
    try:
        fields, problems, _ = parse_yaml_mapping(nested("flow-list", MAX_DEPTH - 1))
    finally:
        sys.setrecursionlimit(old)
    assert problems == ()
    assert "x" in fields


# --- values YAML recognises but cannot build ------------------------------------------------------------------

BIG = 100_000


@pytest.mark.parametrize(
    "value",
    [
        "9" * BIG,
        "-" + "9" * BIG,
        "0x" + "f" * BIG,
        "0o" + "7" * BIG,
        "0b" + "1" * BIG,
        "1_" * BIG + "1",
        ":".join(["59"] * (BIG // 3)),
        "!!int " + "9" * BIG,
        "9" * BIG + ".5",
        "1e" + "9" * BIG,
        ":".join(["59"] * (BIG // 3)) + ".5",
    ],
    ids=[
        "decimal",
        "negative",
        "hex",
        "octal",
        "binary",
        "underscores",
        "base-60",
        "tagged",
        "float",
        "exponent",
        "base-60-float",
    ],
)
@pytest.mark.parametrize("field", ["grade", "unknown_field", "skills"])
def test_huge_numbers_are_read_in_linear_time_and_reported_shortly(value: str, field: str) -> None:
    line = f"{field}: [{value}]\n" if field == "skills" else f"{field}: {value}\n"
    start = time.perf_counter()
    fields, problems, _ = parse_yaml_mapping("name: Ada\n" + ("" if field == "grade" else "grade: 9\n") + line)
    values, findings = read_fields(STUDENT_FIELDS, fields, lambda line, column: SourceLocation("s.yml", line, column))
    assert time.perf_counter() - start < FAST
    assert problems == ()
    for found in findings:
        assert len(found.message) < 300
        assert len(found.hint) < 300
    if field == "grade":
        assert "grade" not in values
        assert [f.code for f in findings] in (["PLP102"], ["PLP104"])


@pytest.mark.parametrize(
    "value",
    [
        "!!bool maybe",
        "!!timestamp soon",
        "!!timestamp 2026-13-45",
        "2026-13-45",
        "!!int abc",
        "!!float abc",
        "!!binary '***'",
        "!!omap 3",
        "!!omap [a]",
        "!!pairs 3",
        "!!set [1]",
        "!!map x",
        "!!seq x",
        "!!python/object/apply:os.system [echo]",
        "!!python/name:os.system",
        "!local x",
        "{[a]: 1}",
        "{{a: 1}: 2}",
        "[{[a]: 1}]",
        "!!str [a]",
        "!!null {a: 1}",
    ],
)
def test_values_that_cannot_be_built_are_kept_or_reported_never_raised(value: str) -> None:
    fields, problems, _ = parse_yaml_mapping(f"name: Ada\ngrade: 9\ntitle: {value}\nextra: {value}\n")
    assert problems == () or {p.code for p in problems} == {"PLP004"}
    if not problems:
        assert set(fields) == {"name", "grade", "title", "extra"}


@pytest.mark.parametrize(
    ("text", "line"),
    [("? [a, b]\n: 1\n", 1), ("[a]: 1\n", 1), ("{a: 1}: 2\n", 1), ("title: x\n? {a: [b]}\n: 1\n", 2)],
)
def test_a_list_or_block_as_a_field_name_is_a_finding(text: str, line: int) -> None:
    problem = only(parse_yaml_mapping(text)[1])
    assert (problem.code, problem.line) == ("PLP004", line)
    assert "name" in problem.message


def test_a_second_document_is_a_plain_finding() -> None:
    problem = only(parse_yaml_mapping("name: Ada\n---\ngrade: 9\n")[1])
    assert (problem.code, problem.line) == ("PLP004", 2)
    assert "---" in problem.message


# --- messages and hints stay short ---------------------------------------------------------------------------


@pytest.mark.parametrize("length", [61, 1000, 200_000])
def test_long_unknown_keys_get_short_messages_and_no_expensive_hint(length: int) -> None:
    key = ("nme" * length)[:length]
    # `? name` introduces a key of any length (an ordinary key is at most 1024 characters in YAML).
    text = f"name: Ada\ngrade: 9\n? {key}\n: 1\n? {key}\n: 2\n"
    start = time.perf_counter()
    fields, problems, key_lines = parse_yaml_mapping(text)
    _, findings = read_fields(STUDENT_FIELDS, fields, lambda line, column: SourceLocation("s.yml", line, column), key_lines)
    assert time.perf_counter() - start < FAST
    assert [p.code for p in problems] == ["PLP006"]
    assert len(problems[0].message) < 200
    (unknown,) = findings
    assert unknown.code == "PLP105"
    assert len(unknown.message) < 200
    assert len(unknown.hint) < 300


def test_did_you_mean_is_bounded_in_the_word_and_the_candidates() -> None:
    assert did_you_mean("nmae", ["name", "grade"]) == "name"
    assert did_you_mean("n" * 65, ["n" * 65]) is None
    start = time.perf_counter()
    assert did_you_mean("a" * 64, ("b" * 64 for _ in range(10**7))) is None
    assert did_you_mean("x", ["y" * 10**6]) is None
    assert time.perf_counter() - start < FAST


def test_clip_keeps_short_text_and_marks_what_it_leaves_out() -> None:
    assert clip("short") == "short"
    assert clip("x" * 61) == "x" * 60 + "…"
    assert len(clip("y" * 10**6, 100)) == 101


# --- output: a student's text never starts a line --------------------------------------------------------------

LINE_BREAKS = ["\n", "\r", "\r\n", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]
HOSTILE = [
    *(f"x{b}::warning::pwned{b}::error file=a::b" for b in LINE_BREAKS),
    "\x1b[2J\x1b[31mred\x1b]0;title\x07",
    "\u202eevil\u202c",
    "a\x00b\x7fc\x9bd",
    "\ud800lone",
]


@pytest.mark.parametrize("text", HOSTILE, ids=[repr(t)[:40] for t in HOSTILE])
def test_visible_leaves_no_control_character_and_no_line_break(text: str) -> None:
    shown = visible(text)
    assert len(shown.splitlines()) == 1
    assert all(ch.isprintable() for ch in shown), shown
    shown.encode("utf-8")


def hostile_report(text: str) -> Report:
    found = [
        finding("PLP105", SourceLocation(f"students/ada/{text}.md", 3, 1), f"'{text}' is not a field", f"did you mean '{text}'?"),
        finding("PLP102", SourceLocation("students/ada/student.yml", 1, 7), f'got "{text}"', "write it on one line"),
    ]
    return Report.of(found)


@pytest.mark.parametrize("text", HOSTILE, ids=[repr(t)[:40] for t in HOSTILE])
def test_text_output_lines_start_only_with_a_path_a_hint_or_the_summary(text: str) -> None:
    stream = io.StringIO()
    FORMATS["text"](hostile_report(text), stream, 1)
    lines = stream.getvalue().splitlines()
    assert len(lines) == 5
    for line in lines:
        assert line.startswith(("students/ada/", "  hint: ", "1 student checked: ")), line
        assert all(ch.isprintable() for ch in line), line
    for found in hostile_report(text).findings:
        assert len(format_finding(found).splitlines()) == 2


@pytest.mark.parametrize("text", HOSTILE, ids=[repr(t)[:40] for t in HOSTILE])
def test_github_output_is_one_annotation_per_line(text: str) -> None:
    stream = io.StringIO()
    FORMATS["github"](hostile_report(text), stream, 1)
    lines = stream.getvalue().splitlines()
    assert len(lines) == 3
    assert lines[0].startswith(("::warning file=students/ada/", "::error file=students/ada/"))
    assert lines[1].startswith(("::warning file=students/ada/", "::error file=students/ada/"))
    assert lines[2].startswith("1 student checked: ")
    assert all(ch.isprintable() for line in lines for ch in line)


@pytest.mark.parametrize("text", HOSTILE, ids=[repr(t)[:40] for t in HOSTILE])
def test_json_output_keeps_the_text_and_escapes_every_line_break(text: str) -> None:
    stream = io.StringIO()
    FORMATS["json"](hostile_report(text), stream, 1)
    output = stream.getvalue()
    assert output.splitlines() == output.split("\n")[:-1]
    assert all(ch.isprintable() or ch in "\n" for ch in output)
    items = json.loads(output)
    assert {item["message"] for item in items} == {f"'{text}' is not a field", f'got "{text}"'}
