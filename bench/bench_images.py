"""Benchmark plp_site.images on generated 3000x2000 photos: cold, warm, and a naive baseline.

    python bench/bench_images.py [--photos 20] [--out FILE]

Each measured pass runs in its own child process, so its peak RSS is its own. On Linux the peak is read from
VmHWM in /proc/self/status: ru_maxrss of an exec'd child starts at the parent's RSS at fork time (the kernel
carries the old memory map's high-water mark across execve), which would hide the pass's own peak.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pillow_heif
from PIL import Image, ImageOps, features

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from plp_site.images import ImageSettings, ProcessedImage, process_image

SIZE = (3000, 2000)
SETTINGS = ImageSettings()


def make_photo(rng: random.Random) -> Image.Image:
    """Gradients, soft blobs, mid detail and fine noise: compresses roughly like a real photo."""
    w, h = SIZE
    red = Image.linear_gradient("L").rotate(rng.randrange(360)).resize(SIZE)
    green = Image.linear_gradient("L").rotate(rng.randrange(360)).resize(SIZE)
    base = Image.merge("RGB", (red, green, Image.radial_gradient("L").resize(SIZE)))
    blobs = Image.frombytes("RGB", (48, 32), rng.randbytes(48 * 32 * 3)).resize(SIZE, Image.Resampling.BICUBIC)
    detail = Image.frombytes("RGB", (w // 8, h // 8), rng.randbytes(w // 8 * (h // 8) * 3)).resize(SIZE)
    fine = Image.frombytes("RGB", SIZE, rng.randbytes(w * h * 3))
    return Image.blend(Image.blend(Image.blend(base, blobs, 0.5), detail, 0.25), fine, 0.1)


def generate(folder: Path, count: int) -> list[Path]:
    rng = random.Random(0)
    paths = []
    for i in range(count):
        path = folder / f"photo{i:03}.jpg"
        make_photo(rng).save(path, "JPEG", quality=90)
        paths.append(path)
    return paths


def _fit(size: tuple[int, int], long_side: int) -> tuple[int, int]:
    w, h = size
    return (long_side, max(1, round(h * long_side / w))) if w >= h else (max(1, round(w * long_side / h)), long_side)


def naive_pass(photos: list[Path], out: Path) -> None:
    """Baseline: full decode, then every size resized from the full-size original; same JPEG encoding."""
    for path in photos:
        with Image.open(path) as opened:
            img = ImageOps.exif_transpose(opened)
        for side in (*SETTINGS.widths, SETTINGS.thumbnail):
            small = img.resize(_fit(img.size, side), Image.Resampling.LANCZOS)
            small.info = {}
            small.save(out / f"{path.stem}-{side}.jpg", "JPEG", quality=SETTINGS.jpeg_quality, optimize=True, progressive=True)


def plp_pass(photos: list[Path], cache: Path, expect_cached: bool) -> None:
    for path in photos:
        result = process_image(path, cache, SETTINGS)
        if not isinstance(result, ProcessedImage) or result.from_cache != expect_cached:
            raise SystemExit(f"unexpected result for {path.name}: {result}")


def worker(kind: str, photos_dir: Path, target: Path) -> None:
    """Child process: run one pass, print its time per photo and its own peak RSS as JSON."""
    photos = sorted(photos_dir.glob("*.jpg"))
    start = time.perf_counter()
    if kind == "naive":
        naive_pass(photos, target)
    else:
        plp_pass(photos, target, expect_cached=kind == "warm")
    elapsed = time.perf_counter() - start
    print(json.dumps({"ms": elapsed * 1000 / len(photos), "rss_mb": peak_rss_kb() / 1024}))


def peak_rss_kb() -> int:
    try:
        for line in Path("/proc/self/status").read_text(encoding="utf-8").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak  # macOS reports bytes, Linux kilobytes


def measure(kind: str, photos_dir: Path, target: Path) -> dict[str, float]:
    command = [sys.executable, __file__, "--worker", kind, "--photos-dir", str(photos_dir), "--target", str(target)]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    result: dict[str, float] = json.loads(done.stdout)
    return result


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def machine() -> str:
    turbo = features.version("libjpeg_turbo") or "no"
    return (
        f"Machine: {os.cpu_count()} CPUs (nproc), {cpu_model()}; Python {platform.python_version()}; "
        f"Pillow {Image.__version__} (libjpeg-turbo {turbo}); pillow-heif {pillow_heif.__version__}"
    )


def table(rows: dict[str, dict[str, float]], count: int, sizes_mb: float) -> str:
    naive = rows["naive cold"]["ms"]
    lines = [
        machine(),
        "",
        f"{count} generated {SIZE[0]}x{SIZE[1]} JPEG photos, {sizes_mb:.1f} MB on average; "
        f"outputs {', '.join(map(str, SETTINGS.widths))} + thumbnail {SETTINGS.thumbnail}, JPEG quality {SETTINGS.jpeg_quality}.",
        "",
        "| pass | ms/photo | ratio to naive | peak RSS MB |",
        "|---|---:|---:|---:|",
    ]
    for name, row in rows.items():
        lines.append(f"| {name} | {row['ms']:.1f} | {row['ms'] / naive:.2g} | {row['rss_mb']:.0f} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=20, help="how many photos to generate (default 20)")
    parser.add_argument("--out", type=Path, help="also write the Markdown table to this file")
    parser.add_argument("--worker", choices=["naive", "cold", "warm"], help=argparse.SUPPRESS)
    parser.add_argument("--photos-dir", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--target", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.photos_dir, args.target)
        return
    with tempfile.TemporaryDirectory(prefix="plp-bench-") as tmp:
        root = Path(tmp)
        for name in ("photos", "naive", "cache"):
            (root / name).mkdir()
        photos = generate(root / "photos", args.photos)
        sizes_mb = sum(p.stat().st_size for p in photos) / len(photos) / 1e6
        rows = {
            "naive cold": measure("naive", root / "photos", root / "naive"),
            "plp cold": measure("cold", root / "photos", root / "cache"),
            "plp warm": measure("warm", root / "photos", root / "cache"),
        }
    text = table(rows, args.photos, sizes_mb)
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
