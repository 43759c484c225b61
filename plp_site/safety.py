"""Find the raw HTML in a student's Markdown that the sanitizer will remove, so `plp check` can say why.

The sanitizer (pagehtml.sanitize, nh3) is what protects families; this module only explains it, line by line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

from plp_site.pagehtml import ALLOWED_TAGS, allowed_attribute
from plp_site.scan import blank_code

__all__ = ["Removal", "removed_html"]

_UNSAFE_SCHEME = re.compile(r"^\s*(javascript|data|vbscript|file):", re.IGNORECASE)
_ANGLE_DESTINATION = re.compile(r"(?<=\]\()\s*<[^>\n]*>")
_MARKDOWN_URL = re.compile(r"\]\(\s*<?\s*((?:javascript|data|vbscript|file):[^)\s>]*)", re.IGNORECASE)


@dataclass(frozen=True)
class Removal:
    """Something the sanitizer takes out of a page, and where it is."""

    line: int
    column: int
    what: str


class _Finder(HTMLParser):
    def __init__(self, iframe_hosts: tuple[str, ...]) -> None:
        super().__init__(convert_charrefs=True)
        self.iframe_hosts = iframe_hosts
        self.removals: list[Removal] = []

    def _add(self, what: str) -> None:
        line, offset = self.getpos()
        self.removals.append(Removal(line, offset + 1, what))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if ":" in tag or "@" in tag:
            return  # a Markdown autolink such as <https://example.org>, not HTML
        if tag == "iframe" and self._allowed_frame(attrs):
            return
        if tag not in ALLOWED_TAGS:
            self._add(f"the <{tag}> element")
            return
        for name, value in attrs:
            if not allowed_attribute(tag, name):
                self._add(f"the {name}= attribute of <{tag}>")
            elif name in ("href", "src") and value and _UNSAFE_SCHEME.match(value):
                self._add(f"the {value.split(':', 1)[0].strip().lower()}: address in <{tag} {name}=...>")

    def _allowed_frame(self, attrs: list[tuple[str, str | None]]) -> bool:
        source = dict(attrs).get("src") or ""
        address = urlsplit(source)
        return address.scheme == "https" and address.hostname in self.iframe_hosts


def removed_html(body: str, first_line: int, iframe_hosts: tuple[str, ...] = ()) -> list[Removal]:
    """Each element, attribute or address in a Markdown body that will not reach the published page."""
    prose = blank_code(body)
    finder = _Finder(iframe_hosts)
    # `![x](<my photo.jpg>)` is Markdown's way to write a path with spaces, not an HTML tag.
    finder.feed(_ANGLE_DESTINATION.sub(lambda m: " " * len(m.group(0)), prose))
    finder.close()
    removals = [Removal(r.line + first_line - 1, r.column, r.what) for r in finder.removals]
    for number, line in enumerate(prose.split("\n")):
        for match in _MARKDOWN_URL.finditer(line):
            scheme = match.group(1).split(":", 1)[0].lower()
            removals.append(Removal(number + first_line, match.start() + 1, f"the {scheme}: address of a link"))
    return removals
