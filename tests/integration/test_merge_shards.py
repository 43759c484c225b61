"""`plp merge` with a shard that is missing, unreadable or malformed: one plain line per broken shard naming the
file and what is wrong, exit 2, and the dashboard left exactly as it was (never written half-empty)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import make_school, run_plp, run_plp_process, valid_student

from .conftest import SCHOOL_YML, build
from .helpers import tree_state

Damage = Callable[[Path], None]


@dataclass(frozen=True)
class Shards:
    """A built school whose staff-site/ is a good shard; `merged/` holds an earlier merged dashboard."""

    root: Path
    good: Path
    records: list[dict[str, Any]]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Shards:
    root = make_school(
        tmp_path_factory.mktemp("merge"),
        {"mkdocs.yml": SCHOOL_YML, **valid_student("ada"), **valid_student("bob", name="Bob Okafor")},
    )
    result = build(root)
    assert result.code == 0, result.stderr
    good = result.staff
    return Shards(root, good, json.loads((good / "students.json").read_text(encoding="utf-8")))


@pytest.fixture
def shards(built: Shards, tmp_path: Path) -> tuple[Shards, Path, Path, Path]:
    """(the school, a good shard, a shard to damage, an earlier merged dashboard), all copies for this test."""
    good, bad, merged = tmp_path / "shard-1", tmp_path / "shard-2", tmp_path / "merged"
    for folder in (good, bad):
        shutil.copytree(built.good, folder)
    assert run_plp("merge", "--root", built.root, good, "--staff-out", merged)[0] == 0
    return built, good, bad, merged


def _write_json(value: object) -> Damage:
    return lambda folder: (folder / "students.json").write_text(json.dumps(value), encoding="utf-8")


def _write_bytes(data: bytes) -> Damage:
    return lambda folder: (folder / "students.json").write_bytes(data)


def _records(change: Callable[[list[dict[str, Any]]], object]) -> Damage:
    """Damage made to the shard's real records (a list of dicts)."""

    def damage(folder: Path) -> None:
        records = json.loads((folder / "students.json").read_text(encoding="utf-8"))
        (folder / "students.json").write_text(json.dumps(change(records)), encoding="utf-8")

    return damage


def _set(field: str, value: object, index: int = 1) -> Damage:
    def change(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
        records[index][field] = value
        return records

    return _records(change)


def _drop(field: str) -> Damage:
    def change(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
        del records[1][field]
        return records

    return _records(change)


def _folder_instead(folder: Path) -> None:
    (folder / "students.json").unlink()
    (folder / "students.json").mkdir()


def _truncate(folder: Path) -> None:
    text = (folder / "students.json").read_bytes()
    (folder / "students.json").write_bytes(text[: len(text) // 2])


def _unreadable(folder: Path) -> None:
    # A file whose reading fails in the operating system, even for root: memory at address 0 is never mapped.
    (folder / "students.json").unlink()
    (folder / "students.json").symlink_to("/proc/self/mem")


# Each variant: the damage, then words the error must contain (besides the file's name).
BROKEN: dict[str, tuple[Damage, tuple[str, ...]]] = {
    "no-folder": (shutil.rmtree, ("there is no such folder",)),
    "no-students-json": (lambda folder: (folder / "students.json").unlink(), ("the file is missing", "--staff-out")),
    "a-folder-named-students-json": (_folder_instead, ("cannot be read", "is a directory")),
    "unreadable": (_unreadable, ("cannot be read",)),
    "empty-file": (_write_bytes(b""), ("not valid JSON", "line 1, column 1")),
    "truncated": (_truncate, ("not valid JSON",)),
    "trailing-comma": (_write_bytes(b'[{"id": "ada"},]'), ("not valid JSON", "line 1")),
    "not-utf8": (_write_bytes('[{"id": "zoë"}]'.encode("latin-1")), ("not UTF-8",)),
    "utf16": (_write_bytes('[{"id": "ada"}]'.encode("utf-16")), ("not UTF-8",)),
    "html-instead": (_write_bytes(b"<!doctype html><p>Not found</p>"), ("not valid JSON",)),
    "huge-number": (_write_bytes(b"[" + b"9" * 5000 + b"]"), ("not JSON plp can read",)),
    "deep-nesting": (_write_bytes(b"[" * 100_000 + b"]" * 100_000), ("not JSON plp can read",)),
    "an-object": (_write_json({"ada": {}}), ("must hold a list of students", "an object")),
    "a-number": (_write_json(3), ("must hold a list of students", "the number 3")),
    "null": (_write_json(None), ("must hold a list of students", "null")),
    "text": (_write_json("ada"), ("must hold a list of students", 'the text "ada"')),
    "list-of-numbers": (_write_json([1, 2]), ("student 1 must be an object of fields", "the number 1")),
    "a-student-is-a-list": (_records(lambda r: [r[0], list(r[1].values())]), ("student 2 must be an object", "a list")),
    "a-student-is-null": (_records(lambda r: [*r, None]), ("student 3 must be an object", "null")),
    "empty-record": (_records(lambda r: [r[0], {}]), ("student 2 has no 'id'",)),
    "unknown-field": (_set("favourite_colour", "blue"), ("student 2 (bob) has fields plp does not know: favourite_colour",)),
    "grade-as-text": (_set("grade", "nine"), ("student 2 (bob): 'grade' must be a whole number or null", '"nine"')),
    "grade-as-true": (_set("grade", True), ("'grade' must be a whole number or null, but it is true",)),
    "grade-as-fraction": (_set("grade", 9.5), ("'grade' must be a whole number", "9.5")),
    "errors-as-text": (_set("errors", "0"), ("'errors' must be a whole number, but it is the text \"0\"",)),
    "findings-as-text": (_set("findings", "none"), ("'findings' must be a list of text",)),
    "findings-with-number": (_set("findings", ["ok", 3]), ("'findings' must be a list of text", "a list")),
    "counts-as-list": (_set("counts", [1, 2]), ("'counts' must be an object whose values are a whole number",)),
    "counts-with-text": (_set("counts", {"goals": "two"}), ("'counts' must be an object",)),
    "sections-with-number": (_set("sections", {"About me": 1}), ("'sections' must be an object whose values are true or false",)),
    "published-as-text": (_set("published", "yes"), ("'published' must be true or false",)),
    "link-as-null": (_set("link", None), ("'link' must be text, but it is null",)),
    "id-as-number": (_set("id", 7), ("student 2: 'id' must be text, but it is the number 7",)),
    "first-record-bad": (_set("slug", ["x"], index=0), ("student 1 (ada): 'slug' must be text, but it is a list",)),
    "control-characters": (_set("grade", "9\x1b[31m\n::error::x"), ("\\x1b[31m\\n::error::x",)),
}
REQUIRED = ["id", "name", "grade", "slug", "path", "link", "status", "errors", "warnings", "findings", "reason", "counts"]


@pytest.mark.parametrize("variant", sorted(BROKEN))
def test_a_broken_shard_is_named_and_nothing_is_written(shards: tuple[Shards, Path, Path, Path], variant: str) -> None:
    built, good, bad, merged = shards
    damage, words = BROKEN[variant]
    damage(bad)
    before = tree_state(merged)
    code, stdout, stderr = run_plp("merge", "--root", built.root, good, bad, "--staff-out", merged)
    assert code == 2, stderr
    assert stdout == ""
    assert "Traceback" not in stderr
    first = stderr.splitlines()[0]
    assert first.startswith(f"plp merge: {bad}"), stderr
    for word in words:
        assert word in first, stderr
    assert "nothing was written" in stderr.splitlines()[-1]
    assert len(stderr.splitlines()) == 2, "one line for the broken shard, one to say nothing was written"
    assert tree_state(merged) == before, "the earlier merged dashboard must stay exactly as it was"


@pytest.mark.parametrize("field", REQUIRED)
def test_a_record_without_a_required_field_is_named(shards: tuple[Shards, Path, Path, Path], field: str) -> None:
    built, good, bad, merged = shards
    _drop(field)(bad)
    code, _, stderr = run_plp("merge", "--root", built.root, good, bad, "--staff-out", merged / "new")
    assert code == 2
    who = "student 2" if field == "id" else "student 2 (bob)"
    assert f"plp merge: {bad}/students.json: {who} has no '{field}'" in stderr
    assert not (merged / "new").exists(), "no folder is made for a dashboard that is not written"


def test_every_broken_shard_is_named_at_once(shards: tuple[Shards, Path, Path, Path], tmp_path: Path) -> None:
    built, good, bad, merged = shards
    _write_json({})(bad)
    missing = tmp_path / "shard-3"
    code, _, stderr = run_plp("merge", "--root", built.root, bad, good, missing, "--staff-out", merged)
    assert code == 2
    lines = stderr.splitlines()
    assert lines[0].startswith(f"plp merge: {bad}/students.json: the file must hold a list")
    assert lines[1].startswith(f"plp merge: {missing}: there is no such folder")
    assert len(lines) == 3


def test_a_shard_given_relative_to_the_current_folder_is_named_as_given(built: Shards, tmp_path: Path) -> None:
    (tmp_path / "here" / "shard-b").mkdir(parents=True)
    args = ("merge", "--root", built.root, "shard-b", "--staff-out", tmp_path / "m")
    code, _, stderr = run_plp_process(*args, cwd=tmp_path / "here")
    assert code == 2
    assert stderr.startswith("plp merge: shard-b/students.json: the file is missing"), stderr
    assert not (tmp_path / "m").exists()


def test_good_shards_still_merge(shards: tuple[Shards, Path, Path, Path], tmp_path: Path) -> None:
    built, good, _, _ = shards
    empty = tmp_path / "empty-shard"
    empty.mkdir()
    (empty / "students.json").write_text("[]\n", encoding="utf-8")  # a shard the hash gave no student
    code, stdout, stderr = run_plp("merge", "--root", built.root, good, empty, "--staff-out", tmp_path / "all")
    assert code == 0, stderr
    assert stdout.startswith("merged 2 students from 2 shards (0 failed)")
    merged = json.loads((tmp_path / "all" / "students.json").read_text(encoding="utf-8"))
    assert merged == built.records
