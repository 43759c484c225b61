"""`plp archive --year`: a read-only copy of each built student's site and source, made once per school year.

One tiny school is built once for the module (two students built, a third added after the build); each test
archives it into its own folder.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import make_school, run_plp, valid_student

from plp_site.links import load_link_keys, slug_for
from plp_site.sharedassets import SHARED_FOLDER

SECRET = "archive-test-secret"
YEAR = "2025-2026"


def _writable_again(folder: Path) -> None:
    """Give the owner write access back, so the temporary folders can be removed."""
    for directory, _, filenames in os.walk(folder):
        Path(directory).chmod(0o755)
        for name in filenames:
            (Path(directory) / name).chmod(0o644)


def files_of(folder: Path) -> dict[str, bytes]:
    """Every file under folder by its relative path, with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def built_school(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A school whose students ada and bo are built; cy was added after the build and has no site."""
    root = make_school(
        tmp_path_factory.mktemp("archive"), {**valid_student("ada"), **valid_student("bo", 7, postsecondary=False)}
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PLP_LINK_SECRET", SECRET)
        code, out, err = run_plp("build", "--root", root, "--jobs", "1")
    assert code == 0, out + err
    for relative, content in valid_student("cy", postsecondary=False).items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return root


@pytest.fixture
def secret(monkeypatch: pytest.MonkeyPatch) -> str:
    """The school secret the module's school was built with, from the environment."""
    monkeypatch.setenv("PLP_LINK_SECRET", SECRET)
    return SECRET


@pytest.fixture
def archive_dir(tmp_path: Path) -> Iterator[Path]:
    """An archive folder for this test only (made writable again afterwards)."""
    folder = tmp_path / "archive"
    yield folder
    if folder.exists():
        _writable_again(folder)


def archive(root: Path, archive_dir: Path, *args: str) -> tuple[int, str, str]:
    """Run `plp archive --root ROOT --archive-dir ARCHIVE_DIR ARGS`."""
    return run_plp("archive", "--root", root, "--archive-dir", archive_dir, *args)


def test_archive_copies_sites_and_sources(built_school: Path, archive_dir: Path, secret: str) -> None:
    code, out, err = archive(built_school, archive_dir, "--year", YEAR)
    assert (code, err) == (0, "")
    target = archive_dir / YEAR
    assert out == (
        f"archived 2 students into {target} (read-only)\n"
        f"  students/cy: no published site in {built_school.resolve() / 'site'}; "
        "only built sites are archived (run plp build first)\n"
    )
    keys = load_link_keys(built_school, create=False)
    slugs = {student: slug_for(student, keys) for student in ("ada", "bo")}
    # The sites and, beside them, the theme's files they share.
    assert sorted(p.name for p in (target / "site").iterdir()) == sorted([*slugs.values(), SHARED_FOLDER])
    assert files_of(target / "site" / SHARED_FOLDER) == files_of(built_school / "site" / SHARED_FOLDER)
    assert sorted(p.name for p in (target / "source").iterdir()) == ["ada", "bo"]
    for student, slug in slugs.items():
        published = {k: v for k, v in files_of(built_school / "site" / slug).items() if not k.startswith(".plp-")}
        assert "index.html" in published
        assert files_of(target / "site" / slug) == published
        assert files_of(target / "source" / student) == files_of(built_school / "students" / student)


def test_archive_is_read_only(built_school: Path, archive_dir: Path, secret: str) -> None:
    assert archive(built_school, archive_dir, "--year", YEAR)[0] == 0
    paths = [archive_dir / YEAR, *(archive_dir / YEAR).rglob("*")]
    assert len(paths) > 10
    writable = [p for p in paths if stat.S_IMODE(p.lstat().st_mode) & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)]
    assert writable == []
    assert not list(archive_dir.glob(".*.partial"))


def test_a_year_is_archived_once(built_school: Path, archive_dir: Path, secret: str) -> None:
    assert archive(built_school, archive_dir, "--year", YEAR)[0] == 0
    _writable_again(archive_dir)
    marker = archive_dir / YEAR / "source" / "ada" / "student.yml"
    marker.write_text("name: Changed\ngrade: 9\n", encoding="utf-8")
    code, out, err = archive(built_school, archive_dir, "--year", YEAR)
    assert (code, out) == (2, "")
    assert err == f"plp archive: {archive_dir / YEAR} already exists: a year is archived once and never overwritten\n"
    assert marker.read_text(encoding="utf-8") == "name: Changed\ngrade: 9\n"
    assert archive(built_school, archive_dir, "--year", "2026-2027")[0] == 0


@pytest.mark.parametrize("year", ["2025", "2025-2027", "2026-2025", "2025-2025", "25-26", "2025/2026", "2025-2026-2027", ""])
def test_a_bad_year_is_refused(built_school: Path, archive_dir: Path, secret: str, year: str) -> None:
    code, out, err = archive(built_school, archive_dir, "--year", year)
    assert (code, out) == (2, "")
    assert err == f"plp archive: --year must be a school year like 2025-2026, got {year!r}\n"
    assert not archive_dir.exists()


def test_students_without_a_site_are_listed(built_school: Path, archive_dir: Path, secret: str) -> None:
    code, out, _ = archive(built_school, archive_dir, "--year", YEAR)
    assert code == 0
    missing = [line.strip().split(":")[0] for line in out.splitlines()[1:]]
    assert missing == ["students/cy"]
    assert not (archive_dir / YEAR / "source" / "cy").exists()


def test_without_the_secret_nothing_is_archived(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PLP_LINK_SECRET", raising=False)
    root = make_school(tmp_path, valid_student("ada"))
    code, out, err = run_plp("archive", "--root", root, "--year", YEAR)
    assert (code, out) == (2, "")
    assert err == "plp archive: no link secret (set PLP_LINK_SECRET or build first): the archive needs the sites' folders\n"
    assert not (root / "archive").exists()
    assert not (root / ".plp" / "secret").exists()


def test_the_archive_is_never_inside_students(built_school: Path, secret: str) -> None:
    code, out, err = run_plp(
        "archive", "--root", built_school, "--year", YEAR, "--archive-dir", built_school / "students" / "archive"
    )
    assert (code, out, err) == (2, "", "plp archive: the archive must not be inside students/\n")
    assert not (built_school / "students" / "archive").exists()


def test_a_student_who_got_a_new_link_is_archived_under_it(built_school: Path, archive_dir: Path, secret: str) -> None:
    """The archive follows links.yml: a student whose link was rotated after the build has no site under the new link."""
    links = built_school / "links.yml"
    links.write_text("bo: 1\n", encoding="utf-8")
    try:
        code, out, _ = archive(built_school, archive_dir, "--year", YEAR)
    finally:
        links.unlink()
    assert code == 0
    assert out.startswith("archived 1 ")
    assert [line.strip().split(":")[0] for line in out.splitlines()[1:]] == ["students/bo", "students/cy"]
