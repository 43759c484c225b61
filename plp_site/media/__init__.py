"""Evidence besides photos (PDF, video, audio, SVG drawings): checked, cleaned and cached by content for publishing.

Each kind has the same contract as `plp_site.images.process_image`: `process_KIND(source, cache, limits, digest)`
returns a `ProcessedMedia` entry in the content-addressed cache, or a `MediaProblem` in a student's words."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Final

from plp_site.media.audio import process_audio
from plp_site.media.drawing import process_drawing
from plp_site.media.pdf import process_pdf
from plp_site.media.result import DEFAULT_LIMITS, KINDS, MediaLimits, MediaProblem, ProcessedMedia
from plp_site.media.sniff import kind_of
from plp_site.media.video import process_video

__all__ = [
    "DEFAULT_LIMITS",
    "KINDS",
    "MediaLimits",
    "MediaProblem",
    "ProcessedMedia",
    "kind_of",
    "process_audio",
    "process_drawing",
    "process_media",
    "process_pdf",
    "process_video",
]

_PROCESSORS: Final[dict[str, Callable[..., ProcessedMedia | MediaProblem]]] = {
    "pdf": process_pdf,
    "video": process_video,
    "audio": process_audio,
    "drawing": process_drawing,
}


def process_media(
    source: Path,
    cache: Path,
    limits: MediaLimits = DEFAULT_LIMITS,
    digest: str | None = None,
    *,
    inside: Path | None = None,
    image_cache: Path | None = None,
) -> ProcessedMedia | MediaProblem | None:
    """Process any evidence file by the kind its name promises; None when it is not one of KINDS (a photo, say).

    `inside` is the student's folder (the file is never read through a link out of it); `image_cache` is where a
    drawing's photo copies go (the photo cache of the build)."""
    kind = kind_of(source)
    if kind == "drawing":
        return process_drawing(source, cache, limits, digest, image_cache=image_cache, inside=inside)
    processor = _PROCESSORS.get(kind or "")
    return None if processor is None else processor(source, cache, limits, digest, inside=inside)
