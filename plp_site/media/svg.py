"""Make an SVG drawing safe to rasterize: no scripts, no references outside the file, a bounded amount of work."""

from __future__ import annotations

import base64
import binascii
import io
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

from PIL import Image, UnidentifiedImageError

__all__ = ["MAX_DECLARED_SIDE", "Cleaned", "TooComplex", "clean_svg", "declared_size"]

MAX_DECLARED_SIDE: Final = 100_000.0  # pixels; a real drawing, even a laser-cut sheet in mm, is far smaller
_MAX_ELEMENTS: Final = 50_000
_MAX_EXPANDED: Final = 250_000  # elements after every <use> and url(#...) copy is made
_MAX_DEPTH: Final = 256
_MAX_EMBEDDED_PIXELS: Final = 40_000_000
_ACTIVE: Final = {"script", "foreignObject", "iframe", "object", "embed", "audio", "video", "handler", "listener"}
_RASTER_DATA: Final = re.compile(r"\s*data:image/(?:png|jpeg|jpg|gif|webp)\s*;\s*base64\s*,", re.I)
_OUTSIDE_URL: Final = re.compile(r"""url\(\s*(?!['"]?\s*#)[^)]*\)""", re.I)
_IMPORT: Final = re.compile(r"@import[^;]*;?", re.I)
_LOCAL_REF: Final = re.compile(r"""url\(\s*['"]?\s*#([^)'"\s]+)""")
_UNITS: Final = {"": 1.0, "px": 1.0, "pt": 4 / 3, "pc": 16.0, "mm": 96 / 25.4, "cm": 96 / 2.54, "in": 96.0, "em": 16.0, "ex": 8.0}
_LENGTH: Final = re.compile(r"\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*([a-z]*)\s*", re.I)


class TooComplex(ValueError):
    """The drawing would take too much memory or time to draw."""


@dataclass(frozen=True)
class Cleaned:
    """An SVG ready for the rasterizer and what was taken out of it."""

    text: str
    removed: frozenset[str]  # "scripts", "links": told to the student
    width: float  # declared size in CSS pixels
    height: float


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def _embedded_ok(value: str) -> bool:
    """True for a raster picture inside the file whose header size is within bounds."""
    match = _RASTER_DATA.match(value)
    if match is None:
        return False
    try:
        data = base64.b64decode("".join(value[match.end() :].split()), validate=True)
        with Image.open(io.BytesIO(data)) as img:  # reads the header only
            return img.width * img.height <= _MAX_EMBEDDED_PIXELS
    except (binascii.Error, ValueError, OSError, UnidentifiedImageError, Image.DecompressionBombError):
        return False


def _clean_attributes(element: ET.Element, removed: set[str]) -> None:
    for name, value in list(element.attrib.items()):
        local = _local(name)
        if local.lower().startswith("on"):
            removed.add("scripts")
            del element.attrib[name]
        elif local == "href" and not (value.strip().startswith("#") or _embedded_ok(value)):
            removed.add("links")  # the rasterizer would read any file path on the machine that builds the site
            del element.attrib[name]
        elif "url(" in value.lower() or "@import" in value.lower():
            cleaned = _IMPORT.sub("", _OUTSIDE_URL.sub("none", value))
            if cleaned != value:
                removed.add("links")
                element.attrib[name] = cleaned


def _clean_tree(root: ET.Element) -> set[str]:
    removed: set[str] = set()
    for parent in root.iter():
        for child in list(parent):
            if _local(str(child.tag)) in _ACTIVE:
                removed.add("scripts")
                parent.remove(child)
        _clean_attributes(parent, removed)
        if _local(str(parent.tag)) == "style" and parent.text:
            cleaned = _IMPORT.sub("", _OUTSIDE_URL.sub("none", parent.text))
            if cleaned != parent.text:
                removed.add("links")
                parent.text = cleaned
    return removed


def _references(element: ET.Element, ids: dict[str, ET.Element]) -> Iterator[ET.Element]:
    for name, value in element.attrib.items():
        targets = [value.strip()[1:]] if _local(name) == "href" and value.strip().startswith("#") else []
        targets += _LOCAL_REF.findall(value)
        yield from (ids[target] for target in targets if target in ids)


def _check_work(root: ET.Element) -> None:
    """Refuse drawings whose copies (<use>, patterns, markers) multiply into more elements than can be drawn."""
    elements = list(root.iter())
    if len(elements) > _MAX_ELEMENTS:
        raise TooComplex("too many elements")
    ids = {str(e.get("id")): e for e in elements if e.get("id")}
    cost: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[ET.Element, bool, int]] = [(root, False, 0)]
    while stack:  # a loop, not recursion: chains of references may be long
        element, done, depth = stack.pop()
        key = id(element)
        if key in cost or (not done and key in on_path):
            continue  # a reference loop is dropped by the rasterizer, so it costs nothing here
        needed = [*element, *_references(element, ids)]
        if not done:
            if depth > _MAX_DEPTH:
                raise TooComplex("nested too deeply")
            on_path.add(key)
            stack.append((element, True, depth))
            stack.extend((child, False, depth + 1) for child in needed if id(child) not in cost)
            continue
        on_path.discard(key)
        cost[key] = min(_MAX_EXPANDED + 1, 1 + sum(cost.get(id(child), 0) for child in needed))
        if cost[key] > _MAX_EXPANDED:
            raise TooComplex("too many copies")


def _length(value: str | None) -> float | None:
    match = _LENGTH.fullmatch(value or "")
    if match is None or match.group(2).lower() not in _UNITS:
        return None  # missing, a percentage or nonsense: the viewBox decides
    return float(match.group(1)) * _UNITS[match.group(2).lower()]


def declared_size(root: ET.Element) -> tuple[float, float]:
    """Return the drawing's size in CSS pixels as a renderer would take it: width/height, else the viewBox, else 100."""
    box = [float(part) for part in re.findall(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?", root.get("viewBox", ""))]
    box_width, box_height = (box[2], box[3]) if len(box) == 4 else (100.0, 100.0)
    width, height = _length(root.get("width")), _length(root.get("height"))
    return (box_width if width is None else width), (box_height if height is None else height)


def clean_svg(data: bytes) -> Cleaned:
    """Parse an SVG and return it without scripts or outside references (ET.ParseError, TooComplex, ValueError if bad)."""
    # The standard parser expands internal entities with expat's protection against entity bombs, never loads an
    # external one, and drops comments and the DOCTYPE, so the rasterizer sees plain elements only.
    root = ET.fromstring(data)  # noqa: S314
    if _local(str(root.tag)) != "svg":
        raise ValueError("not an SVG drawing")
    removed = _clean_tree(root)
    _check_work(root)
    width, height = declared_size(root)
    if not (math.isfinite(width) and math.isfinite(height)) or min(width, height) <= 0:
        raise ValueError("drawing without a size")
    return Cleaned(ET.tostring(root, encoding="unicode"), frozenset(removed), width, height)
