"""Remove every detail from a JPEG file without decoding it: the picture's own bytes are copied as they are.

Kept: the JFIF header (without its thumbnail), the colour profile (APP2 ICC_PROFILE), Adobe's colour-transform
marker (APP14, needed to read some files' colours right) and everything the picture is made of. Dropped: EXIF (with
GPS and maker notes), XMP, IPTC and every other application segment, comments, and anything after the end of the
picture (extra pictures, a motion photo's video).
"""

from __future__ import annotations

from typing import Final

from plp_site.photos.details import COMMENT, EXTRAS, IPTC, OTHER, XMP, Found, exif_details

__all__ = ["Damaged", "strip_jpeg"]

_SOI: Final = b"\xff\xd8"
_EOI: Final = 0xD9
_SOS: Final = 0xDA
_COM: Final = 0xFE
_APP0, _APP1, _APP2, _APP13, _APP14 = 0xE0, 0xE1, 0xE2, 0xED, 0xEE
_STANDALONE: Final = frozenset({0x01, *range(0xD0, 0xD8)})  # TEM and the restart markers carry no length
_EXIF: Final = b"Exif\0\0"
_XMP: Final = (b"http://ns.adobe.com/xap/1.0/\0", b"http://ns.adobe.com/xmp/extension/\0")
_JFIF_HEADER: Final = 14  # "JFIF\0", version, units, densities: the thumbnail's size and pixels follow


class Damaged(ValueError):
    """The file's structure is broken: nothing is changed."""


def _segment_end(data: bytes, at: int) -> int:
    if at + 4 > len(data):
        raise Damaged("a segment is cut off")
    end = at + 2 + int.from_bytes(data[at + 2 : at + 4], "big")
    if end > len(data) or end < at + 4:
        raise Damaged("a segment's length is wrong")
    return end


def _scan_end(data: bytes, at: int) -> int:
    """Where the entropy-coded data after a start-of-scan ends: the next marker that is not stuffing or a restart."""
    while True:
        at = data.find(b"\xff", at)
        if at < 0 or at + 1 >= len(data):
            raise Damaged("the picture has no end")
        following = data[at + 1]
        if following == 0 or 0xD0 <= following <= 0xD7 or following == 0xFF:
            at += 1
            continue
        return at


def _judge(marker: int, body: bytes, details: set[str], state: dict[str, int]) -> bytes | None:
    """The segment to keep (possibly shortened), or None to drop it; what it held goes into details."""
    if marker == _APP0 and body.startswith(b"JFIF\0") and len(body) >= _JFIF_HEADER:
        if len(body) > _JFIF_HEADER:
            details.add(OTHER)  # a thumbnail: a small copy of the picture, maybe before it was cropped
        return body[: _JFIF_HEADER - 2] + b"\0\0"
    if (marker == _APP2 and body.startswith(b"ICC_PROFILE\0")) or (marker == _APP14 and body.startswith(b"Adobe")):
        return body
    if marker == _APP1 and body.startswith(_EXIF):
        found, orientation = exif_details(body)
        details.update(found)
        state.setdefault("orientation", orientation)
    elif marker == _APP1 and body.startswith(_XMP):
        details.add(XMP)
    elif marker == _APP13:
        details.add(IPTC)
    elif marker == _COM:
        details.add(COMMENT)
    elif marker == _APP2 and body.startswith(b"MPF\0"):
        details.add(EXTRAS)
    else:
        details.add(OTHER)
    return None


def strip_jpeg(data: bytes) -> Found:
    """The file without its details, what they were, and the EXIF orientation; raises Damaged."""
    if not data.startswith(_SOI):
        raise Damaged("not a JPEG file")
    out, details, state = [_SOI], set[str](), dict[str, int]()
    at = len(_SOI)
    while True:
        if at + 2 > len(data) or data[at] != 0xFF:
            raise Damaged("a marker is missing")
        marker = data[at + 1]
        if marker == 0xFF:  # fill bytes before a marker
            at += 1
            continue
        if marker == _EOI:
            trailer = data[at + 2 :]
            if trailer.strip(b"\0"):
                details.add(EXTRAS)
                trailer = b""
            out.append(data[at : at + 2] + trailer)  # zeros some cameras pad with are no detail
            break
        if marker in _STANDALONE:
            out.append(data[at : at + 2])
            at += 2
            continue
        end = _segment_end(data, at)
        if marker == _SOS:
            end = _scan_end(data, end)
            out.append(data[at:end])
        elif 0xE0 <= marker <= 0xEF or marker == _COM:
            kept = _judge(marker, data[at + 4 : end], details, state)
            if kept is not None:
                out.append(data[at : at + 2] + (len(kept) + 2).to_bytes(2, "big") + kept)
        else:
            out.append(data[at:end])
        at = end
    stripped = b"".join(out)
    return Found(stripped if stripped != data else data, frozenset(details), state.get("orientation", 1))
