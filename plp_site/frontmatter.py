"""Split Markdown into YAML front matter and body, and parse YAML keeping the line of every value.

Unlike MkDocs, which silently treats broken front matter as text, every problem here becomes a value the
caller turns into a finding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from plp_site.display import clip
from plp_site.yamlcheck import Loader, Problem, refused, syntax_problem, unreadable

__all__ = ["UNREADABLE", "Document", "Problem", "Value", "decode_text", "parse_document", "parse_yaml_mapping"]

UNREADABLE = frozenset({"PLP004", "PLP005", "PLP015", "PLP016", "PLP017"})
"""Codes of the problems after which no field of the text was read."""


class _Loader(Loader):  # type: ignore[misc, valid-type]
    """The safe loader, keeping overlong whole numbers as text (see _whole_number)."""


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
    problem = refused(text, first_line)
    if problem:
        return {}, (problem,), {}
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        return {}, (syntax_problem(error, first_line),), {}
    except (yaml.YAMLError, RecursionError) as error:
        # Found by `refused` before, in practice: kept so that no YAML ever ends in a traceback.
        what = "it is nested too deeply" if isinstance(error, RecursionError) else str(error)
        return {}, (unreadable(what, first_line),), {}
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
        line, column = key_node.start_mark.line + first_line, key_node.start_mark.column + 1
        if not isinstance(key_node, yaml.ScalarNode):
            problems.append(
                Problem(
                    "PLP004",
                    line,
                    column,
                    "the name before ':' here is a list or a block; a field's name is a word",
                    "write the field as `name: value`, with a plain name before the ':'",
                )
            )
            continue
        key = str(key_node.value)
        if key in fields:
            problems.append(
                Problem(
                    "PLP006",
                    line,
                    column,
                    f"'{clip(key)}' is written twice (lines {key_lines[key]} and {line})",
                    f"keep only one `{clip(key)}:` line",
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
    # A value YAML recognises but cannot build is kept as written, so the field check reports it in the student's
    # words instead of a Python error. Building fails in many ways (2026-13-45 looks like a date, `!!bool maybe`,
    # `!!timestamp soon`), so every failure is caught; the nesting was bounded before, so none is a recursion.
    try:
        return loader.construct_object(node, deep=True)
    except Exception:
        return node.value if isinstance(node, yaml.ScalarNode) else None


def _whole_number(loader: yaml.SafeLoader | yaml.CSafeLoader, node: yaml.Node) -> object:
    # Python refuses to convert more than 4300 digits, and YAML's base-60 numbers (1:02:03) cost the square of their
    # length: a "number" that long is not one a portfolio means, so it is kept as text.
    if isinstance(node, yaml.ScalarNode) and len(str(node.value)) > _LONGEST_NUMBER:
        return str(node.value)
    return yaml.constructor.SafeConstructor.construct_yaml_int(loader, node)  # type: ignore[arg-type]


_LONGEST_NUMBER = 100
_Loader.add_constructor("tag:yaml.org,2002:int", _whole_number)
