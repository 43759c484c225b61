"""Build a school: choose the students, skip the unchanged, build the rest in supervised worker processes
(plp_site.workers: a time budget per student), publish each site when it is complete, and write the staff
dashboard, whatever happened to the students.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from plp_site.build import StudentJob, StudentResult, WarmUp
from plp_site.dates import build_date
from plp_site.fingerprint import DigestCache, Listing, school_fingerprint, student_fingerprint
from plp_site.foldermemo import FolderMemo, memo_key
from plp_site.linknotice import notice_files
from plp_site.links import LinkKeys, slug_for
from plp_site.publish import (
    assets_in_use,
    build_lock,
    discard,
    published_since,
    recover,
    remove_stale_sites,
    site_is_intact,
    staging_root,
    tidy_staging,
    write_out_root,
)
from plp_site.quickmap import quick_map
from plp_site.school import School
from plp_site.sharedassets import remove_unused_assets
from plp_site.staff import StaffRecord, records_from_json, to_record, write_staff
from plp_site.workers import Worker, prestart, run_jobs, stop_all

WARM_UP_FOLDER = ".warm-up"
"""The made-up student's folder in the staging folder (student sites there are named by slug, never with a dot)."""

__all__ = ["BuildOptions", "BuildSummary", "build_school", "in_shard"]

Progress = Callable[[StudentResult], None]


@dataclass(frozen=True)
class BuildOptions:
    """What `plp build` was asked to do."""

    out: Path
    staff_out: Path
    jobs: int = 1
    force: bool = False
    cache_dir: Path | None = None
    all_students: bool = True
    """True when every student of the school is built (so sites of students who left are removed)."""


@dataclass(frozen=True)
class BuildSummary:
    """The outcome of a build: one result per student built, and the ids skipped as unchanged."""

    results: tuple[StudentResult, ...]
    unchanged: tuple[str, ...]

    @property
    def failed(self) -> tuple[StudentResult, ...]:
        """The students whose sites were not published."""
        return tuple(r for r in self.results if r.status == "failed")


def in_shard(student_id: str, shard: int, shards: int) -> bool:
    """Whether a student belongs to shard K of N (1-based); by a hash of the id alone, so adding a
    student moves no one else."""
    return int(hashlib.sha256(student_id.encode()).hexdigest(), 16) % shards == shard - 1


class _Fingerprints:
    """Students' fingerprints: from the folder memo when nothing in the folder changed, else in full (and then
    remembered), with the digests of the files the build can reuse."""

    def __init__(self, school: School) -> None:
        self.school = school
        state = school.root / ".plp" / "state"
        self.digests = DigestCache.load(state / "digests.json", git_root=school.root)
        self.memo = FolderMemo.load(state / "folders.json")
        self.common = school_fingerprint(school.config_file, school.theme_dir, self.digests)
        self.limit = school.requirements.folder_limit_bytes
        self.looked = self.memo.now()

    def of(self, student_id: str, slug: str, link: str | None, *, memo: bool = True) -> tuple[str, dict[str, str]]:
        """The fingerprint, and the digests of the files (none when it came from the memo)."""
        options_text = f"{slug}\0{link}"
        folder = self.school.students_dir / student_id
        key = memo_key(self.common, options_text, self.limit)
        known = self.memo.known(folder, key) if memo else None
        if known is not None:
            return known, {}
        listing = Listing()
        found = student_fingerprint(self.common, folder, options_text, self.digests, limit=self.limit, listing=listing)
        self.memo.remember(folder, key, found[0], self.looked, listing)
        return found

    def save(self) -> None:
        self.digests.save()
        self.memo.save()


def _jobs(
    school: School, student_ids: Sequence[str], keys: LinkKeys, options: BuildOptions, fingerprints: _Fingerprints
) -> list[StudentJob]:
    """A job per student, with its fingerprint. A student whose folder the memo shows unchanged gets the remembered
    fingerprint and no file digests: with_digests() adds them if the student is built after all."""
    base = school.site_url.rstrip("/") + "/" if school.site_url else None
    slugs = {student_id: slug_for(student_id, keys) for student_id in student_ids}
    links = {student_id: f"{base}{slug}/" if base else None for student_id, slug in slugs.items()}

    def fingerprint(student_id: str) -> tuple[str, dict[str, str]]:
        return fingerprints.of(student_id, slugs[student_id], links[student_id])

    # Each thread adds different files to the digest cache. A first build hashes every file: hashlib and file
    # reads run outside the GIL, so threads share that work across the cores.
    prints = dict(zip(student_ids, quick_map(fingerprint, student_ids, threads=max(2, options.jobs)), strict=True))
    fingerprints.save()
    return [
        StudentJob(
            school.root,
            school.config_file,
            student_id,
            slugs[student_id],
            options.out,
            links[student_id],
            options.cache_dir,
            prints[student_id][0],
            digests=prints[student_id][1],
            shared_assets=True,
            qr_folder=options.staff_out / "print" / "qr",
        )
        for student_id in student_ids
    ]


def with_digests(school: School, jobs: Sequence[StudentJob], fingerprints: _Fingerprints) -> list[StudentJob]:
    """The jobs to build, each with the digests of its student's files (the memo gave none), so the build does not
    read the photos again; their fingerprints are taken in full again, and remembered."""
    if all(job.digests or not (school.students_dir / job.student_id).is_dir() for job in jobs):
        return list(jobs)

    def completed(job: StudentJob) -> StudentJob:
        if job.digests:
            return job
        found, seen = fingerprints.of(job.student_id, job.slug, job.family_link, memo=False)
        return replace(job, fingerprint=found, digests=seen)

    completed_jobs = [completed(job) for job in jobs]
    fingerprints.save()
    return completed_jobs


def build_school(
    school: School, student_ids: Sequence[str], keys: LinkKeys, options: BuildOptions, progress: Progress | None = None
) -> BuildSummary:
    """Build the students' sites, publish each one that builds, then write the staff dashboard."""
    with build_lock(school.root):
        recover(options.out)
        # A worker warms up while this process looks at the school, so the first student it builds (often the only
        # one) finds MkDocs and the theme ready. It is stopped at once if nobody needs building.
        scratch: Path | None = None
        early: list[Worker] = []
        results = []
        try:
            scratch = _scratch(options.out)
            if scratch:
                early.append(prestart(WarmUp(school.root, scratch, options.cache_dir)))
            fingerprints = _Fingerprints(school)
            jobs = _jobs(school, student_ids, keys, options, fingerprints)
            previous = {r.id: r for r in records_from_json(options.staff_out / "students.json")}
            skipped = _skipped(jobs, previous, options)
            budget = school.requirements.build_seconds
            to_build = with_digests(school, [job for job in jobs if job.student_id not in skipped], fingerprints)
            # Closed however the loop ends (Ctrl+C too): no worker outlives the build, nor keeps the school locked.
            with contextlib.closing(run_jobs(to_build, options.jobs, budget, early)) as built:
                for result in built:
                    results.append(result)
                    if progress:
                        progress(result)
        finally:
            stop_all(early)  # if run_jobs did not stop it already (an error before it ran); stopping twice is harmless
            if scratch:
                shutil.rmtree(scratch, ignore_errors=True)
        try:
            _write_dashboard(school, options, results, previous)
        finally:
            # Also when the dashboard's disk is full: the published folder gets its index, and old sites go
            # (an old link of a student who is still here shows, in the family's language, that it changed).
            languages = {r.id: r.language for r in previous.values()} | {r.student_id: r.language for r in results if r.language}
            remove_stale_sites(
                options.out,
                {job.student_id: job.slug for job in jobs},
                all_students=options.all_students,
                notice=lambda student_id: notice_files(languages.get(student_id), school.requirements),
            )
            write_out_root(options.out)
            if results:
                # Only after every site of this build is in place: a version a site names is never removed.
                published = any(result.status == "built" for result in results)
                remove_unused_assets(options.out, lambda: assets_in_use(options.out), one_built=published)
            tidy_staging(options.out)
    return BuildSummary(tuple(results), tuple(sorted(skipped)))


def _scratch(out: Path) -> Path | None:
    """An empty folder for the warm-up, or None if none can be made. It is in the staging folder of `out`, so that
    what a killed build left there is removed by the next build (publish.recover)."""
    try:
        folder = staging_root(out) / WARM_UP_FOLDER
        discard(folder)
        folder.mkdir(mode=0o700)
    except OSError:
        return None
    return folder


def _skipped(jobs: list[StudentJob], previous: dict[str, StaffRecord], options: BuildOptions) -> set[str]:
    """The students whose published site is whole and was built from what they have now."""
    if options.force:
        return set()
    # Each check reads one small marker file and looks up the site's files by name; on a cold disk cache those
    # lookups wait for the disk, and threads wait side by side.
    same = quick_map(lambda job: _unchanged(job, previous.get(job.student_id)), jobs, threads=8)
    return {job.student_id for job, unchanged in zip(jobs, same, strict=True) if unchanged}


def _unchanged(job: StudentJob, record: StaffRecord | None) -> bool:
    return (
        record is not None
        and record.status == "built"
        and record.slug == job.slug
        and not _dates_changed(record)
        and site_is_intact(job.out / job.slug, job.fingerprint)
    )


def _dates_changed(record: StaffRecord) -> bool:
    """Whether a date of the student's portfolio has come since the last build (an entry's date, a goal's target
    date passed), which changes the student's findings and facts though no file changed."""
    return record.recheck_on is not None and record.recheck_on <= build_date().isoformat()


def _write_dashboard(
    school: School, options: BuildOptions, results: list[StudentResult], previous: dict[str, StaffRecord]
) -> None:
    # Students not built this time keep their row from the last dashboard.
    fresh = {r.student_id: _record(r, school, options, previous.get(r.student_id)) for r in results}
    existing = set(school.student_ids())
    if not fresh and set(previous) == existing and _written_today(options.staff_out):
        return  # nobody built, nobody gone: the dashboard written today already says it all
    kept = [r for r in previous.values() if r.id not in fresh and r.id in existing]
    compiled = school.root / ".plp" / "cache" / "templates"
    write_staff(options.staff_out, options.out, [*kept, *fresh.values()], school.requirements, compiled=compiled)


def _written_today(staff_out: Path) -> bool:
    """Whether the dashboard's files are there and its page was written today (it shows the day it was made)."""
    try:
        written = dt.date.fromtimestamp((staff_out / "index.html").stat().st_mtime)
    except OSError:
        return False
    return written == dt.date.today() and (staff_out / "students.json").is_file()


def _record(result: StudentResult, school: School, options: BuildOptions, previous: StaffRecord | None) -> StaffRecord:
    site = options.out / result.slug
    record = to_record(result, school.site_url, published=site.is_dir(), published_since=published_since(site))
    if result.name is None and previous is not None:
        # A build stopped from outside knows nothing of the student: the dashboard keeps the name it had.
        record = replace(record, name=previous.name, grade=previous.grade, advisor=previous.advisor)
    return record
