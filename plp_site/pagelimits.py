"""What a page may hold so that Python-Markdown renders it quickly and within Python's stack.

Python-Markdown takes time that grows with the square of a paragraph's length for some text (brackets `[` that
are never closed, `<` that starts a tag never ended by `>`, thousands of inline tags in one paragraph), and runs
out of stack on lists, quotes or HTML blocks nested a few hundred deep. Each of these is measured here in one
linear pass, before anything renders the page, so `plp check` and the build refuse the same pages with a finding.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from markdown.util import BLOCK_LEVEL_ELEMENTS

from plp_site.frontmatter import Problem

__all__ = ["MAX_HTML_DEPTH", "MAX_NESTING", "page_limits"]

MAX_NESTING = 50
"""Lists and quotes inside each other (Python-Markdown's stack runs out at a few hundred)."""
MAX_HTML_DEPTH = 100
"""HTML elements inside each other (Python-Markdown's stack runs out at about 350 `<div markdown>`)."""
# Characters Python-Markdown reads again, summed over the page; each budget is well under a second of work.
_BRACKET_BUDGET = 2_000_000
"""For each `[` (and each `(` after `]`), the distance to its closing bracket: read character by character."""
_TAG_BUDGET = 30_000_000
"""For each `<` that starts a tag, the distance to the `>` that ends it: read by Python's HTML parser."""
_INLINE_BUDGET = 2_000_000_000
"""For each paragraph, its inline markup times its length: each match rewrites the whole paragraph once."""
_FENCE_BUDGET = 2_000_000_000
"""Fence lines (```) times the page's length: each code block rewrites the whole page once."""

_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_BRACKET = re.compile(r"[\[\]()]")
_TAG_START = re.compile(r"<([a-zA-Z/!?])")
# What Python-Markdown may match inline: escapes, tags, entities, code spans, emphasis and links. Each mark of a run
# counts: the emphasis patterns try every `*` or `_` of a run as a possible start.
_INLINE = re.compile(r"\\.|<[a-zA-Z/!?]|&|[`*_\[]", re.DOTALL)
_FENCE_LINE = re.compile(r"^[ ]{0,3}(?:```|~~~)", re.MULTILINE)
_MARKDOWN_ATTRIBUTE = re.compile("markdown", re.IGNORECASE)
_BLOCK_TAG = re.compile(r"[ ]{0,3}<([a-zA-Z][a-zA-Z0-9-]*)")
_HTML_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)")
_CONTAINER = re.compile(r"(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$)|>")
# Elements with no end tag, or whose end tag a browser supplies itself: they never deepen the nesting.
_NOT_NESTING = frozenset(
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "p", "li",
        "dt", "dd", "td", "th", "tr", "thead", "tbody", "tfoot", "colgroup", "caption", "option", "optgroup", "rb", "rt",
        "rtc", "rp",
    }
)  # fmt: skip


def page_limits(body: str, first_line: int) -> list[Problem]:
    """The limits this Markdown body goes over, each with its line (empty when it renders quickly and safely)."""
    problems = [*_nesting(body, first_line), *_html_depth(body, first_line)]
    problems.extend(_slow_paragraphs(body, first_line))
    return problems


def _line_at(body: str, offset: int, first_line: int) -> int:
    return first_line + body.count("\n", 0, offset)


def _nesting(body: str, first_line: int) -> Iterator[Problem]:
    """Lists and quotes nested deeper than MAX_NESTING: indentation (4 columns a level) plus markers like `- > 1.`."""
    for index, line in enumerate(body.split("\n")):
        stripped = line.lstrip(" \t")
        indent = line[: len(line) - len(stripped)].expandtabs(4)
        depth = len(indent) // 4
        position = 0
        while depth <= MAX_NESTING and (marker := _CONTAINER.match(stripped, position)):
            depth += 1
            position = marker.end()
            while position < len(stripped) and stripped[position] in " \t":
                position += 1
        if depth > MAX_NESTING:
            yield Problem(
                "PLP503",
                first_line + index,
                1,
                f"lists or quotes are nested more than {MAX_NESTING} levels deep here",
                "use fewer levels of lists inside lists (or of > quotes), and indent less",
            )
            return


def _html_depth(body: str, first_line: int) -> Iterator[Problem]:
    """HTML elements open inside each other deeper than MAX_HTML_DEPTH (counting start and end tags).

    An end tag closes one element of its name if one is open; any other end tag changes nothing, as in a browser,
    so `</x>` between the start tags does not hide how deep they go."""
    depth = 0
    gt = -1
    open_by_name: dict[str, int] = {}
    for tag in _HTML_TAG.finditer(body):
        name = tag.group(2).lower()
        if name in _NOT_NESTING:
            continue
        if tag.group(1):
            if open_by_name.get(name, 0) > 0:
                open_by_name[name] -= 1
                depth -= 1
            continue
        if gt < tag.end():
            gt = body.find(">", tag.end())
        if gt > 0 and body[gt - 1] == "/":
            continue  # <x/> closes itself
        depth += 1
        open_by_name[name] = open_by_name.get(name, 0) + 1
        if depth > MAX_HTML_DEPTH:
            yield Problem(
                "PLP504",
                _line_at(body, tag.start(), first_line),
                1,
                f"HTML elements are nested more than {MAX_HTML_DEPTH} levels deep here",
                "close each HTML element you open (<div> ... </div>), or write the page in Markdown instead",
            )
            return


def _paragraphs(body: str) -> Iterator[tuple[int, int]]:
    start = 0
    for blank in _BLANK_LINE.finditer(body):
        yield start, blank.start()
        start = blank.end()
    yield start, len(body)


def _slow_paragraphs(body: str, first_line: int) -> Iterator[Problem]:
    brackets = 0
    inline_total = 0
    reported: set[str] = set()
    for start, end in _paragraphs(body):
        brackets += _bracket_cost(body, start, end)
        if not _raw_html_block(body, start, end):
            inline_total += sum(1 for _ in _INLINE.finditer(body, start, end)) * (end - start)
        for kind, over in (("brackets", brackets > _BRACKET_BUDGET), ("inline", inline_total > _INLINE_BUDGET)):
            if over and kind not in reported:
                reported.add(kind)
                yield _too_slow(kind, _line_at(body, start, first_line))
    for fences, fence in enumerate(_FENCE_LINE.finditer(body), 1):
        if fences * len(body) > _FENCE_BUDGET:
            yield _too_slow("fences", _line_at(body, fence.start(), first_line))
            break
    unended = _first_over_tag_budget(body)
    if unended is not None:
        yield _too_slow("tags", _line_at(body, unended, first_line))


def _raw_html_block(body: str, start: int, end: int) -> bool:
    """Whether Python-Markdown keeps this paragraph as one block of HTML, without reading the tags inside it."""
    opening = _BLOCK_TAG.match(body, start, end)
    if opening is None or opening.group(1).lower() not in BLOCK_LEVEL_ELEMENTS:
        return False
    # With md_in_html, `markdown` in a block's tags has its content read as Markdown after all.
    return (
        body.find("markdown", start, end) < 0 and body.find("MARKDOWN", start, end) < 0 and body.find("Markdown", start, end) < 0
    )


def _bracket_cost(body: str, start: int, end: int) -> int:
    """How far Python-Markdown reads for each `[` and each `(` after `]` in one paragraph to find its partner."""
    cost = 0
    squares: list[int] = []
    rounds: list[int] = []
    previous = -2
    for bracket in _BRACKET.finditer(body, start, end):
        char, position = bracket.group(), bracket.start()
        if char == "[":
            squares.append(position)
        elif char == "]":
            cost += position - squares.pop() if squares else 0
        elif char == "(" and (rounds or (previous == position - 1 and body[previous] == "]")):
            rounds.append(position)
        elif char == ")" and rounds:
            cost += position - rounds.pop()
        previous = position
    return cost + sum(end - position for position in squares) + sum(end - position for position in rounds)


def _first_over_tag_budget(body: str) -> int | None:
    """Where the reading done for tags that are not ended soon goes over budget (Python's HTML parser reads
    from each `<` to the `>` that ends it, or to the end of the page), or None."""
    cost = 0
    gt = comment_end = -1
    for tag in _TAG_START.finditer(body):
        if body.startswith("<!--", tag.start()):
            if comment_end < tag.start():
                found = body.find("-->", tag.start() + 4)
                comment_end = found if found >= 0 else len(body)
            cost += comment_end - tag.start()
        else:
            if gt < tag.start():
                found = body.find(">", tag.start())
                gt = found if found >= 0 else len(body)
            cost += gt - tag.start()
        if cost > _TAG_BUDGET:
            return tag.start()
    return None


_SLOW = {
    "brackets": (
        "this part of the page has too many [ or ( that are not closed nearby, so the site would take too long to make",
        "close each [ with ] and each ( with ), write \\[ for a bracket that is only text, and put empty lines "
        "between paragraphs",
    ),
    "inline": (
        "this paragraph is very long and has very many HTML tags or signs like \\ * _ ` &, so the site would take "
        "too long to make",
        "put empty lines between the parts of the paragraph",
    ),
    "fences": (
        "this page has very many ``` or ~~~ lines, so the site would take too long to make",
        "use fewer code blocks, or split the page into several pages",
    ),
    "tags": (
        "this page has very many < that start an HTML tag never ended by >, so the site would take too long to make",
        "end each tag with >, or write &lt; (or put a space after <) where you mean the sign 'less than'",
    ),
}


def _too_slow(kind: str, line: int) -> Problem:
    message, hint = _SLOW[kind]
    return Problem("PLP502", line, 1, message, hint)
