"""Evidence besides photos (PDF, video, audio, SVG drawings): checked, cleaned and cached by content for publishing.

Each kind has the same contract as `plp_site.images.process_image`: `process_KIND(source, cache, limits, digest)`
returns a `ProcessedMedia` entry in the content-addressed cache, or a `MediaProblem` in a student's words."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

from plp_site.media.result import DEFAULT_LIMITS, KINDS, MediaLimits, MediaProblem, ProcessedMedia
from plp_site.media.sniff import kind_of

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

# Each kind's libraries (FFmpeg, qpdf, PDFium, resvg) load only when a file of that kind is processed: `plp check`
# on pages without media, as the pre-commit hook runs it, starts without them.
_PROCESSORS: Final[dict[str, tuple[str, str]]] = {
    "pdf": ("plp_site.media.pdf", "process_pdf"),
    "video": ("plp_site.media.video", "process_video"),
    "audio": ("plp_site.media.audio", "process_audio"),
    "drawing": ("plp_site.media.drawing", "process_drawing"),
}


def _processor(kind: str) -> Callable[..., ProcessedMedia | MediaProblem]:
    module, name = _PROCESSORS[kind]
    found: Callable[..., ProcessedMedia | MediaProblem] = getattr(importlib.import_module(module), name)
    return found


def __getattr__(name: str) -> Any:
    """`process_pdf`, `process_video`, `process_audio` and `process_drawing`, loaded when first asked for."""
    for kind, (_, function) in _PROCESSORS.items():
        if function == name:
            return _processor(kind)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
        return _processor(kind)(source, cache, limits, digest, image_cache=image_cache, inside=inside)
    if kind not in _PROCESSORS:
        return None
    return _processor(kind)(source, cache, limits, digest, inside=inside)
