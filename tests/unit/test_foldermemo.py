"""The folder memo: a student's remembered fingerprint is given only while nothing in the folder has changed."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from plp_site.files import RACY_NANOSECONDS, filesystem_now
from plp_site.fingerprint import DigestCache, Listing, school_fingerprint, student_fingerprint
from plp_site.foldermemo import FolderMemo, memo_key

HOUR_AGO = time.time() - 3600


def age(folder: Path) -> None:
    """Every name in folder an hour old, as a portfolio is between two builds (out of the racy window)."""
    for path in [folder, *folder.rglob("*")]:
        os.utime(path, (HOUR_AGO, HOUR_AGO), follow_symlinks=False)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    student = tmp_path / "students" / "ada"
    (student / "reflections").mkdir(parents=True)
    (student / "evidence" / "images").mkdir(parents=True)
    (student / "empty").mkdir()
    (student / "student.yml").write_text("name: Ada\ngrade: 9\n", encoding="utf-8")
    (student / "about-me.md").write_text("# Me\n", encoding="utf-8")
    (student / "reflections" / "2026-10-01-robots.md").write_text("# Robots\nI built one.\n", encoding="utf-8")
    (student / "evidence" / "images" / "photo 1.jpg").write_bytes(b"\xff\xd8not really a photo")
    age(student)
    return student


def full(folder: Path, digests: DigestCache, memo: FolderMemo | None = None, key: str = "k", *, later: bool = True) -> str:
    """The full fingerprint, remembered in memo as if the build had started `RACY_NANOSECONDS` later (age() puts
    modification times back, but every change sets a name's status-change time to now)."""
    looked, listing = filesystem_now(folder.parent) + (RACY_NANOSECONDS + 1_000_000_000 if later else 0), Listing()
    found, _ = student_fingerprint("school", folder, "slug", digests, listing=listing)
    if memo is not None:
        memo.remember(folder, key, found, looked, listing)
    return found


def remembered(folder: Path, tmp_path: Path) -> tuple[FolderMemo, str]:
    memo = FolderMemo.load(tmp_path / "state" / "folders.json")
    fingerprint = full(folder, DigestCache(tmp_path / "d.json"), memo)
    memo.save()
    return FolderMemo.load(tmp_path / "state" / "folders.json"), fingerprint


def test_an_unchanged_folder_gives_the_remembered_fingerprint(folder: Path, tmp_path: Path) -> None:
    memo, fingerprint = remembered(folder, tmp_path)
    assert memo.known(folder, "k") == fingerprint
    assert memo.known(folder, "another key") is None, "a new school fingerprint or link is a new key"
    assert memo.known(folder.parent / "bob", "k") is None


def _write_same_size(folder: Path) -> None:
    page = folder / "about-me.md"
    page.write_text("# Mi\n", encoding="utf-8")


def _rename(folder: Path) -> None:
    (folder / "reflections" / "2026-10-01-robots.md").rename(folder / "reflections" / "2026-10-01-robot.md")


def _link_instead(folder: Path) -> None:
    (folder / "about-me.md").unlink()
    (folder / "about-me.md").symlink_to(folder / "student.yml")


def _folder_becomes_link(folder: Path) -> None:
    moved = folder.with_name("ada-moved")
    folder.rename(moved)
    folder.symlink_to(moved)


def _same_times_new_bytes(folder: Path) -> None:
    """What `cp -p`, `touch -r` or a photo tool that keeps the file's time do: new bytes, the old times."""
    page = folder / "about-me.md"
    before = page.stat()
    page.write_text("# Mi\n", encoding="utf-8")
    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))


def _readable_again(folder: Path) -> None:
    (folder / "about-me.md").chmod(0o644)


def _listable_again(folder: Path) -> None:
    (folder / "reflections").chmod(0o755)


CHANGES: dict[str, Callable[[Path], object]] = {
    "new bytes, the old times put back": _same_times_new_bytes,
    "a page made unreadable": lambda f: (f / "about-me.md").chmod(0),
    "a folder made unlistable": lambda f: (f / "reflections").chmod(0),
    "a page written": lambda f: (f / "about-me.md").write_text("# Me\nMore.\n", encoding="utf-8"),
    "a page written, same size": _write_same_size,
    "a page added": lambda f: (f / "reflections" / "2026-11-01-new.md").write_text("# New\n", encoding="utf-8"),
    "a page added at the top": lambda f: (f / "postsecondary.md").write_text("# Later\n", encoding="utf-8"),
    "a file in an empty folder": lambda f: (f / "empty" / "notes.md").write_text("# Notes\n", encoding="utf-8"),
    "a folder added": lambda f: (f / "goals").mkdir(),
    "a page removed": lambda f: (f / "reflections" / "2026-10-01-robots.md").unlink(),
    "a photo removed": lambda f: (f / "evidence" / "images" / "photo 1.jpg").unlink(),
    "a page renamed": _rename,
    "a page made a link": _link_instead,
    "the folder made a link": _folder_becomes_link,
    "a named pipe": lambda f: os.mkfifo(f / "evidence" / "pipe"),
    "a hidden file": lambda f: (f / "evidence" / ".notes").write_text("x", encoding="utf-8"),
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_any_change_sends_the_folder_to_the_full_fingerprint(folder: Path, tmp_path: Path, change: str) -> None:
    memo, before = remembered(folder, tmp_path)
    CHANGES[change](folder)
    assert memo.known(folder, "k") is None
    after = full(folder, DigestCache(tmp_path / "fresh.json"))
    if change not in {"a folder added", "a page made unreadable", "a folder made unlistable"}:
        assert after != before, "the full fingerprint sees the change too"


@pytest.mark.parametrize(
    ("broken", "mend"), [("a page made unreadable", _readable_again), ("a folder made unlistable", _listable_again)]
)
def test_a_file_or_folder_made_readable_again_is_seen(
    folder: Path, tmp_path: Path, broken: str, mend: Callable[[Path], None]
) -> None:
    CHANGES[broken](folder)
    age(folder)
    memo = FolderMemo(tmp_path / "m.json")
    full(folder, DigestCache(tmp_path / "d.json"), memo)
    mend(folder)
    assert memo.known(folder, "k") is None, "only its permissions changed: its status-change time shows it"


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_a_change_even_in_the_same_second_is_seen(folder: Path, tmp_path: Path, change: str) -> None:
    """On a coarse clock a change may leave a folder's time as it was: a time within the racy window of when the
    folder was looked at is never trusted."""
    for path in [folder, *folder.rglob("*")]:
        os.utime(path, None, follow_symlinks=False)  # now: as if the student had just saved
    memo = FolderMemo(tmp_path / "m.json")
    full(folder, DigestCache(tmp_path / "d.json"), memo, later=False)
    assert memo.known(folder, "k") is None
    stamp = os.lstat(folder).st_mtime_ns
    CHANGES[change](folder)
    if folder.is_dir() and not folder.is_symlink():
        os.utime(folder, ns=(stamp, stamp))  # the clock did not tick
    assert memo.known(folder, "k") is None


def test_a_folder_with_links_or_special_files_is_not_kept(folder: Path, tmp_path: Path) -> None:
    (folder / "evidence" / "elsewhere.md").symlink_to("/etc/hostname")
    age(folder)
    memo = FolderMemo(tmp_path / "m.json")
    full(folder, DigestCache(tmp_path / "d.json"), memo)
    assert memo.known(folder, "k") is None
    assert not memo.students


def test_a_damaged_memo_is_an_empty_one(folder: Path, tmp_path: Path) -> None:
    state = tmp_path / "state" / "folders.json"
    for text in ["", "{", "[]", '{"version": 1, "students": []}', '{"version": 99, "students": {}}', "\0" * 10]:
        state.parent.mkdir(parents=True, exist_ok=True)
        state.write_text(text, encoding="utf-8")
        assert FolderMemo.load(state).known(folder, "k") is None
    damaged = {"version": 1, "students": {str(folder): {"key": "k", "looked": "x", "folders": 3}}}
    state.write_text(json.dumps(damaged), encoding="utf-8")
    assert FolderMemo.load(state).known(folder, "k") is None


def test_the_racy_window_is_a_couple_of_seconds() -> None:
    assert 1_000_000_000 <= RACY_NANOSECONDS <= 5_000_000_000
    assert memo_key("a", "b") != memo_key("a\0b")


@pytest.mark.parametrize("depth", ["", "partials/", "partials/deep/"])
def test_bytecode_and_hidden_folders_are_no_change_to_the_school(tmp_path: Path, depth: str) -> None:
    """Python writes __pycache__ when it first runs a module (a first `plp sync` or `plp preview`): no student is
    rebuilt for that. An edited template is a change."""
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: School\n", encoding="utf-8")
    theme = tmp_path / "theme"
    (theme / depth).mkdir(parents=True, exist_ok=True)
    (theme / depth / "main.html").write_text("{% extends 'base.html' %}\n", encoding="utf-8")
    digests = DigestCache(tmp_path / "digests.json")
    before = school_fingerprint(config, theme, digests)
    for name in ("__pycache__/hooks.cpython-311.pyc", ".git/index", ".cache/x"):
        (theme / depth / name).parent.mkdir(parents=True, exist_ok=True)
        (theme / depth / name).write_bytes(os.urandom(64))
    assert school_fingerprint(config, theme, digests) == before
    (theme / depth / "main.html").write_text("{% extends 'base.html' %}\n{# edited #}\n", encoding="utf-8")
    assert school_fingerprint(config, theme, digests) != before
