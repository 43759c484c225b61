"""The folder memo: a student's remembered fingerprint is given only while nothing in the folder has changed."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from plp_site.fingerprint import DigestCache, Listing, student_fingerprint
from plp_site.foldermemo import RACY_SECONDS, FolderMemo, memo_key, now

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


def full(folder: Path, digests: DigestCache, memo: FolderMemo | None = None, key: str = "k") -> str:
    looked, listing = now(), Listing()
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


CHANGES: dict[str, Callable[[Path], object]] = {
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
    if change != "a folder added":  # an empty folder is no part of a site
        assert after != before, "the full fingerprint sees the change too"


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_a_change_even_in_the_same_second_is_seen(folder: Path, tmp_path: Path, change: str) -> None:
    """On a coarse clock a change may leave a folder's time as it was: a time within the racy window of when the
    folder was looked at is never trusted."""
    for path in [folder, *folder.rglob("*")]:
        os.utime(path, None, follow_symlinks=False)  # now: as if the student had just saved
    memo = FolderMemo(tmp_path / "m.json")
    full(folder, DigestCache(tmp_path / "d.json"), memo)
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
    assert 1 <= RACY_SECONDS <= 5
    assert memo_key("a", "b") != memo_key("a\0b")
