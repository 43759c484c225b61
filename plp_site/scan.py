"""The headings of a Markdown body with their lines, and the paths a page's addresses name.

Everything here reads each line once and uses no pattern that can backtrack over a long line: a page of any
content is scanned in time proportional to its length. Images, links and raw HTML are not found here but in the
rendered page (render.py, safety.py), the way the build sees them.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import unquote

__all__ = ["Found", "blank_code", "is_external", "replace_image_targets", "resolve", "scan_markdown"]

_FENCE = re.compile(r"[ ]{0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"[ ]{0,3}(#{1,6})(?:[ \t]|$)")
_LIST_ITEM = re.compile(r"[ ]{0,3}(?:[-*+]|\d{1,9}[.)])[ \t]")
# At least two letters: `C:\\Users\\...` is a Windows path, not an address.
_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]+:")
_TAB_OR_NEWLINE = str.maketrans("", "", "\t\n\r")
_C0_OR_SPACE = "".join(chr(code) for code in range(0x21))


@dataclass(frozen=True)
class Found:
    """A heading found in Markdown: its level and text, and where it is."""

    kind: str
    line: int
    column: int
    text: str
    target: str = ""
    level: int = 0


def scan_markdown(body: str, first_line: int = 1) -> list[Found]:
    """The headings of a Markdown body, skipping code blocks."""
    found: list[Found] = []
    for number, line in _prose_lines(body, first_line):
        heading = _HEADING.match(line)
        if heading:
            text = _heading_text(line[heading.end() :])
            if text:
                found.append(Found("heading", number, 1, text, level=len(heading.group(1))))
    return found


def _heading_text(rest: str) -> str:
    """The text of an ATX heading: without the closing run of # (when a space comes before it)."""
    text = rest.strip()
    without = text.rstrip("#")
    if without != text and (not without or without[-1] in " \t"):
        text = without.rstrip()
    return text


def _without_comments(body: str) -> str:
    # An HTML comment is never shown, so what it holds is not scanned; its line breaks are kept.
    parts: list[str] = []
    position = 0
    while (start := body.find("<!--", position)) >= 0:
        end = body.find("-->", start + 4)
        if end < 0:
            break
        parts.append(body[position:start])
        parts.append("".join("\n" if char == "\n" else " " for char in body[start : end + 3]))
        position = end + 3
    parts.append(body[position:])
    return "".join(parts)


def _prose_lines(body: str, first_line: int) -> Iterator[tuple[int, str]]:
    fence = ""
    previous_blank, in_list, indented_code = True, False, False
    for index, line in enumerate(_without_comments(body).split("\n")):
        opening = _FENCE.match(line)
        if fence:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = ""
            continue
        if opening:
            fence = opening.group(1)
            continue
        blank = not line.strip()
        indented = line.startswith(("    ", "\t"))
        # An indented code block: 4 spaces after a blank line, outside a list; it goes on while indented.
        indented_code = indented and (indented_code or (previous_blank and not in_list))
        if not blank and not indented:
            in_list = bool(_LIST_ITEM.match(line))
        previous_blank = blank
        if indented_code or blank:
            continue
        # Blank out inline code so `![x](y)` written as an example is not read as an image.
        yield first_line + index, _blank_inline_code(line)


def _blank_inline_code(line: str) -> str:
    """The line with each code span (`...`, ``...``) replaced by spaces, in one pass.

    A run of backticks opens a span that the next run of the same length closes; a run with no partner is text."""
    if "`" not in line:
        return line
    runs = [(match.start(), match.end()) for match in re.finditer("`+", line)]
    partner: list[int | None] = [None] * len(runs)
    latest: dict[int, int] = {}
    for index in range(len(runs) - 1, -1, -1):
        length = runs[index][1] - runs[index][0]
        partner[index] = latest.get(length)
        latest[length] = index
    pieces: list[str] = []
    position, index = 0, 0
    while index < len(runs):
        closing = partner[index]
        if closing is None:
            index += 1
            continue
        start, end = runs[index][0], runs[closing][1]
        pieces.extend((line[position:start], " " * (end - start)))
        position, index = end, closing + 1
    pieces.append(line[position:])
    return "".join(pieces)


def is_external(target: str) -> bool:
    """True for a web address or other URL with a scheme (https:, mailto:, javascript:, data: ...), or `//host`.

    The address is read as a browser reads it: spaces and controls around it, and tabs and newlines inside it,
    do not count, and a backslash is a slash."""
    address = target.strip(_C0_OR_SPACE).translate(_TAB_OR_NEWLINE)
    return bool(_SCHEME.match(address)) or address.replace("\\", "/").startswith("//")


def resolve(target: str, page_path: str) -> str | None:
    """The file a local target names, relative to the student folder; None when it leaves the folder.

    `page_path` is the page's own path relative to the student folder. Percent-encoding is decoded first,
    so `%2e%2e/` is seen as the `../` it is. An empty target (a link to a heading) resolves to the page.
    """
    path = unquote(target.split("#", 1)[0].split("?", 1)[0]).replace("\\", "/")
    if not path:
        return page_path
    if path.startswith("/") or re.match(r"[a-zA-Z]:/", path):
        return None
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(page_path), path))
    if joined == ".." or joined.startswith(("../", "/")):
        return None
    return joined


_AFTER_TARGET = frozenset(")>\"' \t")


def replace_image_targets(body: str, new_target: dict[str, str]) -> str:
    """The body with each image target in `new_target` replaced where it is written as an address: after `](`,
    `](<`, `=`, `="`, `]:` (and spaces), or first on its line (a reference definition's next line), and before
    `)`, `>`, a quote, a space or the end of the line. Code blocks and code spans are left alone."""
    lines = body.split("\n")
    for index, line in _prose_lines(body, 0):
        pieces: list[str] = []
        position = 0
        for start, target in _targets_in(line, new_target):
            if start >= position:
                pieces.extend((lines[index][position:start], new_target[target]))
                position = start + len(target)
        if pieces:
            lines[index] = "".join(pieces) + lines[index][position:]
    return "\n".join(lines)


def _targets_in(line: str, targets: dict[str, str]) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for target in targets:
        start = line.find(target) if target else -1
        while start >= 0:
            end = start + len(target)
            before_ok = _address_starts(line, start)
            after_ok = end == len(line) or line[end] in _AFTER_TARGET
            if before_ok and after_ok:
                found.append((start, target))
            start = line.find(target, end)
    return sorted(found)


def _address_starts(line: str, start: int) -> bool:
    """Whether an address may start here: after `](`, `](<`, `=`, `="`, `='`, or `]:` and spaces, or first on the line."""
    if line.endswith(("](", "](<", "=", '="', "='"), 0, start):
        return True
    before = start
    while before > 0 and line[before - 1] in " \t":
        before -= 1
    return before == 0 or line.endswith("]:", 0, before)


def blank_code(body: str) -> str:
    """The body with code blocks and code spans blanked out, keeping every line in place."""
    lines = [""] * len(body.split("\n"))
    for number, line in _prose_lines(body, 0):
        lines[number] = line
    return "\n".join(lines)
