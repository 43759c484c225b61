"""Find the headings, images and local links of a Markdown body, with their lines and columns."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import unquote

__all__ = ["Found", "is_external", "resolve", "scan_markdown"]

_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.+?)(?:\s+#+)?\s*$")
_IMAGE = re.compile(r"!\[([^\]]*)\]\(\s*(<[^>]*>|[^)\s]+)(?:\s+[\"'][^\"']*[\"'])?\s*\)")
_LINK = re.compile(r"(?<![!\\])\[[^\]]*\]\(\s*(<[^>]*>|[^)\s]+)(?:\s+[\"'][^\"']*[\"'])?\s*\)")
_HTML_TAG = re.compile(r"<(img|a)\b([^>]*)>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"([\w-]+)\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+)")
_INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+\1")
# At least two letters: `C:\\Users\\...` is a Windows path, not an address.
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]+:")
_LIST_ITEM = re.compile(r"^\s{0,3}(?:[-*+]|\d+[.)])\s")
_REFERENCE = re.compile(r"^\s{0,3}\[([^\]]+)\]:\s*(<[^>]*>|\S+)")
_REFERENCE_IMAGE = re.compile(r"!\[([^\]]*)\]\[([^\]]*)\]")
_REFERENCE_LINK = re.compile(r"(?<![!\\\]])\[([^\]]+)\]\[([^\]]*)\]")


@dataclass(frozen=True)
class Found:
    """Something found in Markdown: a heading (level, text), an image (alt, target) or a link (target)."""

    kind: str
    line: int
    column: int
    text: str
    target: str = ""
    level: int = 0


def scan_markdown(body: str, first_line: int = 1) -> list[Found]:
    """Headings, images and links of a Markdown body, skipping code blocks and inline code."""
    found: list[Found] = []
    lines = list(_prose_lines(body, first_line))
    references = {m.group(1).casefold(): _unwrap(m.group(2)) for _, line in lines if (m := _REFERENCE.match(line))}
    for number, line in lines:
        heading = _HEADING.match(line)
        if heading:
            found.append(Found("heading", number, 1, heading.group(2).strip(), level=len(heading.group(1))))
        found.extend(_in_line(line, number))
        found.extend(_by_reference(line, number, references))
    return found


def _by_reference(line: str, number: int, references: dict[str, str]) -> Iterator[Found]:
    """`![alt][name]` and `[text][name]` with `[name]: target` written elsewhere on the page."""
    for match in _REFERENCE_IMAGE.finditer(line):
        target = references.get((match.group(2) or match.group(1)).casefold())
        if target is not None:
            yield Found("image", number, match.start() + 1, match.group(1), target)
    for match in _REFERENCE_LINK.finditer(line):
        target = references.get((match.group(2) or match.group(1)).casefold())
        if target is not None:
            yield Found("link", number, match.start() + 1, "", target)


_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def _without_comments(body: str) -> str:
    # An HTML comment is never shown, so what it holds is not checked; its line breaks are kept.
    return _COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), body)


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
        yield first_line + index, _INLINE_CODE.sub(lambda m: " " * len(m.group(0)), line)


def _in_line(line: str, number: int) -> Iterator[Found]:
    for match in _IMAGE.finditer(line):
        yield Found("image", number, match.start() + 1, match.group(1), _unwrap(match.group(2)))
    for match in _LINK.finditer(line):
        yield Found("link", number, match.start() + 1, "", _unwrap(match.group(1)))
    for match in _HTML_TAG.finditer(line):
        attributes = {name.lower(): value.strip("\"'") for name, value in _ATTRIBUTE.findall(match.group(2))}
        tag = match.group(1).lower()
        if tag == "img" and "src" in attributes:
            yield Found("image", number, match.start() + 1, attributes.get("alt", ""), attributes["src"])
        elif tag == "a" and "href" in attributes:
            yield Found("link", number, match.start() + 1, "", attributes["href"])


def _unwrap(target: str) -> str:
    return target[1:-1] if target.startswith("<") and target.endswith(">") else target


def is_external(target: str) -> bool:
    """True for a web address or other URL with a scheme (https:, mailto:, javascript:, data: ...)."""
    return bool(_SCHEME.match(target)) or target.startswith("//")


def resolve(target: str, page_path: str) -> str | None:
    """The file a local target names, relative to the student folder; None when it leaves the folder.

    `page_path` is the page's own path relative to the student folder. Percent-encoding is decoded first,
    so `%2e%2e/` is seen as the `../` it is. An empty target (a link to a heading) resolves to the page.
    """
    path = unquote(target.split("#", 1)[0].split("?", 1)[0]).replace("\\", "/")
    if not path:
        return page_path
    if path.startswith("/") or re.match(r"^[a-zA-Z]:/", path):
        return None
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(page_path), path))
    if joined == ".." or joined.startswith(("../", "/")):
        return None
    return joined


def replace_image_targets(body: str, new_target: dict[str, str]) -> str:
    """The body with each image target found in `new_target` replaced (code blocks are left alone)."""

    def markdown_image(match: re.Match[str]) -> str:
        target = _unwrap(match.group(2))
        if target not in new_target:
            return match.group(0)
        start, end = match.span(2)
        whole = match.group(0)
        offset = match.start(0)
        return whole[: start - offset] + new_target[target] + whole[end - offset :]

    def html_image(match: re.Match[str]) -> str:
        if match.group(1).lower() != "img":
            return match.group(0)
        return _SRC.sub(lambda src: _swap_src(src, new_target), match.group(0))

    lines = body.split("\n")
    prose = {number for number, _ in _prose_lines(body, 0)}
    for index in prose:
        lines[index] = _HTML_TAG.sub(html_image, _IMAGE.sub(markdown_image, lines[index]))
    return "\n".join(lines)


_SRC = re.compile(r"""(\bsrc\s*=\s*)("[^"]*"|'[^']*'|[^\s>]+)""", re.IGNORECASE)


def _swap_src(match: re.Match[str], new_target: dict[str, str]) -> str:
    value = match.group(2).strip("\"'")
    return f'{match.group(1)}"{new_target[value]}"' if value in new_target else match.group(0)


def blank_code(body: str) -> str:
    """The body with code blocks and inline code blanked out, keeping every line in place."""
    lines = [""] * len(body.split("\n"))
    for number, line in _prose_lines(body, 0):
        lines[number] = line
    return "\n".join(lines)
