"""A student whose site takes too long to build, a build that is killed, and a disk that is full: the other
students are built, nothing half-built is ever served, and every failure is said in plain words.

The slow students are really slow (pages that Python-Markdown takes minutes to render), and the full disk is a
real file system of 1 MB mounted for the test (or, where the test may not mount one, a folder it may not write)."""

from __future__ import annotations

import ctypes
import errno
import json
import os
import re
import select
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import REPO, make_school, valid_student

from plp_site.diskerrors import plain_words
from plp_site.runner import WARM_UP_FOLDER
from plp_site.sharedassets import SHARED_FOLDER

from .conftest import SCHOOL_YML, Built, build
from .helpers import file_hashes

BUDGET = 3
"""The test school's time budget in seconds: longer than a normal student's build, far shorter than a slow one."""

SLOW_PAGES = 1500
"""How many reflections make the slow student: each is an ordinary page, but together they take the build far
longer than the budget (about 25 ms each to check, render and theme), while a normal student takes about a second."""

_PARAGRAPH = (
    "Today our team tested the robot arm again. It lifted the cup twice and dropped it once, so we changed the "
    "gripper angle and wrote down what happened. Next time I want to measure the force with the spring scale.\n\n"
)
PAGE_IN_FINDING = re.compile(r"^reflections/2026-10-04-slow-\d+\.md$")


def slow_pages(count: int = SLOW_PAGES) -> dict[str, str]:
    """A student's many valid reflections (paths in the student's folder): no page is slow, the whole is."""
    front = "---\ndate: 2026-10-04\ntitle: Day {number}\nskills: [self-direction]\ngoal: robot-arm\n---\n"
    return {f"reflections/2026-10-04-slow-{n}.md": front.format(number=n) + _PARAGRAPH * 8 for n in range(count)}


def write_slow_pages(folder: Path) -> None:
    for relative, text in slow_pages().items():
        (folder / relative).write_text(text, encoding="utf-8")


def remove_slow_pages(folder: Path) -> None:
    for relative in slow_pages():
        (folder / relative).unlink()


def over_budget(stderr: str, student_id: str) -> tuple[str, str]:
    """The PLP902 line of a student's findings in plp build's output, and the page it names."""
    found = re.search(
        rf"^students/{student_id}/(\S+): error PLP902 (\S+) took longer than the {BUDGET} seconds a "
        "student's build may take$",
        stderr,
        re.MULTILINE,
    )
    assert found, stderr[-3000:]
    assert found.group(1) == found.group(2)
    return found.group(0), found.group(1)


def school_yml(seconds: int = BUDGET) -> str:
    return SCHOOL_YML.replace("  - plp\n", f"  - plp:\n      limits: {{build_seconds: {seconds}}}\n")


def site_entries(site: Path) -> set[str]:
    return {entry.name for entry in site.iterdir()}


def staging_root(root: Path) -> Path:
    return root / ".site.plp-staging"


@pytest.mark.usefixtures("link_secret")
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_slow_student_is_stopped_the_others_are_built_and_the_old_site_stays(tmp_path: Path, jobs: str) -> None:
    root = make_school(
        tmp_path,
        {
            "mkdocs.yml": school_yml(),
            **valid_student("ada"),
            **valid_student("bob", name="Bob Ross"),
            **valid_student("cy", grade=8, postsecondary=False),
        },
    )
    first = build(root, "--jobs", jobs)
    assert first.code == 0, first.stderr
    kept = file_hashes(first.site_of("bob"))

    write_slow_pages(root / "students" / "bob")
    started = time.monotonic()
    second = build(root, "--jobs", jobs, "--force")
    elapsed = time.monotonic() - started

    assert elapsed < 60, "the budget stops the build long before the page is rendered"
    assert second.code == 1
    assert "built 2 of 3 students (0 unchanged, 1 failed)" in second.stdout
    assert "Traceback" not in second.stderr
    assert "internal error" not in second.stderr
    expected, page = over_budget(second.stderr, "bob")
    assert PAGE_IN_FINDING.match(page), "the finding names the page the build was on"
    assert f"students/bob was not published: the build took longer than {BUDGET} seconds (at {page})" in second.stderr

    bob = second.records["bob"]
    assert bob["status"] == "failed"
    assert [line.splitlines()[0] for line in bob["findings"]] == [expected]
    assert bob["name"] == "Bob Ross", "the dashboard keeps the name of a student stopped from outside"
    assert bob["published"] is True
    assert [second.records[s]["status"] for s in ("ada", "cy")] == ["built", "built"]
    assert file_hashes(second.site_of("bob")) == kept, "the family keeps the last good site, unchanged"

    slugs = {str(record["slug"]) for record in second.records.values()}
    assert site_entries(second.site) == slugs | {"index.html", "robots.txt", SHARED_FOLDER}
    assert not staging_root(root).exists(), "the stopped build's staging folder is removed"


@pytest.mark.usefixtures("link_secret")
def test_plp_export_keeps_the_budget_too(tmp_path: Path) -> None:
    root = make_school(tmp_path, {"mkdocs.yml": school_yml(), **valid_student("ada", extra=slow_pages())})
    output = tmp_path / "ada.zip"
    started = time.monotonic()
    code, stdout, stderr = run_process("export", "--root", root, "--output", output, "ada")
    assert time.monotonic() - started < 60
    assert code == 1, stdout + stderr
    assert PAGE_IN_FINDING.match(over_budget(stderr, "ada")[1])
    assert "Traceback" not in stderr
    assert not output.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["school"]


def run_process(*args: str | Path) -> tuple[int, str, str]:
    result = subprocess.run(
        [sys.executable, "-m", "plp_site", *(str(arg) for arg in args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=REPO,
        check=False,
        timeout=120,
    )
    return result.returncode, result.stdout, result.stderr


# A killed build


def _wait_until_exists(path: Path, timeout: float = 60) -> None:
    """Block until path exists: inotify on its folder, so the moment is never missed and nothing polls."""
    libc = ctypes.CDLL(None, use_errno=True)
    watch = libc.inotify_init1(os.O_CLOEXEC)
    assert watch >= 0, os.strerror(ctypes.get_errno())
    try:
        in_create, in_moved_to = 0x100, 0x80
        assert libc.inotify_add_watch(watch, os.fsencode(path.parent), in_create | in_moved_to) >= 0
        deadline = time.monotonic() + timeout
        while not path.exists():
            left = deadline - time.monotonic()
            assert left > 0, f"{path} never appeared"
            if select.select([watch], [], [], left)[0]:
                os.read(watch, 65536)
    finally:
        os.close(watch)


def _children(pid: int) -> list[int]:
    return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def _wait_for_exit(pid: int, timeout: float = 30) -> None:
    """Block until a process that is not our child has ended (a pidfd becomes readable when it does)."""
    try:
        handle = os.pidfd_open(pid)
    except ProcessLookupError:
        return
    try:
        assert select.select([handle], [], [], timeout)[0], f"process {pid} is still running"
    finally:
        os.close(handle)


def _line_starting(stream: Iterator[str], prefix: str) -> str:
    for line in stream:
        if line.startswith(prefix):
            return line
    raise AssertionError(f"no line starting with {prefix!r}")


def test_a_killed_build_leaves_nothing_in_site_and_the_next_build_cleans_up(tmp_path: Path, link_secret: str) -> None:
    root = make_school(tmp_path, {"mkdocs.yml": school_yml(600), **valid_student("ada"), **valid_student("zed")})
    first = build(root)
    assert first.code == 0, first.stderr
    published = {student_id: file_hashes(first.site_of(student_id)) for student_id in ("ada", "zed")}
    zed_slug = str(first.records["zed"]["slug"])
    write_slow_pages(root / "students" / "zed")

    command = [sys.executable, "-m", "plp_site", "build", "--root", str(root), "--jobs", "1", "--force"]
    environment = {**os.environ, "PLP_LINK_SECRET": link_secret}
    with subprocess.Popen(
        command, cwd=REPO, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    ) as process:
        assert process.stderr is not None
        # Students are built in order: once ada is done, the one worker is busy with zed's many pages.
        _line_starting(process.stderr, "[1/2] ada: built")
        _wait_until_exists(staging_root(root) / zed_slug)
        workers = _children(process.pid)
        assert workers, "every student is built in a worker process"
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    for worker in workers:
        _wait_for_exit(worker)  # a worker never outlives a killed build, to publish into a folder in use

    site = root / "site"
    slugs = {str(record["slug"]) for record in first.records.values()}
    assert site_entries(site) == slugs | {"index.html", "robots.txt", SHARED_FOLDER}, "nothing unfinished inside site/"
    assert {student_id: file_hashes(first.site_of(student_id)) for student_id in published} == published
    assert (staging_root(root) / zed_slug).is_dir(), "the killed build's staging folder is outside site/"
    assert (staging_root(root) / WARM_UP_FOLDER).is_dir(), "the warm-up's folder is there too, for the next build to remove"

    remove_slow_pages(root / "students" / "zed")
    after = build(root)
    assert after.code == 0, after.stderr
    assert after.records["zed"]["status"] == "built"
    assert site_entries(site) == slugs | {"index.html", "robots.txt", SHARED_FOLDER}
    assert not staging_root(root).exists(), "the next build removes what the killed one left"


# A full disk


@dataclass(frozen=True)
class SmallDisk:
    """A folder where writing fails as it would on a full disk (or, without a way to mount one, a folder plp may
    not write to), and the words plp must use for it."""

    folder: Path
    words: str

    def fill(self) -> None:
        """Use up every byte that is left."""
        if self.words != "the disk is full at":
            return
        chunk = b"\0" * 65536
        with (self.folder / "filler").open("wb", buffering=0) as handle:
            while True:
                try:
                    handle.write(chunk)
                except OSError as error:
                    if error.errno != errno.ENOSPC:
                        raise
                    chunk = chunk[: len(chunk) // 2]
                    if not chunk:
                        return


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[SmallDisk]:
    """A real tmpfs of 1 MB, mounted for this test where that is allowed (root); else a read-only folder."""
    folder = tmp_path / "disk"
    folder.mkdir()
    try:
        mounted = (
            subprocess.run(
                ["mount", "-t", "tmpfs", "-o", "size=1m,mode=0777", "plp-test-disk", str(folder)],
                capture_output=True,
                check=False,
            ).returncode
            == 0
        )
    except FileNotFoundError:  # no mount command
        mounted = False
    if mounted:
        try:
            yield SmallDisk(folder, "the disk is full at")
        finally:
            subprocess.run(["umount", "-l", str(folder)], check=True)
        return
    assert os.geteuid() != 0, "as root, this test needs to mount a small tmpfs"
    folder.chmod(0o555)
    try:
        yield SmallDisk(folder, "plp has no permission to write at")
    finally:
        folder.chmod(0o755)


def _plain(result: Built | tuple[int, str, str]) -> tuple[int, str]:
    code, stdout, stderr = (result.code, result.stdout, result.stderr) if isinstance(result, Built) else result
    for word in ("Traceback", "internal error", "OSError", "Errno", "[Err"):
        assert word not in stdout + stderr, stderr
    return code, stderr


@pytest.mark.usefixtures("link_secret")
def test_sites_on_a_full_disk_fail_in_plain_words_and_the_dashboard_is_written(tmp_path: Path, small_disk: SmallDisk) -> None:
    root = make_school(tmp_path, {"mkdocs.yml": SCHOOL_YML, **valid_student("ada"), **valid_student("bob")})
    # 1 MB is less than one site: the disk fills up while MkDocs writes it.
    out = small_disk.folder / "site"
    code, stderr = _plain(build(root, "--out", out))
    assert code in (1, 2)
    assert f"students/ada was not published: {small_disk.words} {small_disk.folder}" in stderr
    records = {r["id"]: r for r in json.loads((root / "staff-site" / "students.json").read_text(encoding="utf-8"))}
    assert {r["status"] for r in records.values()} == {"failed"}
    assert all(str(r["reason"]).startswith(small_disk.words) for r in records.values())
    leftovers = [p for p in small_disk.folder.rglob("*") if p.is_file() and p.name not in ("index.html", "robots.txt")]
    assert leftovers == [], "a site that could not be written leaves nothing behind"


@pytest.mark.usefixtures("link_secret")
@pytest.mark.parametrize("command", ["build", "merge", "export"])
def test_a_full_disk_for_the_dashboard_or_a_zip_is_one_plain_line(tmp_path: Path, small_disk: SmallDisk, command: str) -> None:
    root = make_school(tmp_path, {"mkdocs.yml": SCHOOL_YML, **valid_student("ada")})
    small_disk.fill()
    target = small_disk.folder / "out"
    if command == "build":
        result = build(root, "--staff-out", target)
        assert (root / "site" / "index.html").is_file(), "the published folder is finished all the same"
    elif command == "merge":
        assert build(root).code == 0
        result = run_process("merge", "--root", root, root / "staff-site", "--staff-out", target)
    else:
        target = small_disk.folder / "ada.zip"
        result = run_process("export", "--root", root, "--output", target, "ada")
    code, stderr = _plain(result)
    assert code == 2
    last = stderr.strip().splitlines()[-1]
    assert last.startswith(f"plp {command}: {small_disk.words} {small_disk.folder}"), stderr
    written = [p.name for p in small_disk.folder.rglob("*") if p.is_file() and p.name != "filler"]
    assert written == [], "no half-written file is left"


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (errno.ENOSPC, "the disk is full at"),
        (errno.EDQUOT, "the disk quota is used up at"),
        (errno.EROFS, "the disk is read-only at"),
        (errno.EACCES, "plp has no permission to write at"),
        (errno.EPERM, "plp has no permission to write at"),
        (errno.EFBIG, "a file is larger than the disk allows at"),
        (errno.EIO, "the disk could not be read or written at"),
        (errno.ENOTDIR, "could not be written: not a directory"),
    ],
)
@pytest.mark.parametrize("name", ["index.html", "a\nb::warning::x.html", "x" * 400, "é ü\x1b[31m.md"])
def test_every_write_error_is_one_plain_line(tmp_path: Path, code: int, words: str, name: str) -> None:
    path = tmp_path / "site" / name
    message = plain_words(OSError(code, os.strerror(code), str(path)), root=tmp_path)
    assert words in message
    assert message.startswith((words, "site/"))
    assert "\n" not in message
    assert "\x1b" not in message
    assert len(message) < 320
    assert "site/" in message


def test_the_real_full_device_is_a_full_disk(tmp_path: Path) -> None:
    # /dev/full refuses every write with the error a full disk gives.
    with pytest.raises(OSError, match="No space") as raised, Path("/dev/full").open("wb", buffering=0) as device:
        device.write(b"x")
    assert plain_words(raised.value, tmp_path / "staff-site" / "index.html") == (
        f"the disk is full at {tmp_path / 'staff-site' / 'index.html'}"
    )
