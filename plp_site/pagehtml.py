"""The HTML of a page body: sanitized with an allowlist (nh3), then images made responsive."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

import nh3

__all__ = ["ALLOWED_TAGS", "ImageSizes", "allowed_attribute", "responsive_images", "sanitize"]

ALLOWED_TAGS = frozenset(nh3.ALLOWED_TAGS | {"input", "label"}) - {"map", "area"}
_GENERIC = {"class", "id", "title", "lang", "dir", "aria-hidden", "aria-label", "role"}
_ATTRIBUTES = {
    **{tag: set(values) for tag, values in nh3.ALLOWED_ATTRIBUTES.items()},
    "img": {"src", "alt", "width", "height", "loading", "decoding"},
    "a": {"href", "hreflang"},
    "details": {"open"},
    "th": {"scope", "colspan", "rowspan", "align"},
    "td": {"colspan", "rowspan", "align"},
    "input": {"type", "checked", "disabled"},
    "*": _GENERIC,
}
_SCHEMES = {"http", "https", "mailto", "tel"}
_IMG = re.compile(r"<img\b([^>]*)>")
_BLOCK = re.compile(r"<(p|li|h[1-6]|td|th|blockquote|figcaption|dt|dd)(?=[\s>])(?![^>]*\sdir=)")
_ATTRIBUTE = re.compile(r'([\w-]+)="([^"]*)"')


def allowed_attribute(tag: str, name: str) -> bool:
    """Whether the sanitizer keeps this attribute on this element."""
    return name in _ATTRIBUTES.get(tag, set()) or name in _GENERIC


def sanitize(content: str, iframe_hosts: tuple[str, ...] = ()) -> str:
    """Keep only safe HTML: no scripts, event handlers, styles, forms, embeds, or javascript:/data: links."""
    tags = set(ALLOWED_TAGS)
    attributes = {tag: set(values) for tag, values in _ATTRIBUTES.items()}
    if iframe_hosts:
        tags.add("iframe")
        attributes["iframe"] = {"src", "title", "width", "height", "allowfullscreen"}

    def only_allowed_frames(element: str, attribute: str, value: str) -> str | None:
        if element == "iframe" and attribute == "src":
            address = urlsplit(value)
            return value if address.scheme == "https" and address.hostname in iframe_hosts else None
        if element == "input" and attribute == "type":
            return value if value == "checkbox" else None
        if attribute == "class":
            # mkdocs-material would fetch a diagram library from another host for these.
            return " ".join(name for name in value.split() if name != "mermaid") or None
        return value

    cleaned = nh3.clean(
        content,
        tags=tags,
        attributes=attributes,
        attribute_filter=only_allowed_frames,
        url_schemes=_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )
    # Each paragraph takes its direction from its own text: English writing reads left to right inside an
    # Arabic interface, and Arabic writing right to left inside an English one.
    return _BLOCK.sub(r'<\1 dir="auto"', cleaned)


@dataclass(frozen=True)
class ImageSizes:
    """The processed copies of one image: (file name, width, height) each, smallest first, and the thumbnail."""

    renditions: tuple[tuple[str, int, int], ...]
    thumbnail: tuple[str, int, int]


# Content column of mkdocs-material is at most about 45rem wide; on phones the full width.
_SIZES = "(min-width: 60em) 45rem, 100vw"


def responsive_images(content: str, images: Mapping[str, ImageSizes], folder: str = "assets/images/") -> str:
    """Give every processed image srcset, sizes, width, height and lazy loading (no layout shift)."""

    def rewrite(match: re.Match[str]) -> str:
        # Values are kept unescaped here and escaped once when the tag is written again.
        attributes = {name: html.unescape(value) for name, value in _ATTRIBUTE.findall(match.group(1))}
        src = attributes.get("src", "")
        found = re.search(re.escape(folder) + r"([0-9a-f]+)/([^/]+)$", src)
        if not found or found.group(1) not in images:
            return match.group(0)
        sizes, name = images[found.group(1)], found.group(2)
        base = src[: len(src) - len(name)]
        chosen = next((r for r in (*sizes.renditions, sizes.thumbnail) if r[0] == name), sizes.renditions[-1])
        attributes.update(width=str(chosen[1]), height=str(chosen[2]), loading="lazy", decoding="async")
        if name != sizes.thumbnail[0]:
            attributes["srcset"] = ", ".join(f"{base}{file} {width}w" for file, width, _ in sizes.renditions)
            attributes["sizes"] = _SIZES
        return "<img " + " ".join(f'{key}="{html.escape(value)}"' for key, value in attributes.items()) + ">"

    return _IMG.sub(rewrite, content)
