"""Clean one photo file in place: remove its details, turn it upright, shrink it if it is larger than the school
allows, and write it back atomically. A file with nothing to change is not written at all.

Only when the pixels must change (a photo stored sideways, or too large) is the picture decoded and encoded again,
as a JPEG with the file's own quantization tables, so its quality stays what it was; otherwise only the details are
cut out and the picture's bytes are copied as they are.
"""

from __future__ import annotations

import io
import os
import stat
import tempfile
import warnings
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Final

from PIL import Image, JpegImagePlugin

from plp_site.files import Refused, TooLarge, open_file
from plp_site.photos.chunks import strip_png, strip_webp
from plp_site.photos.details import OTHER, Found
from plp_site.photos.formats import BAD_INPUT, FORMAT_OF_SUFFIX, OPENERS, SUFFIX_OF_FORMAT, sniff
from plp_site.photos.heif import strip_heif
from plp_site.photos.jpeg import Damaged, strip_jpeg
from plp_site.photos.resize import fit

__all__ = ["CLEANED_SUFFIXES", "Outcome", "clean_photo"]

CLEANED_SUFFIXES: Final = frozenset({".jpg", ".jpeg", ".png", ".webp", ".heic", ".heif"})
_MAX_BYTES: Final = 200_000_000
_MAX_PIXELS: Final = 200_000_000  # far more than any camera, far less than what would exhaust a laptop's memory
_STRIPPERS: Final[dict[str, Callable[[bytes], Found]]] = {
    "JPEG": strip_jpeg,
    "PNG": strip_png,
    "WEBP": strip_webp,
    "HEIF": strip_heif,
}
_UPRIGHT: Final = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


@dataclass(frozen=True)
class Outcome:
    """What cleaning one file did."""

    path: Path
    removed: frozenset[str] = frozenset()
    turned: bool = False
    shrunk: tuple[tuple[int, int], tuple[int, int]] | None = None
    """The size before and after, when the photo was made smaller."""
    note: str = ""
    """Something to know that is not a failure."""
    problem: str = ""
    """Why the file was left as it is."""

    @property
    def changed(self) -> bool:
        """Whether the file was written."""
        return bool(self.removed or self.turned or self.shrunk) and not self.problem


class _Moved(Exception):
    """The file changed while it was being cleaned."""


def _read(path: Path, root: Path) -> tuple[bytes, os.stat_result] | str:
    try:
        with open_file(path, root, _MAX_BYTES) as handle:
            status = os.fstat(handle.fileno())
            data = handle.read(_MAX_BYTES + 1)
    except TooLarge:
        return "is larger than 200 MB"
    except Refused:
        return "is not a normal file"
    except OSError as error:
        return f"could not be read ({error.strerror or error})"
    if len(data) > _MAX_BYTES:
        return "is larger than 200 MB"
    if status.st_nlink > 1:
        return "has other names (hard links), which would keep the details: copy it to a file of its own first"
    return data, status


def _kind(path: Path, data: bytes) -> str:
    actual, expected = sniff(data[:32]), FORMAT_OF_SUFFIX.get(path.suffix.lower())
    if actual is None:
        return "" if data.strip(b"\0") else "is empty or only half copied"
    if actual != expected:
        return f"is really a {actual} picture: rename it to {path.stem}{SUFFIX_OF_FORMAT[actual]} first"
    return actual


def _size(data: bytes, fmt: str) -> tuple[int, int]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return OPENERS[fmt](io.BytesIO(data)).size


def _redraw(data: bytes, fmt: str, orientation: int, long_side: int | None) -> tuple[bytes, tuple[int, int]]:
    """The picture upright and at most long_side on its long side, encoded again without any details."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Pillow's complaints about odd metadata that is being dropped anyway
        img = OPENERS[fmt](io.BytesIO(data))
        if img.width * img.height > _MAX_PIXELS:
            raise Image.DecompressionBombError("too many pixels")
        options: dict[str, object] = {"icc_profile": img.info.get("icc_profile")}
        if fmt == "JPEG":
            sampling = JpegImagePlugin.get_sampling(img)
            options.update(qtables=getattr(img, "quantization", None), optimize=True)
            if sampling >= 0:
                options["subsampling"] = sampling
        elif fmt == "PNG":
            options.update(optimize=True, transparency=img.info.get("transparency"))
        else:
            options.update(lossless=b"VP8L" in data[12:64], quality=90, exact=True)
        picture: Image.Image = img
        if orientation in _UPRIGHT:
            picture = picture.transpose(_UPRIGHT[orientation])
        if long_side is not None and max(picture.size) > long_side:
            if picture.mode == "P":
                picture = picture.convert("RGBA" if "transparency" in img.info else "RGB")
                options.pop("transparency")
            if picture.mode.startswith("I;16"):
                picture = picture.convert("I")  # 16-bit grey: resized at full depth, written back as 16 bits
            picture = picture.resize(fit(picture.size, long_side), Image.Resampling.LANCZOS, reducing_gap=3.0)
        picture.info = {}  # Pillow would copy a comment from it
        out = io.BytesIO()
        picture.save(out, fmt, **{k: v for k, v in options.items() if v is not None})
    return out.getvalue(), picture.size


def _replace(path: Path, data: bytes, before: os.stat_result) -> None:
    """Write data to a temporary file in the same folder, then move it over the file in one step."""
    handle, name = tempfile.mkstemp(prefix=".plp-photos-", suffix=".tmp", dir=path.parent)
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        temporary.chmod(stat.S_IMODE(before.st_mode))
        now = os.lstat(path)
        if (now.st_ino, now.st_size, now.st_mtime_ns) != (before.st_ino, before.st_size, before.st_mtime_ns):
            raise _Moved
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _changed(path: Path, data: bytes, fmt: str, found: Found, long_side: int | None) -> tuple[bytes, Outcome]:
    """The new bytes of the file and what they change."""
    size = _size(data, fmt)
    turned = found.orientation in _UPRIGHT and fmt != "HEIF"  # a HEIC's rotation is a property libheif applies
    upright = size[::-1] if found.orientation in (5, 6, 7, 8) and turned else size
    too_big = long_side is not None and max(upright) > long_side
    if fmt == "HEIF" and too_big:
        note = f"left at {upright[0]}x{upright[1]}: plp cannot make a HEIC photo smaller (export it as JPEG to do that)"
        return found.data, Outcome(path, found.details, note=note)
    if found.animated and (turned or too_big):
        return found.data, Outcome(path, found.details, note="an animated picture is never turned or made smaller")
    if not (turned or too_big):
        return found.data, Outcome(path, found.details)
    new, final = _redraw(data, fmt, found.orientation if turned else 1, long_side if too_big else None)
    return new, Outcome(path, found.details, turned, (upright, final) if too_big else None)


def _new_bytes(path: Path, data: bytes, long_side: int | None) -> tuple[bytes, Outcome]:
    """What the file should hold and what that changes; the Outcome holds a problem when it must stay as it is."""
    fmt = _kind(path, data)
    if fmt not in _STRIPPERS:
        return data, Outcome(path, problem=fmt or "is not a picture plp can read")
    try:
        return _changed(path, data, fmt, _STRIPPERS[fmt](data), long_side)
    except Image.DecompressionBombError:
        return data, Outcome(path, problem="has too many pixels to open safely")
    except (Damaged, *BAD_INPUT):
        return data, Outcome(path, problem="seems to be damaged or incomplete: copy it again from the phone or camera")


def clean_photo(path: Path, root: Path, long_side: int | None) -> Outcome:
    """Clean one photo inside root (see the module); long_side None leaves its size as it is."""
    read = _read(path, root)
    if isinstance(read, str):
        return Outcome(path, problem=read)
    data, before = read
    new, outcome = _new_bytes(path, data, long_side)
    if new == data:
        return replace(outcome, removed=frozenset(), turned=False, shrunk=None)
    try:
        _replace(path, new, before)
    except _Moved:
        return Outcome(path, problem="changed while plp was cleaning it: run plp photos again")
    return outcome if outcome.changed else replace(outcome, removed=frozenset({OTHER}))
