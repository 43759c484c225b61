"""A transcript beside a recording or video (song.txt for song.m4a): the student's words, shown under the player.

A transcript is plain text, never Markdown or HTML: `plp check` reads it like a page (size limit, UTF-8) and the
build shows it escaped, line by line, in a `<details>` block a family can open.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from typing import Final

from plp_site.files import Refused, read_bytes
from plp_site.frontmatter import decode_text
from plp_site.media import kind_of

__all__ = ["TRANSCRIPT_SUFFIX", "read_transcript", "transcript_html", "transcript_of", "transcripts_beside_media"]

TRANSCRIPT_SUFFIX: Final = ".txt"
_SPOKEN: Final = frozenset({"audio", "video"})
# Control characters other than line ends and tabs have no place in a transcript; a browser would show boxes.
_CONTROLS: Final = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def transcript_of(relative: str, files: Iterable[str]) -> str | None:
    """The transcript file beside a recording or video the student's folder holds, if there is one."""
    path = PurePosixPath(relative)
    if kind_of(Path(path.name)) not in _SPOKEN:
        return None
    transcript = path.with_suffix(TRANSCRIPT_SUFFIX).as_posix()
    return transcript if transcript in set(files) else None


def transcripts_beside_media(files: Iterable[str]) -> set[str]:
    """Every transcript file of the folder: a .txt with the name of a recording or video beside it."""
    held = set(files)
    return {t for t in (transcript_of(f, held) for f in held) if t is not None}


def read_transcript(folder: Path, relative: str, limit: int) -> str | None:
    """The text of a transcript as plp check judged it (None when it is too large or cannot be read)."""
    try:
        data = read_bytes(folder / relative, folder, limit)
    except (Refused, OSError):
        return None
    text, _ = decode_text(data)
    return text


def transcript_html(text: str, label: str) -> str:
    """The transcript as a closed block under its player: every character escaped, its paragraphs and lines kept."""
    paragraphs = [p.strip("\n") for p in re.split(r"\n[ \t]*\n", _CONTROLS.sub("", text)) if p.strip()]
    body = "".join(
        '<p dir="auto">' + "<br>".join(html.escape(line) for line in paragraph.split("\n")) + "</p>" for paragraph in paragraphs
    )
    return f'<details class="plp-transcript"><summary>{html.escape(label)}</summary>{body}</details>'
