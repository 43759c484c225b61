"""Plain helpers for the integration tests: read built sites (HTML, search index), hash trees, make images."""

from __future__ import annotations

import hashlib
import html
import io
import json
import os
import re
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import yaml
from PIL import Image

__all__ = [
    "Element",
    "corrupt_png_header",
    "file_hashes",
    "front_matter",
    "noisy",
    "page_text",
    "parse_html",
    "phone_jpeg",
    "read_html",
    "search_docs",
    "site_files",
    "tree_state",
]

_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})


@dataclass
class Element:
    """One element of a parsed HTML page: tag, attributes and children (elements and text)."""

    tag: str
    attrs: dict[str, str]
    children: list[Element | str] = field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        """The element's CSS classes."""
        return set(self.attrs.get("class", "").split())

    def iter(self) -> Iterator[Element]:
        """This element and every element below it, in document order."""
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> list[Element]:
        """Every element below (and including) this one with the tag, the class and the attribute values."""
        return [
            element
            for element in self.iter()
            if (tag is None or element.tag == tag)
            and (cls is None or cls in element.classes)
            and all(element.attrs.get(name.replace("_", "-")) == value for name, value in attrs.items())
        ]

    def find(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> Element:
        """The first matching element; fails the test when there is none."""
        found = self.find_all(tag, cls, **attrs)
        assert found, f"no <{tag or '*'}> with class={cls!r} {attrs} in <{self.tag} {self.attrs}>"
        return found[0]

    def elements(self, tag: str | None = None) -> list[Element]:
        """The direct child elements (with the tag, when given)."""
        return [c for c in self.children if isinstance(c, Element) and (tag is None or c.tag == tag)]

    def text(self, *, skip_hidden: bool = False) -> str:
        """The text inside, whitespace collapsed; without aria-hidden parts when skip_hidden."""
        parts: list[str] = []

        def walk(element: Element) -> None:
            if skip_hidden and element.attrs.get("aria-hidden") == "true":
                return
            for child in element.children:
                if isinstance(child, str):
                    parts.append(child)
                else:
                    walk(child)

        walk(self)
        return " ".join("".join(parts).split())


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(element)
        if tag not in _VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Element(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag: str) -> None:
        # Tolerant: close up to the matching open element; a stray end tag is ignored.
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse_html(text: str) -> Element:
    """The element tree of an HTML document."""
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    return builder.root


def read_html(path: Path) -> Element:
    """The element tree of an HTML file."""
    return parse_html(path.read_text(encoding="utf-8"))


def site_files(folder: Path, *suffixes: str) -> list[Path]:
    """Every file under folder (with one of the suffixes, when given), sorted."""
    return sorted(p for p in folder.rglob("*") if p.is_file() and (not suffixes or p.suffix in suffixes))


def file_hashes(folder: Path) -> dict[str, str]:
    """sha256 of every file under folder, by path relative to it."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in site_files(folder)}


def tree_state(folder: Path) -> dict[str, str]:
    """Every path under folder (folders too) with its file hash and mode: any write, new file or folder changes it."""
    state = {}
    for directory, dirnames, filenames in os.walk(folder):
        for name in dirnames:
            path = Path(directory, name)
            state[path.relative_to(folder).as_posix() + "/"] = oct(path.stat().st_mode)
        for name in filenames:
            path = Path(directory, name)
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            state[path.relative_to(folder).as_posix()] = f"{digest} {oct(path.stat().st_mode)} {path.stat().st_mtime_ns}"
    return state


def search_docs(site: Path) -> list[dict[str, str]]:
    """The documents of a built site's search index."""
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    docs = index["docs"]
    assert isinstance(docs, list)
    return docs


def page_text(site: Path) -> str:
    """All the words a site holds: the text of every HTML file and of the search index, whitespace collapsed."""
    parts = [html.unescape(re.sub(r"<[^>]+>", " ", p.read_text(encoding="utf-8"))) for p in site_files(site, ".html")]
    parts += [f"{doc['title']} {doc['text']}" for doc in search_docs(site)]
    return " ".join(" ".join(parts).split())


def front_matter(path: Path) -> dict[str, object]:
    """The YAML front matter of a Markdown file (empty when it has none)."""
    text = path.read_text(encoding="utf-8-sig")
    match = re.match(r"---\r?\n(.*?)\r?\n---\r?\n", text, re.DOTALL)
    data = yaml.safe_load(match.group(1)) if match else {}
    return data if isinstance(data, dict) else {}


def noisy(size: tuple[int, int], seed: int = 0, mode: str = "RGB") -> Image.Image:
    """Smooth colour blobs: cheap to make, and they compress like a photo (so truncation hits image data)."""
    small = Image.frombytes("RGB", (8, 6), bytes((seed * 31 + i * 97) % 256 for i in range(8 * 6 * 3)))
    return small.resize(size, Image.Resampling.BICUBIC).convert(mode)


def phone_jpeg(image: Image.Image, *, orientation: int = 1) -> bytes:
    """A JPEG such as a phone writes: camera make and model, a GPS position, an orientation tag."""
    exif = Image.Exif()
    exif[0x010F] = "SecretPhoneMaker"
    exif[0x0110] = "SecretPhone 15"
    exif[0x0112] = orientation
    exif[0x8825] = {1: "N", 2: (44.0, 28.0, 0.0), 3: "W", 4: (73.0, 12.0, 0.0)}
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85, exif=exif)
    return buffer.getvalue()


def corrupt_png_header(width: int, height: int) -> bytes:
    """A PNG whose header claims width x height pixels, with no pixel data behind it."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 16)) + chunk(b"IEND", b"")
