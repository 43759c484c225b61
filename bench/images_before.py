"""The photo pipeline as it was before the resizing cascade (plp_site/images.py, image pipeline version 3), kept
callable as the benchmark's baseline: Lanczos from the decoded picture (JPEG at 1/2..1/8 scale) to the largest
size, then Lanczos from each size to the next, and progressive JPEG encoding. Same output sizes and quality."""

from __future__ import annotations

import contextlib
import hashlib
import io
from pathlib import Path

from PIL import Image, ImageCms, ImageFile, ImageOps

from plp_site.photos.formats import BAD_INPUT, OPENERS, sniff

_CMS_OUTPUT_MODE = {"RGB": "RGB", "RGBA": "RGBA", "CMYK": "RGB", "L": "RGB"}
_RESAMPLE = Image.Resampling.LANCZOS
_REDUCING_GAP = 3.0


def _fit(size: tuple[int, int], long_side: int) -> tuple[int, int]:
    width, height = size
    if width >= height:
        return long_side, max(1, round(height * long_side / width))
    return max(1, round(width * long_side / height)), long_side


def _normalized(img: Image.Image) -> Image.Image:
    mode = img.mode
    if mode in ("P", "PA") or (mode in ("L", "RGB") and "transparency" in img.info):
        return img.convert("RGBA")
    if mode in ("L", "RGB", "CMYK", "LA", "RGBA"):
        return img
    if mode.startswith("I"):
        return img.convert("I").point(lambda v: v / 257).convert("L")
    return img.convert("L" if mode in ("1", "F") else "RGB")


def _to_srgb(img: Image.Image, icc: bytes | None) -> Image.Image:
    out_mode = _CMS_OUTPUT_MODE.get(img.mode)
    if icc and out_mode:
        with contextlib.suppress(ImageCms.PyCMSError, *BAD_INPUT):
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            if "srgb" not in ImageCms.getProfileDescription(source).lower():
                converted = ImageCms.profileToProfile(img, source, ImageCms.createProfile("sRGB"), outputMode=out_mode)
                if converted is not None:
                    return converted
    return img.convert("RGB") if img.mode == "CMYK" else img


def _without_opaque_alpha(img: Image.Image) -> Image.Image:
    if img.mode in ("RGBA", "LA") and img.getchannel("A").getextrema()[0] == 255:
        return img.convert(img.mode[:-1])
    return img


def scaled_before(img: ImageFile.ImageFile, sides: list[int]) -> dict[int, Image.Image]:
    """The old `_scaled`: decode once and resize into every long side in `sides` (descending)."""
    raw_size = img.size
    largest = _fit(raw_size, sides[0])
    if img.format == "JPEG":
        img.draft("RGB", largest)
    img.load()
    icc = img.info.get("icc_profile")
    first = _normalized(img).resize(largest, _RESAMPLE, reducing_gap=_REDUCING_GAP)
    with contextlib.suppress(*BAD_INPUT):
        ImageOps.exif_transpose(first, in_place=True)
    first = _without_opaque_alpha(_to_srgb(first, icc))
    oriented = raw_size[::-1] if first.size != largest else raw_size
    scaled = {sides[0]: first}
    for side in sides[1:]:
        first = first.resize(_fit(oriented, side), _RESAMPLE, reducing_gap=_REDUCING_GAP)
        scaled[side] = first
    return scaled


def encode_before(img: Image.Image, quality: int, original: bytes) -> bytes:
    """The old `_encode` for JPEG: progressive, optimized, and never a byte copy of the original."""
    img.info = {}
    for alternate in (False, True):
        out = io.BytesIO()
        img.save(out, "JPEG", quality=quality, optimize=True, progressive=not alternate)
        if hashlib.sha256(out.getvalue()).digest() != original:
            break
    return out.getvalue()


def render_before(path: Path, out: Path, sides: list[int], quality: int) -> None:
    """What the old process_image did on a cache miss for a photo: hash, check, decode, resize, encode, write."""
    with path.open("rb") as f:
        digest = hashlib.file_digest(f, "sha256").digest()
        f.seek(0)
        fmt = sniff(f.read(32))
        if fmt is None:
            raise SystemExit(f"{path} is not a picture")
        f.seek(0)
        copies = scaled_before(OPENERS[fmt](f), sides)
        for side, img in copies.items():
            (out / f"{path.stem}-{side}.jpg").write_bytes(encode_before(img, quality, digest))
