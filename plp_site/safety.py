"""What a rendered page holds that matters for safety: its images, its links to local files, and every element,
attribute or address the sanitizer will remove, each placed at its line in the student's Markdown.

The rendered HTML is read with an HTML5 parser (lexbor), the way a browser and the sanitizer read it, and judged
with the sanitizer's own policy (pagehtml.py), so `plp check` reports what the build will publish.
"""

from __future__ import annotations

import bisect
import html
import re
from dataclasses import dataclass, field
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from plp_site.display import clip, visible
from plp_site.htmlwords import attribute_words, element_words, silent_attribute
from plp_site.pagehtml import CONTENT_DROPPED, allowed_attribute, allowed_element, kept_value, without_source
from plp_site.scan import is_external

__all__ = ["FoundImage", "FoundLink", "PageMarkup", "Removal", "page_markup"]

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_MAX_REMOVALS = 100
"""Removals reported for one page: enough to fix, never a flood."""
_MAX_MISSES = 20
"""Searches for a value not written as-is in the Markdown; past it, findings take the page's first line."""
_SCHEME = re.compile(r"^[^:/?#]*:")


@dataclass(frozen=True)
class Removal:
    """Something the sanitizer takes out of a page, and where it is."""

    line: int
    column: int
    what: str
    hint: str = ""


@dataclass(frozen=True)
class FoundImage:
    """An image of the rendered page: its alt text, its address as written, and where it is."""

    alt: str
    target: str
    line: int
    column: int


@dataclass(frozen=True)
class FoundLink:
    """A link of the rendered page, and where it is."""

    target: str
    line: int
    column: int


@dataclass(frozen=True)
class PageMarkup:
    """Everything about a rendered page that `plp check` judges."""

    images: tuple[FoundImage, ...] = ()
    links: tuple[FoundLink, ...] = ()
    removals: tuple[Removal, ...] = ()
    anchors: tuple[str, ...] = ()
    """The ids the published page has (headings and elements with an id), for links to `#id`."""


@dataclass
class _Locator:
    """Places values of the HTML in the Markdown they came from, searching forward from the last one found."""

    body: str
    first_line: int
    folded: str = ""
    line_starts: list[int] = field(default_factory=list)
    cursor: int = 0
    misses: int = 0

    def __post_init__(self) -> None:
        self.folded = self.body.translate(_ASCII_LOWER)
        self.line_starts = [0, *(match.end() for match in re.finditer("\n", self.body))]

    def place(self, *needles: str, fold: bool = False) -> tuple[int, int]:
        """The line and column of the first needle found (ASCII case ignored with fold), else the first line."""
        text = self.folded if fold else self.body
        for written in needles:
            if not written or self.misses >= _MAX_MISSES:
                continue
            needle = written.translate(_ASCII_LOWER) if fold else written
            offset = text.find(needle, self.cursor)
            if offset < 0:
                self.misses += 1
                offset = text.find(needle) if self.misses < _MAX_MISSES else -1
            if offset >= 0:
                self.cursor = offset + 1
                index = bisect.bisect_right(self.line_starts, offset) - 1
                return self.first_line + index, offset - self.line_starts[index] + 1
        return self.first_line, 1

    def tag_before(self, place: tuple[int, int], tag: str) -> tuple[int, int]:
        """Where `<tag` starts on the line of `place`, before it (else `place` itself)."""
        start = self.line_starts[place[0] - self.first_line]
        found = self.folded.rfind(f"<{tag}".translate(_ASCII_LOWER), start, start + place[1] - 1)
        return (place[0], found - start + 1) if found >= 0 else place


def _address_needles(value: str) -> tuple[str, ...]:
    """How an address may be found in Markdown: as it is, with & written as &amp;, or without its scheme."""
    decoded = html.unescape(value)
    without_scheme = _SCHEME.sub("", "".join(decoded.split()), count=1)
    return (decoded, html.escape(decoded, quote=False), without_scheme if len(without_scheme) >= 4 else "")


def page_markup(rendered: str, body: str, first_line: int, iframe_hosts: tuple[str, ...] = ()) -> PageMarkup:
    """The images, links and removals of a page body rendered to HTML, placed in the Markdown `body`."""
    locator = _Locator(body, first_line)
    images: list[FoundImage] = []
    links: list[FoundLink] = []
    removals: list[Removal] = []
    anchors: dict[str, None] = {}
    parser = LexborHTMLParser(rendered, is_fragment=True)
    # Depth first without recursion (a page may nest deeply); what the sanitizer drops with its content (a frame's
    # fallback text, a video's sources) is neither published nor reported a second time.
    stack = list(reversed(list(parser.root.iter()))) if parser.root else []
    while stack:
        node = stack.pop()
        tag = node.tag or ""
        if not node.is_element_node or tag.startswith("-"):
            continue
        attributes = {str(name): value or "" for name, value in node.attributes.items()}
        if tag == "img" and "src" in attributes:
            line, column = locator.place(*_address_needles(attributes["src"]))
            images.append(FoundImage(attributes.get("alt", ""), attributes["src"], line, column))
        elif tag == "a" and _local(attributes.get("href")):
            line, column = locator.place(*_address_needles(attributes["href"]))
            links.append(FoundLink(attributes["href"], line, column))
        removed = _removed(node, tag, attributes, locator, iframe_hosts) if len(removals) < _MAX_REMOVALS else []
        removals.extend(removed)
        dropped = not allowed_element(tag, iframe_hosts) or without_source(tag, attributes, iframe_hosts)
        if dropped and tag in CONTENT_DROPPED:
            continue
        if attributes.get("id") and not dropped:
            anchors.setdefault(attributes["id"])
        stack.extend(reversed(list(node.iter())))
    return PageMarkup(tuple(images), tuple(links), tuple(removals[:_MAX_REMOVALS]), tuple(anchors))


def _local(href: str | None) -> bool:
    # Web addresses are navigations, judged by the sanitizer alone; `#part` is a heading of the same page.
    return bool(href) and not is_external(href or "")


def _removed(node: Any, tag: str, attributes: dict[str, str], locator: _Locator, hosts: tuple[str, ...]) -> list[Removal]:
    if not allowed_element(tag, hosts) or (tag == "iframe" and without_source(tag, attributes, hosts)):
        words, hint = element_words(tag, attributes)
        return [Removal(*_element_place(tag, attributes, locator), words, hint)]
    found = []
    for attribute, value in attributes.items():
        what = _removed_attribute(tag, attribute, value, hosts)
        if what:
            by_name = not allowed_attribute(tag, attribute, hosts)
            line, column = (
                locator.place(attribute, *_written_needles(node, value), fold=True)
                if by_name
                else locator.place(*_address_needles(value))
            )
            words, hint = attribute_words(what, tag, attribute)
            found.append(Removal(line, column, words, hint))
    return found


def _written_needles(node: Any, value: str) -> tuple[str, ...]:
    """What else may find an attribute whose name an extension wrote for the student (attr_list turns
    `{#x"onclick=...}` into other names): its value, else the words of its element."""
    words = " ".join((node.text(deep=True) or "").split())[:40]
    return (html.unescape(value) if len(value) >= 4 else "", words if len(words) >= 3 else "")


def _element_place(tag: str, attributes: dict[str, str], locator: _Locator) -> tuple[int, int]:
    # An element's address tells it from others of its kind (two frames, one removed); its tag name is the fallback.
    address = next((attributes[name] for name in ("src", "data", "href", "srcset") if attributes.get(name)), "")
    place = locator.place(*_address_needles(address)) if len(address) >= 4 else (0, 0)
    if not place[0] or place == (locator.first_line, 1):
        return locator.place(f"<{tag}", fold=True)
    return locator.tag_before(place, tag)


def _removed_attribute(tag: str, attribute: str, value: str, hosts: tuple[str, ...]) -> str | None:
    """How to name an attribute the sanitizer removes (None when it is kept)."""
    if not allowed_attribute(tag, attribute, hosts):
        # A new tab, a referrer rule or a data- note changes nothing a family sees: dropped without a word.
        return None if silent_attribute(attribute) else "attribute"
    # Class names are only trimmed; an image's address, or a link's to a file, has its own finding (PLP304).
    has_own_finding = (tag, attribute) == ("img", "src") or ((tag, attribute) == ("a", "href") and not is_external(value))
    if kept_value(tag, attribute, value, hosts) is not None or attribute == "class" or has_own_finding:
        return None
    if tag == "a" and attribute == "href":
        scheme = _SCHEME.match("".join(value.split()))
        return "scheme:" + clip(visible(scheme.group(0) if scheme else value), 20)
    if tag == "input" and attribute == "type":
        return "input-type"
    return "address"
