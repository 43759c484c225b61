"""What processing a media file gives back: its limits, a finished entry, or a problem in a student's words."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Final

from plp_site.images import ProcessedImage, Rendition

__all__ = [
    "DEFAULT_LIMITS",
    "KINDS",
    "PROBLEM_KINDS",
    "MediaLimits",
    "MediaProblem",
    "ProcessedMedia",
    "megabytes",
    "minutes",
    "short_name",
]

# The kinds of evidence this package publishes besides photos.
KINDS: Final = ("pdf", "video", "audio", "drawing")
PROBLEM_KINDS: Final = ("corrupt", "mismatch", "too-large", "too-long", "unsafe", "unsupported", "missing")
_MAX_NAME: Final = 60
_MB: Final = 1_000_000


@dataclass(frozen=True)
class MediaLimits:
    """The school's limits for each kind of evidence; over a limit is a problem, never a silent cut."""

    pdf_bytes: int = 20 * _MB
    pdf_pages: int = 100
    video_bytes: int = 200 * _MB
    video_seconds: float = 300.0
    video_pixels: int = 4096 * 2304  # 4K phone video fits, bigger is not a phone or camera clip
    audio_bytes: int = 50 * _MB
    audio_seconds: float = 600.0
    drawing_bytes: int = 5 * _MB
    captions_bytes: int = 512_000

    def __post_init__(self) -> None:
        values = (self.pdf_bytes, self.pdf_pages, self.video_bytes, self.video_seconds, self.video_pixels)
        more = (self.audio_bytes, self.audio_seconds, self.drawing_bytes, self.captions_bytes)
        if min(*values, *more) <= 0:
            raise ValueError(f"invalid media limits: {self!r}")


DEFAULT_LIMITS: Final = MediaLimits()


@dataclass(frozen=True)
class MediaProblem:
    """Something wrong with an evidence file, explained for a child and their family."""

    kind: str  # one of PROBLEM_KINDS
    message: str
    hint: str
    fatal: bool = True  # False: the file is still published, the problem is worth telling


@dataclass(frozen=True)
class ProcessedMedia:
    """A finished cache entry: the published copy of one evidence file and the pictures that stand for it."""

    kind: str  # one of KINDS
    key: str
    folder: Path
    file: str  # the published copy inside folder: document.pdf, video.mp4, audio.m4a or drawing.png
    width: int | None = None  # pixels of the video, of the PDF's first page thumbnail or of the drawing
    height: int | None = None
    duration: float | None = None  # seconds of a video or recording, as decoded (never the container's claim)
    pages: int | None = None
    poster: Rendition | None = None  # large still picture: PDF first page, video poster frame
    thumbnail: Rendition | None = None  # small still picture for galleries
    captions: str | None = None  # captions.vtt when a valid captions file sits beside the video
    image: ProcessedImage | None = None  # a drawing's photo treatment (renditions + thumbnail)
    problems: tuple[MediaProblem, ...] = ()  # problems that did not stop publishing
    from_cache: bool = False

    @property
    def path(self) -> Path:
        """Return the published copy's location in the cache."""
        return self.folder / self.file


def short_name(name: str) -> str:
    """Shorten a student's file name so a hostile name never makes a huge message."""
    return name if len(name) <= _MAX_NAME else name[: _MAX_NAME - 1] + "…"


def megabytes(size: int) -> str:
    """Return a byte count in words, like '23 MB'."""
    return f"{size / _MB:.1f}".removesuffix(".0") + " MB"


def minutes(seconds: float) -> str:
    """Return a length in words, like '5 minutes' or '2 minutes 30 seconds'."""
    whole = round(seconds)
    mins, secs = divmod(whole, 60)
    parts = [f"{mins} minute{'s' * (mins != 1)}"] if mins else []
    if secs or not mins:
        parts.append(f"{secs} second{'s' * (secs != 1)}")
    return " ".join(parts)
