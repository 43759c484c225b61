"""The pre-commit hook: .pre-commit-hooks.yaml defines `plp-check`, and its entry, run the way pre-commit runs it
(the entry's command with the changed files appended, in the repository's top folder), checks exactly the
students whose files changed. The example config a school copies uses that hook."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import REFLECTION, REPO, make_school, valid_student

HOOK_ID = "plp-check"
EXAMPLE_CONFIG = REPO / "examples" / "pre-commit" / ".pre-commit-config.yaml"
BROKEN_DATE = REFLECTION.replace("date: 2026-10-03", "date: Oct 3rd")
PLP = Path(sys.executable).parent / "plp"


@pytest.fixture(scope="module")
def hook() -> dict[str, Any]:
    """The plp-check hook of .pre-commit-hooks.yaml."""
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert isinstance(hooks, list)
    found = [h for h in hooks if h.get("id") == HOOK_ID]
    assert len(found) == 1, f".pre-commit-hooks.yaml must define the hook id {HOOK_ID} once"
    return dict(found[0])


def run_hook(hook: dict[str, Any], root: Path, *changed: str) -> subprocess.CompletedProcess[str]:
    """Run the hook's entry as pre-commit does: its command plus the changed files, in the repository's top folder.

    The command `plp` is the venv's, the one `pip install` (and so pre-commit's own environment) puts on the PATH.
    """
    command = shlex.split(hook["entry"])
    assert command[0] == "plp"
    assert PLP.is_file(), f"{PLP} is missing: install plp-site into the venv that runs the tests"
    return subprocess.run(
        [str(PLP), *command[1:], *changed], cwd=root, capture_output=True, text=True, encoding="utf-8", check=False, timeout=120
    )


@pytest.fixture
def school(tmp_path: Path) -> Path:
    """A school with a valid student (ada) and two broken ones (bo and cy, each with a date that is not a date)."""
    broken = {"reflections/2026-10-03-robots.md": BROKEN_DATE}
    files = {**valid_student("ada"), **valid_student("bo", extra=broken), **valid_student("cy", extra=broken)}
    return make_school(tmp_path, files)


def test_the_hook_is_defined_for_python_and_student_files(hook: dict[str, Any]) -> None:
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is True
    assert shlex.split(hook["entry"])[:3] == ["plp", "check", "--paths"]
    files = re.compile(hook["files"])
    assert files.search("students/ada/reflections/2026-10-03-robots.md")
    assert files.search("students/ada/student.yml")
    assert not files.search("mkdocs.yml")
    assert not files.search("theme/assets/school.css")


def test_a_broken_students_file_fails_the_commit(hook: dict[str, Any], school: Path) -> None:
    result = run_hook(hook, school, "students/bo/reflections/2026-10-03-robots.md")
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines() == [
        "students/bo/reflections/2026-10-03-robots.md:2:7: error PLP103 'date' must be a date like 2026-10-03, got \"Oct 3rd\"",
        "  hint: write the date as YEAR-MONTH-DAY, with a zero before one-digit months and days",
        "1 student checked: 1 error, 0 warnings",
    ]
    assert result.stderr == ""


def test_a_valid_students_file_passes_although_others_are_broken(hook: dict[str, Any], school: Path) -> None:
    result = run_hook(hook, school, "students/ada/about-me.md", "students/ada/evidence/images/arm.png")
    assert (result.returncode, result.stdout, result.stderr) == (0, "1 student checked: 0 errors, 0 warnings\n", "")


def test_only_the_students_of_the_changed_files_are_checked(hook: dict[str, Any], school: Path) -> None:
    result = run_hook(hook, school, "students/ada/about-me.md", "students/bo/student.yml", "students/ada/goals/robot-arm.md")
    assert result.returncode == 1
    reported = {line.split("/")[1] for line in result.stdout.splitlines() if line.startswith("students/")}
    assert reported == {"bo"}
    assert result.stdout.endswith("2 students checked: 1 error, 0 warnings\n")


def test_files_outside_students_check_nobody(hook: dict[str, Any], school: Path) -> None:
    result = run_hook(hook, school, "mkdocs.yml", "README.md")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_a_new_students_first_file_is_checked(hook: dict[str, Any], school: Path) -> None:
    (school / "students" / "dee").mkdir()
    (school / "students" / "dee" / "about-me.md").write_text("# About me\n", encoding="utf-8")
    result = run_hook(hook, school, "students/dee/about-me.md")
    assert result.returncode == 1
    assert "students/dee/student.yml: error PLP001 student.yml is missing" in result.stdout
    assert result.stdout.splitlines()[-1].startswith("1 student checked: ")


def test_the_example_config_uses_the_hook() -> None:
    config = yaml.safe_load(EXAMPLE_CONFIG.read_text(encoding="utf-8"))
    hooks = [hook for repo in config["repos"] for hook in repo.get("hooks", [])]
    assert [hook["id"] for hook in hooks] == [HOOK_ID]
    (repo,) = config["repos"]
    assert repo["repo"] not in ("local", "meta"), "schools install the hook from plp-site's repository"
    assert repo["rev"]
