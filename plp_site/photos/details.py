"""What a photo file carries besides its picture, in words, and what its EXIF says about the way it is stored."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Final

from PIL import ExifTags, Image

from plp_site.photos.formats import BAD_INPUT

__all__ = ["LOCATION", "Found", "exif_details", "in_words"]

LOCATION: Final = "location"
CAMERA: Final = "camera"
XMP: Final = "xmp"
IPTC: Final = "iptc"
COMMENT: Final = "comment"
EXTRAS: Final = "extras"
OTHER: Final = "other"
_WORDS: Final = {
    LOCATION: "the location (GPS)",
    CAMERA: "camera details and dates (EXIF)",
    XMP: "XMP details",
    IPTC: "IPTC details",
    COMMENT: "comments",
    EXTRAS: "hidden extra pictures or data",
    OTHER: "other hidden details",
}


@dataclass(frozen=True)
class Found:
    """What one pass over a file's container found and dropped."""

    data: bytes
    """The file without what was found (the same bytes when nothing was)."""
    details: frozenset[str]
    """The kinds of details dropped (LOCATION, CAMERA, ...)."""
    orientation: int = 1
    """EXIF orientation, 1 (upright) when there is none."""
    animated: bool = False


def exif_details(exif_bytes: bytes) -> tuple[set[str], int]:
    """The kinds of details in an EXIF block and its orientation (1 when missing or unreadable)."""
    details: set[str] = set()
    orientation = 1
    exif = Image.Exif()
    try:
        exif.load(exif_bytes)
    except BAD_INPUT:
        return {OTHER}, orientation  # unreadable: still dropped
    with contextlib.suppress(*BAD_INPUT):
        if exif.get_ifd(ExifTags.IFD.GPSInfo):
            details.add(LOCATION)
    if set(exif) - {ExifTags.Base.Orientation, ExifTags.IFD.GPSInfo}:
        details.add(CAMERA)
    value = exif.get(ExifTags.Base.Orientation)
    if isinstance(value, int) and 1 <= value <= 8:
        orientation = value
    return details, orientation


def in_words(details: frozenset[str]) -> str:
    """The kinds of details as a list for a sentence, location first."""
    return ", ".join(_WORDS[d] for d in _WORDS if d in details)
