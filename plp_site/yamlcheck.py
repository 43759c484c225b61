"""What is wrong with the YAML of student.yml or a page's front matter, in a student's words.

Only the YAML a portfolio needs is read. Before PyYAML builds anything, one linear pass over the text and its
parse events refuses what would make reading cost far more than the text's size, or end in a Python error instead
of a finding: characters YAML cannot read, anchors, aliases and merge keys (`&name`, `*name`, `<<:`, with which a
few hundred bytes stand for gigabytes), and nesting deeper than MAX_DEPTH (PyYAML builds nested values by
recursion). PyYAML's own errors are turned into the same kind of problem.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from plp_site.display import clip

__all__ = ["MAX_DEPTH", "Loader", "Problem", "refused", "syntax_problem", "unreadable"]

# libyaml's parser when PyYAML has it (it reads the same YAML, with the same marks, many times faster).
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_DEPTH = 20
"""The deepest nesting of lists and blocks read; a portfolio needs two or three levels."""

# YAML's own rule (what its reader accepts), narrowed: the byte order mark and the characters YAML reads as line
# breaks but editors do not show as one (so YAML's line numbers would not match the editor's).
_UNREADABLE = re.compile("[^\t\n\r\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
_KINDS = {
    "\x00": "a NUL character",
    "\x85": "a line break that editors do not show",
    "\u2028": "a line break that editors do not show",
    "\u2029": "a line break that editors do not show",
    "\ufeff": "a byte order mark",
}


@dataclass(frozen=True)
class Problem:
    """A problem reading text or YAML, with the code of the finding it becomes."""

    code: str
    line: int
    column: int
    message: str
    hint: str


def refused(text: str, first_line: int = 1) -> Problem | None:
    """The first thing in `text` this YAML reader refuses, or a syntax error; None when it may be built."""
    return _unreadable_character(text, first_line) or _refused_event(text, first_line)


def _unreadable_character(text: str, first_line: int) -> Problem | None:
    found = _UNREADABLE.search(text)
    if found is None:
        return None
    start = found.start()
    line = text.count("\n", 0, start) + first_line
    column = start - text.rfind("\n", 0, start)
    character = found.group(0)
    kind = _KINDS.get(character) or ("half of a character" if 0xD800 <= ord(character) <= 0xDFFF else "a control character")
    return Problem(
        "PLP016",
        line,
        column,
        f"there is an invisible character here (U+{ord(character):04X}, {kind}) that YAML cannot read",
        "delete it, or retype the line by hand: text copied from a web page or a document can bring such characters in",
    )


def _refused_event(text: str, first_line: int) -> Problem | None:
    # Parse events come from a loop with its own stacks, not recursion: this pass is linear in the text on any input.
    loader = Loader(text)
    entries: list[int] = []
    """For each open block or list: how many keys and values of a block have begun (-1 for a list)."""
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.AliasEvent | yaml.ScalarEvent | yaml.CollectionStartEvent):
                problem = _refused_node(event, entries, first_line)
                if problem:
                    return problem
            elif isinstance(event, yaml.CollectionEndEvent):
                entries.pop()
    except yaml.MarkedYAMLError as error:
        # `title: *Very* proud` is an alias followed by text YAML cannot place: the alias is the cause to show.
        return (
            _shortcut_token(text, first_line) or _shortcut_on_line(text, error, first_line) or syntax_problem(error, first_line)
        )
    except yaml.YAMLError as error:
        return unreadable(str(error), first_line)
    finally:
        loader.dispose()
    return None


def _shortcut_token(text: str, first_line: int) -> Problem | None:
    """An anchor or alias that YAML's scanner finds before the syntax error it stops at, if any."""
    loader = Loader(text)
    try:
        while loader.check_token():
            token = loader.get_token()
            if isinstance(token, yaml.AliasToken | yaml.AnchorToken):
                mark = token.start_mark
                line, column = (mark.line if mark else 0) + first_line, (mark.column if mark else 0) + 1
                return _shortcut(line, column, _SHORTCUTS[type(token)].format(clip(str(token.value), 30)))
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()
    return None


def _refused_node(event: yaml.NodeEvent, entries: list[int], first_line: int) -> Problem | None:
    mark = event.start_mark
    line, column = (mark.line if mark else 0) + first_line, (mark.column if mark else 0) + 1
    is_key = bool(entries) and entries[-1] >= 0 and entries[-1] % 2 == 0
    if entries and entries[-1] >= 0:
        entries[-1] += 1
    if isinstance(event, yaml.AliasEvent):
        return _shortcut(line, column, _SHORTCUTS[yaml.AliasToken].format(clip(str(event.anchor), 30)))
    if event.anchor:
        return _shortcut(line, column, _SHORTCUTS[yaml.AnchorToken].format(clip(str(event.anchor), 30)))
    if is_key and isinstance(event, yaml.ScalarEvent) and event.value == "<<" and event.implicit[0]:
        return _shortcut(
            line,
            column,
            "`<<:` is read as a YAML merge key (copy another block in here)",
            "write each field on its own line instead of copying a block in with `<<:`",
        )
    if isinstance(event, yaml.CollectionStartEvent):
        entries.append(0 if isinstance(event, yaml.MappingStartEvent) else -1)
        if len(entries) > MAX_DEPTH:
            return Problem(
                "PLP017",
                line,
                column,
                f"the values here are nested more than {MAX_DEPTH} levels deep",
                "write each field on one line as `name: value`; a list is written like `skills: [communication, self-direction]`",
            )
    return None


def _shortcut_on_line(text: str, error: yaml.MarkedYAMLError, first_line: int) -> Problem | None:
    """A value that starts with `*` or `&` on the line of a syntax error, before it: most likely the cause."""
    mark = error.problem_mark or error.context_mark
    lines = text.split("\n")
    if mark is None or mark.line >= len(lines):
        return None
    found = _STARTS_SHORTCUT.search(lines[mark.line], 0, mark.column + 1)
    if found is None:
        return None
    which = yaml.AliasToken if found.group(1) == "*" else yaml.AnchorToken
    name = found.group(2).strip()
    return _shortcut(mark.line + first_line, found.start(1) + 1, _SHORTCUTS[which].format(clip(name, 30)))


# A value (after `key:`, `- `, `[` or `,`) that starts with `*` or `&`, and the name that follows.
_STARTS_SHORTCUT = re.compile(r"(?:^|[:\-\[{,?])[ \t]*([*&])([^\s,\[\]{}]+)")
_SHORTCUTS: dict[type[yaml.Token], str] = {
    yaml.AliasToken: "`*{}` is read as a YAML alias (a copy of another value)",
    yaml.AnchorToken: "`&{}` is read as a YAML anchor (a name for a value to copy)",
}


_QUOTE_IT = (
    'if you meant the text itself, put the whole value in quotes, e.g. title: "*Very* proud"; '
    "otherwise write the value out in full where it is needed"
)


def _shortcut(line: int, column: int, what: str, hint: str = _QUOTE_IT) -> Problem:
    return Problem("PLP015", line, column, f"{what}, which plp-site does not accept", hint)


def unreadable(what: str, first_line: int) -> Problem:
    """A YAML error without a place in the text, as a problem on its first line."""
    # A reader error has a position only, and is found by _unreadable_character first: rarely seen.
    return Problem(
        "PLP004",
        first_line,
        1,
        f"this YAML cannot be read ({clip(what.splitlines()[0] if what else 'unreadable')})",
        "each line must be `name: value`; put text with special characters (: # [ ] { } \" ') in quotes",
    )


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
    (
        "expected a single document",
        "a line with just `---` here starts a second block of settings",
        "remove the `---` line: the settings are one block of `name: value` lines",
    ),
    ("found character", "the value starts with a character YAML keeps for itself", "put the value in quotes"),
    ("found undefined", "the value starts with a character YAML keeps for itself", "put the value in quotes"),
)
# Problems that are found far from their cause (the end of the file): point at where the cause starts.
_AT_CONTEXT = ("scanning a quoted scalar", "flow sequence", "flow mapping")


def syntax_problem(error: yaml.MarkedYAMLError, first_line: int) -> Problem:
    """PyYAML's error as a problem at its line, in a student's words where the error is a common one."""
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
        f"this line is not valid YAML ({clip(what, 100)})",
        "each line must be `name: value`; put text with special characters (: # [ ] { } \" ') in quotes",
    )
