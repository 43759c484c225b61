"""Fixtures of the integration tests: the demo school built once per session, and small schools built per test."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pytest
from conftest import REPO, make_school, run_plp, run_plp_process

from .helpers import tree_state

SECRET = "integration-test-secret-one"
SITE_URL = "https://portfolios.example.org/"
# A small school that looks like a real one: the material theme and a site_url, so family links are absolute.
SCHOOL_YML = f"""\
site_name: Test School
site_url: {SITE_URL}
theme:
  name: material
plugins:
  - search
  - plp
"""


@dataclass(frozen=True)
class Built:
    """A school after one `plp build`: its folders, the command's exit code and output."""

    root: Path
    code: int
    stdout: str
    stderr: str

    @property
    def site(self) -> Path:
        """The folder of the family sites (--out)."""
        return self.root / "site"

    @property
    def staff(self) -> Path:
        """The staff dashboard folder (--staff-out)."""
        return self.root / "staff-site"

    @cached_property
    def records(self) -> dict[str, dict[str, object]]:
        """staff-site/students.json, by student id."""
        items = json.loads((self.staff / "students.json").read_text(encoding="utf-8"))
        return {item["id"]: item for item in items}

    def site_of(self, student_id: str) -> Path:
        """The published site folder of a student (from students.json's slug)."""
        return self.site / str(self.records[student_id]["slug"])


def build(root: Path, *args: str | Path) -> Built:
    """Run `plp build --root root --jobs 1 ...` in this process."""
    code, stdout, stderr = run_plp("build", "--root", root, "--jobs", "1", *args)
    return Built(root, code, stdout, stderr)


@pytest.fixture(scope="session", autouse=True)
def known_secret() -> Iterator[str]:
    """Every build test, module-wide fixtures included, has the known family-link secret in its environment: in CI,
    plp build refuses to make one up. A test about a missing secret removes it with monkeypatch."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PLP_LINK_SECRET", SECRET)
        yield SECRET


@pytest.fixture
def link_secret(monkeypatch: pytest.MonkeyPatch) -> str:
    """Build with a known family-link secret from the environment (never a .plp/secret file)."""
    monkeypatch.setenv("PLP_LINK_SECRET", SECRET)
    return SECRET


@pytest.fixture
def small_school(tmp_path: Path, link_secret: str) -> Callable[[Mapping[str, str | bytes]], Path]:
    """`small_school(files)`: a school with the material theme and the given files under tmp_path."""

    del link_secret  # requested for its effect: small schools are always built with the known secret

    def make(files: Mapping[str, str | bytes]) -> Path:
        return make_school(tmp_path, {"mkdocs.yml": SCHOOL_YML, **files})

    return make


@dataclass(frozen=True)
class DemoBuild(Built):
    """The demo school built once, with the state of its students/ folder before and after the build."""

    before: dict[str, str] | None = None
    after: dict[str, str] | None = None

    @cached_property
    def ids(self) -> list[str]:
        """The demo students' ids."""
        return sorted(p.name for p in (self.root / "students").iterdir() if p.is_dir())


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoBuild:
    """A copy of the demo school (students/, mkdocs.yml, theme/) built once with the real `python -m plp_site`."""
    root = tmp_path_factory.mktemp("demo") / "school"
    root.mkdir()
    shutil.copytree(REPO / "students", root / "students")
    shutil.copytree(REPO / "theme", root / "theme")
    shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
    before = tree_state(root / "students")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PLP_LINK_SECRET", SECRET)
        patch.delenv("PLP_STUDENT_DIR", raising=False)
        patch.delenv("PLP_SITE_DIR", raising=False)
        # The default --jobs (one worker per core), as a school runs it.
        code, stdout, stderr = run_plp_process("build", "--root", root)
    return DemoBuild(root, code, stdout, stderr, before, tree_state(root / "students"))
