"""Build students in worker processes that the main process supervises.

Every student is built in a worker, never in the main process, so the school's time budget always holds: the
main process keeps the clock of each build and stops a worker that goes over it (SIGKILL; nothing inside a stuck
build has to cooperate). That student fails with a finding that names the page it was on, and a fresh worker
builds the rest. A worker that crashes fails only its student. Each worker builds students one after another, so
imports and the compiled theme templates are paid once per worker, not once per student.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path

from plp_site.build import StudentJob, StudentResult, WarmUp, build_student, warm_up
from plp_site.codes import finding
from plp_site.display import clip, visible
from plp_site.model import Portfolio
from plp_site.publish import discard, staging_folder

__all__ = ["Worker", "prestart", "run_jobs", "stop_all"]

_PR_SET_PDEATHSIG = 1
_STOP = None
"""Sent to an idle worker: no more students."""
WARM_UP_SECONDS = 10.0
"""How long a prestarted worker may take to warm up before its first job; then it is stopped and a fresh worker
takes the job (a warm-up takes about 0.3 s)."""


@dataclass
class Worker:
    """A worker process, as the supervisor sees it."""

    process: BaseProcess
    connection: Connection
    job: StudentJob | None = None
    started: float = 0.0
    page: str = ""
    """The page the worker said it is building ("" before the first page, or for a page plp made)."""
    warming: bool = False
    """It is building a made-up student (prestart): stopping it then means killing it, not waiting."""


def prestart(request: WarmUp) -> Worker:
    """A worker started before its jobs are known, warming up (plp_site.build.warm_up) in the meantime; give it to
    run_jobs, or stop it with stop_all."""
    worker = _start()
    worker.warming = _tell_worker(worker, request)
    return worker


def stop_all(pool: Sequence[Worker]) -> None:
    """Stop workers that run_jobs was not given."""
    for worker in pool:
        _stop(worker)


def run_jobs(
    jobs: Sequence[StudentJob], workers: int, budget: float, started: Sequence[Worker] = ()
) -> Generator[StudentResult, None, None]:
    """Build the jobs in up to `workers` processes (the `started` ones first) and yield each result as it is
    ready. A build that takes more than `budget` seconds is stopped and fails (PLP902); a worker that dies fails
    its student (PLP903). Every worker is stopped at the end, the started ones too."""
    pending = deque(jobs)
    pool: list[Worker] = list(started)
    try:
        while pending or any(worker.job for worker in pool):
            _assign(pool, pending, max(1, workers))
            yield from _collect(pool, budget)
    finally:
        # Also when the build is interrupted: no worker outlives it, and no half-built site stays behind.
        for worker in pool:
            _stop(worker)


def _assign(pool: list[Worker], pending: deque[StudentJob], workers: int) -> None:
    for worker in [w for w in pool if w.job is None]:
        if not pending:
            return
        if not _give(worker, pending[0]):
            _stop(worker)  # it ended while idle, or did not warm up in time; its place goes to a fresh worker
            pool.remove(worker)
            continue
        pending.popleft()
    while pending and len(pool) < workers:
        worker = _start()
        pool.append(worker)
        if _give(worker, pending[0]):
            pending.popleft()


def _give(worker: Worker, job: StudentJob) -> bool:
    """Send a job; False if the worker cannot take it (it ended, or its warm-up did not finish in time)."""
    if worker.warming and not _warmed(worker):
        return False
    if not _tell_worker(worker, job):
        return False
    # The student's time starts now, when the worker starts on it: never while it warms up.
    worker.job, worker.started, worker.page = job, time.monotonic(), ""
    return True


def _warmed(worker: Worker) -> bool:
    """Wait, at most WARM_UP_SECONDS, for a warming worker to say it is ready. A job is never sent before: the
    worker does not read its pipe while it warms up, and a big job would not fit in it."""
    deadline = time.monotonic() + WARM_UP_SECONDS
    try:
        while worker.warming:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not worker.connection.poll(remaining):
                return False
            kind, _ = worker.connection.recv()
            worker.warming = kind != "warm"
    except (EOFError, OSError):
        return False
    return True


def _tell_worker(worker: Worker, message: object) -> bool:
    try:
        worker.connection.send(message)
    except OSError:
        return False
    return True


def _collect(pool: list[Worker], budget: float) -> Iterator[StudentResult]:
    """Wait until a worker has news or a build reaches its budget; yield the students that finished or failed."""
    busy = [worker for worker in pool if worker.job is not None]
    if not busy:
        return
    timeout = max(0.0, min(worker.started for worker in busy) + budget - time.monotonic())
    ready = wait([worker.connection for worker in busy], timeout)
    for worker in busy:
        if worker.connection in ready:
            result = _read(worker, pool)
            if result is not None:
                yield result
    now = time.monotonic()
    for worker in busy:
        if worker.job is not None and now - worker.started >= budget:
            yield _fail(worker, pool, "PLP902", budget)


def _read(worker: Worker, pool: list[Worker]) -> StudentResult | None:
    """The worker's news: the page it is on, or its result (None while it is still building)."""
    try:
        while worker.connection.poll():
            kind, value = worker.connection.recv()
            if kind == "warm":
                worker.warming = False
                continue
            if kind == "page":
                worker.page = str(value)
                continue
            worker.job = None
            assert isinstance(value, StudentResult)
            return value
    except (EOFError, OSError):
        return _fail(worker, pool, "PLP903", 0)
    return None


def _read_news(worker: Worker) -> None:
    """Whether an idle worker finished warming up (it said so), without waiting."""
    with contextlib.suppress(EOFError, OSError):
        while worker.connection.poll():
            kind, _ = worker.connection.recv()
            worker.warming = worker.warming and kind != "warm"


def _fail(worker: Worker, pool: list[Worker], code: str, budget: float) -> StudentResult:
    """Stop the worker, remove what it staged, and fail its student with a finding on the page it was on."""
    job = worker.job
    assert job is not None
    _stop(worker)
    pool.remove(worker)
    worker.job = None
    page = visible(clip(worker.page, 120))
    at = f" (at {page})" if page else ""
    if code == "PLP902":
        message, hint = _too_long(page, budget)
        reason = f"the build took longer than {budget:g} seconds{at}"
    else:
        message = f"the build stopped unexpectedly while making {page or 'the site'}"
        hint = "build again; if it stops at the same page again, make that page smaller or simpler"
        reason = f"the build process crashed{at}"
    where = Portfolio("", f"students/{job.student_id}").location(worker.page)
    return StudentResult(job.student_id, job.slug, "failed", findings=(finding(code, where, message, hint),), reason=reason)


def _too_long(page: str, budget: float) -> tuple[str, str]:
    """The message and hint of PLP902: about the page the build was on, or about the folder before any page."""
    if page.endswith(".md"):
        return (
            f"{page} took longer than the {budget:g} seconds a student's build may take",
            "split the page into smaller pages; a line with thousands of [ or < takes very long to build",
        )
    if page:
        return (
            f"{page} took longer than the {budget:g} seconds a student's build may take",
            "build again: photos finished so far are kept; if it stops at this file again, make it smaller "
            "(about 2000 pixels on the long side)",
        )
    return (
        f"the site took longer than the {budget:g} seconds a student's build may take, before any page was built "
        "(while the folder was read and its photos processed)",
        "build again: photos finished so far are kept; if it stops again, make the photos smaller or use fewer",
    )


def _start() -> Worker:
    # fork shares the already-imported modules with the worker; elsewhere the platform's default start method.
    context = multiprocessing.get_context("fork" if sys.platform == "linux" else None)
    ours, theirs = context.Pipe()
    process = context.Process(target=_serve, args=(theirs, os.getpid()), name="plp-build-worker", daemon=True)
    process.start()
    theirs.close()
    return Worker(process, ours)


def _stop(worker: Worker) -> None:
    """End a worker: an idle one is asked to leave, a busy one is killed and its staging folder removed."""
    if worker.job is None:
        _read_news(worker)
    if worker.job is None and not worker.warming:
        with contextlib.suppress(OSError):
            worker.connection.send(_STOP)
        worker.process.join(timeout=10)
    if worker.process.is_alive():
        worker.process.kill()
    worker.process.join()
    worker.connection.close()
    if worker.job is not None:
        with contextlib.suppress(OSError):
            discard(staging_folder(worker.job.out, worker.job.slug))


def _serve(connection: Connection, supervisor: int) -> None:
    """A worker: build each student it is sent, say which page it is on, send back the result."""
    _end_with(supervisor)
    with contextlib.suppress(OSError):
        # Should a build use up the memory, the system stops this worker, never the supervisor (Linux).
        Path("/proc/self/oom_score_adj").write_text("1000", encoding="ascii")
    # Ctrl+C reaches every process of the terminal: the supervisor decides, and stops the workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    while True:
        try:
            job = connection.recv()
        except EOFError:
            return
        if job is _STOP:
            return
        if isinstance(job, WarmUp):
            warm_up(job)
            _tell(connection, ("warm", None))
            continue
        result = build_student(job, lambda page: _tell(connection, ("page", page)))
        _tell(connection, ("done", result))


def _tell(connection: Connection, message: tuple[str, object]) -> None:
    try:
        connection.send(message)
    except OSError:
        os._exit(1)  # the supervisor is gone: nobody waits for this build any more


def _end_with(supervisor: int) -> None:
    """Have the system kill this worker when the supervisor ends, however it ends (Linux): a killed `plp build`
    leaves no build running on, publishing into a folder that the next build is writing."""
    if sys.platform != "linux":
        return
    prctl = getattr(ctypes.CDLL(None, use_errno=True), "prctl", None)
    if prctl is not None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != supervisor:  # the supervisor ended before the request was made
        os._exit(1)
