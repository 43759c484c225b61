"""Hostile files in students' folders, through the real `plp` command in a new process: named pipes, sockets and
devices named like every kind of file, links that leave a folder, lead to folders or go round in circles, student
folders that are links to other folders, and huge sparse files. None may hang, none may give a traceback, each is a
finding that names it, the other students are still built, and no student's content appears under another's link.

Every command runs with a time limit, so a regression fails the test instead of hanging the suite.
"""

from __future__ import annotations

import json
import os
import re
import signal
import stat
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import EVIDENCE, REPO, make_school, run_plp, valid_student

from .conftest import SCHOOL_YML, SECRET

Setup = Callable[[Path], None]
"""Makes one hostile variant inside a student's folder (given the folder)."""

MARKER = "ADA-PRIVATE-WORDS-7f3k"
"""Words only ada's pages hold: they must never appear in any other student's site."""
_TIMEOUT = 60
_MAX_RSS_KB = 200_000


@dataclass(frozen=True)
class Run:
    """One `plp` command run in a new process."""

    code: int
    stdout: str
    stderr: str
    max_rss_kb: int = 0


# Runs the real command line in a child of this small process and reports the peak memory of that child and of its
# worker processes. (Linux keeps a process's peak across fork and exec, so measuring in a process started straight
# from the test runner would count the runner's own memory too.)
_MEASURED = """\
import resource, subprocess, sys
command = [sys.executable, "-c", "import sys; from plp_site.cli import main; sys.exit(main(sys.argv[1:]))", *sys.argv[1:]]
code = subprocess.call(command)
print(f"\\nMAXRSS {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}", file=sys.stderr)
sys.exit(code)
"""


def plp(*args: str | Path) -> Run:
    """`plp ARGS` in a new process, with a time limit and the school's link secret; fails on a traceback."""
    environment = {**os.environ, "PLP_LINK_SECRET": SECRET, "NO_MKDOCS_2_WARNING": "1"}
    environment.pop("CI", None)
    # A session of its own, so that on a timeout the workers it started are stopped with it.
    with subprocess.Popen(
        [sys.executable, "-c", _MEASURED, *(str(arg) for arg in args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        errors="replace",
        cwd=REPO,
        env=environment,
        start_new_session=True,
    ) as process:
        try:
            stdout, stderr = process.communicate(timeout=_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            pytest.fail(f"plp {args[0]} did not finish within {_TIMEOUT} s")
    result = subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)
    assert "Traceback" not in result.stderr + result.stdout, result.stderr[-3000:]
    assert "internal error" not in result.stderr, result.stderr[-3000:]
    rss = [int(line.split()[1]) for line in result.stderr.splitlines() if line.startswith("MAXRSS ")]
    return Run(result.returncode, result.stdout, result.stderr, rss[-1] if rss else 0)


def _ada(student_id: str = "ada") -> dict[str, str | bytes]:
    about = f"# About me\n\n## Strengths\n\n{MARKER}\n\n## Interests\n\nBees.\n\n## How I learn best\n\nSlowly.\n"
    return valid_student(student_id, extra={"about-me.md": about})


def _replace(folder: Path, relative: str) -> Path:
    path = folder / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    return path


def fifo(relative: str) -> Setup:
    """A named pipe in place of (or beside) a student's file."""
    return lambda folder: os.mkfifo(_replace(folder, relative))


def socket_file(relative: str) -> Setup:
    """A Unix socket in place of (or beside) a student's file."""
    return lambda folder: os.mknod(_replace(folder, relative), 0o600 | stat.S_IFSOCK)


def link(relative: str, target: str | Callable[[Path], str]) -> Setup:
    """A symbolic link at relative to target (text, or made from the student's folder, e.g. an absolute path)."""

    def make(folder: Path) -> None:
        _replace(folder, relative).symlink_to(target(folder) if callable(target) else target)

    return make


def together(*setups: Setup) -> Setup:
    """Several variants in one folder."""

    def make(folder: Path) -> None:
        for setup in setups:
            setup(folder)

    return make


def _doubling_links(depth: int) -> Setup:
    # Each level holds two links to the next: a walker that follows links to folders visits 2**depth folders.
    def make(folder: Path) -> None:
        for level in range(depth):
            (folder / "evidence" / f"d{level}").mkdir(parents=True)
        for level in range(depth - 1):
            for name in ("left", "right"):
                (folder / "evidence" / f"d{level}" / name).symlink_to(f"../d{level + 1}")

    return make


def _remove_nested(folder: Path) -> None:
    # shutil.rmtree (and so pytest's clean-up of old temporary folders) recurses, and fails this deep.
    chain = [folder]
    while (chain[-1] / "a").is_dir():
        chain.append(chain[-1] / "a")
    for level in reversed(chain):
        for child in level.iterdir():
            if child.is_symlink() or not child.is_dir():
                child.unlink()
        level.rmdir()


def _nested(relative: str, depth: int) -> Setup:
    # Deeper than Python's recursion limit lets a recursive walker (MkDocs' own) go.
    def make(folder: Path) -> None:
        path = folder / relative
        path.mkdir(exist_ok=True)
        for _ in range(depth):
            path = path / "a"
            path.mkdir()
        (path / "page.md").write_text("deep down", encoding="utf-8")

    return make


_PAGES = (
    "student.yml",
    "about-me.md",
    "postsecondary.md",
    "goals/robot-arm.md",
    "reflections/2026-10-03-robots.md",
    "evidence/arm.md",
    "evidence/images/arm.png",
    "evidence/images/side.jpg",
)
# Each hostile student: what is done to a valid folder, and the findings (code, path in the folder) it must give.
VARIANTS: dict[str, tuple[Setup, tuple[tuple[str, str], ...]]] = {
    **{f"pipe-{n}": (fifo(p), (("PLP011", p),)) for n, p in enumerate(_PAGES)},
    "pipe-new-page": (fifo("goals/new-goal.md"), (("PLP011", "goals/new-goal.md"),)),
    "pipe-stray": (fifo("notes.txt"), (("PLP011", "notes.txt"),)),
    "pipe-subfolder": (fifo("evidence/deeper/still/page.md"), (("PLP011", "evidence/deeper/still/page.md"),)),
    "pipe-hidden": (fifo(".cache/pipe.md"), (("PLP011", ".cache/pipe.md"),)),
    "socket-page": (socket_file("postsecondary.md"), (("PLP011", "postsecondary.md"),)),
    "socket-stray": (socket_file("evidence/sock"), (("PLP011", "evidence/sock"),)),
    "device-null": (link("postsecondary.md", "/dev/null"), (("PLP010", "postsecondary.md"),)),
    "device-zero": (link("evidence/images/side.jpg", "/dev/zero"), (("PLP010", "evidence/images/side.jpg"),)),
    "link-up-to-other": (link("about-me.md", "../ada/about-me.md"), (("PLP010", "about-me.md"),)),
    "link-absolute": (
        link("evidence/arm.md", lambda folder: str(folder.parent / "ada" / "about-me.md")),
        (("PLP010", "evidence/arm.md"),),
    ),
    "link-photo-of-other": (
        link("evidence/images/arm.png", "../../../ada/evidence/images/arm.png"),
        (("PLP010", "evidence/images/arm.png"),),
    ),
    "link-chain-out": (
        together(link("goals/robot-arm.md", "step.md"), link("goals/step.md", "../../ada/goals/robot-arm.md")),
        (("PLP010", "goals/robot-arm.md"), ("PLP010", "goals/step.md")),
    ),
    "link-etc-file": (link("reflections/2026-10-03-robots.md", "/etc/passwd"), (("PLP010", "reflections/2026-10-03-robots.md"),)),
    "link-self": (link("goals/loop.md", "loop.md"), (("PLP013", "goals/loop.md"),)),
    "link-pair-loop": (
        together(link("goals/a.md", "b.md"), link("goals/b.md", "a.md")),
        (("PLP013", "goals/a.md"), ("PLP013", "goals/b.md")),
    ),
    "link-dangling": (link("goals/gone.md", "nothing-here.md"), (("PLP013", "goals/gone.md"),)),
    "folder-link-other": (link("evidence/pics", "../../ada/evidence"), (("PLP014", "evidence/pics"),)),
    "folder-link-etc": (link("evidence/etc", "/etc"), (("PLP014", "evidence/etc"),)),
    "folder-link-inside": (link("evidence/goals", "../goals"), (("PLP014", "evidence/goals"),)),
    "folder-link-dot": (link("evidence/here", "."), (("PLP013", "evidence/here"),)),
    "folder-link-parent": (link("evidence/up", ".."), (("PLP013", "evidence/up"),)),
    "folder-link-students": (link("up", ".."), (("PLP013", "up"),)),
    "folder-link-root": (link(".hidden/root", "/"), (("PLP013", ".hidden/root"),)),
    "folder-deep": (_nested("evidence", 1100), (("PLP007", "evidence" + "/a" * 24),)),
    "folder-deep-hidden": (_nested(".cache", 1100), (("PLP007", ".cache" + "/a" * 24),)),
    "folder-links-doubling": (_doubling_links(32), (("PLP014", "evidence/d0/left"), ("PLP014", "evidence/d30/right"))),
}
# Student folders that are links themselves: each is one finding on the folder, and nothing is read through it.
FOLDER_LINKS = {"bob": "ada", "etc": "/etc", "parent": "..", "school": "../..", "chain": "bob"}
CLEAN = ("ada", "cy", "dee")
"""Students that must still be built; dee's photo is a link to another photo inside her own folder."""


@dataclass(frozen=True)
class Hostile:
    """The hostile school after `plp check --format json` and `plp build`."""

    root: Path
    check: Run
    build: Run
    findings: list[dict[str, object]]
    records: dict[str, dict[str, object]]


def _school(tmp: Path) -> Path:
    files = {"mkdocs.yml": SCHOOL_YML, **_ada(), **valid_student("cy", name="Cy Young")}
    files |= valid_student("dee", extra={"evidence/arm.md": EVIDENCE.replace("images/side.jpg", "images/copy.jpg")})
    for student_id in VARIANTS:
        files |= valid_student(student_id, name=f"Student {student_id}")
    root = make_school(tmp, files)
    (root / "students/dee/evidence/images/copy.jpg").symlink_to("side.jpg")
    os.utime(root / "students/dee/student.yml", ns=(0, 0))  # 1970: older than a zip can say
    for student_id, (setup, _) in VARIANTS.items():
        setup(root / "students" / student_id)
    for student_id, target in FOLDER_LINKS.items():
        (root / "students" / student_id).symlink_to(target)
    return root


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hostile]:
    root = _school(tmp_path_factory.mktemp("hostile"))
    try:
        check = plp("check", "--root", root, "--format", "json")
        build = plp("build", "--root", root, "--jobs", "2")
        records = {r["id"]: r for r in json.loads((root / "staff-site" / "students.json").read_text(encoding="utf-8"))}
        yield Hostile(root, check, build, json.loads(check.stdout), records)
    finally:
        _remove_nested(root / "students" / "folder-deep" / "evidence" / "a")
        _remove_nested(root / "students" / "folder-deep-hidden" / ".cache" / "a")


def _found(hostile: Hostile, student_id: str) -> set[tuple[str, str]]:
    return {(str(f["code"]), str(f["path"])) for f in hostile.findings if str(f["path"]).startswith(f"students/{student_id}")}


@pytest.mark.parametrize("student_id", sorted(VARIANTS))
def test_a_hostile_file_is_a_finding_in_check_and_build_and_the_student_is_not_published(
    hostile: Hostile, student_id: str
) -> None:
    _, expected = VARIANTS[student_id]
    wanted = {(code, f"students/{student_id}/{relative}") for code, relative in expected}
    assert wanted <= _found(hostile, student_id)
    record = hostile.records[student_id]
    assert record["status"] == "failed"
    built_findings = " ".join(str(line) for line in record["findings"])  # type: ignore[attr-defined]
    for code, path in wanted:
        assert f"{path}: error {code}" in built_findings
    assert not (hostile.root / "site" / str(record["slug"])).exists()


@pytest.mark.parametrize("student_id", sorted(FOLDER_LINKS))
def test_a_student_folder_that_is_a_link_is_one_finding_and_is_not_published(hostile: Hostile, student_id: str) -> None:
    assert _found(hostile, student_id) == {("PLP012", f"students/{student_id}")}
    record = hostile.records[student_id]
    assert record["status"] == "failed"
    assert not (hostile.root / "site" / str(record["slug"])).exists()


def test_the_other_students_are_built_and_no_one_else_shows_ada_s_words(hostile: Hostile) -> None:
    assert hostile.check.code == 1
    assert hostile.build.code == 1
    built = {student_id for student_id, record in hostile.records.items() if record["status"] == "built"}
    assert built == set(CLEAN)
    ada = hostile.root / "site" / str(hostile.records["ada"]["slug"])
    assert MARKER in (ada / "index.html").read_text(encoding="utf-8")
    for path in (hostile.root / "site").rglob("*"):
        if path.is_file() and not path.is_relative_to(ada):
            assert MARKER.encode() not in path.read_bytes(), path
    # A link to a photo inside the student's own folder is read as that photo.
    dee = hostile.root / "site" / str(hostile.records["dee"]["slug"])
    assert any(dee.glob("assets/images/*/thumb.*"))


def test_check_and_build_report_the_same_errors(hostile: Hostile) -> None:
    for student_id, record in hostile.records.items():
        from_check = {
            (str(f["path"]), str(f["code"])) for f in hostile.findings if f["severity"] == "error" and _owner(f) == student_id
        }
        from_build = {(found["path"], found["code"]) for found in map(_ERROR.match, record["findings"]) if found}  # type: ignore[call-overload]
        assert from_check == from_build, student_id


_ERROR = re.compile(r"(?P<path>students/[^:]+)(?::\d+:\d+)?: error (?P<code>PLP\d+) ")


def _owner(found: dict[str, object]) -> str:
    return str(found["path"]).split("/")[1]


# Huge files that cost no disk (sparse): named as a page, as a photo a page shows, and as a stray file. The last
# student's file is under the folder limit, so it is hashed for the fingerprint: in pieces, never whole.
_GB = 1 << 30
SPARSE = {
    "big-page": ("evidence/big.md", 3 * _GB, ("PLP007", "evidence/big.md")),
    "big-photo": ("evidence/images/arm.png", 3 * _GB, ("PLP007", "evidence/arm.md")),
    "big-stray": ("notes.bin", 3 * _GB, ("PLP009", "notes.bin")),
    "big-hashed": ("notes.bin", 400 * (1 << 20), ("PLP009", "notes.bin")),
}


@pytest.fixture(scope="module")
def sparse_school(tmp_path_factory: pytest.TempPathFactory) -> Path:
    files = {"mkdocs.yml": SCHOOL_YML, **_ada()}
    for student_id in SPARSE:
        files |= valid_student(student_id)
    root = make_school(tmp_path_factory.mktemp("sparse"), files)
    for student_id, (relative, size, _) in SPARSE.items():
        with (root / "students" / student_id / relative).open("wb") as handle:
            handle.truncate(size)
    return root


@pytest.mark.parametrize("command", ["check", "build"])
def test_huge_sparse_files_are_findings_and_never_read_whole(sparse_school: Path, command: str) -> None:
    run = plp(command, "--root", sparse_school, *(["--jobs", "1"] if command == "build" else []))
    assert run.code == 1
    assert 0 < run.max_rss_kb < _MAX_RSS_KB, run.max_rss_kb
    printed = run.stdout if command == "check" else (sparse_school / "staff-site" / "students.json").read_text(encoding="utf-8")
    for student_id, (_, _, (code, relative)) in SPARSE.items():
        assert f"students/{student_id}/{relative}" in printed
        assert code in printed
    assert re.search(r"big-photo/evidence/arm.md:\d+:\d+: error PLP007 evidence/images/arm.png is 3072 MB", printed)
    if command == "build":
        assert (sparse_school / "site").is_dir()
        built = {r["id"] for r in json.loads(printed) if r["status"] == "built"}
        assert built == {"ada", "big-hashed"}


def test_export_of_a_student_with_a_huge_file_stops_at_the_finding(sparse_school: Path, tmp_path: Path) -> None:
    run = plp("export", "--root", sparse_school, "big-page", "--output", tmp_path / "big.zip")
    assert run.code == 1
    assert "students/big-page/evidence/big.md: error PLP007" in run.stderr
    assert not (tmp_path / "big.zip").exists()
    assert run.max_rss_kb < _MAX_RSS_KB


@pytest.mark.parametrize("student_id", ["pipe-2", "pipe-hidden", "socket-stray", "link-absolute", "folder-links-doubling", "bob"])
def test_export_of_a_hostile_folder_stops_at_its_finding(hostile: Hostile, student_id: str, tmp_path: Path) -> None:
    output = tmp_path / "out.zip"
    run = plp("export", "--root", hostile.root, student_id, "--output", output)
    assert run.code == 1
    expected = VARIANTS[student_id][1][0] if student_id in VARIANTS else ("PLP012", "")
    assert f"students/{student_id}{'/' if expected[1] else ''}{expected[1]}: error {expected[0]}" in run.stderr
    assert not output.exists()


def test_export_copies_only_regular_files_and_reads_a_link_inside_as_its_file(hostile: Hostile, tmp_path: Path) -> None:
    run = plp("export", "--root", hostile.root, "dee", "--output", tmp_path / "dee.zip")
    assert run.code == 0, run.stderr
    folder = hostile.root / "students" / "dee"
    with zipfile.ZipFile(tmp_path / "dee.zip") as archive:
        source = {
            info.filename.removeprefix("dee-portfolio/source/"): info
            for info in archive.infolist()
            if "/source/" in info.filename
        }
        assert archive.read("dee-portfolio/source/evidence/images/copy.jpg") == (folder / "evidence/images/side.jpg").read_bytes()
    assert set(source) == {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    assert all(stat.S_ISREG(info.external_attr >> 16) for info in source.values())
    assert source["student.yml"].date_time[0] == 1980


def test_archive_copies_only_regular_files_and_never_follows_a_link_out(
    small_school: Callable[..., Path], tmp_path: Path
) -> None:
    root = small_school({**_ada(), **valid_student("cy", name="Cy Young")})
    assert plp("build", "--root", root, "--jobs", "1").code == 0
    outside = tmp_path / "teacher-notes.txt"
    outside.write_text("not the student's", encoding="utf-8")
    outside.chmod(0o640)
    ada = root / "students" / "ada"
    for setup in (
        fifo("postsecondary.md"),
        fifo(".hidden/pipe"),
        socket_file("evidence/sock"),
        link("notes.txt", str(outside)),
        link("evidence/root", "/"),
        link("evidence/loop.md", "loop.md"),
        link("evidence/pics", "../../cy/evidence/images"),
        link("goals/same.md", "robot-arm.md"),
    ):
        setup(ada)
    (root / "students" / "bob").symlink_to("ada")
    run = plp("archive", "--root", root, "--year", "2025-2026")
    assert run.code == 0, run.stderr
    source = root / "archive" / "2025-2026" / "source"
    copied = {p.relative_to(source / "ada").as_posix(): p for p in (source / "ada").rglob("*") if not p.is_dir()}
    assert not any(p.is_symlink() or not p.is_file() for p in copied.values())
    assert "goals/same.md" in copied
    assert copied["goals/same.md"].read_bytes() == (ada / "goals" / "robot-arm.md").read_bytes()
    assert not {"postsecondary.md", ".hidden/pipe", "evidence/sock", "notes.txt", "evidence/loop.md"} & set(copied)
    assert not any(name.startswith(("evidence/root", "evidence/pics")) for name in copied)
    assert not (source / "bob").exists()
    assert stat.S_IMODE(outside.stat().st_mode) == 0o640


@pytest.mark.parametrize("code", ["PLP011", "PLP012", "PLP013", "PLP014"])
@pytest.mark.parametrize("level", ["warning", "ignore"])
def test_the_findings_that_keep_a_folder_from_being_read_cannot_be_made_milder(tmp_path: Path, code: str, level: str) -> None:
    root = make_school(tmp_path, valid_student("ada"), f"severity: {{{code}: {level}}}")
    exit_code, _, err = run_plp("check", "--root", root)
    assert exit_code == 2
    assert f"severity.{code} cannot be changed" in err
