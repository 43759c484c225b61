"""The HTML of a page body: sanitized with an allowlist (nh3), then images made responsive.

The policy here (which elements, attributes and addresses a published page may have) is the one source of truth:
`plp check` explains each removal with the same functions (safety.py).
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import nh3
from selectolax.lexbor import LexborHTMLParser

from plp_site.videosites import video_link

__all__ = [
    "ALLOWED_TAGS",
    "CONTENT_DROPPED",
    "ImageSizes",
    "allowed_attribute",
    "allowed_element",
    "kept_value",
    "responsive_images",
    "sanitize",
    "site_address",
    "without_source",
]

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
CONTENT_DROPPED = frozenset(
    {"script", "style", "iframe", "frame", "frameset", "video", "audio", "object", "embed", "applet", "noembed",
     "noframes", "noscript", "template", "svg", "math", "select", "textarea"}
)  # fmt: skip
"""Elements that, when the sanitizer removes them, take all they hold with them: a frame's or a player's fallback
text (sometimes a link to another website) is never shown to families."""
_FRAME_ATTRIBUTES = frozenset({"src", "title", "width", "height", "allowfullscreen"})
_SCHEMES = {"http", "https", "mailto", "tel"}
# Attributes whose address a browser fetches (or may fetch) by itself, on any element. `href` is one too, except
# on a link (<a>), where it is a place the reader may choose to go.
FETCHED = frozenset(
    {
        "src", "srcset", "imagesrcset", "poster", "data", "background", "cite", "longdesc", "action", "formaction",
        "icon", "manifest", "codebase", "archive", "classid", "profile", "usemap", "lowsrc", "dynsrc", "ping",
        "xlink:href", "href",
    }
)  # fmt: skip
_URL_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")
_TAB_OR_NEWLINE = str.maketrans("", "", "\t\n\r")
_C0_OR_SPACE = "".join(chr(code) for code in range(0x21))
# A start tag as nh3 writes it: every value in double quotes, no `"` inside one, no `<` outside a tag. Applied
# left to right over the whole text, each match starts where the last ended, so values are never read as tags.
_START_TAG = re.compile(r'<([a-zA-Z][^\s/>]*)((?:\s+[^\s="/>]+(?:="[^"]*")?)*)\s*/?>')
_ATTRIBUTE = re.compile(r'([^\s="/>]+)(?:="([^"]*)")?')
_BLOCKS = frozenset({"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "blockquote", "figcaption", "dt", "dd"})


def _browser_form(address: str) -> str:
    """An address as a browser reads it: C0 controls and spaces trimmed, tabs and newlines taken out anywhere."""
    return address.strip(_C0_OR_SPACE).translate(_TAB_OR_NEWLINE)


def site_address(address: str) -> bool:
    """Whether a browser would fetch this address from the site itself: relative, with no scheme and no host.

    `https:`, `data:`, `//host`, `\\\\host` and `/path` are all refused, however they are spelled (a browser
    ignores tabs and newlines inside an address and reads a backslash as a slash).
    """
    url = _browser_form(address)
    return bool(url) and not _URL_SCHEME.match(url) and not url.startswith(("/", "\\"))


def _addresses(attribute: str, value: str) -> list[str]:
    # A srcset is a list of "address width" candidates separated by commas.
    if attribute.endswith("srcset"):
        return [candidate.split()[0] if candidate.split() else "" for candidate in value.split(",")]
    return [value]


def allowed_element(tag: str, iframe_hosts: tuple[str, ...] = ()) -> bool:
    """Whether the sanitizer keeps this element (its content is kept as text otherwise, or dropped for scripts)."""
    return tag in ALLOWED_TAGS or (tag == "iframe" and bool(iframe_hosts))


def allowed_attribute(tag: str, name: str, iframe_hosts: tuple[str, ...] = ()) -> bool:
    """Whether the sanitizer keeps this attribute on this element (before looking at its value)."""
    if tag == "iframe" and iframe_hosts:
        return name in _FRAME_ATTRIBUTES or name in _GENERIC
    return name in _ATTRIBUTES.get(tag, set()) or name in _GENERIC


def kept_value(tag: str, attribute: str, value: str, iframe_hosts: tuple[str, ...] = ()) -> str | None:
    """The value an allowed attribute keeps on the published page, or None when the attribute is removed."""
    if tag == "iframe" and attribute == "src":
        address = urlsplit(_browser_form(value))
        return value if address.scheme == "https" and address.hostname in iframe_hosts else None
    if attribute in FETCHED and not (tag == "a" and attribute == "href"):
        # No request to another host: only addresses inside the site itself are fetched.
        return value if all(site_address(address) for address in _addresses(attribute, value)) else None
    if attribute == "href":
        scheme = _URL_SCHEME.match(_browser_form(value))
        return value if scheme is None or scheme.group(0)[:-1].lower() in _SCHEMES else None
    if tag == "input" and attribute == "type":
        return value if value == "checkbox" else None
    if attribute == "class":
        # mkdocs-material would fetch a diagram library from another host for these.
        return " ".join(name for name in value.split() if name != "mermaid") or None
    return value


def sanitize(content: str, iframe_hosts: tuple[str, ...] = (), frame_title: str = "Video from {host}") -> str:
    """Keep only safe HTML: no scripts, event handlers, styles, forms, embeds, unsafe links, nor any address
    on another host that a browser would fetch by itself.

    `frame_title` names an allowed frame without a title for screen readers, in the family's language."""
    tags = set(ALLOWED_TAGS)
    attributes = {tag: set(values) for tag, values in _ATTRIBUTES.items()}
    if iframe_hosts:
        tags.add("iframe")
        attributes["iframe"] = set(_FRAME_ATTRIBUTES)
    cleaned = nh3.clean(
        _without_broken_images(content, iframe_hosts, frame_title),
        tags=tags,
        clean_content_tags=set(CONTENT_DROPPED - tags),
        attributes=attributes,
        attribute_filter=lambda tag, attribute, value: kept_value(tag, attribute, value, iframe_hosts),
        url_schemes=_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )
    # Each paragraph takes its direction from its own text: English writing reads left to right inside an
    # Arabic interface, and Arabic writing right to left inside an English one.
    return _START_TAG.sub(_direction_auto, cleaned)


def _direction_auto(tag: re.Match[str]) -> str:
    if tag.group(1) not in _BLOCKS or any(name == "dir" for name, _ in _ATTRIBUTE.findall(tag.group(2))):
        return tag.group(0)
    return f'<{tag.group(1)} dir="auto"{tag.group(0)[len(tag.group(1)) + 1 :]}'


def _without_broken_images(content: str, iframe_hosts: tuple[str, ...], frame_title: str) -> str:
    """Images and frames whose address the sanitizer removes are taken out: an image becomes its alt text, not a
    broken picture, and a frame goes, not an empty box.

    nh3 still decides what is kept; this only spares families an empty frame where a picture was meant to be."""
    lowered = content.lower()
    if not any(f"<{tag}" in lowered for tag in ("img", "iframe", "embed", "object", "video")):
        return content
    parser = LexborHTMLParser(content, is_fragment=True)
    changed = False
    for node in parser.css("img, iframe, embed, object, video"):
        tag = node.tag or ""
        if tag == "iframe" and allowed_element(tag, iframe_hosts) and not without_source(tag, node.attributes, iframe_hosts):
            if not (node.attributes.get("title") or "").strip():
                # A screen reader names a frame by its title.
                host = urlsplit(_browser_form(node.attributes.get("src") or "")).hostname or ""
                node.attrs["title"] = frame_title.replace("{host}", host)
            # What a frame holds is never shown by a browser that shows the frame: it is not published either.
            for child in list(node.iter(include_text=True)):
                child.decompose()
            changed = True
            continue
        changed |= _replace_removed(node, tag, iframe_hosts)
    return (parser.html or "") if changed else content


def _replace_removed(node: Any, tag: str, iframe_hosts: tuple[str, ...]) -> bool:
    """An embed from a video website becomes a link to the video; an image without its address becomes its alt text."""
    removed = without_source(tag, node.attributes, iframe_hosts) or not allowed_element(tag, iframe_hosts)
    if not removed:
        return False
    video = video_link(node.attributes) if tag != "img" else None
    if video is not None:
        link = LexborHTMLParser(f'<a href="{html.escape(video[0])}">{html.escape(video[1])}</a>', is_fragment=True)
        node.replace_with(link.root or video[1])
        return True
    if tag not in {"img", "iframe"}:
        return False  # nh3 drops it with all it holds
    alt = " ".join((node.attributes.get("alt") or "").split()) if tag == "img" else ""
    if alt:
        node.replace_with(alt)
    else:
        node.decompose()
    return True


def without_source(tag: str, attributes: Mapping[str, str | None], iframe_hosts: tuple[str, ...] = ()) -> bool:
    """Whether an image or a frame loses its address to the sanitizer, and so is taken out of the page."""
    if tag not in ("img", "iframe") or not allowed_element(tag, iframe_hosts):
        return False
    return kept_value(tag, "src", attributes.get("src") or "", iframe_hosts) is None


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
        if match.group(1) != "img":
            return match.group(0)
        # Values are kept unescaped here and escaped once when the tag is written again.
        attributes = {name: html.unescape(value) for name, value in _ATTRIBUTE.findall(match.group(2))}
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

    return _START_TAG.sub(rewrite, content)
