"""Photo links that open a photo's largest processed copy: in the dialog of lightbox.js when scripts run, as the
picture itself when they do not.

Applied after sanitizing, only to pictures plp published (`assets/images/<key>/<file>`), never to a thumbnail nor
to a picture that is already inside a link. Every word and address is plp's own and escaped here; the dialog's
words ride on the link as data attributes, so the script holds no words of any language.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from plp_site.pagehtml import ImageSizes

__all__ = ["ZoomWords", "zoom_links"]

# A start or end tag as nh3 writes it: every value in double quotes, no `<` outside a tag. Matched left to right,
# each match starts where the last ended, so an attribute's value is never read as a tag.
_TAG: Final = re.compile(r'<(/?)([a-zA-Z][^\s/>]*)((?:\s+[^\s="/>]+(?:="[^"]*")?)*)\s*/?>')
_ATTRIBUTE: Final = re.compile(r'([^\s="/>]+)(?:="([^"]*)")?')


@dataclass(frozen=True)
class ZoomWords:
    """The words of a photo link and its dialog, in the site's language."""

    open: str
    """Shown on the photo and read with its alt text: what the link does."""
    close: str
    """The dialog's close button."""
    dialog: str
    """The dialog's name for screen readers."""
    language: str = "en"
    """The language of these words (a photo may stand in the student's text, in another language)."""


def _link(href: str, size: tuple[int, int], words: ZoomWords) -> str:
    attributes = {
        "class": "plp-zoom",
        "href": href,
        "data-plp-width": str(size[0]),
        "data-plp-height": str(size[1]),
        "data-plp-close": words.close,
        "data-plp-dialog": words.dialog,
    }
    return "<a" + "".join(f' {key}="{html.escape(value)}"' for key, value in attributes.items()) + ">"


def zoom_links(content: str, images: Mapping[str, ImageSizes], words: ZoomWords, folder: str = "assets/images/") -> str:
    """Wrap every published photo of the page body that is not a thumbnail nor already a link in a link to its
    largest processed copy, with the words that say so."""
    if folder not in content:
        return content
    address = re.compile(re.escape(folder) + r"([0-9a-f]+)/([^/]+)$")
    hint = f'<span class="plp-zoom-hint" lang="{html.escape(words.language)}" dir="auto">{html.escape(words.open)}</span></a>'
    pieces: list[str] = []
    position, inside_links = 0, 0
    for tag in _TAG.finditer(content):
        closing, name = tag.group(1), tag.group(2).lower()
        if name == "a":
            inside_links = max(0, inside_links - 1) if closing else inside_links + 1
            continue
        if name != "img" or closing or inside_links:
            continue
        src = html.unescape(dict(_ATTRIBUTE.findall(tag.group(3))).get("src", ""))
        found = address.search(src)
        sizes = images.get(found.group(1)) if found else None
        if found is None or sizes is None or found.group(2) == sizes.thumbnail[0]:
            continue
        largest = max(sizes.renditions, key=lambda rendition: rendition[1])
        href = src[: len(src) - len(found.group(2))] + largest[0]
        pieces += [content[position : tag.start()], _link(href, largest[1:], words), tag.group(0), hint]
        position = tag.end()
    return "".join(pieces) + content[position:]
