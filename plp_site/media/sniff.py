"""Tell which kind of evidence a file is from its name, and check that its content agrees."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Final

from plp_site.files import NotReadable, TooLarge, open_file
from plp_site.media.result import MediaProblem, megabytes, short_name

__all__ = ["HEAD_BYTES", "check_content", "container_of", "kind_of", "open_source", "too_large"]

HEAD_BYTES: Final = 4096
_KIND_OF_SUFFIX: Final = {
    ".pdf": "pdf",
    ".mp4": "video",
    ".m4v": "video",
    ".mov": "video",
    ".webm": "video",
    ".m4a": "audio",
    ".mp3": "audio",
    ".wav": "audio",
    ".ogg": "audio",
    ".svg": "drawing",
    **dict.fromkeys((".jpg", ".jpeg", ".png", ".gif", ".webp", ".heic", ".heif"), "image"),
}
# Which containers each ending may hold: an .mov and an .mp4 are the same container, a voice memo may be .mp4.
_CONTAINERS_OF_SUFFIX: Final = {
    ".pdf": {"pdf"},
    ".mp4": {"isobmff"},
    ".m4v": {"isobmff"},
    ".mov": {"isobmff"},
    ".webm": {"ebml"},
    ".m4a": {"isobmff"},
    ".mp3": {"mp3"},
    ".wav": {"wav"},
    ".ogg": {"ogg"},
    ".svg": {"svg"},
}
_WORDS: Final = {
    "pdf": ("a PDF document", ".pdf"),
    "isobmff": ("an MP4 video or recording", ".mp4"),
    "ebml": ("a WebM video", ".webm"),
    "mp3": ("an MP3 recording", ".mp3"),
    "wav": ("a WAV recording", ".wav"),
    "ogg": ("an Ogg recording", ".ogg"),
    "svg": ("an SVG drawing", ".svg"),
    "jpeg": ("a JPEG picture", ".jpg"),
    "png": ("a PNG picture", ".png"),
    "gif": ("a GIF picture", ".gif"),
    "webp": ("a WebP picture", ".webp"),
    "heif": ("a HEIC picture", ".heic"),
}
_ISO_BOXES: Final = (b"ftyp", b"moov", b"mdat", b"free", b"wide", b"skip", b"pnot")
_HEIF_BRANDS: Final = (b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1", b"avif")
_SVG_START: Final = re.compile(
    rb"\A(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*|<!--.*?-->\s*|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>\s*)*<svg[\s>/]", re.S
)


def kind_of(path: Path) -> str | None:
    """Return the kind of evidence a file's name promises (pdf, video, audio, drawing, image), or None."""
    return _KIND_OF_SUFFIX.get(path.suffix.lower())


def container_of(head: bytes) -> str | None:
    """Return what the first bytes of a file really are, or None when they are nothing we know."""
    if b"%PDF-" in head[:1024]:  # the format allows a little junk before the header, and readers accept it
        return "pdf"
    if head[4:8] in _ISO_BOXES:
        return "heif" if head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS else "isobmff"
    simple = {b"\x1a\x45\xdf\xa3": "ebml", b"OggS": "ogg", b"\x89PNG": "png", b"GIF8": "gif", b"\xff\xd8\xff": "jpeg"}
    for magic, name in simple.items():
        if head.startswith(magic):
            return name
    if head[:4] == b"RIFF" and head[8:12] in (b"WAVE", b"WEBP"):
        return "wav" if head[8:12] == b"WAVE" else "webp"
    if head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return "mp3"
    return "svg" if _SVG_START.match(head) else None


def open_source(path: Path, max_bytes: int, what: str, inside: Path | None = None) -> io.BufferedReader | MediaProblem:
    """Open a student's file for reading, refusing anything but a normal file within the size limit.

    Opened through plp's one safe reader: never a pipe or device, never through a link that leaves `inside` (the
    student's folder; the file's own folder when not given), and the size is judged before anything is read."""
    name = short_name(path.name)
    try:
        return open_file(path, inside if inside is not None else path.parent, max_bytes)
    except TooLarge as exc:
        return too_large(path.name, exc.size, max_bytes, what)
    except NotReadable:
        return MediaProblem("unsupported", f"{name} is not a normal file.", "Put the file itself in your folder, not a link.")
    except OSError as exc:
        missing = isinstance(exc, FileNotFoundError | NotADirectoryError)
        return MediaProblem(
            "missing",
            f"{name} could not be {'found' if missing else 'opened'}.",
            "Check that the file is still in the folder, has the same name and is not still being copied.",
        )


def too_large(name: str, size: int, limit: int, what: str) -> MediaProblem:
    """Return the problem of a file over the school's size limit for its kind."""
    return MediaProblem(
        "too-large",
        f"{short_name(name)} is {megabytes(size)}, more than the {megabytes(limit)} limit for {what}.",
        _TOO_LARGE_HINTS.get(what, "Export it again smaller, or put it on the school's file service and link to it."),
    )


_TOO_LARGE_HINTS: Final = {
    "videos": "Export the video again at 720p, trim it, or put it on the school's video service and link to it.",
    "recordings": "Trim the recording, or export it again as MP3 or M4A, which are much smaller than WAV.",
    "PDF documents": "Export the PDF again with smaller pictures (many apps call this 'reduce file size'), or split it.",
    "drawings": "Simplify the drawing or export it again as PNG.",
}


def check_content(f: io.BufferedReader, path: Path) -> str | MediaProblem:
    """Return the container a file holds when its name allows it, else the problem in plain words."""
    name, suffix = short_name(path.name), path.suffix.lower()
    f.seek(0)
    head = f.read(HEAD_BYTES)
    if not head or head.startswith(b"\0" * min(len(head), 64)):  # what an interrupted copy leaves
        return MediaProblem("corrupt", f"{name} is empty or incomplete.", "Copy it again from where you made it.")
    actual = container_of(head)
    allowed = _CONTAINERS_OF_SUFFIX.get(suffix, set())
    if actual is None or not allowed:
        return MediaProblem(
            "unsupported",
            f"{name} is not a kind of file the website can show ({path.suffix or 'no ending'}).",
            "Export it again as PDF, MP4, M4A, MP3, SVG, JPEG or PNG.",
        )
    if actual not in allowed:
        words, better = _WORDS[actual]
        return MediaProblem(
            "mismatch",
            f"{name} is really {words}, but its name ends in {path.suffix}.",
            f"Rename it to {short_name(path.stem + better)}, or export it again from the app you made it with.",
        )
    return actual
