"""`plp photos`: location and other details removed from real Pillow-made photos in place, upright, within the size
limit, idempotent, and nothing else touched: no other file, no link, no special file, nothing outside the school."""

from __future__ import annotations

import io
import os
import random
import re
import shlex
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pillow_heif
import pytest
import yaml
from conftest import REPO, make_school, run_plp
from PIL import ExifTags, Image, ImageChops, ImageOps, ImageStat, PngImagePlugin

pytestmark = pytest.mark.filterwarnings("error")

SECRETS = (b"SecretCam", b"secret comment", b"secret xmp", b"GPS", b"Exif\0", b"http://ns.adobe.com/xap")
FOLDER = "students/ada/evidence/images"
CORNERS = ((255, 0, 0), (0, 200, 0), (0, 0, 255), (250, 250, 0))


def quadrants(size: tuple[int, int], seed: int = 0) -> Image.Image:
    """Four coloured quarters, so every turn and mirror gives a different picture; a little texture on top."""
    w, h = size
    img = Image.new("RGB", size)
    for i, colour in enumerate(CORNERS):
        x, y = (i % 2) * w // 2, (i // 2) * h // 2
        img.paste(colour, (x, y, x + w // 2, y + h // 2))
    rng = random.Random(seed)
    texture = Image.frombytes("L", (8, 6), rng.randbytes(48)).resize(size, Image.Resampling.BICUBIC).convert("RGB")
    return Image.blend(img, texture, 0.1)


def phone_exif(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "SecretCam"
    exif[ExifTags.Base.DateTime] = "2026:05:01 10:00:00"
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (44.0, 28.0, 1.5),
        ExifTags.GPS.GPSLongitudeRef: "W",
        ExifTags.GPS.GPSLongitude: (73.0, 12.0, 2.5),
    }
    return exif


def encoded(img: Image.Image, fmt: str, orientation: int = 1) -> bytes:
    """A photo as a phone or an app writes it: GPS and camera EXIF, a comment and XMP where the format has them."""
    out = io.BytesIO()
    exif = phone_exif(orientation).tobytes()
    xmp = b"<x:xmpmeta xmlns:x='adobe:ns:meta/'>secret xmp</x:xmpmeta>"
    if fmt == "JPEG":
        img.save(out, "JPEG", quality=92, exif=exif, comment=b"secret comment", xmp=xmp)
    elif fmt == "PNG":
        text = PngImagePlugin.PngInfo()
        text.add_text("Comment", "secret comment")
        text.add_itxt("XML:com.adobe.xmp", xmp.decode())
        img.save(out, "PNG", exif=exif, pnginfo=text)
    elif fmt == "WEBP":
        img.save(out, "WEBP", lossless=True, exif=exif, xmp=xmp)
    else:
        img.save(out, "HEIF", quality=90, exif=exif, xmp=xmp)
    return out.getvalue()


SUFFIX = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp", "HEIF": ".heic"}
FORMATS = ["JPEG", "PNG", "WEBP"]


def school_with(tmp_path: Path, photos: dict[str, bytes], options: str = "") -> Path:
    files: dict[str, str | bytes] = {f"{FOLDER}/{name}": data for name, data in photos.items()}
    files["students/ada/evidence/arm.md"] = "---\ntitle: Arm\n---\nText.\n"
    return make_school(tmp_path, files, options)


def state(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under folder: its bytes and modification time (links as their target's name)."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_symlink():
            found[path.relative_to(folder).as_posix()] = (str(path.readlink()).encode(), 0)
        elif path.is_file():
            found[path.relative_to(folder).as_posix()] = (path.read_bytes(), path.stat().st_mtime_ns)
    return found


def details_left(path: Path) -> list[str]:
    data = path.read_bytes()
    left = [secret.decode() for secret in SECRETS if secret in data]
    with Image.open(path) as img:
        exif = img.getexif()
        if exif.get_ifd(ExifTags.IFD.GPSInfo):
            left.append("GPS")
        if exif.get(ExifTags.Base.Make) or exif.get(ExifTags.Base.Orientation, 1) != 1:
            left.append("EXIF")
        left += [key for key in ("comment", "xmp", "XML:com.adobe.xmp", "Comment") if key in img.info]
    return left


def difference(a: Image.Image, b: Image.Image) -> float:
    """Mean absolute difference per channel (0 = identical)."""
    assert a.size == b.size
    return sum(ImageStat.Stat(ImageChops.difference(a.convert("RGB"), b.convert("RGB"))).mean) / 3


def decoded(data: bytes) -> Image.Image:
    with Image.open(io.BytesIO(data)) as img:
        return ImageOps.exif_transpose(img).convert("RGB")


# --- details and orientation -----------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("size", [(640, 480), (300, 500)])
def test_location_and_other_details_are_removed(tmp_path: Path, fmt: str, size: tuple[int, int]) -> None:
    original = encoded(quadrants(size), fmt)
    root = school_with(tmp_path, {f"trip{SUFFIX[fmt]}": original})
    photo = root / FOLDER / f"trip{SUFFIX[fmt]}"
    assert "GPS" in details_left(photo), "the test photo must really carry GPS"
    code, out, err = run_plp("photos", "--root", root, photo)
    assert (code, err) == (0, "")
    assert details_left(photo) == []
    assert "removed the location (GPS)" in out
    assert out.splitlines()[-1] == "plp photos: cleaned 1 of 1 photo (0 had nothing to remove)"
    # Upright already: nothing was decoded and encoded again, the picture is exactly what it was.
    assert difference(decoded(photo.read_bytes()), decoded(original)) == 0
    assert not [p.name for p in photo.parent.iterdir() if p.name.startswith(".")], "no temporary file is left"


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("orientation", range(1, 9))
def test_the_picture_is_turned_upright_before_the_tag_goes(tmp_path: Path, fmt: str, orientation: int) -> None:
    original = encoded(quadrants((96, 64), seed=orientation), fmt, orientation)
    upright = decoded(original)  # what a viewer that honours the tag shows
    root = school_with(tmp_path, {f"p{SUFFIX[fmt]}": original})
    photo = root / FOLDER / f"p{SUFFIX[fmt]}"
    code, out, _err = run_plp("photos", "--root", root, photo)
    assert code == 0
    assert ("turned the picture upright" in out) == (orientation != 1)
    with Image.open(photo) as cleaned:
        assert cleaned.getexif().get(ExifTags.Base.Orientation) is None
        assert cleaned.size == upright.size
        assert difference(cleaned.convert("RGB"), upright) < (0.01 if fmt != "JPEG" else 3)


def test_jpeg_quality_is_kept_when_turned(tmp_path: Path) -> None:
    img = quadrants((800, 600))
    original = encoded(img, "JPEG", orientation=6)
    root = school_with(tmp_path, {"p.jpg": original})
    photo = root / FOLDER / "p.jpg"
    run_plp("photos", "--root", root, photo)
    with Image.open(io.BytesIO(original)) as before, Image.open(photo) as after:
        assert after.quantization == before.quantization  # type: ignore[attr-defined]
    assert difference(decoded(photo.read_bytes()), decoded(original)) < 1.5


def test_heic_details_are_emptied_in_place(tmp_path: Path) -> None:
    if not pillow_heif.libheif_info().get("HEIF"):
        pytest.fail("this libheif build has no HEVC encoder, so the test cannot write a HEIC file")
    original = encoded(quadrants((320, 240)), "HEIF", orientation=6)
    root = school_with(tmp_path, {"IMG_0001.HEIC": original})
    photo = root / FOLDER / "IMG_0001.HEIC"
    code, out, _err = run_plp("photos", "--root", root, photo)
    assert code == 0
    assert "removed the location (GPS), camera details and dates (EXIF), XMP details" in out
    data = photo.read_bytes()
    assert len(data) == len(original)
    assert not [s for s in (b"SecretCam", b"secret xmp") if s in data]
    with Image.open(photo) as cleaned, Image.open(io.BytesIO(original)) as before:
        assert not cleaned.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        assert cleaned.size == before.size == (240, 320), "a HEIC's rotation is its own property, and stays"
        assert difference(cleaned, before) == 0
    assert run_plp("photos", "--root", root, photo)[1] == "plp photos: nothing to change in 1 photo\n"


# --- size limit ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "arguments", "expected"),
    [
        ("", (), (4096, 2458)),
        ("photos: {max_original_px: 2000}", (), (2000, 1200)),
        ("photos: {max_original_px: 6000}", (), (5000, 3000)),
        ("", ("--no-shrink",), (5000, 3000)),
    ],
)
def test_originals_larger_than_the_limit_are_made_smaller(
    tmp_path: Path, options: str, arguments: tuple[str, ...], expected: tuple[int, int]
) -> None:
    root = school_with(tmp_path, {"big.jpg": encoded(quadrants((5000, 3000)), "JPEG")}, options)
    photo = root / FOLDER / "big.jpg"
    code, out, _err = run_plp("photos", "--root", root, *arguments, photo)
    assert code == 0
    with Image.open(photo) as img:
        assert img.size == expected
    assert ("made smaller: 5000x3000 -> " in out) == (expected != (5000, 3000))
    assert details_left(photo) == []


def test_a_limit_below_the_largest_web_size_is_refused(tmp_path: Path) -> None:
    root = school_with(tmp_path, {"a.jpg": encoded(quadrants((100, 80)), "JPEG")}, "photos: {max_original_px: 800}")
    code, _out, err = run_plp("photos", "--root", root, root / FOLDER / "a.jpg")
    assert code == 2
    assert "photos.max_original_px must be a whole number of at least 1600, got 800" in err


# --- idempotent, and nothing else touched ----------------------------------------------------


def test_a_second_run_changes_nothing_and_says_so(tmp_path: Path) -> None:
    photos = {f"p{i}{SUFFIX[fmt]}": encoded(quadrants((2000 + 1000 * i, 1500)), fmt, 1 + i % 8) for i, fmt in enumerate(FORMATS)}
    root = school_with(tmp_path, photos, "photos: {max_original_px: 2500}")
    code, out, _err = run_plp("photos", "--root", root, root / "students")
    assert code == 0
    assert out.splitlines()[-1] == "plp photos: cleaned 3 of 3 photos (0 had nothing to remove)"
    after_first = state(root)
    code, out, err = run_plp("photos", "--root", root, root / "students")
    assert (code, out, err) == (0, "plp photos: nothing to change in 3 photos\n", "")
    assert state(root) == after_first


def test_only_photos_under_the_given_paths_are_touched(tmp_path: Path) -> None:
    root = school_with(
        tmp_path,
        {"a.jpg": encoded(quadrants((200, 100)), "JPEG"), "dance.gif": b"GIF89a" + bytes(20), "notes.txt": b"GPS"},
    )
    other = root / "students" / "bo" / "b.jpg"
    other.parent.mkdir(parents=True)
    other.write_bytes(encoded(quadrants((200, 100)), "JPEG"))
    hidden = root / FOLDER / ".drafts" / "c.jpg"
    hidden.parent.mkdir()
    hidden.write_bytes(other.read_bytes())
    before = state(root)
    code, out, _err = run_plp("photos", "--root", root, root / FOLDER, root / "students/ada/evidence/arm.md")
    assert code == 0
    changed = {name for name, value in state(root).items() if before[name] != value}
    assert changed == {f"{FOLDER}/a.jpg"}
    assert f"{FOLDER}/a.jpg: removed the location (GPS)" in out
    assert "evidence/arm.md: it is not a photo plp photos cleans (JPEG, PNG, WebP or HEIC): left as it is" in out


def test_links_are_refused_and_never_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "private.jpg").write_bytes(encoded(quadrants((200, 100)), "JPEG"))
    root = school_with(tmp_path, {"a.jpg": encoded(quadrants((200, 100)), "JPEG")})
    folder = root / FOLDER
    (folder / "to-outside.jpg").symlink_to(outside / "private.jpg")
    (folder / "to-inside.jpg").symlink_to(folder / "a.jpg")
    (root / "students" / "linked").symlink_to(outside, target_is_directory=True)
    before_outside, before_inside = state(outside), (folder / "a.jpg").read_bytes()
    code, out, _err = run_plp(
        "photos",
        "--root",
        root,
        folder / "to-inside.jpg",
        root / "students/linked",
        root / "students/linked/private.jpg",
        outside,
    )
    assert code == 1
    assert state(outside) == before_outside
    assert (folder / "a.jpg").read_bytes() == before_inside
    assert "to-inside.jpg: left as it is: it is a link: plp photos never follows links" in out
    assert "students/linked: left as it is: it is a link: plp photos never follows links" in out
    assert "linked/private.jpg: left as it is: it is outside the school folder" in out
    assert "outside: left as it is: it is outside the school folder" in out
    code, out, _err = run_plp("photos", "--root", root, root / "students")
    assert code == 1
    assert state(outside) == before_outside
    assert "to-outside.jpg: left as it is: it is a link" in out


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX feature")
def test_special_files_and_hard_links_are_refused(tmp_path: Path) -> None:
    root = school_with(tmp_path, {"a.jpg": encoded(quadrants((200, 100)), "JPEG")})
    folder = root / FOLDER
    os.mkfifo(folder / "pipe.jpg")
    os.link(folder / "a.jpg", folder / "same.jpg")
    before = (folder / "a.jpg").read_bytes()
    code, out, _err = run_plp("photos", "--root", root, root / "students", folder / "pipe.jpg")
    assert code == 1
    assert "pipe.jpg: left as it is: it is not a normal file" in out
    assert "a.jpg: left as it is: it has other names (hard links)" in out
    assert (folder / "a.jpg").read_bytes() == before


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("cut.jpg", "cut", "seems to be damaged or incomplete"),
        ("cat.jpg", "png", "is really a PNG picture: rename it to cat.png first"),
        ("zeros.png", bytes(300), "is empty or only half copied"),
        ("text.webp", b"not a picture at all", "is not a picture plp can read"),
    ],
)
def test_bad_files_are_left_as_they_are(tmp_path: Path, name: str, content: str | bytes, reason: str) -> None:
    data = content if isinstance(content, bytes) else encoded(quadrants((300, 200)), "PNG" if content == "png" else "JPEG")
    if content == "cut":
        data = data[: len(data) // 2]
    root = school_with(tmp_path, {name: data})
    code, out, _err = run_plp("photos", "--root", root, root / FOLDER / name)
    assert code == 1
    assert (root / FOLDER / name).read_bytes() == data
    assert f"{name}: left as it is: it {reason}" in out
    assert out.splitlines()[-1] == "plp photos: nothing to change in 1 photo; 1 left as it was (see above)"


# --- the pre-commit hook ---------------------------------------------------------------------


def hook(hook_id: str) -> dict[str, object]:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    [found] = [h for h in hooks if h["id"] == hook_id]
    return dict(found)


def test_the_pre_commit_hook_cleans_the_committed_photos(tmp_path: Path) -> None:
    photos_hook = hook("plp-photos")
    files = re.compile(str(photos_hook["files"]))
    changed = [f"{FOLDER}/a.jpg", f"{FOLDER}/B.PNG", "students/ada/about-me.md", "mkdocs.yml", "theme/logo.png"]
    passed = [name for name in changed if files.search(name)]
    assert passed == [f"{FOLDER}/a.jpg", f"{FOLDER}/B.PNG"]
    root = school_with(tmp_path, {"a.jpg": encoded(quadrants((200, 100)), "JPEG"), "B.PNG": encoded(quadrants((90, 60)), "PNG")})
    plp = Path(sys.executable).parent / "plp"
    command = [str(plp), *shlex.split(str(photos_hook["entry"]))[1:], *passed]
    run: Callable[[], subprocess.CompletedProcess[str]] = lambda: subprocess.run(  # noqa: E731
        command, cwd=root, capture_output=True, text=True, encoding="utf-8", check=False, timeout=120
    )
    first = run()
    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines() == [
        f"{FOLDER}/a.jpg: removed the location (GPS), camera details and dates (EXIF), XMP details, comments",
        f"{FOLDER}/B.PNG: removed the location (GPS), camera details and dates (EXIF), XMP details, other hidden details",
        "plp photos: cleaned 2 of 2 photos (0 had nothing to remove)",
    ]
    assert (run().returncode, run().stdout) == (0, "plp photos: nothing to change in 2 photos\n")


def test_a_school_reached_through_a_link_still_works_but_no_link_inside_it(tmp_path: Path) -> None:
    root = school_with(tmp_path, {"a.jpg": encoded(quadrants((200, 100)), "JPEG")})
    alias = tmp_path / "alias"
    alias.symlink_to(root, target_is_directory=True)
    (root / "students" / "shortcut").symlink_to(root / FOLDER, target_is_directory=True)
    code, out, _err = run_plp("photos", "--root", alias, alias / "students/shortcut/a.jpg")
    assert code == 1
    assert "a.jpg: left as it is: it is inside a linked folder" in out
    assert "GPS" in details_left(root / FOLDER / "a.jpg")
    code, out, _err = run_plp("photos", "--root", alias, alias / FOLDER / "a.jpg")
    assert code == 0, out
    assert details_left(root / FOLDER / "a.jpg") == []


def jpeg_layout(kind: str) -> bytes:
    """JPEGs as different cameras and apps lay them out, each with GPS."""
    img, out = quadrants((300, 200), seed=3), io.BytesIO()
    exif = phone_exif().tobytes()
    if kind == "second picture (MPO)":
        img.save(out, "MPO", save_all=True, append_images=[quadrants((300, 200), seed=4)], exif=exif)
        return out.getvalue()
    if kind == "progressive with restart markers":
        img.save(out, "JPEG", progressive=True, restart_marker_blocks=3, exif=exif)
        return out.getvalue()
    img.save(out, "JPEG", exif=exif)
    return out.getvalue() + b"ftypmp42 a motion photo's video, with its own details" * 40


@pytest.mark.parametrize("kind", ["second picture (MPO)", "progressive with restart markers", "video after the picture"])
def test_every_jpeg_layout_is_cleaned_and_the_picture_kept(tmp_path: Path, kind: str) -> None:
    original = jpeg_layout(kind)
    root = school_with(tmp_path, {"p.jpg": original})
    photo = root / FOLDER / "p.jpg"
    code, out, _err = run_plp("photos", "--root", root, photo)
    assert code == 0
    assert ("hidden extra pictures or data" in out) == (kind != "progressive with restart markers")
    assert details_left(photo) == []
    assert b"ftyp" not in photo.read_bytes()
    with Image.open(photo) as cleaned:
        assert cleaned.format == "JPEG"
        assert getattr(cleaned, "n_frames", 1) == 1
        assert difference(cleaned, decoded(original)) == 0
