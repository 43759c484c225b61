"""Split Markdown into YAML front matter and body, and parse YAML keeping the line of every value.

Unlike MkDocs, which silently treats broken front matter as text, every problem here becomes a value the
caller turns into a finding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

__all__ = ["Document", "Problem", "Value", "decode_text", "parse_document", "parse_yaml_mapping"]

# libyaml's parser when PyYAML has it (it reads the same YAML, with the same marks, many times faster).
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_FENCE = re.compile(r"^(?:---|\.\.\.)[ \t]*$")


@dataclass(frozen=True)
class Value:
    """A parsed YAML value and where it stands (1-based line and column in the whole file)."""

    value: object
    line: int
    column: int
    text: str = ""
    """The value as written (for messages), when it is a plain scalar."""


@dataclass(frozen=True)
class Problem:
    """A problem reading text or YAML, with the code of the finding it becomes."""

    code: str
    line: int
    column: int
    message: str
    hint: str


@dataclass(frozen=True)
class Document:
    """A Markdown file split into its front matter fields and body."""

    fields: dict[str, Value]
    body: str
    body_line: int
    """The line of the whole file on which the body starts."""
    problems: tuple[Problem, ...] = ()
    key_lines: dict[str, int] = field(default_factory=dict)


def _newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode_text(data: bytes) -> tuple[str, Problem | None]:
    """Decode UTF-8 (a BOM and CRLF line endings are fine); say where the first bad byte is, if any."""
    data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        return _newlines(data.decode("utf-8")), None
    except UnicodeDecodeError as error:
        before = _newlines(data[: error.start].decode("utf-8"))
        line = before.count("\n") + 1
        column = len(before) - (before.rfind("\n") + 1) + 1
        problem = Problem(
            "PLP003",
            line,
            column,
            f"this file is not saved as UTF-8 text: byte 0x{data[error.start]:02X} on line {line} cannot be read",
            "open the file in your editor and save it again with the encoding UTF-8 "
            "(VS Code: click the encoding in the status bar, then 'Save with Encoding' > 'UTF-8')",
        )
        return _newlines(data.decode("utf-8", errors="replace")), problem


def parse_document(text: str) -> Document:
    """Split text into front matter (between `---` lines at the very top) and body."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return Document({}, text, 1)
    for index in range(1, len(lines)):
        if _FENCE.match(lines[index]):
            fields, problems, key_lines = parse_yaml_mapping("\n".join(lines[1:index]), first_line=2)
            body = "\n".join(lines[index + 1 :])
            return Document(fields, body, index + 2, problems, key_lines)
    unclosed = Problem(
        "PLP005",
        1,
        1,
        "the front matter starts with `---` on line 1 but is never closed",
        "add a line with just `---` after the last `key: value` line",
    )
    return Document({}, text, 1, (unclosed,))


def parse_yaml_mapping(text: str, first_line: int = 1) -> tuple[dict[str, Value], tuple[Problem, ...], dict[str, int]]:
    """Parse `key: value` YAML; return the values with positions, the problems, and each key's line."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        return {}, (_syntax_problem(error, first_line),), {}
    finally:
        loader.dispose()
    if node is None:
        return {}, (), {}
    if not isinstance(node, yaml.MappingNode):
        problem = Problem(
            "PLP004",
            node.start_mark.line + first_line,
            node.start_mark.column + 1,
            "this should be a list of `key: value` lines",
            "write one setting per line, like `title: My first goal`",
        )
        return {}, (problem,), {}
    return _read_mapping(loader, node, first_line)


def _read_mapping(
    loader: yaml.SafeLoader | yaml.CSafeLoader, node: yaml.MappingNode, first_line: int
) -> tuple[dict[str, Value], tuple[Problem, ...], dict[str, int]]:
    fields: dict[str, Value] = {}
    key_lines: dict[str, int] = {}
    problems: list[Problem] = []
    for key_node, value_node in node.value:
        key = str(key_node.value)
        line = key_node.start_mark.line + first_line
        if key in fields:
            problems.append(
                Problem(
                    "PLP006",
                    line,
                    key_node.start_mark.column + 1,
                    f"'{key}' is written twice (lines {key_lines[key]} and {line})",
                    f"keep only one `{key}:` line",
                )
            )
            continue
        key_lines[key] = line
        fields[key] = Value(
            _construct(loader, value_node),
            value_node.start_mark.line + first_line,
            value_node.start_mark.column + 1,
            value_node.value if isinstance(value_node, yaml.ScalarNode) else "",
        )
    return fields, tuple(problems), key_lines


def _construct(loader: yaml.SafeLoader | yaml.CSafeLoader, node: yaml.Node) -> object:
    # A value YAML recognises but cannot build (2026-13-45 looks like a date) is kept as written, so the
    # field check reports it in the student's words instead of a Python error.
    try:
        return loader.construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError, TypeError, OverflowError):
        return node.value if isinstance(node, yaml.ScalarNode) else None


_PLAIN = (
    ("\\t", "there is a tab character here", "use spaces, not tabs, at the start of the line"),
    ("tab", "there is a tab character here", "use spaces, not tabs, at the start of the line"),
    ("scanning a quoted scalar", "a quote is opened here but never closed", "add the closing quote at the end of the value"),
    ("flow sequence", "a list started with [ here is not closed with ]", "close the list with ], e.g. skills: [communication]"),
    ("flow mapping", "a { here is not closed with }", "close it with }, or put the value in quotes"),
    (
        "mapping values are not allowed",
        "a value contains ': ', which YAML reads as a new key",
        'put the value in quotes, e.g. title: "Robots: my first build"',
    ),
    (
        "could not find expected ':'",
        "a line is missing the ':' between its name and its value",
        "write every line as `name: value`",
    ),
    (
        "expected <block end>",
        "something on this line is out of place: text after a closing quote, or a line indented differently from the others",
        'put the whole value in quotes, e.g. title: "The \\"Sort it\\" poster", and start every line at the left edge',
    ),
    ("found character", "the value starts with a character YAML keeps for itself", "put the value in quotes"),
    ("found undefined", "the value starts with a character YAML keeps for itself", "put the value in quotes"),
)
# Problems that are found far from their cause (the end of the file): point at where the cause starts.
_AT_CONTEXT = ("scanning a quoted scalar", "flow sequence", "flow mapping")


def _syntax_problem(error: yaml.MarkedYAMLError, first_line: int) -> Problem:
    what = " ".join(filter(None, [error.context, error.problem])).strip() or "unreadable"
    at_context = error.context_mark is not None and any(clue in what for clue in _AT_CONTEXT)
    mark = error.context_mark if at_context else (error.problem_mark or error.context_mark)
    line = (mark.line if mark else 0) + first_line
    column = (mark.column if mark else 0) + 1
    for clue, plain, hint in _PLAIN:
        if clue in what:
            return Problem("PLP004", line, column, f"this line is not valid YAML: {plain}", hint)
    return Problem(
        "PLP004",
        line,
        column,
        f"this line is not valid YAML ({what})",
        "each line must be `name: value`; put text with special characters (: # [ ] { } \" ') in quotes",
    )
