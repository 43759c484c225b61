"""Tests for plp_site.images: every image here is made by the test itself."""

from __future__ import annotations

import io
import json
import random
import shutil
import struct
import zlib
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pillow_heif
import pytest
from PIL import ExifTags, Image, ImageCms, PngImagePlugin

from plp_site import images
from plp_site.images import ImageProblem, ImageSettings, ProcessedImage, inspect_image, process_image

pytestmark = pytest.mark.filterwarnings("error")

DEFAULT = ImageSettings()
SECRETS = (b"Exif", b"GPS", b"SecretCam", b"secret comment", b"secret xmp", b"http://ns.adobe.com/xap")


def photo(size: tuple[int, int], seed: int = 0, mode: str = "RGB") -> Image.Image:
    """Smooth random colour blobs: cheap to make, and they compress like a photo."""
    rng = random.Random(seed)
    small = Image.frombytes("RGB", (16, 12), rng.randbytes(16 * 12 * 3))
    return small.resize(size, Image.Resampling.BICUBIC).convert(mode)


def save(img: Image.Image, path: Path, fmt: str | None = None, **options: object) -> Path:
    img.save(path, fmt, **options)
    return path


def processed(path: Path, cache: Path, settings: ImageSettings = DEFAULT) -> ProcessedImage:
    result = process_image(path, cache, settings)
    assert isinstance(result, ProcessedImage), result
    return result


def problem(result: object) -> ImageProblem:
    assert isinstance(result, ImageProblem), result
    return result


def outputs(result: ProcessedImage) -> list[Path]:
    return [result.folder / r.file for r in (*result.renditions, result.thumbnail)]


def entry_files(result: ProcessedImage) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in result.folder.iterdir()}


def gps_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "SecretCam"
    exif[ExifTags.Base.Model] = "Model 7"
    exif[ExifTags.Base.DateTime] = "2024:05:01 10:00:00"
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (52.0, 22.0, 1.5),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (4.0, 53.0, 2.5),
    }
    return exif


def bomb_png(path: Path, width: int, height: int) -> Path:
    """A few dozen bytes whose header claims a huge picture: IHDR then IEND, no pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IEND", b""))
    return path


def linear_rgb_profile() -> bytes:
    """A tiny ICC v2 profile with sRGB primaries but gamma 1.0: clearly not sRGB."""

    def xyz(x: float, y: float, z: float) -> bytes:
        return b"XYZ " + bytes(4) + struct.pack(">3i", *(round(v * 65536) for v in (x, y, z)))

    text = b"Linear RGB test\0"
    desc = b"desc" + bytes(4) + struct.pack(">I", len(text)) + text + bytes(4 + 4 + 2 + 1 + 67)
    curve = b"curv" + bytes(4) + struct.pack(">IH", 1, 0x0100) + bytes(2)
    tags = [
        (b"desc", desc),
        (b"wtpt", xyz(0.9642, 1.0, 0.8249)),
        (b"rXYZ", xyz(0.4361, 0.2225, 0.0139)),
        (b"gXYZ", xyz(0.3851, 0.7169, 0.0971)),
        (b"bXYZ", xyz(0.1431, 0.0606, 0.7141)),
        (b"rTRC", curve),
        (b"gTRC", curve),
        (b"bTRC", curve),
    ]
    offset, table, body = 128 + 4 + 12 * len(tags), b"", b""
    for sig, data in tags:
        padded = data + bytes(-len(data) % 4)
        table += sig + struct.pack(">II", offset + len(body), len(padded))
        body += padded
    total = offset + len(body)
    header = struct.pack(">I4sI4s4s4s12s4s", total, bytes(4), 0x02100000, b"mntr", b"RGB ", b"XYZ ", bytes(12), b"acsp")
    header += bytes(68 - len(header)) + struct.pack(">3i", 63190, 65536, 54061)
    return header + bytes(128 - len(header)) + struct.pack(">I", len(tags)) + table + body


# --- privacy ---------------------------------------------------------------------------------


def test_all_metadata_is_stripped(tmp_path: Path) -> None:
    src = save(
        photo((1200, 800)),
        tmp_path / "trip.jpg",
        exif=gps_exif(),
        comment=b"secret comment",
        xmp=b"<x:xmpmeta>secret xmp</x:xmpmeta>",
    )
    with Image.open(src) as original:
        assert original.getexif().get_ifd(ExifTags.IFD.GPSInfo), "the test photo must really carry GPS"
    for path in outputs(processed(src, tmp_path / "cache")):
        with Image.open(path) as out:
            assert not out.getexif()
            assert not {"exif", "xmp", "comment", "icc_profile"} & set(out.info)
        data = path.read_bytes()
        assert not [s for s in SECRETS if s in data]


def test_png_text_chunks_and_profile_are_stripped(tmp_path: Path) -> None:
    text = PngImagePlugin.PngInfo()
    text.add_text("Author", "SecretCam")
    text.add_itxt("Comment", "secret comment", zip=True)
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    img = photo((500, 400), mode="RGBA")
    img.putpixel((0, 0), (0, 0, 0, 0))
    src = save(img, tmp_path / "drawing.png", pnginfo=text, icc_profile=srgb, exif=gps_exif())
    result = processed(src, tmp_path / "cache")
    assert result.format == "png"
    for path in outputs(result):
        with Image.open(path) as out:
            assert not out.getexif()
            assert not out.text  # type: ignore[attr-defined]
            assert "icc_profile" not in out.info
        assert not [s for s in SECRETS if s in path.read_bytes()]


def test_original_is_untouched_and_nothing_is_written_next_to_it(tmp_path: Path) -> None:
    folder = tmp_path / "portfolio"
    folder.mkdir()
    src = save(photo((900, 600)), folder / "a.jpg", exif=gps_exif())
    before, mtime = src.read_bytes(), src.stat().st_mtime_ns
    processed(src, tmp_path / "cache")
    assert inspect_image(src) is None
    assert src.read_bytes() == before
    assert src.stat().st_mtime_ns == mtime
    assert [p.name for p in folder.iterdir()] == ["a.jpg"]


@pytest.mark.parametrize(("suffix", "progressive"), [(".jpg", False), (".jpg", True), (".png", False)])
def test_no_rendition_is_byte_identical_to_the_original(tmp_path: Path, suffix: str, progressive: bool) -> None:
    # Exactly what the pipeline itself would write (baseline JPEG), or its alternate: the likeliest identical bytes.
    img = photo((200, 100), mode="RGBA" if suffix == ".png" else "RGB")
    if suffix == ".png":
        img.putpixel((0, 0), (0, 0, 0, 0))
        src = save(img, tmp_path / f"small{suffix}", optimize=True)
    else:
        src = save(img, tmp_path / f"small{suffix}", quality=82, optimize=True, progressive=progressive)
    result = processed(src, tmp_path / "cache")
    assert all(path.read_bytes() != src.read_bytes() for path in outputs(result))


# --- pictures --------------------------------------------------------------------------------


def test_orientation_6_landscape_becomes_portrait(tmp_path: Path) -> None:
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    src = save(photo((1200, 800)), tmp_path / "sideways.jpg", exif=exif)
    result = processed(src, tmp_path / "cache")
    assert (result.width, result.height) == (800, 1200)
    for rendition in (*result.renditions, result.thumbnail):
        assert rendition.height > rendition.width
        with Image.open(result.folder / rendition.file) as out:
            assert out.size == (rendition.width, rendition.height)


def test_png_with_alpha_stays_png_and_keeps_alpha(tmp_path: Path) -> None:
    img = photo((700, 500), mode="RGBA")
    img.paste((0, 0, 0, 0), (0, 0, 350, 500))
    result = processed(save(img, tmp_path / "logo.png"), tmp_path / "cache")
    assert result.format == "png"
    for path in outputs(result):
        assert path.suffix == ".png"
        with Image.open(path) as out:
            assert out.mode == "RGBA"
            assert out.getpixel((0, 0))[3] == 0  # type: ignore[index]
            assert out.getpixel((out.width - 1, 0))[3] == 255  # type: ignore[index]


def test_opaque_png_becomes_jpeg(tmp_path: Path) -> None:
    result = processed(save(photo((700, 500), mode="RGBA"), tmp_path / "shot.png"), tmp_path / "cache")
    assert result.format == "jpeg"
    assert all(r.file.endswith(".jpg") for r in result.renditions)


def test_sizes_for_a_3000_by_2000_photo(tmp_path: Path) -> None:
    result = processed(save(photo((3000, 2000)), tmp_path / "big.jpg"), tmp_path / "cache")
    assert [(r.file, r.width, r.height) for r in result.renditions] == [
        ("480.jpg", 480, 320),
        ("960.jpg", 960, 640),
        ("1600.jpg", 1600, 1067),
    ]
    assert (result.thumbnail.width, result.thumbnail.height) == (320, 213)
    assert (result.width, result.height) == (1600, 1067)
    for path, rendition in zip(outputs(result), (*result.renditions, result.thumbnail), strict=True):
        with Image.open(path) as out:
            assert out.format == "JPEG"
            assert out.size == (rendition.width, rendition.height)


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        ((300, 200), [(300, 200)]),
        ((200, 300), [(200, 300)]),
        ((1000, 700), [(480, 336), (960, 672), (1000, 700)]),
        ((700, 1000), [(336, 480), (672, 960), (700, 1000)]),
        ((700, 500), [(480, 343), (700, 500)]),
        ((960, 640), [(480, 320), (960, 640)]),
    ],
)
def test_renditions_are_ascending_and_never_upscaled(
    tmp_path: Path, size: tuple[int, int], expected: list[tuple[int, int]]
) -> None:
    result = processed(save(photo(size), tmp_path / "p.png"), tmp_path / "cache")
    assert [(r.width, r.height) for r in result.renditions] == expected
    widths = [r.width for r in result.renditions]
    assert widths == sorted(widths)
    assert all(r.width <= size[0] and r.height <= size[1] for r in (*result.renditions, result.thumbnail))
    assert max(result.thumbnail.width, result.thumbnail.height) == min(320, max(size))


@pytest.mark.parametrize("name", ["dance.gif", "dance.png", "dance.webp"])
def test_animation_uses_first_frame_with_a_warning(tmp_path: Path, name: str) -> None:
    frames = [Image.new("RGB", (120, 80), colour) for colour in ("red", "green", "blue")]
    src = tmp_path / name
    frames[0].save(src, save_all=True, append_images=frames[1:], duration=100, loop=0)
    result = processed(src, tmp_path / "cache")
    [warning] = result.problems
    assert (warning.kind, warning.fatal) == ("animated", False)
    assert name in warning.message
    assert processed(src, tmp_path / "cache").problems == (warning,)
    with Image.open(result.folder / result.renditions[0].file) as out:
        red, green, blue = out.convert("RGB").getpixel((60, 40))  # type: ignore[misc]
        assert (red > 200, green < 60, blue < 60) == (True, True, True)
    assert inspect_image(src) == warning


def test_heic_is_published_as_jpeg(tmp_path: Path) -> None:
    if not pillow_heif.libheif_info().get("HEIF"):
        pytest.skip("this libheif build has no HEVC encoder, so the test cannot write a HEIC file")
    src = save(photo((800, 600)), tmp_path / "IMG_0001.HEIC", "HEIF")
    assert inspect_image(src) is None
    result = processed(src, tmp_path / "cache")
    assert result.format == "jpeg"
    assert [(r.width, r.height) for r in result.renditions] == [(480, 360), (800, 600)]
    with Image.open(result.folder / result.renditions[0].file) as out:
        assert out.format == "JPEG"


@pytest.mark.parametrize(
    ("name", "fmt", "mode"),
    [
        ("PHOTO.JPG", "JPEG", "RGB"),
        ("cmyk.jpeg", "JPEG", "CMYK"),
        ("grey.jpg", "JPEG", "L"),
        ("grey.png", "PNG", "L"),
        ("palette.png", "PNG", "P"),
        ("web.webp", "WEBP", "RGB"),
        ("still.gif", "GIF", "P"),
        ("deep.png", "PNG", "I;16"),
    ],
)
def test_common_files_and_modes_work(tmp_path: Path, name: str, fmt: str, mode: str) -> None:
    img = photo((640, 480), mode="L" if mode == "I;16" else mode)
    if mode == "I;16":  # 16 bits per pixel: a plain conversion to 8 bits would clip it to white
        img = img.convert("I").point(lambda v: v * 257).convert("I;16")
    src = save(img, tmp_path / name, fmt)
    assert inspect_image(src) is None
    result = processed(src, tmp_path / "cache")
    assert result.format == "jpeg"
    assert not result.problems
    with Image.open(result.folder / result.renditions[-1].file) as out:
        assert out.mode in ("RGB", "L")
        used = [level for level, count in enumerate(out.convert("L").histogram()) if count]
        assert used[-1] - used[0] > 50, "the picture must survive, not turn flat (e.g. 16-bit values clipped to white)"


def test_srgb_profile_is_dropped(tmp_path: Path) -> None:
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    result = processed(save(photo((600, 400)), tmp_path / "s.jpg", icc_profile=srgb), tmp_path / "cache")
    for path in outputs(result):
        with Image.open(path) as out:
            assert "icc_profile" not in out.info


def test_other_profile_is_converted_to_srgb(tmp_path: Path) -> None:
    profile = linear_rgb_profile()
    assert ImageCms.getProfileDescription(ImageCms.ImageCmsProfile(io.BytesIO(profile))).strip() == "Linear RGB test"
    src = save(Image.new("RGB", (600, 400), (128, 128, 128)), tmp_path / "linear.jpg", icc_profile=profile, quality=95)
    result = processed(src, tmp_path / "cache")
    with Image.open(result.folder / result.renditions[0].file) as out:
        assert "icc_profile" not in out.info
        value = out.getpixel((240, 160))
        assert isinstance(value, tuple)
        # Linear 0.5 is about 188 in sRGB: the colours were converted, not just relabelled.
        assert all(180 < v < 196 for v in value)


# --- problems --------------------------------------------------------------------------------


def test_truncated_jpeg_is_corrupt(tmp_path: Path) -> None:
    whole = save(photo((800, 600)), tmp_path / "whole.jpg").read_bytes()
    src = tmp_path / "cut.jpg"
    src.write_bytes(whole[: len(whole) * 2 // 3])
    for found in (inspect_image(src), process_image(src, tmp_path / "cache")):
        assert problem(found).kind == "corrupt"
        assert problem(found).fatal
        assert "cut.jpg" in problem(found).message
        assert "damaged or incomplete" in problem(found).message
    assert not (tmp_path / "cache").exists() or not any((tmp_path / "cache").rglob("meta.json"))


def test_bomb_is_refused_before_decoding(tmp_path: Path) -> None:
    src = bomb_png(tmp_path / "huge.png", 40000, 40000)
    assert src.stat().st_size < 200
    generous = ImageSettings(max_pixels=10**12)  # Pillow's own limit must still hold
    for found in (inspect_image(src), process_image(src, tmp_path / "cache"), inspect_image(src, generous)):
        bomb = problem(found)
        assert bomb.kind == "bomb"
        assert bomb.fatal
        assert "huge.png claims to be 40000 x 40000 pixels (1600 megapixels)" in bomb.message
        assert str(tmp_path) not in bomb.message
    assert "more than the 40 megapixel limit" in problem(inspect_image(src)).message


@pytest.mark.parametrize("side", [10_000, 20_000])
def test_pillow_bomb_error_and_warning_never_escape(tmp_path: Path, side: int) -> None:
    # A GIF whose frame is far bigger than its screen: Pillow's own check fires while opening.
    data = bytearray(save(Image.new("P", (2, 2)), tmp_path / "base.gif").read_bytes())
    at = data.index(b"\x2c\x00\x00\x00\x00")
    data[at + 5 : at + 9] = struct.pack("<HH", side, side)
    src = tmp_path / "sneaky.gif"
    src.write_bytes(bytes(data))
    for found in (inspect_image(src), process_image(src, tmp_path / "cache")):
        assert problem(found).kind == "bomb"
        assert problem(found).message.startswith("sneaky.gif is too big to open safely")  # Pillow's check, not ours


def test_jpg_that_is_really_png_is_a_mismatch(tmp_path: Path) -> None:
    src = save(photo((300, 200)), tmp_path / "cat.jpg", "PNG")
    for found in (inspect_image(src), process_image(src, tmp_path / "cache")):
        mismatch = problem(found)
        assert mismatch.kind == "mismatch"
        assert "PNG" in mismatch.message
        assert "cat.png" in mismatch.hint


def test_cached_png_still_reports_mismatch_under_a_jpg_name(tmp_path: Path) -> None:
    src = save(photo((300, 200)), tmp_path / "cat.png")
    processed(src, tmp_path / "cache")
    renamed = tmp_path / "cat.jpg"
    renamed.write_bytes(src.read_bytes())
    assert problem(process_image(renamed, tmp_path / "cache")).kind == "mismatch"


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("notes.jpg", b"these are my notes, not a photo", "unsupported"),
        ("picture.bmp", b"BM" + bytes(100), "unsupported"),
        ("empty.png", b"", "corrupt"),
        ("zeros.jpg", bytes(5000), "corrupt"),
        ("random.gif", b"GIF89a" + bytes(10), "corrupt"),
    ],
)
def test_bad_files_become_problems(tmp_path: Path, name: str, content: bytes, kind: str) -> None:
    src = tmp_path / name
    src.write_bytes(content)
    for found in (inspect_image(src), process_image(src, tmp_path / "cache")):
        assert problem(found).kind == kind
        assert name in problem(found).message
        assert problem(found).hint


def test_missing_file_and_folder_named_like_a_photo(tmp_path: Path) -> None:
    assert problem(inspect_image(tmp_path / "gone.jpg")).kind == "missing"
    assert problem(process_image(tmp_path / "gone.jpg", tmp_path / "cache")).kind == "missing"
    (tmp_path / "album.jpg").mkdir()
    assert problem(inspect_image(tmp_path / "album.jpg")).kind == "unsupported"


# --- cache -----------------------------------------------------------------------------------


def test_second_call_is_a_cache_hit_without_decoding_or_writing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = save(photo((1200, 900)), tmp_path / "a.jpg")
    first = processed(src, tmp_path / "cache")
    assert not first.from_cache
    written = entry_files(first)

    def no_decoding(*_args: object) -> None:
        raise AssertionError("a cache hit must not decode")

    monkeypatch.setattr(images, "_render", no_decoding)
    second = processed(src, tmp_path / "cache")
    assert second.from_cache
    assert second == ProcessedImage(**{**first.__dict__, "from_cache": True})
    assert entry_files(second) == written


def test_entry_folder_layout_and_meta(tmp_path: Path) -> None:
    result = processed(save(photo((1000, 800)), tmp_path / "secret-name.jpg"), tmp_path / "cache")
    assert result.folder == (tmp_path / "cache").resolve() / result.key[:2] / result.key
    assert len(result.key) == 64
    meta = (result.folder / "meta.json").read_text(encoding="utf-8")
    assert "secret-name" not in meta
    assert json.loads(meta)["format"] == "jpeg"
    assert sorted(p.name for p in result.folder.iterdir()) == ["1000.jpg", "480.jpg", "960.jpg", "meta.json", "thumb.jpg"]


def test_settings_change_the_key(tmp_path: Path) -> None:
    src = save(photo((1000, 800)), tmp_path / "a.jpg")
    one = processed(src, tmp_path / "cache")
    two = processed(src, tmp_path / "cache", ImageSettings(jpeg_quality=70))
    assert one.key != two.key
    assert ImageSettings(widths=(960, 480, 960)).fingerprint() == ImageSettings(widths=(480, 960)).fingerprint()
    with pytest.raises(ValueError, match="invalid image settings"):
        ImageSettings(widths=())


def broken_meta(folder: Path) -> None:
    (folder / "meta.json").unlink()


def garbled_meta(folder: Path) -> None:
    (folder / "meta.json").write_text("{not json", encoding="utf-8")


def missing_rendition(folder: Path) -> None:
    (folder / "480.jpg").unlink()


def foreign_meta(folder: Path) -> None:
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    meta["renditions"][0]["file"] = "../../../escape.jpg"
    (folder / "meta.json").write_text(json.dumps(meta), encoding="utf-8")


@pytest.mark.parametrize("damage", [broken_meta, garbled_meta, missing_rendition, foreign_meta])
def test_damaged_entry_is_ignored_and_rebuilt(tmp_path: Path, damage: Callable[[Path], None]) -> None:
    src = save(photo((1000, 800)), tmp_path / "a.jpg")
    first = processed(src, tmp_path / "cache")
    damage(first.folder)
    again = processed(src, tmp_path / "cache")
    assert not again.from_cache
    assert again.renditions == first.renditions
    assert processed(src, tmp_path / "cache").from_cache
    assert not list(first.folder.parent.glob(".*")), "no temporary folders may be left behind"


def test_losing_the_race_uses_the_finished_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = save(photo((1000, 800)), tmp_path / "a.jpg")
    theirs = processed(src, tmp_path / "cache")
    written = entry_files(theirs)
    real_load = images._load_entry
    calls: list[Path] = []

    def first_look_sees_nothing(folder: Path, key: str, name: str) -> ProcessedImage | None:
        calls.append(folder)
        return None if len(calls) == 1 else real_load(folder, key, name)

    monkeypatch.setattr(images, "_load_entry", first_look_sees_nothing)
    ours = processed(src, tmp_path / "cache")
    assert not ours.from_cache
    assert ours == ProcessedImage(**theirs.__dict__)
    assert entry_files(ours) == written
    assert not list(theirs.folder.parent.glob(".*"))


def test_cache_can_be_deleted_at_any_time(tmp_path: Path) -> None:
    src = save(photo((700, 500)), tmp_path / "a.jpg")
    first = processed(src, tmp_path / "cache")
    shutil.rmtree(tmp_path / "cache")
    again = processed(src, tmp_path / "cache")
    assert not again.from_cache
    assert again.renditions == first.renditions
    assert all(path.is_file() for path in outputs(again))


def process_all(paths: list[Path], cache: Path) -> list[tuple[str, str, str]]:
    """Worker for the two-process test: returns what each call saw."""
    seen = []
    for path in paths:
        result = processed(path, cache)
        seen.append((result.key, str(result.folder), repr((result.renditions, result.thumbnail))))
    return seen


def test_two_processes_share_one_cache(tmp_path: Path) -> None:
    paths = [save(photo((1800, 1200), seed=i), tmp_path / f"p{i}.jpg") for i in range(4)]
    cache = tmp_path / "cache"
    with ProcessPoolExecutor(max_workers=2) as pool:
        runs = [pool.submit(process_all, paths, cache) for _ in range(2)]
        first, second = (run.result(timeout=120) for run in runs)
    assert first == second
    assert sorted(p.name for p in cache.rglob("meta.json")) == ["meta.json"] * 4
    assert not list(cache.glob("*/.*")), "no temporary folders may be left behind"
    for path in paths:
        assert processed(path, cache).from_cache
