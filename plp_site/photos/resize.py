"""Resize one decoded picture into every web size: decode once at the smallest scale that still suffices, then a
cascade of cheap steps, each from the copy before it.

The filters were chosen by measurement (`bench/bench_images.py` prints the CPU time and the fidelity of every size
against a Lanczos resize of the full-resolution picture): Lanczos at every step made a 12 MP photo cost half as much
again, for a difference no eye sees after JPEG encoding. Bilinear for the largest copy, Hamming for the middle one,
Lanczos where a copy is small and it costs little.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable
from typing import Final

from PIL import Image, ImageCms, ImageFile, ImageOps

from plp_site.photos.formats import BAD_INPUT

__all__ = ["encode", "fit", "scaled"]

_CMS_OUTPUT_MODE: Final = {"RGB": "RGB", "RGBA": "RGBA", "CMYK": "RGB", "L": "RGB"}
_LARGE: Final = Image.Resampling.BILINEAR
_MIDDLE: Final = Image.Resampling.HAMMING
_SMALL: Final = Image.Resampling.LANCZOS


def fit(size: tuple[int, int], long_side: int) -> tuple[int, int]:
    """The size with this long side and the same proportions."""
    width, height = size
    if width >= height:
        return long_side, max(1, round(height * long_side / width))
    return max(1, round(width * long_side / height)), long_side


def _filter(size: tuple[int, int]) -> Image.Resampling:
    long_side = max(size)
    return _SMALL if long_side <= 480 else _MIDDLE if long_side <= 1200 else _LARGE


def _normalized(img: Image.Image) -> Image.Image:
    """Return the image in one of L, RGB, CMYK, LA or RGBA."""
    mode = img.mode
    if mode in ("P", "PA") or (mode in ("L", "RGB") and "transparency" in img.info):
        return img.convert("RGBA")
    if mode in ("L", "RGB", "CMYK", "LA", "RGBA"):
        return img
    if mode.startswith("I"):
        return img.convert("I").point(lambda v: v / 257).convert("L")  # plain convert("L") clips 16-bit values
    return img.convert("L" if mode in ("1", "F") else "RGB")


def _to_srgb(img: Image.Image, icc: bytes | None) -> Image.Image:
    """Bake any non-sRGB colour profile into the pixels, since no profile is published."""
    out_mode = _CMS_OUTPUT_MODE.get(img.mode)
    if icc and out_mode:
        with contextlib.suppress(ImageCms.PyCMSError, *BAD_INPUT):  # a broken profile must not cost the photo
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


def _first_step(img: Image.Image, size: tuple[int, int]) -> Image.Image:
    """From the decoded picture to the largest copy. A JPEG is decoded at 1/2..1/8 scale already (libjpeg's own
    reduction); any other picture is first halved (or more) with reduce(), which averages blocks of pixels, for
    the same reason: a filter's cost grows with the size of what it reads."""
    factor = min(img.width // size[0], img.height // size[1])
    if factor >= 2:
        img = img.reduce(factor)
    return img.resize(size, _filter(size))


def scaled(img: ImageFile.ImageFile, sides: list[int]) -> dict[int, Image.Image]:
    """Decode once and resize into every long side in `sides` (descending), each from the previous one."""
    raw_size = img.size
    largest = fit(raw_size, sides[0])
    if img.format == "JPEG":
        # libjpeg decodes at 1/2..1/8 scale while staying at least as big as needed. Never draft HEIF:
        # pillow-heif would swap in the embedded thumbnail, which may show an older, uncropped photo.
        img.draft("RGB", largest)
    img.load()
    icc = img.info.get("icc_profile")
    first = _first_step(_normalized(img), largest)
    with contextlib.suppress(*BAD_INPUT):  # broken EXIF only loses the rotation, not the photo
        ImageOps.exif_transpose(first, in_place=True)  # resize copied .info, so the orientation is still known
    first = _without_opaque_alpha(_to_srgb(first, icc))
    oriented = raw_size[::-1] if first.size != largest else raw_size
    result = {sides[0]: first}
    for side in sides[1:]:
        size = fit(oriented, side)
        first = first.resize(size, _filter(size))
        result[side] = first
    return result


def encode(img: Image.Image, fmt: str, quality: int, is_original: Callable[[bytes], bool]) -> bytes:
    """Encode with no metadata, and never as a byte copy of the original file.

    JPEG copies are baseline with optimized Huffman tables, not progressive: progressive encoding measured about
    a quarter more CPU per photo for 2% fewer bytes (1-4% by size)."""
    img.info = {}  # Pillow copies comment, ICC profile and transparency from .info when saving
    for alternate in (False, True):
        out = io.BytesIO()
        if fmt == "png":  # the alternate differs in the zlib header, the JPEG one in the SOF marker
            img.save(out, "PNG", optimize=not alternate, compress_level=1 if alternate else 9)
        else:
            img.save(out, "JPEG", quality=quality, optimize=True, progressive=alternate)
        if not is_original(out.getvalue()):
            break
    return out.getvalue()
