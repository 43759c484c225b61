"""Write the demo school's small media evidence (a PDF, a short video with captions, a recording, an SVG drawing).

The files are committed (each well under 1 MB) so `make site` needs no generator and builds the same bytes every
time; run this again only to change them:  .venv/bin/python tools/make_demo_media.py
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

import media_samples  # noqa: E402  (the same generators the media tests use)

_FOLDER = REPO / "students" / "maya-chen" / "evidence" / "media"


def main() -> None:
    """Write the demo media into maya-chen's evidence/media/ folder."""
    _FOLDER.mkdir(parents=True, exist_ok=True)
    media_samples.pdf(_FOLDER / "capstone-proposal.pdf", pages=3, title="Capstone proposal: soil study")
    media_samples.video(_FOLDER / "compost-talk.mp4", seconds=4.0, size=(480, 270))
    (_FOLDER / "compost-talk.vtt").write_text(
        "WEBVTT\n\n00:00.000 --> 00:02.000\nThis is our compost sorting station.\n\n"
        "00:02.000 --> 00:04.000\nEvery scrap counts!\n",
        encoding="utf-8",
    )
    media_samples.audio(_FOLDER / "crew-announcement.m4a", seconds=3.0)
    (_FOLDER / "bin-layout.svg").write_text(media_samples.drawing(), encoding="utf-8")
    for path in sorted(_FOLDER.iterdir()):
        print(f"{path.relative_to(REPO)}: {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
