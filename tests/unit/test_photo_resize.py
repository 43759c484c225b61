"""The resizing cascade (plp_site.photos.resize): every web size is upright, of the right size, and as close to a
Lanczos resize of the whole full-resolution picture as no eye can tell apart (its speed is measured in bench/)."""

from __future__ import annotations

import io
import math
import random

import pillow_heif
import pytest
from PIL import ExifTags, Image, ImageChops, ImageDraw, ImageOps, ImageStat

from plp_site.photos.formats import OPENERS
from plp_site.photos.resize import fit, scaled

pytestmark = pytest.mark.filterwarnings("error")
SIDES = [1600, 960, 480, 320]


def photographic(size: tuple[int, int], seed: int) -> Image.Image:
    """Gradients, soft texture, hard edges and noise: what resampling filters disagree on."""
    rng = random.Random(seed)
    w, h = size
    img = Image.frombytes("RGB", (24, 18), rng.randbytes(24 * 18 * 3)).resize(size, Image.Resampling.BICUBIC)
    draw = ImageDraw.Draw(img)
    for _ in range(25):
        x, y, r = rng.randrange(w), rng.randrange(h), rng.randrange(20, w // 5)
        draw.polygon([(x + rng.randrange(-r, r), y + rng.randrange(-r, r)) for _ in range(4)], fill=rng.randrange(1 << 24))
    texture = Image.frombytes("RGB", (w // 10, h // 10), rng.randbytes(w // 10 * (h // 10) * 3)).resize(size)
    return Image.blend(Image.blend(img, texture, 0.1), Image.effect_noise(size, 20).convert("RGB"), 0.04)


def psnr(a: Image.Image, b: Image.Image) -> float:
    squares = ImageStat.Stat(ImageChops.difference(a.convert("RGB"), b.convert("RGB"))).sum2
    return 10 * math.log10(255**2 * 3 * a.width * a.height / sum(squares))


def encoded(img: Image.Image, fmt: str, orientation: int) -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    out = io.BytesIO()
    options = {"quality": 90, "enc_params": {"preset": "ultrafast"}} if fmt == "HEIF" else {"quality": 92}
    img.save(out, fmt, exif=exif.tobytes(), **options)
    return out.getvalue()


@pytest.mark.parametrize(
    ("fmt", "size", "orientation"),
    [
        ("JPEG", (3200, 2400), 6),
        ("JPEG", (2400, 3200), 1),
        ("JPEG", (3000, 2000), 3),
        ("JPEG", (4000, 3000), 8),
        ("JPEG", (1700, 1100), 1),  # decoded at full size: just above the largest web size
        ("WEBP", (2600, 1900), 1),
        ("HEIF", (2048, 1536), 6),
    ],
)
def test_every_size_is_upright_and_close_to_a_full_resolution_lanczos(fmt: str, size: tuple[int, int], orientation: int) -> None:
    if fmt == "HEIF" and not pillow_heif.libheif_info().get("HEIF"):
        pytest.fail("this libheif build has no HEVC encoder, so the test cannot write a HEIC file")
    data = encoded(photographic(size, seed=size[0] + orientation), fmt, orientation)
    with Image.open(io.BytesIO(data)) as whole:
        upright = ImageOps.exif_transpose(whole).convert("RGB")
    copies = scaled(OPENERS[fmt](io.BytesIO(data)), SIDES)
    for side in SIDES:
        reference = upright.resize(fit(upright.size, side), Image.Resampling.LANCZOS)
        assert copies[side].size == reference.size
        assert psnr(copies[side], reference) > 42, f"{side} px differs visibly from a full-resolution Lanczos resize"
