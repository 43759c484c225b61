"""The staff dashboard with many students: page weight and time until it is ready in Chromium.

    python bench/bench_dashboard.py [--students 1200] [--advisors 40] [--repeat 5] [--seed 0]

Writes synthetic records (names, grades, advisors, statuses, findings drawn from a seed) straight through
`staff.write_staff`, as a build would after building every student, then opens the whole school's page from the
disk in Debian's Chromium (/usr/bin/chromium) and reads the Performance API: when the HTML was parsed
(domInteractive), when the page's script marked the dashboard ready (sort buttons and filters working), and how
long a sort and a search take. Prints the bytes of index.html, dashboard.js and dashboard.css (and gzipped).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from plp_site.requirements import Requirements
from plp_site.staff import StaffRecord, write_staff

FIRST = ("Ada", "Ben", "Carmen", "Dev", "Elena", "Farah", "Gus", "Hana", "Ivan", "Jada", "Kofi", "Lena", "Malik")
LAST = ("Abbott", "Baker", "Chen", "Diaz", "Evans", "Fischer", "Garcia", "Haddad", "Ito", "Jensen", "Kim", "Lopez")
FINDING = (
    "students/{id}/reflections/2026-10-0{n}-notes.md:{line}:1: warning PLP209 this reflection has only 12 of your own"
    " words\n  hint: write at least 40 words of your own about what you did and learned"
)


def records(count: int, advisors: int, seed: int) -> list[StaffRecord]:
    """Synthetic dashboard records, the same for the same seed."""
    rng = random.Random(seed)
    names = [f"Ms. {rng.choice(LAST)} {number}" for number in range(advisors)]
    made = []
    for number in range(count):
        student_id = f"student-{number:04d}"
        failed = rng.random() < 0.03
        findings = tuple(FINDING.format(id=student_id, n=n, line=rng.randint(3, 40)) for n in range(rng.choice((0, 0, 0, 1, 3))))
        latest = dt.date(2026, 11, 27) - dt.timedelta(days=rng.randint(0, 90))
        made.append(
            StaffRecord(
                id=student_id,
                name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                grade=rng.randint(9, 12),
                slug=f"{student_id}-abcdefgh1234",
                path=f"{student_id}-abcdefgh1234/",
                link=f"https://portfolios.example.org/{student_id}-abcdefgh1234/",
                status="failed" if failed else "built",
                errors=1 if failed else 0,
                warnings=len(findings),
                findings=findings,
                reason="",
                counts={"goals": rng.randint(0, 4), "reflections": rng.randint(0, 8), "evidence": rng.randint(0, 5)},
                sections={"about-me": True, "postsecondary": rng.random() < 0.8},
                latest_entry=latest.isoformat(),
                advisor=rng.choice(names),
                published=not failed or rng.random() < 0.7,
                language="en",
                prompts=rng.choice((0, 0, 0, 2)),
                incomplete=("section:postsecondary",) if rng.random() < 0.2 else (),
                overdue_goals=("robotics-goal-1",) if rng.random() < 0.1 else (),
                last_conference=rng.choice((None, "2026-10-15", "2026-03-01")),
                published_since="2026-11-20T10:00:00+00:00",
            )
        )
    return made


_READY_JS = """
() => {
  const navigation = performance.getEntriesByType("navigation")[0];
  const ready = performance.getEntriesByName("dashboard-ready")[0];
  const button = document.querySelector("#students thead button");
  let start = performance.now();
  button.click();
  const sort = performance.now() - start;
  const search = document.getElementById("f-search");
  start = performance.now();
  search.value = "kim";
  search.dispatchEvent(new Event("input", {bubbles: true}));
  const filter = performance.now() - start;
  return {parsed: navigation.domInteractive, ready: ready.startTime, sort, filter};
}
"""


def measure(page_url: str, repeat: int) -> dict[str, float]:
    """Median milliseconds over `repeat` cold loads of the page."""
    runs: dict[str, list[float]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        for _ in range(repeat):
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            page.goto(page_url, wait_until="load")
            page.wait_for_selector("html[data-ready]", state="attached")
            for name, value in page.evaluate(_READY_JS).items():
                runs.setdefault(name, []).append(float(value))
            context.close()
        browser.close()
    return {name: statistics.median(values) for name, values in runs.items()}


def main(argv: Sequence[str] | None = None) -> int:
    """Write the dashboard of a synthetic school and print its weight and speed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=1200)
    parser.add_argument("--advisors", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    options = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        staff = Path(folder) / "staff"
        made = records(options.students, options.advisors, options.seed)
        start = time.perf_counter()
        write_staff(staff, Path(folder) / "site", made, Requirements(school_name="Bench Union High School"))
        written = time.perf_counter() - start
        files = [staff / "index.html", staff / "dashboard.js", staff / "dashboard.css"]
        sizes = {path.name: path.stat().st_size for path in files}
        zipped = {path.name: len(gzip.compress(path.read_bytes())) for path in files}
        timings = measure((staff / "index.html").as_uri(), options.repeat)
        pages = len(list(staff.glob("*/*/index.html")))
    print(f"{options.students} students, {options.advisors} advisors: write_staff {written:.2f} s ({pages} more pages)")
    for name, size in sizes.items():
        print(f"  {name}: {size:,} bytes ({zipped[name]:,} gzipped)")
    print(f"  page weight: {sum(sizes.values()):,} bytes ({sum(zipped.values()):,} gzipped)")
    print(f"  Chromium, median of {options.repeat} loads from the disk at 1280 px:")
    print(f"    HTML parsed (domInteractive): {timings['parsed']:.0f} ms")
    print(f"    dashboard ready (the script's mark): {timings['ready']:.0f} ms")
    print(f"    sort by name: {timings['sort']:.0f} ms; search: {timings['filter']:.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
