"""Remove every detail from a PNG or WebP file without decoding it: the file is a list of chunks, and only the
chunks that make up the picture are copied.

PNG keeps the critical chunks, transparency, colour (gamma, chromaticities, sRGB, ICC profile, HDR), pixel density
and animation; it drops text (with XMP), EXIF, the time of last change, private chunks and anything after the end.
WebP keeps the picture, its transparency, colour profile and animation; it drops EXIF, XMP and unknown chunks.
"""

from __future__ import annotations

from typing import Final

from plp_site.photos.details import EXTRAS, OTHER, XMP, Found, exif_details
from plp_site.photos.jpeg import Damaged

__all__ = ["strip_png", "strip_webp"]

_PNG_SIGNATURE: Final = b"\x89PNG\r\n\x1a\n"
_PNG_KEPT: Final = frozenset(
    {b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"sBIT", b"bKGD", b"pHYs", b"cICP", b"mDCv", b"cLLi"}
    | {b"acTL", b"fcTL", b"fdAT"}  # animation
)
_PNG_TEXT: Final = frozenset({b"tEXt", b"zTXt", b"iTXt"})
_WEBP_KEPT: Final = frozenset({b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ANIM", b"ANMF", b"ICCP"})
_VP8X_EXIF, _VP8X_XMP, _VP8X_ANIMATION = 0x08, 0x04, 0x02


def _png_text(kind: bytes, body: bytes) -> str:
    keyword = body.split(b"\0", 1)[0]
    return XMP if kind == b"iTXt" and keyword == b"XML:com.adobe.xmp" else OTHER


def strip_png(data: bytes) -> Found:
    """The PNG without its details, what they were, and the EXIF orientation; raises Damaged."""
    if not data.startswith(_PNG_SIGNATURE):
        raise Damaged("not a PNG file")
    out, details, orientation, animated = [_PNG_SIGNATURE], set[str](), 1, False
    at = len(_PNG_SIGNATURE)
    while True:
        if at + 12 > len(data):
            raise Damaged("a chunk is cut off")
        length, kind = int.from_bytes(data[at : at + 4], "big"), data[at + 4 : at + 8]
        end = at + 12 + length
        if end > len(data):
            raise Damaged("a chunk is cut off")
        body = data[at + 8 : at + 8 + length]
        critical = kind[:1].isupper()
        if critical or kind in _PNG_KEPT:
            out.append(data[at:end])
            animated = animated or kind == b"acTL"
        elif kind == b"eXIf":
            found, orientation = exif_details(body)
            details.update(found or {OTHER})
        else:
            details.add(_png_text(kind, body) if kind in _PNG_TEXT else OTHER)
        at = end
        if kind == b"IEND":
            if data[at:].strip(b"\0"):
                details.add(EXTRAS)
            break
    stripped = b"".join(out)
    return Found(stripped if details else data, frozenset(details), orientation, animated)


def strip_webp(data: bytes) -> Found:
    """The WebP without its details, what they were, and the EXIF orientation; raises Damaged."""
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        raise Damaged("not a WebP file")
    size = int.from_bytes(data[4:8], "little") + 8
    if size > len(data) or size < 12:
        raise Damaged("the file is cut off")
    chunks, details, orientation, animated = [], set[str](), 1, False
    at = 12
    while at + 8 <= size:
        kind, length = data[at : at + 4], int.from_bytes(data[at + 4 : at + 8], "little")
        end = at + 8 + length + (length & 1)
        if at + 8 + length > size:
            raise Damaged("a chunk is cut off")
        body = data[at + 8 : at + 8 + length]
        if kind in _WEBP_KEPT:
            chunks.append(bytearray(data[at:end]))
            animated = animated or kind == b"ANIM"
        elif kind == b"EXIF":
            found, orientation = exif_details(body)
            details.update(found or {OTHER})
        else:
            details.add(XMP if kind == b"XMP " else OTHER)
        at = end
    if data[size:].strip(b"\0"):
        details.add(EXTRAS)
    if not details:
        return Found(data, frozenset(), orientation, animated)
    for chunk in chunks:
        if chunk[:4] == b"VP8X" and len(chunk) > 8:
            chunk[8] &= 0xFF ^ (_VP8X_EXIF | _VP8X_XMP)  # no longer announces what was removed
    body = b"WEBP" + b"".join(chunks)
    return Found(b"RIFF" + len(body).to_bytes(4, "little") + body, frozenset(details), orientation, animated)
