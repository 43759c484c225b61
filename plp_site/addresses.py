"""Local addresses in a page's raw HTML, made to work from the page's own web address.

MkDocs rewrites the addresses of Markdown links and images (written from the page's file, `evidence/arm.md`) so
they work from the page's web address (`evidence/arm/`), but it leaves raw HTML as written: `<img src>`,
`<video poster>`, `<source src>` or `<a href>` would be one folder short on every page but the home page. This
Markdown extension gives raw HTML the same treatment, for every attribute a browser fetches and every link, on
the HTML Python-Markdown keeps aside (its stash) and on elements that MkDocs does not look at.

It knows nothing of MkDocs: the plugin tells it, for each page, how a file of the site is addressed.
"""

from __future__ import annotations

import html
import posixpath
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit

import markdown
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor

from plp_site.pagehtml import FETCHED, site_address

__all__ = ["PageAddress", "RawAddresses", "rewrite_start_tags", "web_relative"]

_LINKS = frozenset({"href", "xlink:href"})
_REWRITTEN = FETCHED | _LINKS
_NAME_END = frozenset(" \t\n\r\f/>")


@dataclass(frozen=True)
class PageAddress:
    """Where a page comes from (its file, relative to the student folder) and where it is published (its web
    address, relative to the site root: `evidence/arm/` or `evidence/arm.html`), and the web address of each
    file of the site (None for a file the site does not have)."""

    source: str
    url: str
    url_of: Callable[[str], str | None]


def web_relative(address: str, page: PageAddress) -> str:
    """A local address written from the page's file, as it must be written from the page's web address."""
    if not site_address(address) or address.strip().startswith(("#", "?")):
        return address
    parts = urlsplit(address.strip())
    path = posixpath.normpath(posixpath.join(posixpath.dirname(page.source), unquote(parts.path).replace("\\", "/")))
    if path == ".." or path.startswith("../"):
        return address
    found = page.url_of(path)
    target = found if found is not None else quote(path)
    if parts.path.endswith("/") and not target.endswith("/"):
        target += "/"
    relative = _relative_url(target, page.url)
    return relative + (f"?{parts.query}" if parts.query else "") + (f"#{parts.fragment}" if parts.fragment else "")


def _relative_url(url: str, from_url: str) -> str:
    """`url` (from the site root) as seen from the page at `from_url` (from the site root too)."""
    base = from_url if from_url.endswith("/") or not from_url else posixpath.dirname(from_url) + "/"
    relative = posixpath.relpath(url or ".", base.rstrip("/") or ".")
    if url.endswith("/") and relative != "." and not relative.endswith("/"):
        relative += "/"
    return "./" if relative == "." else relative


def _value(attribute: str, value: str, to_url: Callable[[str], str]) -> str:
    if attribute.endswith("srcset"):
        candidates = []
        for candidate in value.split(","):
            words = candidate.split()
            candidates.append(" ".join([to_url(words[0]), *words[1:]]) if words else candidate)
        return ", ".join(candidates)
    return to_url(value)


def rewrite_start_tags(text: str, to_url: Callable[[str], str]) -> str:
    """Raw HTML with the local addresses of its start tags rewritten by `to_url`; everything else as written.

    Start tags are read the way an HTML5 tokenizer reads them, each character once, so any text takes time in
    proportion to its length."""
    pieces: list[str] = []
    position = 0
    start = text.find("<")
    while 0 <= start < len(text) - 1:
        if not text[start + 1].isascii() or not text[start + 1].isalpha():
            start = text.find("<", start + 1)
            continue
        end, changes = _start_tag(text, start + 1, to_url)
        for offset, length, new in changes:
            pieces.extend((text[position:offset], new))
            position = offset + length
        start = text.find("<", end)
    pieces.append(text[position:])
    return "".join(pieces)


def _start_tag(text: str, index: int, to_url: Callable[[str], str]) -> tuple[int, list[tuple[int, int, str]]]:
    """Read one start tag from its name at `index`: where it ends, and the (offset, length, new value) changes."""
    length = len(text)
    while index < length and text[index] not in _NAME_END:
        index += 1
    changes: list[tuple[int, int, str]] = []
    while index < length:
        while index < length and text[index] in " \t\n\r\f/":
            index += 1
        if index >= length or text[index] == ">":
            return index + 1, changes
        name_start = index
        index += 1  # A name may start with `=`; it ends at a space, `/`, `>` or `=`.
        while index < length and text[index] not in _NAME_END and text[index] != "=":
            index += 1
        name = text[name_start:index].lower()
        while index < length and text[index] in " \t\n\r\f":
            index += 1
        if index >= length or text[index] != "=":
            continue
        index += 1
        while index < length and text[index] in " \t\n\r\f":
            index += 1
        value_start, index, quote_mark = _attribute_value(text, index)
        if name in _REWRITTEN:
            written = html.unescape(text[value_start:index])
            new = _value(name, written, to_url)
            if new != written:
                changes.append((value_start, index - value_start, html.escape(new, quote=True)))
        index += bool(quote_mark) and index < length
    return index, changes


def _attribute_value(text: str, index: int) -> tuple[int, int, str]:
    """Where a value starts and ends (without its quotes), and its quote mark ('' when unquoted)."""
    if index < len(text) and text[index] in "\"'":
        mark = text[index]
        end = text.find(mark, index + 1)
        return index + 1, len(text) if end < 0 else end, mark
    end = index
    while end < len(text) and text[end] not in " \t\n\r\f>":
        end += 1
    return index, end, ""


class _Stash(Postprocessor):  # type: ignore[misc]
    """The raw HTML Python-Markdown kept aside, rewritten before it is put back into the page.

    Postprocessors run more than once per page: the toc extension runs them all on the table of contents and on
    each heading. Each block is rewritten once: a second pass would read an address already written from the
    page's web address as if it were written from its file, and send it one folder too far up."""

    def __init__(self, md: markdown.Markdown, page: Callable[[], PageAddress | None]) -> None:
        super().__init__(md)
        self.page = page
        self.blocks: list[str | etree.Element] | None = None
        """The stash of the page being converted (a new list for each conversion)."""
        self.done = 0
        """How many of its blocks are rewritten."""

    def run(self, text: str) -> str:
        page = self.page()
        if page is not None:
            stash = self.md.htmlStash.rawHtmlBlocks
            if stash is not self.blocks:
                self.blocks, self.done = stash, 0
            for index in range(self.done, len(stash)):
                block = stash[index]
                if isinstance(block, str):
                    stash[index] = rewrite_start_tags(block, lambda address: web_relative(address, page))
                else:
                    _rewrite_elements(block, page, everything=True)
            self.done = len(stash)
        return text


class _Elements(Treeprocessor):  # type: ignore[misc]
    """Elements of the page tree whose addresses MkDocs does not rewrite (all but a link's href and an image's src)."""

    def __init__(self, md: markdown.Markdown, page: Callable[[], PageAddress | None]) -> None:
        super().__init__(md)
        self.page = page

    def run(self, root: etree.Element) -> None:
        page = self.page()
        if page is not None:
            _rewrite_elements(root, page, everything=False)


def _rewrite_elements(root: etree.Element, page: PageAddress, *, everything: bool) -> None:
    for element in root.iter():
        for name, value in list(element.attrib.items()):
            done_by_mkdocs = (element.tag, name) in {("a", "href"), ("img", "src")}
            if name.lower() in _REWRITTEN and (everything or not done_by_mkdocs):
                element.set(name, _value(name.lower(), value, lambda address: web_relative(address, page)))


class RawAddresses(markdown.Extension):  # type: ignore[misc]
    """Rewrites the local addresses of raw HTML for the page being built (`page()`; None leaves them as written)."""

    def __init__(self, page: Callable[[], PageAddress | None]) -> None:
        super().__init__()
        self.page = page

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        """Run after every tree step (MkDocs' own rewriting among them) and before raw HTML is put back."""
        md.treeprocessors.register(_Elements(md, self.page), "plp_raw_addresses", -10)
        md.postprocessors.register(_Stash(md, self.page), "plp_raw_addresses", 35)
