"""Small evidence files made on the fly, as students' phones and apps make them (tags, GPS, hostile parts included).

Used by the media tests and by tools/make_demo_media.py, which writes the demo school's media."""

from __future__ import annotations

import math
import struct
from fractions import Fraction
from pathlib import Path

import av
import pikepdf
from pikepdf import Array, Dictionary, Name, String

GPS = "+44.2601-072.5754/"
CAPTIONS = "WEBVTT\n\n00:00.000 --> 00:01.500\nThe robot starts.\n\n00:01.500 --> 00:03.000\nIt climbs the ramp.\n"
DRAWING = """<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300" viewBox="0 0 400 300">
  <rect x="10" y="10" width="380" height="280" fill="#f4f1e8" stroke="#2e7d32" stroke-width="6"/>
  <circle cx="120" cy="150" r="70" fill="#1565c0"/>
  <path d="M220 230 L300 70 L380 230 Z" fill="#ef6c00"/>
  {extra}
</svg>
"""


def drawing(extra: str = "") -> str:
    """An SVG drawing, with `extra` markup inside it (a script, say)."""
    return DRAWING.format(extra=extra)


def pdf(path: Path, pages: int = 2, *, hostile: bool = False, title: str = "My essay") -> Path:
    """A PDF with a line of text on each page; hostile: JavaScript on open and an embedded file too."""
    document = pikepdf.new()
    font = document.make_indirect(Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica))
    for number in range(pages):
        document.add_blank_page(page_size=(612, 792))
        page = document.pages[-1]
        page.obj.Resources = Dictionary(Font=Dictionary(F1=font))
        text = f"BT /F1 36 Tf 72 680 Td ({title} - page {number + 1}) Tj ET".encode()
        page.obj.Contents = document.make_stream(b"0.1 0.4 0.2 rg 40 40 532 600 re f " + text)
    document.docinfo["/Author"] = "A student"
    if hostile:
        document.Root.OpenAction = Dictionary(S=Name.JavaScript, JS=String("app.alert('hello')"))
        document.attachments["secret.txt"] = pikepdf.AttachedFileSpec(document, b"my password", mime_type="text/plain")
        document.pages[0].obj.Annots = Array(
            [Dictionary(Type=Name.Annot, Subtype=Name.Link, Rect=Array([0, 0, 50, 50]), A=Dictionary(S=Name.Launch))]
        )
    document.save(path)
    return path


def _tone(stream: av.audio.stream.AudioStream, out: av.container.OutputContainer, seconds: float) -> None:
    rate = 48_000
    size = stream.codec_context.frame_size or 1024
    for start in range(0, int(seconds * rate), size):
        frame = av.AudioFrame(format="fltp", layout="mono", samples=size)
        wave = (0.2 * math.sin(2 * math.pi * 440 * (start + i) / rate) for i in range(size))
        frame.planes[0].update(struct.pack(f"{size}f", *wave))
        frame.sample_rate, frame.pts, frame.time_base = rate, start, Fraction(1, rate)
        out.mux(stream.encode(frame))
    out.mux(stream.encode(None))


def video(path: Path, seconds: float = 3.0, size: tuple[int, int] = (480, 270), *, sound: bool = True) -> Path:
    """An H.264 MP4 with moving shapes, a tone, and a phone's GPS position and names in its metadata."""
    fps = 12
    with av.open(str(path), "w", format="mp4") as out:
        out.metadata.update({"location": GPS, "title": "My robot", "artist": "A student"})
        stream = out.add_stream("libx264", rate=fps, options={"preset": "veryfast", "crf": "30"})
        stream.width, stream.height, stream.pix_fmt = size[0], size[1], "yuv420p"
        stream.metadata["handler_name"] = "Core Media Video"
        sound_stream = out.add_stream("aac", rate=48_000, layout="mono") if sound else None
        for index in range(int(seconds * fps)):
            frame = av.VideoFrame(size[0], size[1], "rgb24")
            shade = (index * 9) % 255
            frame.planes[0].update(bytes([shade, 120, 255 - shade]) * (size[0] * size[1]))
            frame.pts = index
            out.mux(stream.encode(frame.reformat(format="yuv420p")))
        out.mux(stream.encode(None))
        if sound_stream is not None:
            _tone(sound_stream, out, seconds)
    return path


def audio(path: Path, seconds: float = 2.0) -> Path:
    """An AAC recording in an .m4a with a title and an artist tag, as a phone's voice memo app writes it."""
    with av.open(str(path), "w", format="mp4") as out:
        out.metadata.update({"title": "My song", "artist": "A student", "location": GPS})
        stream = out.add_stream("aac", rate=48_000, layout="mono")
        _tone(stream, out, seconds)
    return path
