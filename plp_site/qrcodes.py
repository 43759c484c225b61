"""The QR code of each family link, for the print sheets: an SVG file named by the link, made once.

Making one takes about 9 ms (segno tries its eight masks), so a first build of 1,000 students would spend 9 s
on them after every site is built. The worker that builds a student makes its code instead, side by side with
the other workers; the print sheets then find it made.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import segno

from plp_site.diskerrors import write_whole

__all__ = ["qr_file", "qr_name"]


def qr_name(link: str) -> str:
    """The file name of a link's code: a hash of the link, so it is the same while the link stays the same."""
    return hashlib.sha256(link.encode()).hexdigest()[:20] + ".svg"


def qr_file(folder: Path, link: str) -> str:
    """The QR code of a link as an SVG file in folder, made once (with segno, here: the link never leaves the
    machine) and kept while the link stays the same; returns its file name."""
    name = qr_name(link)
    path = folder / name
    if not path.is_file():
        svg = io.BytesIO()
        segno.make(link, error="m").save(svg, kind="svg", scale=3, xmldecl=False)
        write_whole(path, svg.getvalue())
    return name
