"""Benchmark `plp build` against one plain `mkdocs build` per student, on generated schools.

    python bench/run.py [--students 1000] [--jobs 2] [--photos 0] [--baseline-sample 50] [--out bench/results.md]

For each school size it measures, in one run on this machine: the naive baseline (one `mkdocs build` process
per student, one after another, with the same theme and Markdown settings but no plp plugin; a sample of the
students, its times scaled to the school); `plp build` cold (with --photos, first with the image cache cold, then
with it filled: the Markdown work alone); nothing changed with warm caches, and again right after the system's
file cache was emptied (as root; otherwise said so); one reflection changed; and the published folder's size on
disk, the shared theme copy apart.

Each step runs in a small wrapper process that runs the commands and reports their wall time and the largest
resident set size of any process in the tree below it (RUSAGE_CHILDREN's ru_maxrss: the largest single process,
not the sum of the workers running at the same time).
"""

from __future__ import annotations

import argparse
import compileall
import dataclasses
import datetime as dt
import hashlib
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from make_school import SchoolSpec, mkdocs_yml, write_school

REPO = Path(__file__).resolve().parent.parent
SUMMARY = re.compile(r"built (\d+) of (\d+) students \((\d+) unchanged, (\d+) failed\)")
WARM_LIMIT = 1.0  # seconds: nothing changed (warm caches); one student changed, plus that student's own build
COLD_LIMIT = 2.0  # seconds: nothing changed right after the system's file cache was emptied
SPEEDUP_TARGET = 8.0

# Runs the commands of one step one after another; prints their wall time and the peak RSS of its children.
# It is a separate, small process so that the peak belongs to this step alone.
_WRAPPER = """
import json, os, resource, subprocess, sys, time
steps = json.load(open(sys.argv[1], encoding="utf-8"))
outputs = []
start = time.perf_counter()
for step in steps:
    done = subprocess.run(step["argv"], env=step["env"], cwd=step["cwd"], capture_output=True, text=True, check=False)
    outputs.append({"code": done.returncode, "stdout": done.stdout[-2000:], "stderr": done.stderr[-2000:]})
seconds = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
report = {"seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime, "peak_kb": usage.ru_maxrss, "load": os.getloadavg()[0]}
print(json.dumps(dict(report, outputs=outputs)))
"""


@dataclass(frozen=True)
class Step:
    """One measured step: its wall and CPU time, peak RSS, what `plp build` said it built, and the load average."""

    name: str
    seconds: float
    cpu_seconds: float
    peak_mb: float
    built: str
    load: float


Command = tuple[list[str], dict[str, str]]


def measure(name: str, commands: list[Command], spec_file: Path) -> Step:
    """Run the commands (argv, environment) in a wrapper process; fail loudly if any of them failed."""
    # Run from the scratch folder: with the current folder first on sys.path, the repository's plp_site would
    # win over the snapshot.
    steps = [{"argv": argv, "env": env, "cwd": str(spec_file.parent)} for argv, env in commands]
    spec_file.write_text(json.dumps(steps), encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", _WRAPPER, str(spec_file)], capture_output=True, text=True, check=True)
    report = json.loads(done.stdout)
    for output in report["outputs"]:
        if output["code"] not in (0,):
            raise SystemExit(f"{name}: a command failed with exit code {output['code']}:\n{output['stderr']}{output['stdout']}")
    match = SUMMARY.search(report["outputs"][-1]["stdout"])
    built = f"{match[1]} built, {match[3]} unchanged" if match else f"{len(commands)} built"
    return Step(name, report["seconds"], report["cpu"], report["peak_kb"] / 1024, built, report["load"])


def snapshot(work: Path) -> tuple[Path, str]:
    """A copy of plp_site to run, and a digest of it.

    plp-site's own code is part of every student's fingerprint, so an edit to plp_site/ during the run (by
    someone working in the same checkout) would make every student "changed"; the copy keeps one version.
    """
    code = work / "code"
    shutil.copytree(REPO / "plp_site", code / "plp_site", ignore=shutil.ignore_patterns("__pycache__"))
    digest = hashlib.sha256()
    for path in sorted((code / "plp_site").rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(code).as_posix().encode() + b"\0" + path.read_bytes())
    # Compiled once, as pip compiles an installed package: no step pays for compiling plp's modules.
    compileall.compile_dir(code / "plp_site", quiet=1)
    return code, digest.hexdigest()[:12]


def _environment(code: Path) -> dict[str, str]:
    env = dict(os.environ, PLP_LINK_SECRET="bench", NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(code))
    env.pop("SOURCE_DATE_EPOCH", None)
    # As on a school's machine: Python keeps the modules' bytecode (the copy is compiled before the first step).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def baseline_config(school: Path, folder: Path) -> Path:
    """A plain mkdocs-material config equal to the school's but without plp; docs_dir from $PLP_STUDENT_DIR."""
    text = mkdocs_yml("none", plp=False).replace("custom_dir: theme", f"custom_dir: {school / 'theme'}")
    path = folder / "mkdocs-baseline.yml"
    path.write_text(text, encoding="utf-8")
    return path


def _expect(step: Step, built: int, unchanged: int) -> None:
    expected = f"{built} built, {unchanged} unchanged"
    if step.built != expected:
        raise SystemExit(f"{step.name}: expected {expected}, plp said {step.built}")


@dataclass(frozen=True)
class Bench:
    """One school under test: where it is, how to run plp and the baseline on it, and how often."""

    size: int
    school: Path
    scratch: Path
    ids: list[str]
    env: dict[str, str]
    jobs: int
    repeat: int

    def best(self, name: str, commands: list[Command], prepare: Callable[[int], None], built: int | None = None) -> Step:
        """The fastest of `repeat` runs (the one least disturbed by other work); prepare(attempt) runs untimed."""
        steps = []
        for attempt in range(self.repeat):
            prepare(attempt)
            steps.append(measure(name, commands, self.scratch / "spec.json"))
            if built is not None:
                _expect(steps[-1], built, self.size - built)
        fastest = min(steps, key=lambda step: step.seconds)
        print(f"  {name}: {', '.join(f'{step.seconds:.1f}' for step in steps)} s ({fastest.built})", flush=True)
        return fastest

    def plp(self) -> list[Command]:
        """The `plp build` command."""
        argv = [sys.executable, "-m", "plp_site", "build", "--root", str(self.school), "--jobs", str(self.jobs)]
        return [(argv, self.env)]

    def naive(self) -> list[Command]:
        """One plain `mkdocs build` per student."""
        config = baseline_config(self.school, self.scratch)
        mkdocs = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d"]
        output = self.scratch / "baseline"
        return [([*mkdocs, str(output / i)], dict(self.env, PLP_STUDENT_DIR=str(self.school / "students" / i))) for i in self.ids]

    def clear(self, *names: str) -> None:
        """Delete folders of the school (untimed)."""
        for name in names:
            shutil.rmtree(self.school / name, ignore_errors=True)


def _drop_caches() -> bool:
    """Empty the system's file cache (root only): the next step reads everything from the disk."""
    try:
        subprocess.run(["sync"], check=True)
        Path("/proc/sys/vm/drop_caches").write_text("3\n", encoding="ascii")
    except (OSError, subprocess.CalledProcessError):
        return False
    return True


@dataclass(frozen=True)
class Output:
    """What the published folder holds: files and bytes on disk, all of it and the shared theme copy."""

    files: int
    disk_bytes: int
    shared_files: int
    shared_bytes: int


def output_size(out: Path) -> Output:
    """Files and allocated bytes (st_blocks, what `du` counts) under out, and of its shared theme copy."""
    files = size = shared_files = shared_size = 0
    for directory, _, names in os.walk(out):
        shared = Path(directory).relative_to(out).parts[:1] == ("assets",)
        for name in names:
            blocks = (Path(directory) / name).lstat().st_blocks * 512
            files, size = files + 1, size + blocks
            if shared:
                shared_files, shared_size = shared_files + 1, shared_size + blocks
    return Output(files, size, shared_files, shared_size)


@dataclass(frozen=True)
class Result:
    """Everything measured on one school."""

    size: int
    sample: int
    runs: list[Step]
    output: Output
    cold_caches: bool


def bench_school(size: int, jobs: int, work: Path, code: Path, options: argparse.Namespace) -> Result:
    """Generate a school of `size` students and measure every step on it."""
    school, scratch = work / f"school-{size}", work / f"scratch-{size}"
    scratch.mkdir(parents=True)
    start = time.perf_counter()
    spec = SchoolSpec(size, options.seed, photos_per_student=options.photos)
    ids = write_school(school, spec, work / "photo-pool")
    print(f"\n{size} students generated in {time.perf_counter() - start:.0f} s into {school}", flush=True)
    bench = Bench(size, school, scratch, ids, _environment(code), jobs, options.repeat)
    reflection = sorted((school / "students" / ids[0] / "reflections").glob("*.md"))[0]
    sample = min(size, options.baseline_sample) if options.baseline_sample > 0 else size

    def change_reflection(attempt: int) -> None:
        with reflection.open("a", encoding="utf-8") as handle:
            handle.write(f"\nI added sentence {attempt + 1} after talking with my advisor.\n")

    cold_caches = True

    def drop(_: int) -> None:
        nonlocal cold_caches
        cold_caches = _drop_caches() and cold_caches

    # The long steps (the baseline sample, the cold builds) run once; the short ones `--repeat` times.
    naive = dataclasses.replace(bench, ids=ids[:sample], size=sample, repeat=1)
    baseline = naive.best(
        f"naive baseline: one mkdocs build per student ({sample} timed" + (f", scaled to {size})" if sample < size else ")"),
        naive.naive(),
        lambda _: shutil.rmtree(scratch / "baseline", ignore_errors=True),
    )
    scale = size / sample
    runs = [dataclasses.replace(baseline, seconds=baseline.seconds * scale, cpu_seconds=baseline.cpu_seconds * scale)]
    if options.photos:
        # Once only: a repeat would need the image cache emptied, and this step is long.
        runs.append(dataclasses.replace(bench, repeat=1).best("plp cold (images cold)", bench.plp(), lambda _: None, size))
    runs += [
        dataclasses.replace(bench, repeat=1).best(
            "plp cold" + (", images cached (Markdown work alone)" if options.photos else " (Markdown)"),
            bench.plp(),
            lambda _: bench.clear("site", "staff-site", ".plp/state"),
            size,
        ),
        bench.best("plp again, nothing changed (warm caches)", bench.plp(), lambda _: None, 0),
    ]
    output = output_size(school / "site")
    runs += [
        bench.best("plp again, nothing changed (cold caches)", bench.plp(), drop, 0),
        bench.best("plp after one reflection changed", bench.plp(), change_reflection, 1),
    ]
    shutil.rmtree(school)
    shutil.rmtree(scratch)
    return Result(size, sample, runs, output, cold_caches)


def table(result: Result, jobs: int) -> str:
    """The Markdown table of one school size."""
    size, runs = result.size, result.runs
    baseline = runs[0].seconds
    lines = [
        f"### {size} students (`--jobs {jobs}`)",
        "",
        "| step | wall s | s/student | vs baseline | CPU s | students | peak RSS MB | load |",
        "|---|---:|---:|---:|---:|---|---:|---:|",
    ]
    for run in runs:
        built = f"{size} built (scaled)" if run is runs[0] and result.sample < size else run.built
        lines.append(
            f"| {run.name} | {run.seconds:.2f} | {run.seconds / size:.3f} | {baseline / run.seconds:.1f}x faster "
            f"| {run.cpu_seconds:.1f} | {built} | {run.peak_mb:.0f} | {run.load:.1f} |"
        )
    return "\n".join(lines) + "\n"


def findings(result: Result, jobs: int) -> str:
    """Output size, CPU per student, and PASS/FAIL for each target."""
    size, runs, output = result.size, result.runs, result.output
    named = {run.name: run for run in runs}
    baseline = runs[0]
    markdown = next(run for run in runs if run.name.startswith("plp cold") and "images cold" not in run.name)
    warm = named["plp again, nothing changed (warm caches)"]
    cold = named["plp again, nothing changed (cold caches)"]
    one = named["plp after one reflection changed"]
    own = markdown.seconds / size
    speedup = baseline.seconds / markdown.seconds

    def verdict(ok: bool) -> str:
        return "PASS" if ok else "FAIL"

    mib = 1024 * 1024
    own_bytes = output.disk_bytes - output.shared_bytes
    lines = [
        f"Published folder after the cold build: {output.files} files, {output.disk_bytes / mib:.0f} MiB on disk; "
        f"the shared theme copy (site/assets/) {output.shared_files} files, {output.shared_bytes / mib:.1f} MiB; "
        f"the students' own sites {own_bytes / mib:.0f} MiB ({own_bytes / size / 1024:.0f} KiB a student).",
        "",
        f"CPU time per student: baseline {baseline.cpu_seconds / size:.3f} s, plp cold {markdown.cpu_seconds / size:.3f} s; "
        f"so with {jobs} workers kept perfectly busy, plp could be at most "
        f"{jobs * baseline.cpu_seconds / markdown.cpu_seconds:.1f}x faster than the baseline on this machine.",
        "",
        f"- {verdict(speedup >= SPEEDUP_TARGET)}: cold Markdown build is {speedup:.1f}x faster than the naive "
        f"baseline (target: at least {SPEEDUP_TARGET:.0f}x)",
        f"- {verdict(warm.seconds < WARM_LIMIT)}: nothing changed took {warm.seconds:.2f} s with warm caches "
        f"(target: under {WARM_LIMIT:.0f} s)",
    ]
    if result.cold_caches:
        lines.append(
            f"- {verdict(cold.seconds < COLD_LIMIT)}: nothing changed took {cold.seconds:.2f} s with cold caches "
            f"(target: under {COLD_LIMIT:.0f} s)"
        )
    else:
        lines.append("- n/a: the file cache could not be dropped (not root), so the cold-cache step ran warm")
    lines += [
        f"- {verdict(one.seconds < WARM_LIMIT + own)}: one student changed took {one.seconds:.2f} s "
        f"(target: under {WARM_LIMIT:.0f} s + its own build {own:.2f} s = {WARM_LIMIT + own:.2f} s)",
        "",
    ]
    return "\n".join(lines)


def _cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def _memory() -> str:
    for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
        if line.startswith("MemTotal:"):
            return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB RAM"
    return "RAM unknown"


def header(jobs: int, code_digest: str, options: argparse.Namespace) -> str:
    """What machine and software the numbers were measured with."""
    versions = ", ".join(f"{name} {metadata.version(name)}" for name in ("mkdocs", "mkdocs-material", "pillow", "plp-site"))
    photos = (
        f"and {options.photos} photos of 3000x2000 (about 1.9 MB each, distinct bytes per student)"
        if options.photos
        else "and no photos (Markdown only)"
    )
    return (
        f"# plp build benchmark\n\n"
        f"Measured {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z} with `python bench/run.py` on "
        f"{os.cpu_count()} CPUs (nproc), {_cpu_model()}, {_memory()}; Python {platform.python_version()}; {versions}. "
        f"plp runs with `--jobs {jobs}`, from a copy of plp_site/ taken at the start (digest {code_digest}). "
        f"Each student: 15 pages of about 600 words {photos}. "
        "The baseline runs one `mkdocs build` process per student in a row, with the same theme and Markdown "
        "settings and no plp plugin; on a large school a sample of the first students is timed and its times "
        "scaled to the whole school (the step says how many). The cold-cache step empties the system's file cache "
        "(`sync; echo 3 > /proc/sys/vm/drop_caches`, as root) before each run. "
        "CPU s is the user + system time of all processes of the step. Peak RSS is the largest single process "
        "(plp's workers run side by side, so their sum is about `--jobs` times it). Load is the 1-minute load "
        f"average when the step ended: above {os.cpu_count()} other work on the machine slowed the step down. "
        f"The baseline and the cold builds ran once; each other step ran {options.repeat} times and the fastest run "
        "is shown.\n"
    )


def main() -> int:
    """Run the benchmark for each school size; print and write the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, nargs="+", default=[1000], help="school sizes (default: 1000)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="plp worker processes (default: nproc)")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results.md", help="Markdown file to write")
    parser.add_argument("--seed", type=int, default=0, help="seed of the generated schools (default 0)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each step but an image-cold one; the fastest counts")
    parser.add_argument("--photos", type=int, default=0, help="photos per student (default 0: Markdown only)")
    parser.add_argument(
        "--baseline-sample", type=int, default=50, help="students the baseline builds, scaled to the school (0: all)"
    )
    parser.add_argument("--workdir", type=Path, help="folder for the schools (default: a temporary folder)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="plp-bench-", dir=args.workdir) as temporary:
        work = Path(temporary)
        code, digest = snapshot(work)
        parts = [header(args.jobs, digest, args)]
        for size in args.students:
            result = bench_school(size, args.jobs, work, code, args)
            parts += [table(result, args.jobs), findings(result, args.jobs)]
            print("\n" + parts[-2] + "\n" + parts[-1], flush=True)
    args.out.write_text("\n".join(parts), encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
