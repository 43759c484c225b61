"""Building many students: worker processes give the same sites as one process, unchanged students are
skipped, shards split and merge cleanly, and one student's crash or warnings stay that student's.

Correctness only, no timings (bench/run.py measures speed). The schools come from bench/make_school.py, with
tiny photos and short pages so the whole file runs in seconds.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import os
import re
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from conftest import run_plp

import plp_site.build
import plp_site.runner
import plp_site.workers
from plp_site.files import RACY_NANOSECONDS
from plp_site.links import load_link_keys
from plp_site.runner import BuildOptions, BuildSummary, build_school, in_shard
from plp_site.school import load_school
from plp_site.sharedassets import SHARED_FOLDER

REPO = Path(__file__).resolve().parents[2]
SUMMARY = re.compile(r"built (\d+) of (\d+) students \((\d+) unchanged, (\d+) failed\)")


def _bench_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_school", REPO / "bench" / "make_school.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_school", module)  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


make_school = _bench_module()
TINY = make_school.SchoolSpec(students=6, seed=7, photos_per_student=2, photo_size=(200, 150), pool_size=4, words_per_page=80)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny generated school, written once for the module; tests work on copies."""
    root = tmp_path_factory.mktemp("template") / "school"
    make_school.write_school(root, TINY)
    return root


@pytest.fixture
def root(template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh copy of the tiny school, with a fixed link secret and build date."""
    monkeypatch.setenv("PLP_LINK_SECRET", "test-secret")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    copy = tmp_path / "school"
    shutil.copytree(template, copy)
    return copy


def ids(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "students").iterdir())


def plp_build(root: Path, *args: str) -> tuple[int, tuple[int, ...], str]:
    """Run `plp build --root ROOT ARGS` in this process; return the exit code, the summary numbers and stderr."""
    code, out, err = run_plp("build", "--root", root, *args)
    match = SUMMARY.search(out)
    assert match, out + err
    return code, tuple(int(n) for n in match.groups()), err


def build(root: Path, jobs: int = 2) -> BuildSummary:
    """Build every student through the API, to see exactly who was built and who was skipped."""
    school = load_school(root)
    options = BuildOptions(root / "site", root / "staff-site", jobs)
    return build_school(school, school.student_ids(), load_link_keys(root), options)


def built_ids(summary: BuildSummary) -> set[str]:
    return {r.student_id for r in summary.results if r.status == "built"}


def records(staff: Path) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in json.loads((staff / "students.json").read_text(encoding="utf-8"))}


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def owner(site_folder: Path) -> str:
    """The student id of a published site folder (<id>-<token>)."""
    return site_folder.name.rsplit("-", 1)[0]


def site_of(root: Path, student_id: str) -> Path:
    (folder,) = [p for p in (root / "site").iterdir() if p.is_dir() and owner(p) == student_id]
    return folder


def append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(text)


def first_reflection(root: Path, student_id: str) -> Path:
    return sorted((root / "students" / student_id / "reflections").glob("*.md"))[0]


def test_parallel_and_sequential_builds_are_byte_identical(root: Path) -> None:
    assert plp_build(root, "--jobs", "1", "--out", root / "site-1", "--staff-out", root / "staff-1")[:2] == (0, (6, 6, 0, 0))
    shutil.rmtree(root / ".plp" / "cache")  # both builds process the images themselves
    assert plp_build(root, "--jobs", "2", "--out", root / "site-2", "--staff-out", root / "staff-2")[:2] == (0, (6, 6, 0, 0))

    sequential, parallel = tree(root / "site-1"), tree(root / "site-2")
    assert sorted(sequential) == sorted(parallel)
    assert [path for path in sequential if sequential[path] != parallel[path]] == []
    assert any(path.endswith("search/search_index.json") for path in sequential)
    assert records(root / "staff-1") == records(root / "staff-2")


def test_unchanged_students_are_skipped_and_a_changed_one_rebuilt(root: Path) -> None:
    everyone = ids(root)
    assert plp_build(root)[:2] == (0, (6, 6, 0, 0))
    assert plp_build(root)[:2] == (0, (0, 6, 6, 0))

    changed = everyone[2]
    append(first_reflection(root, changed), "\nOne more sentence, added later.\n")
    summary = build(root)
    assert built_ids(summary) == {changed}
    assert set(summary.unchanged) == set(everyone) - {changed}
    assert "One more sentence, added later." in "".join(
        p.read_text(encoding="utf-8") for p in site_of(root, changed).glob("reflections/**/index.html")
    )


def test_the_folder_memo_answers_for_unchanged_folders_and_hides_no_change(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Once the portfolios are older than the racy window, a build looks at each folder through the memo; a
    broken site or an edited page still gets its student rebuilt, from a full fingerprint."""
    time.sleep(RACY_NANOSECONDS / 1e9 + 0.5)
    everyone = ids(root)
    assert built_ids(build(root)) == set(everyone)
    fingerprinted: list[str] = []
    real = plp_site.runner.student_fingerprint

    def counted(school: str, student_dir: Path, *args: Any, **kwargs: Any) -> tuple[str, dict[str, str]]:
        fingerprinted.append(student_dir.name)
        return real(school, student_dir, *args, **kwargs)

    monkeypatch.setattr(plp_site.runner, "student_fingerprint", counted)
    again = build(root)
    assert (built_ids(again), fingerprinted) == (set(), []), "every folder answered by the memo"

    broken, edited = everyone[0], everyone[3]
    next(site_of(root, broken).glob("reflections/*/index.html")).unlink()
    assert (built_ids(build(root)), fingerprinted) == ({broken}, [broken]), "its digests taken in full, for the build"
    fingerprinted.clear()
    append(first_reflection(root, edited), "\nA sentence written after the memo was made.\n")
    assert (built_ids(build(root)), fingerprinted) == ({edited}, [edited])
    fingerprinted.clear()
    # The page was written seconds ago: within the racy window its folder is fingerprinted in full, not rebuilt.
    assert (built_ids(build(root)), fingerprinted) == (set(), [edited])


def _tight_budget(root: Path, seconds: int) -> None:
    settings = root / "mkdocs.yml"
    text = settings.read_text(encoding="utf-8")
    assert "  - plp:\n" in text
    settings.write_text(
        text.replace("  - plp:\n", f"  - plp:\n      limits:\n        build_seconds: {seconds}\n", 1), encoding="utf-8"
    )


def _slow_warm_up(request: object) -> None:
    time.sleep(3)


def _dying_warm_up(request: object) -> None:
    os._exit(1)


def _stuck_warm_up(request: object) -> None:
    time.sleep(60)


@pytest.mark.parametrize("warm_up", [_slow_warm_up, _dying_warm_up, _stuck_warm_up])
def test_a_warm_up_never_costs_a_student_its_build(
    root: Path, monkeypatch: pytest.MonkeyPatch, warm_up: Callable[[object], None]
) -> None:
    """The first student's time starts when its worker starts on it, never while the worker warms up; a worker
    whose warm-up dies or takes too long is replaced and no student fails for it."""
    _tight_budget(root, 2)
    monkeypatch.setattr(plp_site.workers, "warm_up", warm_up)
    monkeypatch.setattr(plp_site.workers, "WARM_UP_SECONDS", 5.0)
    started = time.monotonic()
    summary = build(root)
    assert built_ids(summary) == set(ids(root)), [(r.student_id, r.reason) for r in summary.results if r.status != "built"]
    assert time.monotonic() - started < 40, "a stuck warm-up is given up on"


def test_a_mkdocs_yml_change_rebuilds_everyone(root: Path) -> None:
    build(root)
    settings = root / "mkdocs.yml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("site_name: Bench", "site_name: Renamed"), encoding="utf-8")
    summary = build(root)
    assert built_ids(summary) == set(ids(root))
    assert summary.unchanged == ()


def test_a_deleted_site_folder_is_rebuilt(root: Path) -> None:
    build(root)
    gone = ids(root)[0]
    shutil.rmtree(site_of(root, gone))
    summary = build(root)
    assert built_ids(summary) == {gone}
    assert (site_of(root, gone) / "index.html").is_file()


def test_a_site_missing_one_file_is_rebuilt(root: Path) -> None:
    build(root)
    damaged = ids(root)[1]
    page = next(site_of(root, damaged).glob("goals/*/index.html"))
    relative = page.relative_to(site_of(root, damaged))
    page.unlink()
    summary = build(root)
    assert built_ids(summary) == {damaged}
    assert (site_of(root, damaged) / relative).is_file()


def test_force_rebuilds_everyone(root: Path) -> None:
    build(root)
    assert plp_build(root, "--force")[:2] == (0, (6, 6, 0, 0))


def test_shards_are_disjoint_cover_everyone_and_merge_like_one_build(root: Path) -> None:
    everyone = set(ids(root))
    assert all(any(in_shard(i, k, 3) for i in everyone) for k in (1, 2, 3)), "the tiny school must fill every shard"
    shards = []
    for k in (1, 2, 3):
        code, _, _ = plp_build(root, "--shard", f"{k}/3", "--out", root / f"site-{k}", "--staff-out", root / f"staff-{k}")
        assert code == 0
        shards.append(set(records(root / f"staff-{k}")))
        sites = [published for published in (root / f"site-{k}").iterdir() if published.is_dir()]
        # Beside the sites, the theme's files they share: the same folder in every shard, so shards merge cleanly.
        assert {owner(published) for published in sites if published.name != SHARED_FOLDER} == shards[-1]
        assert (root / f"site-{k}" / SHARED_FOLDER).is_dir()
    assert shards[0] | shards[1] | shards[2] == everyone
    assert sum(len(shard) for shard in shards) == len(everyone)

    code, out, err = run_plp("merge", "--root", root, *(root / f"staff-{k}" for k in (1, 2, 3)), "--staff-out", root / "merged")
    assert code == 0, out + err
    assert plp_build(root, "--out", root / "site-all", "--staff-out", root / "staff-all")[0] == 0
    as_set = {json.dumps(r, sort_keys=True) for r in records(root / "merged").values()}
    assert as_set == {json.dumps(r, sort_keys=True) for r in records(root / "staff-all").values()}


def test_a_crashing_worker_fails_only_its_student(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    victim = ids(root)[3]
    original, parent = plp_site.build.mkdocs_build, os.getpid()

    def crash_for_victim(config: Any) -> None:
        if Path(config.docs_dir).name == victim:
            if os.getpid() == parent:  # never end the test process itself
                raise RuntimeError("the build ran in the test process, not in a worker")
            os._exit(3)
        original(config)

    # Workers are forked, so they inherit the patched function.
    monkeypatch.setattr(plp_site.build, "mkdocs_build", crash_for_victim)
    code, numbers, err = plp_build(root, "--jobs", "2")

    assert (code, numbers) == (1, (5, 6, 0, 1))
    found = records(root / "staff-site")
    assert found[victim]["status"] == "failed"
    assert "crashed" in found[victim]["reason"]
    assert {i for i, r in found.items() if r["status"] == "built"} == set(ids(root)) - {victim}
    assert f"{victim} was not published" in err
    assert not [p for p in (root / "site").iterdir() if p.is_dir() and owner(p) == victim]


def test_each_students_warnings_stay_in_their_own_record(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    dated, linked = ids(root)[0], ids(root)[4]
    reflection = first_reflection(root, dated)
    text = reflection.read_text(encoding="utf-8")
    reflection.write_text(re.sub(r"^date: .*$", "date: 2020-01-01", text, count=1, flags=re.MULTILINE), encoding="utf-8")
    append(root / "students" / linked / "about-me.md", "\nMore in [my notes](no-such-page.md).\n")
    original = plp_site.build.mkdocs_build

    def build_with_a_mkdocs_warning(config: Any) -> None:
        # Every student's build logs one warning through MkDocs' own logger, as MkDocs itself would.
        logging.getLogger("mkdocs.commands.build").warning("MkDocs noticed something about %s", Path(config.docs_dir).name)
        original(config)

    monkeypatch.setattr(plp_site.build, "mkdocs_build", build_with_a_mkdocs_warning)  # inherited by forked workers
    code, numbers, _ = plp_build(root, "--jobs", "2")
    assert (code, numbers) == (0, (6, 6, 0, 0))

    found = records(root / "staff-site")
    for student_id, record in found.items():
        own = [line for line in record["findings"] if "PLP901" in line]
        assert len(own) == 1, record["findings"]
        assert own[0].startswith(f"students/{student_id}")
        assert own[0].splitlines()[0].endswith(f"MkDocs noticed something about {student_id}")
        assert all(f"students/{student_id}/" in line or "PLP901" in line for line in record["findings"])
    assert any("PLP207" in line for line in found[dated]["findings"])
    assert any("PLP305" in line for line in found[linked]["findings"])
    others = [line for i, r in found.items() if i not in (dated, linked) for line in r["findings"] if "PLP901" not in line]
    assert others == []
    assert not [line for i, r in found.items() if i != dated for line in r["findings"] if "PLP207" in line]
    assert not [line for i, r in found.items() if i != linked for line in r["findings"] if "PLP305" in line]


def test_nothing_changed_leaves_the_dashboard_and_a_student_who_left_leaves_it(root: Path) -> None:
    build(root)
    page, listing = root / "staff-site" / "index.html", root / "staff-site" / "students.json"
    written = (page.stat().st_mtime_ns, listing.stat().st_mtime_ns)
    assert build(root).results == ()
    assert (page.stat().st_mtime_ns, listing.stat().st_mtime_ns) == written

    gone = ids(root)[-1]
    shutil.rmtree(root / "students" / gone)
    assert build(root).results == ()
    assert set(records(root / "staff-site")) == set(ids(root))
    assert gone not in records(root / "staff-site")
