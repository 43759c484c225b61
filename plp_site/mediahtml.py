"""Where published media live in a site (readable names) and the HTML that shows them.

The student writes plain Markdown (`![my talk](talk.mp4)`); the page first shows an image whose address is the
published copy, which the sanitizer keeps like any picture from the site itself. After sanitizing, plp replaces
each such image with the element for its kind, built here from plp's own facts with every value escaped, so no
student text ever becomes markup and the sanitizer never needs to allow media elements from students.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from plp_site.transcripts import transcript_html

__all__ = ["MEDIA_FOLDER", "MediaView", "media_elements", "readable_name"]

MEDIA_FOLDER: Final = "assets/media/"
_LONGEST: Final = 48
_START_TAG: Final = re.compile(r'<img((?:\s+[^\s="/>]+(?:="[^"]*")?)*)\s*/?>')
# An image, or a paragraph that holds only one image: a transcript goes after the paragraph, never inside it.
_IMAGE: Final = r'<img(?:\s+[^\s="/>]+(?:="[^"]*")?)*\s*/?>'
_SHOWN: Final = re.compile(rf"(?P<alone><p(?:\s[^>]*)?>\s*(?P<lone>{_IMAGE})\s*</p>)|(?P<image>{_IMAGE})")
_ATTRIBUTE: Final = re.compile(r'([^\s="/>]+)(?:="([^"]*)")?')


@dataclass(frozen=True)
class MediaView:
    """What a page needs to show one published media file (names are inside its folder of the site)."""

    kind: str  # pdf, video or audio
    file: str
    width: int | None = None
    height: int | None = None
    poster: str | None = None
    poster_size: tuple[int, int] | None = None
    captions: str | None = None
    captions_language: str = "en"
    captions_label: str = "Captions"
    thumbnail: tuple[str, int, int] | None = None  # (file, width, height) of the gallery's small picture
    transcript: str | None = None  # the student's transcript text, shown escaped under the player
    transcript_label: str = "Transcript"


def readable_name(name: str, ending: str) -> str:
    """A published file name a family can read: the student's name for it in plain letters, digits and hyphens."""
    stem = name.rsplit("/", 1)[-1].rsplit(".", 1)[0] if "." in name.rsplit("/", 1)[-1] else name.rsplit("/", 1)[-1]
    plain = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode().lower()
    words = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:_LONGEST].strip("-")
    return f"{words or 'file'}{ending}"


def _tag(name: str, attributes: Mapping[str, str | None]) -> str:
    written = "".join(f' {key}="{html.escape(value)}"' if value is not None else f" {key}" for key, value in attributes.items())
    return f"<{name}{written}>"


def _video(view: MediaView, base: str, alt: str) -> str:
    size = {"width": str(view.width), "height": str(view.height)} if view.width and view.height else {}
    poster = {"poster": base + view.poster} if view.poster else {}
    parts = [
        _tag("video", {"controls": None, "preload": "none", **size, **poster, "aria-label": alt or None}),
        _tag("source", {"src": base + view.file, "type": "video/mp4"}),
    ]
    if view.captions:
        track = {"src": base + view.captions, "srclang": view.captions_language, "label": view.captions_label}
        parts.append(_tag("track", {"kind": "captions", **track}))
    parts.append(f"{_tag('a', {'href': base + view.file})}{html.escape(alt or view.file)}</a></video>")
    return "".join(parts)


def _audio(view: MediaView, base: str, alt: str) -> str:
    return (
        _tag("audio", {"controls": None, "preload": "none", "aria-label": alt or None})
        + _tag("source", {"src": base + view.file, "type": "audio/mp4"})
        + f"{_tag('a', {'href': base + view.file})}{html.escape(alt or view.file)}</a></audio>"
    )


def _document(view: MediaView, base: str, alt: str) -> str:
    if not view.poster:
        return f"{_tag('a', {'href': base + view.file})}{html.escape(alt or view.file)}</a>"
    size = {"width": str(view.poster_size[0]), "height": str(view.poster_size[1])} if view.poster_size else {}
    picture = {"src": base + view.poster, "alt": alt, **size, "loading": "lazy", "decoding": "async"}
    return _tag("a", {"class": "plp-document", "href": base + view.file}) + _tag("img", picture) + "</a>"


def _attributes(text: str) -> dict[str, str]:
    # Values are kept unescaped here and escaped once when a tag is written again.
    return {name: html.unescape(value) for name, value in _ATTRIBUTE.findall(text)}


def _thumbnail(view: MediaView, attributes: dict[str, str]) -> str:
    # The gallery's small picture keeps its place while it loads, like a photo's thumbnail.
    assert view.thumbnail is not None
    attributes.update(width=str(view.thumbnail[1]), height=str(view.thumbnail[2]), loading="lazy", decoding="async")
    return _tag("img", attributes)


def media_elements(content: str, views: Mapping[str, MediaView], folder: str = MEDIA_FOLDER) -> str:
    """Replace every image of the sanitized page that shows a published PDF, video or recording with its element
    (followed by its transcript, if any), and give their gallery thumbnails a width and height."""
    if folder not in content:
        return content
    address = re.compile(re.escape(folder) + r"([0-9a-f]+)/([^/]+)$")

    def shown(image: str) -> tuple[str, str]:
        """The element for one image tag, and the transcript that follows it ("" when none)."""
        tag = _START_TAG.fullmatch(image)
        if tag is None:
            return image, ""
        attributes = _attributes(tag.group(1))
        src = attributes.get("src", "")
        found = address.search(src)
        view = views.get(found.group(1)) if found else None
        if found is None or view is None:
            return image, ""
        if view.thumbnail and found.group(2) == view.thumbnail[0]:
            return _thumbnail(view, attributes), ""
        if found.group(2) != view.file:
            return image, ""
        base, alt = src[: len(src) - len(view.file)], attributes.get("alt", "")
        element = {"video": _video, "audio": _audio}.get(view.kind, _document)(view, base, alt)
        after = transcript_html(view.transcript, view.transcript_label) if view.transcript is not None else ""
        return element, after

    def rewrite(match: re.Match[str]) -> str:
        if match.group("alone") is None:
            return "".join(shown(match.group("image")))
        element, after = shown(match.group("lone"))
        return match.group("alone").replace(match.group("lone"), element, 1) + after

    return _SHOWN.sub(rewrite, content)
