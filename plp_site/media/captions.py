"""A captions file beside a video (talk.vtt for talk.mp4): checked to be WebVTT text and cleaned for publishing."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from plp_site.media.result import MediaProblem, short_name
from plp_site.media.sniff import open_source

__all__ = ["Captions", "captions_path", "read_captions"]

_SIGNATURE: Final = re.compile(r"WEBVTT(?:[ \t]|\n|\Z)")
_HINT: Final = "Save the captions again as a WebVTT (.vtt) file; most caption editors and video services can export one."


@dataclass(frozen=True)
class Captions:
    """Cleaned WebVTT text, ready to publish as captions.vtt."""

    text: bytes
    digest: str


def captions_path(video: Path) -> Path:
    """Return where the captions of a video are: the same name ending in .vtt."""
    return video.with_suffix(".vtt")


def _problem(name: str, why: str) -> MediaProblem:
    # Not fatal: the video is still worth publishing without its captions.
    return MediaProblem("unsupported", f"{short_name(name)} {why}, so the video is shown without captions.", _HINT, fatal=False)


def _clean(text: str) -> str:
    """Normalise line ends and drop STYLE blocks, whose CSS could ask another website for a picture."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\0", "\ufffd")
    blocks = re.split(r"\n{2,}", text)
    kept = [block for block in blocks if not re.match(r"STYLE[ \t]*(?:\n|\Z)", block)]
    return "\n\n".join(kept).rstrip("\n") + "\n"


def read_captions(video: Path, max_bytes: int, inside: Path | None = None) -> Captions | MediaProblem | None:
    """Return the cleaned captions beside a video, a (not fatal) problem with them, or None when there are none."""
    path = captions_path(video)
    if not path.exists() and not path.is_symlink():
        return None
    opened = open_source(path, max_bytes, "captions files", inside)
    if isinstance(opened, MediaProblem):
        return MediaProblem(opened.kind, opened.message, opened.hint, fatal=False)
    with opened as f:
        data = f.read(max_bytes + 1)
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        return _problem(path.name, "is not plain text")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not _SIGNATURE.match(text):
        return _problem(path.name, "does not start with WEBVTT")
    cleaned = _clean(text).encode("utf-8")
    return Captions(cleaned, hashlib.sha256(cleaned).hexdigest())
