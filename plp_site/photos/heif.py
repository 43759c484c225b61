"""Remove the details from a HEIC file without decoding or encoding it again.

A HEIC file is a tree of boxes; its EXIF (with GPS and maker notes) and XMP are items, listed in `iinf`, whose
bytes `iloc` places in the file. Those bytes are overwritten in place, each with an empty block of the same kind
and length (an EXIF with no entries, an XMP with no properties), so no offset in the file moves and every reader
still opens it. A HEIC's rotation is not stored in its EXIF but in the picture's own properties: it stays upright.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from plp_site.photos.details import OTHER, XMP, Found, exif_details
from plp_site.photos.jpeg import Damaged

__all__ = ["strip_heif"]

# An EXIF item: a 4-byte offset to the TIFF header (0), then a big-endian TIFF header and an empty first IFD.
_EMPTY_EXIF: Final = b"\0\0\0\0" + b"MM\0\x2a\0\0\0\x08" + b"\0\0" + b"\0\0\0\0"
_EMPTY_XMP: Final = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"/>'
_XMP_TYPES: Final = (b"application/rdf+xml", b"application/xmp+xml")


@dataclass(frozen=True)
class _Box:
    kind: bytes
    start: int  # of the box's content (after size, type and, for a full box, nothing more)
    end: int


def _boxes(data: bytes | bytearray, start: int, end: int) -> list[_Box]:
    found, at = [], start
    while at + 8 <= end:
        size, kind, header = int.from_bytes(data[at : at + 4], "big"), bytes(data[at + 4 : at + 8]), 8
        if size == 1:
            if at + 16 > end:
                raise Damaged("a box is cut off")
            size, header = int.from_bytes(data[at + 8 : at + 16], "big"), 16
        elif size == 0:
            size = end - at
        if size < header or at + size > end:
            raise Damaged("a box's size is wrong")
        found.append(_Box(kind, at + header, at + size))
        at += size
    return found


def _one(boxes: list[_Box], kind: bytes) -> _Box | None:
    return next((b for b in boxes if b.kind == kind), None)


class _Reader:
    def __init__(self, data: bytes | bytearray, at: int, end: int) -> None:
        self.data, self.at, self.end = data, at, end

    def number(self, size: int) -> int:
        if self.at + size > self.end:
            raise Damaged("a box is cut off")
        value = int.from_bytes(self.data[self.at : self.at + size], "big")
        self.at += size
        return value

    def text(self) -> bytes:
        stop = self.data.find(b"\0", self.at, self.end)
        value = bytes(self.data[self.at : self.end if stop < 0 else stop])
        self.at = self.end if stop < 0 else stop + 1
        return value


def _items(data: bytes | bytearray, iinf: _Box) -> dict[int, str]:
    """The EXIF and XMP items: their ids and kinds."""
    read = _Reader(data, iinf.start, iinf.end)
    version = read.number(4) >> 24
    read.number(2 if version == 0 else 4)  # entry count: the boxes themselves are counted below
    found = {}
    for entry in _boxes(data, read.at, iinf.end):
        if entry.kind != b"infe":
            continue
        item = _Reader(data, entry.start, entry.end)
        infe_version = item.number(4) >> 24
        if infe_version < 2:
            continue  # before version 2 an entry has no type, and metadata items always have one
        item_id = item.number(2 if infe_version == 2 else 4)
        item.number(2)  # protection index
        kind = item.number(4).to_bytes(4, "big")
        item.text()  # name
        if kind == b"Exif":
            found[item_id] = "exif"
        elif kind == b"mime" and item.text().split(b";")[0].strip() in _XMP_TYPES:
            found[item_id] = "xmp"
    return found


def _places(data: bytes | bytearray, iloc: _Box, wanted: dict[int, str], idat: _Box | None) -> dict[int, list[tuple[int, int]]]:
    """Where each wanted item's bytes are in the file: (start, end) of each extent."""
    read = _Reader(data, iloc.start, iloc.end)
    version = read.number(4) >> 24
    sizes = read.number(2)
    offset_size, length_size, base_size = sizes >> 12, (sizes >> 8) & 15, (sizes >> 4) & 15
    index_size = sizes & 15 if version in (1, 2) else 0
    places: dict[int, list[tuple[int, int]]] = {}
    for _ in range(read.number(2 if version < 2 else 4)):
        item_id = read.number(2 if version < 2 else 4)
        method = read.number(2) & 15 if version in (1, 2) else 0
        read.number(2)  # data reference: 0, this file
        base = read.number(base_size)
        extents = []
        for _ in range(read.number(2)):
            read.number(index_size)
            offset, length = base + read.number(offset_size), read.number(length_size)
            extents.append((offset, length))
        if item_id not in wanted:
            continue
        if method == 1 and idat is not None:
            extents = [(idat.start + offset, length) for offset, length in extents]
        elif method != 0:
            raise Damaged("a metadata item is stored in a way plp does not change")
        if any(length == 0 or offset + length > len(data) for offset, length in extents):
            raise Damaged("a metadata item's place is wrong")
        places[item_id] = [(offset, offset + length) for offset, length in extents]
    return places


def _blank(kind: str, length: int) -> bytes:
    if kind == "exif":
        return (_EMPTY_EXIF + bytes(length))[:length]
    return (_EMPTY_XMP + b" " * length)[:length] if length >= len(_EMPTY_XMP) else b" " * length


def strip_heif(data: bytes) -> Found:
    """The HEIC with its EXIF and XMP items emptied, and what they held; raises Damaged."""
    meta = _one(_boxes(data, 0, len(data)), b"meta")
    if meta is None:
        raise Damaged("no meta box")
    children = _boxes(data, meta.start + 4, meta.end)  # a full box: version and flags first
    iinf, iloc = _one(children, b"iinf"), _one(children, b"iloc")
    if iinf is None or iloc is None:
        return Found(data, frozenset())
    wanted = _items(data, iinf)
    out, details = bytearray(data), set[str]()
    for item_id, extents in _places(data, iloc, wanted, _one(children, b"idat")).items():
        kind = wanted[item_id]
        content = b"".join(data[start:end] for start, end in extents)
        empty = _blank(kind, len(content))
        if content == empty:
            continue
        if kind == "exif":
            skip = int.from_bytes(content[:4], "big")
            found, _orientation = exif_details(content[4 + skip :] if 4 + skip < len(content) else content[4:])
            details.update(found or {OTHER})
        else:
            details.add(XMP)
        at = 0
        for start, end in extents:
            out[start:end] = empty[at : at + end - start]
            at += end - start
    return Found(bytes(out) if details else data, frozenset(details))
