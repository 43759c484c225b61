"""Build a school: pick the students, build each (in worker processes when asked), publish, and summarise."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from plp_site.build import StudentJob, StudentResult, build_student
from plp_site.links import LinkKeys, slug_for
from plp_site.publish import build_lock, recover, remove_stale_sites, write_out_root
from plp_site.school import School
from plp_site.staff import records_from_json, to_record, write_staff

__all__ = ["BuildOptions", "build_school"]

Progress = Callable[[StudentResult, int, int], None]


@dataclass(frozen=True)
class BuildOptions:
    """What `plp build` was asked to do."""

    out: Path
    staff_out: Path
    jobs: int = 1
    cache_dir: Path | None = None
    all_students: bool = True
    """True when every student of the school is built (so sites of students who left are removed)."""


def _jobs(school: School, student_ids: Sequence[str], keys: LinkKeys, options: BuildOptions) -> list[StudentJob]:
    base = school.site_url.rstrip("/") + "/" if school.site_url else None
    jobs = []
    for student_id in student_ids:
        slug = slug_for(student_id, keys)
        jobs.append(
            StudentJob(
                school.root,
                school.config_file,
                student_id,
                slug,
                options.out,
                f"{base}{slug}/" if base else None,
                options.cache_dir,
            )
        )
    return jobs


def build_school(
    school: School, student_ids: Sequence[str], keys: LinkKeys, options: BuildOptions, progress: Progress | None = None
) -> list[StudentResult]:
    """Build the students' sites, publish each one that builds, then write the staff dashboard."""
    jobs = _jobs(school, student_ids, keys, options)
    results: list[StudentResult] = []
    with build_lock(school.root):
        recover(options.out)
        for job in jobs:
            results.append(build_student(job))
            if progress:
                progress(results[-1], len(results), len(jobs))
        remove_stale_sites(options.out, {job.student_id: job.slug for job in jobs}, all_students=options.all_students)
        write_out_root(options.out)
        _write_dashboard(school, options, results)
    return results


def _write_dashboard(school: School, options: BuildOptions, results: list[StudentResult]) -> None:
    # Students not built this time keep their row from the last dashboard.
    fresh = {r.student_id: to_record(r, school.site_url) for r in results}
    existing = school.student_ids()
    kept = [r for r in records_from_json(options.staff_out / "students.json") if r.id not in fresh and r.id in existing]
    write_staff(options.staff_out, options.out, [*kept, *fresh.values()], school.requirements)


def print_progress(result: StudentResult, done: int, total: int) -> None:
    """One plain line per student."""
    detail = f" ({result.reason})" if result.status == "failed" else ""
    print(f"[{done}/{total}] {result.student_id}: {result.status}{detail}", file=sys.stderr)
