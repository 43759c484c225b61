"""plp_site.files: the one way a student's file is read (no special files, no links out, never past a limit)."""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from plp_site.files import Kind, NotReadable, TooLarge, classify, open_file, read_bytes, regular_inside, walk
from plp_site.fingerprint import DigestCache, student_fingerprint


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    folder = tmp_path / "students" / "ada"
    (folder / "evidence").mkdir(parents=True)
    (folder / "about-me.md").write_text("# Me\n", encoding="utf-8")
    (tmp_path / "outside.md").write_text("not ada's", encoding="utf-8")
    return folder


_MAKERS: dict[str, tuple[Callable[[Path], None], Kind]] = {
    "regular": (lambda p: p.write_bytes(b"x"), Kind.FILE),
    "pipe": (os.mkfifo, Kind.SPECIAL),
    "socket": (lambda p: os.mknod(p, 0o600 | stat.S_IFSOCK), Kind.SPECIAL),
    "link-inside": (lambda p: p.symlink_to("about-me.md"), Kind.FILE),
    "link-inside-absolute": (lambda p: p.symlink_to(p.parent / "about-me.md"), Kind.FILE),
    "link-out-and-back": (lambda p: p.symlink_to("../ada/about-me.md"), Kind.FILE),
    "link-outside": (lambda p: p.symlink_to("../../outside.md"), Kind.LINK_OUTSIDE),
    "link-device": (lambda p: p.symlink_to("/dev/zero"), Kind.LINK_OUTSIDE),
    "link-to-self": (lambda p: p.symlink_to(p.name), Kind.LINK_NOWHERE),
    "link-dangling": (lambda p: p.symlink_to("missing.md"), Kind.LINK_NOWHERE),
    "link-to-own-folder": (lambda p: p.symlink_to("."), Kind.LINK_NOWHERE),
    "link-to-parent": (lambda p: p.symlink_to(".."), Kind.LINK_NOWHERE),
    "link-to-root": (lambda p: p.symlink_to("/"), Kind.LINK_NOWHERE),
    "link-to-folder-inside": (lambda p: p.symlink_to("evidence"), Kind.LINK_FOLDER),
    "link-to-folder-outside": (lambda p: p.symlink_to("/etc"), Kind.LINK_FOLDER),
    "link-to-pipe-inside": (lambda p: (os.mkfifo(p.parent / "pipe"), p.symlink_to("pipe"))[0], Kind.SPECIAL),
}


@pytest.mark.parametrize("name", sorted(_MAKERS))
def test_each_kind_of_name_is_judged_without_opening_it(folder: Path, name: str) -> None:
    make, kind = _MAKERS[name]
    make(folder / name)
    assert classify(folder / name, folder.resolve())[0] is kind
    entries = {entry.relative: entry.kind for entry in walk(folder)}
    assert entries[name] is kind
    if kind is Kind.FILE:
        assert read_bytes(folder / name, folder, 100)
    else:
        with pytest.raises(NotReadable):
            open_file(folder / name, folder)


def test_a_file_over_the_limit_is_refused_before_it_is_read(folder: Path) -> None:
    with (folder / "huge.md").open("wb") as handle:
        handle.truncate(3 << 30)
    with pytest.raises(TooLarge) as refused:
        read_bytes(folder / "huge.md", folder, 1 << 20)
    assert refused.value.size == 3 << 30


def test_a_walk_never_goes_through_a_link_or_deeper_than_its_limit(folder: Path) -> None:
    (folder.parent.parent / "elsewhere").mkdir()
    (folder.parent.parent / "elsewhere" / "x.md").write_text("not ada's", encoding="utf-8")
    (folder / "evidence" / "to-outside").symlink_to(folder.parent.parent / "elsewhere")
    deep = folder / "a" / "b" / "c"
    deep.mkdir(parents=True)
    (deep / "x.md").write_text("deep", encoding="utf-8")
    found = {entry.relative: entry.kind for entry in walk(folder, max_depth=2)}
    assert found == {"about-me.md": Kind.FILE, "a/b/c": Kind.DEEP_FOLDER, "evidence/to-outside": Kind.LINK_FOLDER}


def test_a_folder_that_is_a_link_yields_nothing_and_holds_no_regular_file(folder: Path) -> None:
    (folder.parent / "bob").symlink_to("ada")
    assert list(walk(folder.parent / "bob")) == []
    assert not regular_inside(folder.parent / "bob" / "about-me.md", folder.parent / "bob")
    with pytest.raises(NotReadable):
        open_file(folder.parent / "bob" / "about-me.md", folder.parent / "bob")


def test_a_fingerprint_reads_no_file_of_a_folder_over_the_limit(folder: Path, tmp_path: Path) -> None:
    with (folder / "evidence" / "huge.bin").open("wb") as handle:
        handle.truncate(3 << 30)
    digests = DigestCache(tmp_path / "digests.json")
    over, seen = student_fingerprint("school", folder, "", digests, limit=1 << 20)
    assert seen == {}
    (folder / "evidence" / "huge.bin").unlink()
    within, seen = student_fingerprint("school", folder, "", digests, limit=1 << 20)
    assert seen == {"about-me.md": hashlib.sha256(b"# Me\n").hexdigest()}
    assert over != within
