"""Still pictures that stand for a document or a video: a poster and a gallery thumbnail, without metadata."""

from __future__ import annotations

from pathlib import Path
from typing import Final

from PIL import Image

from plp_site.images import Rendition

__all__ = ["POSTER_SIDE", "THUMB_SIDE", "fit", "write_stills"]

POSTER_SIDE: Final = 1280
THUMB_SIDE: Final = 320
_QUALITY: Final = 82


def fit(width: int, height: int, long_side: int) -> tuple[int, int]:
    """Return the size with the same shape whose long side is at most long_side (never bigger than the original)."""
    scale = min(1.0, long_side / max(width, height, 1))
    return max(1, round(width * scale)), max(1, round(height * scale))


def _save(img: Image.Image, path: Path) -> Rendition:
    img.info = {}  # Pillow copies comments and profiles from .info when saving; a still carries none
    img.save(path, "JPEG", quality=_QUALITY, optimize=True, progressive=True)
    return Rendition(path.name, img.width, img.height)


def write_stills(img: Image.Image, folder: Path, poster_side: int = POSTER_SIDE) -> tuple[Rendition, Rendition]:
    """Write poster.jpg and thumb.jpg of img into folder and return them."""
    img = img.convert("RGB")
    poster = img.resize(fit(img.width, img.height, poster_side), Image.Resampling.LANCZOS)
    thumb = poster.resize(fit(poster.width, poster.height, THUMB_SIDE), Image.Resampling.LANCZOS)
    return _save(poster, folder / "poster.jpg"), _save(thumb, folder / "thumb.jpg")
