"""Publish an SVG drawing as a picture: never as SVG (it can carry scripts), but rasterized to PNG, then like a photo."""

from __future__ import annotations

import io
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Final

import resvg_py
from PIL import Image

from plp_site.images import ImageProblem, ImageSettings, process_image
from plp_site.media.cache import Stored
from plp_site.media.pipeline import Kind, Produce, run
from plp_site.media.result import DEFAULT_LIMITS, MediaLimits, MediaProblem, ProcessedMedia, short_name
from plp_site.media.svg import MAX_DECLARED_SIDE, TooComplex, clean_svg

__all__ = ["MAX_SIDE", "MIN_SIDE", "process_drawing"]

MAX_SIDE: Final = 2000  # long side of the PNG: sharp at the largest photo size, bounded in memory
MIN_SIDE: Final = 800  # small drawings are vectors: draw them bigger so they stay sharp
_BAD_INPUT: Final = (ET.ParseError, ValueError, UnicodeError, OSError, Image.DecompressionBombError)
_DEFAULT_IMAGES: Final = ImageSettings()


def _unreadable(name: str) -> MediaProblem:
    return MediaProblem(
        "corrupt",
        f"{short_name(name)} is not a drawing the website can read.",
        "Open it in the drawing app (for example Inkscape) and save it again as plain SVG, or export it as PNG.",
    )


def _too_complex(name: str) -> MediaProblem:
    return MediaProblem(
        "unsafe",
        f"{short_name(name)} is too complicated to draw safely (too many shapes or copies of shapes).",
        "Simplify the drawing, or export it from the drawing app as PNG and use the PNG instead.",
    )


def _too_big(name: str, width: float, height: float) -> MediaProblem:
    return MediaProblem(
        "too-large",
        f"{short_name(name)} claims to be {width:.0f} x {height:.0f} pixels, far bigger than any page.",
        "Open it in the drawing app, set the page size to fit the drawing, and save it again.",
    )


def _target(width: float, height: float) -> tuple[int, int]:
    long_side = max(width, height)
    scale = min(max(long_side, MIN_SIDE), MAX_SIDE) / long_side
    return max(1, round(width * scale)), max(1, round(height * scale))


def _maker(name: str) -> Produce:
    def make(f: io.BufferedReader, _container: str, folder: Path) -> Stored | MediaProblem:
        try:
            cleaned = clean_svg(f.read())
        except TooComplex:
            return _too_complex(name)
        except (ET.ParseError, ValueError):
            return _unreadable(name)
        if max(cleaned.width, cleaned.height) > MAX_DECLARED_SIDE:
            return _too_big(name, cleaned.width, cleaned.height)
        width, height = _target(cleaned.width, cleaned.height)
        with tempfile.TemporaryDirectory(dir=folder) as nothing:  # relative paths resolve into an empty folder
            # dpi 96 is CSS's: the binding's default of 0 makes every size in mm, cm, pt or in invalid.
            png = resvg_py.svg_to_bytes(svg_string=cleaned.text, width=width, height=height, dpi=96, resources_dir=nothing)
        (folder / "drawing.png").write_bytes(bytes(png))
        media = ProcessedMedia("drawing", "", folder, "drawing.png", width, height)
        return Stored(media, {"removed": ",".join(sorted(cleaned.removed))})

    return make


def _notes(stored: Stored, name: str) -> tuple[MediaProblem, ...]:
    removed = str(stored.facts.get("removed", "")).split(",")
    parts = [words for key, words in (("scripts", "scripts"), ("links", "links to other files or websites")) if key in removed]
    if not parts:
        return ()
    message = f"{short_name(name)} has {' and '.join(parts)}; the website shows a picture of the drawing without them."
    hint = "Nothing to do: the drawing itself is shown."
    if "links" in removed:
        hint = "If a picture is missing, put it inside the drawing (in Inkscape: Extensions > Images > Embed Images)."
    return (MediaProblem("unsafe", message, hint, fatal=False),)


def _as_photo(media: ProcessedMedia, image_cache: Path, settings: ImageSettings, name: str) -> ProcessedMedia | MediaProblem:
    image = process_image(media.path, image_cache, settings)
    if isinstance(image, ImageProblem):
        return MediaProblem("corrupt", f"{short_name(name)}: {image.message}", image.hint)
    return replace(media, image=image)


def process_drawing(
    source: Path,
    cache: Path,
    limits: MediaLimits = DEFAULT_LIMITS,
    digest: str | None = None,
    *,
    image_settings: ImageSettings = _DEFAULT_IMAGES,
    image_cache: Path | None = None,
    inside: Path | None = None,
) -> ProcessedMedia | MediaProblem:
    """Rasterize an SVG to PNG without scripts or outside references, then give it a photo's renditions; cached."""
    admit: Callable[[Stored, str], MediaProblem | None] = lambda _stored, _name: None  # noqa: E731
    kind = Kind("drawing", "drawings", limits.drawing_bytes, _BAD_INPUT, admit, _notes)
    media = run(source, cache, kind, digest, _maker(source.name), inside=inside)
    if isinstance(media, MediaProblem):
        return media
    return _as_photo(media, image_cache or cache, image_settings, source.name)
