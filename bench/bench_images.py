"""Benchmark the photo pipeline on generated phone photos: CPU per photo before and after, fidelity, and encoding.

    python bench/bench_images.py [--photos 6] [--heic 2] [--repeat 3] [--out bench/results.md]

Photos: 12 MP JPEGs stored sideways (4032x3024, EXIF orientation 6, GPS in the EXIF, like a phone held upright),
24 MP JPEGs (5712x4284) and 12 MP HEICs made with pillow-heif's encoder (512 px tiles like an iPhone's, EXIF
orientation 6). Their content is made to resample like a photo: gradients, soft texture, hard-edged shapes and
lines, a little blur, and sensor-like noise.

Passes, each in its own child process (so its peak RSS is its own) and repeated, keeping the fastest: `before`
is the pipeline as it was (bench/images_before.py: Lanczos at every step, progressive JPEG), `after` is
plp_site.images.process_image on an empty cache, `warm` the same again on the filled cache. The figure that
counts is CPU time (user + system of the process, threads included): it does not depend on what else the machine
runs as much as wall time does.

Fidelity: every web size of the first photo of each kind against a reference made the slow way (the whole picture
decoded at full resolution, turned upright, one Lanczos resize to that size): PSNR over RGB and SSIM of the
luminance (8x8 blocks), of the resized pixels and of the published JPEG files decoded again.

On Linux the peak RSS is read from VmHWM in /proc/self/status: ru_maxrss of an exec'd child starts at the
parent's RSS at fork time, which would hide the pass's own peak.
"""

from __future__ import annotations

import argparse
import io
import json
import math
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pillow_heif
from PIL import ExifTags, Image, ImageChops, ImageDraw, ImageFilter, ImageMath, ImageOps, ImageStat, features

if __package__ in (None, ""):  # run as a script: make the repository and this folder importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    sys.path.insert(0, str(Path(__file__).resolve().parent))

from images_before import encode_before, render_before, scaled_before

from plp_site.images import ImageSettings, ProcessedImage, process_image
from plp_site.photos.formats import OPENERS
from plp_site.photos.resize import encode, fit, scaled

SETTINGS = ImageSettings()
SIDES = sorted({*SETTINGS.widths, SETTINGS.thumbnail}, reverse=True)
MARK_START, MARK_END = "<!-- bench_images: start -->", "<!-- bench_images: end -->"


@dataclass(frozen=True)
class Kind:
    """One kind of generated photo."""

    name: str
    label: str
    size: tuple[int, int]
    fmt: str
    orientation: int


KINDS = (
    Kind("jpeg12", "12 MP JPEG, orientation 6", (4032, 3024), "JPEG", 6),
    Kind("jpeg24", "24 MP JPEG", (5712, 4284), "JPEG", 1),
    Kind("heic12", "12 MP HEIC, orientation 6", (4032, 3024), "HEIF", 6),
)


def make_photo(size: tuple[int, int], rng: random.Random) -> Image.Image:
    """Gradients, soft blobs, hard-edged shapes and lines, lens blur, texture and noise: resamples like a photo."""
    w, h = size
    red = Image.linear_gradient("L").rotate(rng.randrange(360)).resize(size)
    green = Image.linear_gradient("L").rotate(rng.randrange(360)).resize(size)
    base = Image.merge("RGB", (red, green, Image.radial_gradient("L").resize(size)))
    blobs = Image.frombytes("RGB", (48, 36), rng.randbytes(48 * 36 * 3)).resize(size, Image.Resampling.BICUBIC)
    img = Image.blend(base, blobs, 0.5)
    draw = ImageDraw.Draw(img)
    for _ in range(60):  # hard edges: where resampling filters differ most
        x, y, r = rng.randrange(w), rng.randrange(h), rng.randrange(w // 60, w // 6)
        corners = [(x + rng.randrange(-r, r), y + rng.randrange(-r, r)) for _ in range(rng.randrange(3, 7))]
        draw.polygon(corners, fill=(rng.randrange(256), rng.randrange(256), rng.randrange(256)))
    for _ in range(40):
        ends = [(rng.randrange(w), rng.randrange(h)), (rng.randrange(w), rng.randrange(h))]
        draw.line(ends, fill=(rng.randrange(256), rng.randrange(256), rng.randrange(256)), width=rng.randrange(1, 6))
    img = img.filter(ImageFilter.GaussianBlur(0.8))  # no lens is perfectly sharp
    cells = (w // 12, h // 12)
    texture = Image.frombytes("RGB", cells, rng.randbytes(cells[0] * cells[1] * 3)).resize(size, Image.Resampling.BICUBIC)
    noise = Image.effect_noise(size, 16).convert("RGB")
    return Image.blend(Image.blend(img, texture, 0.10), noise, 0.05)


def phone_exif(orientation: int) -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "BenchPhone"
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (44.0, 28.0, 1.0),
        ExifTags.GPS.GPSLongitudeRef: "W",
        ExifTags.GPS.GPSLongitude: (73.0, 12.0, 5.0),
    }
    return exif.tobytes()


def generate(folder: Path, kind: Kind, count: int, seed: int) -> list[Path]:
    rng = random.Random(seed)
    paths = []
    for i in range(count):
        img = make_photo(kind.size, rng)
        if kind.fmt == "JPEG":
            path = folder / f"{kind.name}-{i:02}.jpg"
            img.save(path, "JPEG", quality=90, exif=phone_exif(kind.orientation))
        else:
            # x265's fastest preset keeps generating quick; the file is still a normal 8-bit 4:2:0 HEIC.
            path = folder / f"{kind.name}-{i:02}.heic"
            img.save(
                path, "HEIF", quality=70, exif=phone_exif(kind.orientation), tile_size=512, enc_params={"preset": "ultrafast"}
            )
        paths.append(path)
    return paths


# --- passes (child processes) ----------------------------------------------------------------


def before_pass(photos: list[Path], target: Path) -> None:
    for path in photos:
        render_before(path, target, SIDES, SETTINGS.jpeg_quality)


def plp_pass(photos: list[Path], cache: Path, expect_cached: bool) -> None:
    for path in photos:
        result = process_image(path, cache, SETTINGS)
        if not isinstance(result, ProcessedImage) or result.from_cache != expect_cached:
            raise SystemExit(f"unexpected result for {path.name}: {result}")


def worker(kind: str, photos: list[Path], target: Path) -> None:
    """Child process: run one pass, print its CPU and wall time per photo and its own peak RSS as JSON."""
    cpu, wall = time.process_time(), time.perf_counter()
    if kind == "before":
        before_pass(photos, target)
    else:
        plp_pass(photos, target, expect_cached=kind == "warm")
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    count = len(photos)
    print(json.dumps({"cpu": cpu * 1000 / count, "wall": wall * 1000 / count, "rss": peak_rss_kb() / 1024}))


def peak_rss_kb() -> int:
    try:
        for line in Path("/proc/self/status").read_text(encoding="utf-8").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak  # macOS reports bytes, Linux kilobytes


def measure(kind: str, photos: list[Path], target: Path) -> dict[str, float]:
    command = [sys.executable, __file__, "--worker", kind, "--target", str(target), *map(str, photos)]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    result: dict[str, float] = json.loads(done.stdout)
    return result


def fastest(runs: list[dict[str, float]]) -> dict[str, float]:
    return {"cpu": min(r["cpu"] for r in runs), "wall": min(r["wall"] for r in runs), "rss": max(r["rss"] for r in runs)}


def run_passes(photos: list[Path], work: Path, repeat: int) -> dict[str, dict[str, float]]:
    runs: dict[str, list[dict[str, float]]] = {"before": [], "after": [], "warm": []}
    for attempt in range(repeat):
        out, cache = work / f"before-{attempt}", work / f"cache-{attempt}"
        out.mkdir()
        runs["before"].append(measure("before", photos, out))
        runs["after"].append(measure("after", photos, cache))
        runs["warm"].append(measure("warm", photos, cache))
    return {name: fastest(found) for name, found in runs.items()}


# --- fidelity --------------------------------------------------------------------------------


def psnr(a: Image.Image, b: Image.Image) -> float:
    """Peak signal-to-noise ratio over RGB, in dB (higher is closer; above 40 no difference is visible)."""
    squares = ImageStat.Stat(ImageChops.difference(a.convert("RGB"), b.convert("RGB"))).sum2
    mse = sum(squares) / (3 * a.width * a.height)
    return 10 * math.log10(255**2 / mse) if mse else 99.0


def ssim(a: Image.Image, b: Image.Image) -> float:
    """Structural similarity of the luminance over 8x8 blocks (1.0 is identical)."""
    x, y = a.convert("L").convert("F"), b.convert("L").convert("F")
    blocks = (max(1, x.width // 8), max(1, x.height // 8))

    def mean(img: Image.Image) -> Image.Image:
        return img.resize(blocks, Image.Resampling.BOX)

    def product(p: Image.Image, q: Image.Image) -> Image.Image:
        found = ImageMath.lambda_eval(lambda v: v["p"] * v["q"], p=p, q=q)
        assert isinstance(found, Image.Image)
        return found

    mx, my, mxx, myy, mxy = mean(x), mean(y), mean(product(x, x)), mean(product(y, y)), mean(product(x, y))
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
    planes = (mx, my, mxx, myy, mxy)
    values = zip(*(plane.get_flattened_data() for plane in planes), strict=True)
    total = 0.0
    for ux, uy, xx, yy, xy in values:
        vx, vy, cov = xx - ux * ux, yy - uy * uy, xy - ux * uy
        total += ((2 * ux * uy + c1) * (2 * cov + c2)) / ((ux * ux + uy * uy + c1) * (vx + vy + c2))
    return total / (blocks[0] * blocks[1])


def reference(path: Path) -> dict[int, Image.Image]:
    """Every size the slow way: full-resolution decode, upright, one Lanczos resize from the whole picture."""
    with Image.open(path) as opened:
        full = ImageOps.exif_transpose(opened).convert("RGB")
    return {side: full.resize(fit(full.size, side), Image.Resampling.LANCZOS) for side in SIDES}


def opened(path: Path, fmt: str) -> Image.Image:
    return OPENERS[fmt](path.open("rb"))


def decoded(data: bytes) -> Image.Image:
    with Image.open(io.BytesIO(data)) as img:
        return img.convert("RGB")


def fidelity(path: Path, fmt: str) -> dict[str, dict[int, tuple[float, float, float]]]:
    """For before and after: per size (PSNR of the pixels, SSIM of the pixels, PSNR of the published file)."""
    truth = reference(path)
    old = scaled_before(opened(path, fmt), SIDES)  # type: ignore[arg-type]
    new = scaled(opened(path, fmt), SIDES)  # type: ignore[arg-type]
    rows: dict[str, dict[int, tuple[float, float, float]]] = {"before": {}, "after": {}}
    for side in SIDES:
        old_file = decoded(encode_before(old[side].copy(), SETTINGS.jpeg_quality, b""))
        new_file = decoded(encode(new[side].copy(), "jpeg", SETTINGS.jpeg_quality, lambda _data: False))
        rows["before"][side] = (psnr(old[side], truth[side]), ssim(old[side], truth[side]), psnr(old_file, truth[side]))
        rows["after"][side] = (psnr(new[side], truth[side]), ssim(new[side], truth[side]), psnr(new_file, truth[side]))
    return rows


# --- encoding: baseline or progressive -------------------------------------------------------


def cpu_ms(work: Callable[[], bytes], repeat: int = 3) -> tuple[float, int]:
    best, size = math.inf, 0
    for _ in range(repeat):
        start = time.process_time()
        size = len(work())
        best = min(best, time.process_time() - start)
    return best * 1000, size


def encoding(photos: list[tuple[Path, str]]) -> dict[int, tuple[float, int, float, int]]:
    """Per size, summed over the photos: (baseline ms, baseline bytes, progressive ms, progressive bytes)."""
    totals = {side: [0.0, 0, 0.0, 0] for side in SIDES}
    for path, fmt in photos:
        for side, img in scaled(opened(path, fmt), SIDES).items():  # type: ignore[arg-type]
            for column, progressive in ((0, False), (2, True)):

                def save(img: Image.Image = img, progressive: bool = progressive) -> bytes:
                    out = io.BytesIO()
                    img.save(out, "JPEG", quality=SETTINGS.jpeg_quality, optimize=True, progressive=progressive)
                    return out.getvalue()

                ms, size = cpu_ms(save)
                totals[side][column] += ms
                totals[side][column + 1] += size
    return {side: (t[0], int(t[1]), t[2], int(t[3])) for side, t in totals.items()}


# --- HEIC decoding ---------------------------------------------------------------------------


def heic_decoding(path: Path) -> list[tuple[str, float, float]]:
    """CPU and wall ms of decoding one HEIC with each number of libheif decoding threads."""
    rows = []
    default = pillow_heif.options.DECODE_THREADS
    for threads in sorted({1, 2, default}):
        pillow_heif.options.DECODE_THREADS = threads
        cpu = wall = math.inf
        for _ in range(3):
            start_cpu, start_wall = time.process_time(), time.perf_counter()
            opened(path, "HEIF").load()
            cpu, wall = min(cpu, time.process_time() - start_cpu), min(wall, time.perf_counter() - start_wall)
        label = f"{threads} thread{'s' if threads > 1 else ''}{' (default)' if threads == default else ''}"
        rows.append((label, cpu * 1000, wall * 1000))
    pillow_heif.options.DECODE_THREADS = default
    return rows


# --- report ----------------------------------------------------------------------------------


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
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30 if hasattr(os, "sysconf") else 0
    load = f"; 1-minute load {os.getloadavg()[0]:.1f} at the end" if hasattr(os, "getloadavg") else ""
    return (
        f"Machine: {os.cpu_count()} CPUs (nproc), {cpu_model()}, {memory:.1f} GiB RAM; Python {platform.python_version()}; "
        f"Pillow {Image.__version__} (libjpeg-turbo {turbo}); pillow-heif {pillow_heif.__version__} "
        f"(libheif {pillow_heif.libheif_version()}){load}"
    )


def speed_table(results: dict[str, dict[str, dict[str, float]]], sizes: dict[str, float], counts: dict[str, int]) -> list[str]:
    lines = [
        "| photos | before: CPU ms/photo | after: CPU ms/photo | after / before | wall ms before / after | "
        "cache hit: CPU ms | peak RSS MB before / after |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for kind in KINDS:
        if kind.name not in results:
            continue
        row = results[kind.name]
        before, after, warm = row["before"], row["after"], row["warm"]
        lines.append(
            f"| {counts[kind.name]} x {kind.label} ({sizes[kind.name]:.1f} MB) | {before['cpu']:.0f} | {after['cpu']:.0f} | "
            f"{after['cpu'] / before['cpu']:.2f} | {before['wall']:.0f} / {after['wall']:.0f} | {warm['cpu']:.1f} | "
            f"{before['rss']:.0f} / {after['rss']:.0f} |"
        )
    return lines


def fidelity_table(rows: dict[str, dict[str, dict[int, tuple[float, float, float]]]]) -> list[str]:
    lines = [
        "| photo | size | PSNR dB of the pixels: before / after | SSIM of the pixels | PSNR dB of the published JPEG |",
        "|---|---:|---:|---:|---:|",
    ]
    for kind in KINDS:
        if kind.name not in rows:
            continue
        old, new = rows[kind.name]["before"], rows[kind.name]["after"]
        for side in SIDES:
            lines.append(
                f"| {kind.label} | {side} | {old[side][0]:.1f} / {new[side][0]:.1f} | {old[side][1]:.4f} / {new[side][1]:.4f} | "
                f"{old[side][2]:.1f} / {new[side][2]:.1f} |"
            )
    return lines


def encoding_table(totals: dict[int, tuple[float, int, float, int]], count: int) -> list[str]:
    lines = [
        "| size | baseline: CPU ms | baseline: KB | progressive: CPU ms | progressive: KB | what progressive saves, for what |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    sums = [0.0, 0, 0.0, 0]
    for side in SIDES:
        base_ms, base_bytes, prog_ms, prog_bytes = totals[side]
        sums = [sums[0] + base_ms, sums[1] + base_bytes, sums[2] + prog_ms, sums[3] + prog_bytes]
        saved = 100 * (base_bytes - prog_bytes) / base_bytes
        lines.append(
            f"| {side} | {base_ms / count:.1f} | {base_bytes / count / 1000:.0f} | {prog_ms / count:.1f} | "
            f"{prog_bytes / count / 1000:.0f} | {saved:.1f}% of the bytes for {(prog_ms - base_ms) / count:+.1f} ms |"
        )
    saved = 100 * (sums[1] - sums[3]) / sums[1]
    lines.append(
        f"| all | {sums[0] / count:.1f} | {sums[1] / count / 1000:.0f} | {sums[2] / count:.1f} | {sums[3] / count / 1000:.0f} | "
        f"{saved:.1f}% of the bytes for {(sums[2] - sums[0]) / count:+.1f} ms |"
    )
    return lines


def report(
    *,
    results: dict[str, dict[str, dict[str, float]]],
    sizes: dict[str, float],
    counts: dict[str, int],
    quality: dict[str, dict[str, dict[int, tuple[float, float, float]]]],
    totals: dict[int, tuple[float, int, float, int]],
    encoded: int,
    heic: list[tuple[str, float, float]],
) -> str:
    sides = ", ".join(map(str, SETTINGS.widths))
    lines = [
        f"## Photos (`python bench/bench_images.py`), {time.strftime('%Y-%m-%d')}",
        "",
        machine(),
        "",
        f"Outputs: {sides} px and a {SETTINGS.thumbnail} px thumbnail, JPEG quality {SETTINGS.jpeg_quality}. "
        "Before: Lanczos at every step, progressive JPEG. After: bilinear, Hamming and Lanczos in a cascade, "
        "baseline JPEG with optimized Huffman tables. Fastest of the repeated runs.",
        "",
        *speed_table(results, sizes, counts),
        "",
        "Fidelity against a Lanczos resize of the full-resolution picture (first photo of each kind), before / after:",
        "",
        *fidelity_table(quality),
        "",
        f"Baseline or progressive JPEG, per photo ({encoded} photos; the after pipeline's copies):",
        "",
        *encoding_table(totals, encoded),
    ]
    if heic:
        lines += [
            "",
            "Decoding one 12 MP HEIC with pillow-heif:",
            "",
            "| libheif threads | CPU ms | wall ms |",
            "|---|---:|---:|",
        ]
        lines += [f"| {label} | {cpu:.0f} | {wall:.0f} |" for label, cpu, wall in heic]
    return "\n".join(lines) + "\n"


def write_section(path: Path, text: str) -> None:
    """Put the report into path between its markers, keeping whatever else the file holds."""
    old = path.read_text(encoding="utf-8") if path.is_file() else ""
    section = f"{MARK_START}\n{text}{MARK_END}\n"
    if MARK_START in old and MARK_END in old:
        head, rest = old.split(MARK_START, 1)
        new = head + section + rest.split(MARK_END, 1)[1].lstrip("\n")
    else:
        new = (old.rstrip("\n") + "\n\n" if old else "") + section
    path.write_text(new, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--photos", type=int, default=6, help="JPEG photos of each size (default 6)")
    parser.add_argument("--heic", type=int, default=2, help="HEIC photos (default 2; 0 to leave HEIC out)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each pass; the fastest counts (default 3)")
    parser.add_argument("--out", type=Path, help="also write the report into this Markdown file (its own section)")
    parser.add_argument("--worker", choices=["before", "after", "warm"], help=argparse.SUPPRESS)
    parser.add_argument("--target", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("paths", nargs="*", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.paths, args.target)
        return
    counts = {"jpeg12": args.photos, "jpeg24": args.photos, "heic12": args.heic}
    results, sizes, quality = {}, {}, {}
    heic: list[tuple[str, float, float]] = []
    with tempfile.TemporaryDirectory(prefix="plp-bench-images-") as tmp:
        root = Path(tmp)
        generated: dict[str, list[Path]] = {}
        for seed, kind in enumerate(KINDS):
            if counts[kind.name] > 0:
                print(f"making {counts[kind.name]} x {kind.label} ...", file=sys.stderr)
                generated[kind.name] = generate(root, kind, counts[kind.name], seed)
        for kind in KINDS:
            photos = generated.get(kind.name)
            if not photos:
                continue
            print(f"measuring {kind.label} ...", file=sys.stderr)
            work = root / f"work-{kind.name}"
            work.mkdir()
            results[kind.name] = run_passes(photos, work, args.repeat)
            sizes[kind.name] = sum(p.stat().st_size for p in photos) / len(photos) / 1e6
            quality[kind.name] = fidelity(photos[0], kind.fmt)
        jpegs = [(p, "JPEG") for name in ("jpeg12", "jpeg24") for p in generated.get(name, [])[:3]]
        totals = encoding(jpegs)
        if generated.get("heic12"):
            heic = heic_decoding(generated["heic12"][0])
    text = report(results=results, sizes=sizes, counts=counts, quality=quality, totals=totals, encoded=len(jpegs), heic=heic)
    print(text)
    if args.out:
        write_section(args.out, text)


if __name__ == "__main__":
    main()
