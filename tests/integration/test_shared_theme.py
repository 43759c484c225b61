"""Published sites share one copy of the theme's files (plp_site.sharedassets), and a later build sees a site
that lost or cut short one of its files without listing its folders.

Schools come from bench/make_school.py (tiny pages, tiny photos), built through the API with two workers.
"""

from __future__ import annotations

import json
import random
import re
import shutil
from pathlib import Path
from urllib.parse import unquote

import pytest

from plp_site.archive import archive_year
from plp_site.links import load_link_keys
from plp_site.publish import MARKER
from plp_site.sharedassets import SHARED_FOLDER

from .test_parallel import TINY, build, built_ids, ids, make_school, site_of

_ADDRESS = re.compile(r"""(?:src|href)=["']([^"'#?]+)""")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("template") / "school"
    make_school.write_school(root, TINY)
    return root


@pytest.fixture
def root(template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PLP_LINK_SECRET", "test-secret")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    copy = tmp_path / "school"
    shutil.copytree(template, copy)
    return copy


def versions(root: Path) -> set[str]:
    return {p.name for p in (root / "site" / SHARED_FOLDER).iterdir()}


def version_of(site: Path) -> str:
    return str(json.loads((site / MARKER).read_text(encoding="utf-8"))["assets"])


def broken_addresses(out: Path) -> list[str]:
    """Every local address of every page in out that names no file (a folder address needs its index.html)."""
    broken = []
    for page in sorted(out.rglob("*.html")):
        for address in _ADDRESS.findall(page.read_text(encoding="utf-8")):
            if re.match(r"^[a-z]+:|^//", address):
                continue
            target = (page.parent / unquote(address)).resolve()
            if not (target.is_file() or (target / "index.html").is_file()):
                broken.append(f"{page.relative_to(out)} -> {address}")
    return broken


def test_every_site_links_to_the_one_shared_copy_of_the_theme(root: Path) -> None:
    build(root)
    out = root / "site"
    (version,) = versions(root)
    shared = out / SHARED_FOLDER / version
    assert list(shared.glob("javascripts/bundle.*.min.js"))
    assert list(shared.glob("javascripts/workers/search.*.min.js"))
    # The search worker finds its language files beside itself, in the shared copy.
    assert list(shared.glob("javascripts/lunr/min/lunr.*.min.js"))
    for student in ids(root):
        site = site_of(root, student)
        assert version_of(site) == version
        assert not (site / "assets" / "javascripts").exists()
        assert not (site / "assets" / "stylesheets").exists()
        home = (site / "index.html").read_text(encoding="utf-8")
        assert f'"../{SHARED_FOLDER}/{version}/javascripts/bundle.' in home
        assert f'"../{SHARED_FOLDER}/{version}/javascripts/workers/search.' in home
    assert broken_addresses(out) == []
    # No script of the shared copy falls back to another host.
    assert all(b"unpkg.com" not in script.read_bytes() for script in shared.glob("javascripts/bundle.*.js"))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_site_with_a_file_deleted_or_cut_short_is_rebuilt(root: Path, seed: int) -> None:
    build(root)
    chance = random.Random(seed)
    damaged = chance.choice(ids(root))
    site = site_of(root, damaged)
    listed = sorted(json.loads((site / MARKER).read_text(encoding="utf-8"))["sizes"])
    assert "index.html" in listed
    assert "search/search_index.json" in listed
    victim = site / chance.choice(listed)
    relative = victim.relative_to(site)
    if seed % 2:
        victim.unlink()
    else:
        with victim.open("r+b") as handle:
            handle.truncate(max(0, victim.stat().st_size // 2))
    summary = build(root)
    assert built_ids(summary) == {damaged}
    assert (site_of(root, damaged) / relative).stat().st_size > 0


def test_a_site_is_rebuilt_when_its_shared_theme_copy_is_gone(root: Path) -> None:
    build(root)
    shutil.rmtree(root / "site" / SHARED_FOLDER)
    summary = build(root)
    assert [r.reason for r in summary.failed] == []
    assert built_ids(summary) == set(ids(root))
    assert broken_addresses(root / "site") == []


def _change_theme(root: Path) -> None:
    with (root / "theme" / "assets" / "school.css").open("a", encoding="utf-8") as handle:
        handle.write("\n.md-footer { border-top: 2px solid teal; }\n")


def test_an_old_theme_copy_stays_while_a_site_uses_it(root: Path) -> None:
    from plp_site.runner import BuildOptions, build_school
    from plp_site.school import load_school

    build(root)
    (old,) = versions(root)
    _change_theme(root)
    first, *others = ids(root)
    school = load_school(root)
    options = BuildOptions(root / "site", root / "staff-site", 2, all_students=False)
    summary = build_school(school, [first], load_link_keys(root), options)
    assert built_ids(summary) == {first}
    new = version_of(site_of(root, first))
    assert new != old
    assert versions(root) == {old, new}
    assert {version_of(site_of(root, other)) for other in others} == {old}
    assert broken_addresses(root / "site") == []

    build(root)
    assert versions(root) == {new}
    assert broken_addresses(root / "site") == []


def test_a_failed_build_leaves_the_site_and_the_theme_copy_it_uses(root: Path) -> None:
    build(root)
    (old,) = versions(root)
    broken = ids(root)[0]
    before = {p.relative_to(site_of(root, broken)): p.read_bytes() for p in site_of(root, broken).rglob("*") if p.is_file()}
    (root / "students" / broken / "student.yml").write_text("name: [unclosed\n", encoding="utf-8")
    _change_theme(root)
    summary = build(root)
    assert {r.student_id for r in summary.failed} == {broken}
    site = site_of(root, broken)
    assert {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()} == before
    assert version_of(site) == old
    assert len(versions(root)) == 2
    assert broken_addresses(root / "site") == []


def test_an_archived_year_keeps_the_shared_theme_beside_the_sites(root: Path, tmp_path: Path) -> None:
    build(root)
    archived, missing = archive_year(
        "2025-2026",
        ids(root),
        students_dir=root / "students",
        out=root / "site",
        archive_dir=tmp_path / "archive",
        keys=load_link_keys(root),
    )
    assert missing == []
    assert len(archived) == len(ids(root))
    assert broken_addresses(tmp_path / "archive" / "2025-2026" / "site") == []


def test_damaged_compiled_templates_are_compiled_again(root: Path) -> None:
    build(root)
    compiled = sorted((root / ".plp" / "cache" / "templates").iterdir())
    assert compiled, "the theme's compiled templates are kept for the next worker"
    for number, path in enumerate(compiled):
        data = path.read_bytes()
        path.write_bytes(data[: number % 7 * 5] if number % 2 else data[: len(data) // 2])
    before = (site_of(root, ids(root)[0]) / "index.html").read_text(encoding="utf-8")
    from plp_site.runner import BuildOptions, build_school
    from plp_site.school import load_school

    school = load_school(root)
    summary = build_school(
        school, school.student_ids(), load_link_keys(root), BuildOptions(root / "site", root / "staff-site", 2, force=True)
    )
    assert [r.reason for r in summary.failed] == []
    assert built_ids(summary) == set(ids(root))
    assert (site_of(root, ids(root)[0]) / "index.html").read_text(encoding="utf-8") == before
