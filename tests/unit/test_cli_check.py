"""`plp check` through plp_site.cli.main: exit codes, formats, student selection and configuration problems."""

from __future__ import annotations

import json
import shlex
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import REFLECTION, REPO, make_school, run_plp, run_plp_process, valid_student

WRONG_DATE = REFLECTION.replace("date: 2026-10-03", "date: 2026-10-04")
UNKNOWN_FIELD = "name: Ada Lovelace\ngrade: 9\nadvisr: Mr. Okafor\n"


def test_a_valid_school_exits_0_with_only_the_summary(tmp_path: Path) -> None:
    root = make_school(tmp_path, {**valid_student("ada"), **valid_student("bo", 7, postsecondary=False)})
    assert run_plp("check", "--root", root) == (0, "2 students checked: 0 errors, 0 warnings\n", "")


def test_errors_exit_1(tmp_path: Path) -> None:
    root = make_school(tmp_path, valid_student("ada", postsecondary=False))
    code, out, err = run_plp("check", "--root", root)
    assert code == 1
    assert out.startswith("students/ada/postsecondary.md: error PLP201 ")
    assert out.endswith("1 student checked: 1 error, 0 warnings\n")
    assert err == ""


def test_warnings_exit_0_unless_strict(tmp_path: Path) -> None:
    root = make_school(tmp_path, valid_student("ada", extra={"student.yml": UNKNOWN_FIELD}))
    code, out, _ = run_plp("check", "--root", root)
    assert code == 0
    assert "students/ada/student.yml:3:1: warning PLP105 'advisr'" in out
    assert run_plp("check", "--root", root, "--strict")[0] == 1


def test_strict_with_no_findings_exits_0(school: Callable[..., Path]) -> None:
    root = school(valid_student("ada"))
    assert run_plp("check", "--strict", "--root", root)[0] == 0


def test_named_students_only(tmp_path: Path) -> None:
    files = {**valid_student("ada"), **valid_student("bo", postsecondary=False), **valid_student("cy", postsecondary=False)}
    root = make_school(tmp_path, files)
    code, out, _ = run_plp("check", "--root", root, "ada", "bo", "ada")
    assert code == 1
    assert out.splitlines() == [
        "students/bo/postsecondary.md: error PLP201 postsecondary.md is missing; it is required from grade 9",
        "  hint: create postsecondary.md in your folder",
        "2 students checked: 1 error, 0 warnings",
    ]
    assert run_plp("check", "--root", root, "ada")[0] == 0


def test_every_student_folder_is_checked_but_hidden_ones_are_not(tmp_path: Path) -> None:
    files = {**valid_student("ada"), **valid_student("Bo_B"), "students/.git/config": "x", "students/_template/x.md": "x"}
    code, out, _ = run_plp("check", "--root", make_school(tmp_path, files))
    assert code == 1
    assert out.splitlines()[0] == "students/Bo_B: error PLP002 'Bo_B' is not a valid student id"
    assert out.splitlines()[-1] == "2 students checked: 1 error, 0 warnings"


def test_json_format(tmp_path: Path) -> None:
    root = make_school(tmp_path, valid_student("ada", extra={"reflections/2026-10-03-robots.md": WRONG_DATE}))
    code, out, _ = run_plp("check", "--root", root, "--format", "json")
    assert code == 0
    assert json.loads(out) == [
        {
            "path": "students/ada/reflections/2026-10-03-robots.md",
            "line": 2,
            "column": 1,
            "severity": "warning",
            "code": "PLP207",
            "message": "the date 2026-10-04 is not the date in the file name (2026-10-03)",
            "hint": "make the two dates the same (rename the file or fix the date)",
        }
    ]


def test_github_format(tmp_path: Path) -> None:
    root = make_school(tmp_path, valid_student("ada", extra={"reflections/2026-10-03-robots.md": WRONG_DATE}))
    code, out, _ = run_plp("check", "--root", root, "--format", "github", "--strict")
    assert code == 1
    assert out.splitlines() == [
        "::warning file=students/ada/reflections/2026-10-03-robots.md,line=2,col=1,title=PLP207::"
        "the date 2026-10-04 is not the date in the file name (2026-10-03)%0A"
        "hint: make the two dates the same (rename the file or fix the date)",
        "1 student checked: 0 errors, 1 warning",
    ]


def test_severity_override_ignores_a_code(tmp_path: Path) -> None:
    files = valid_student("ada", extra={"reflections/2026-10-03-robots.md": WRONG_DATE})
    root = make_school(tmp_path, files, "severity:\n  PLP207: ignore\n")
    assert run_plp("check", "--root", root, "--strict") == (0, "1 student checked: 0 errors, 0 warnings\n", "")


def test_severity_override_makes_a_warning_an_error(tmp_path: Path) -> None:
    root = make_school(tmp_path, valid_student("ada", extra={"student.yml": UNKNOWN_FIELD}), "severity: {PLP105: error}")
    code, out, _ = run_plp("check", "--root", root)
    assert code == 1
    assert "students/ada/student.yml:3:1: error PLP105 " in out


def test_custom_skills_and_minimums(tmp_path: Path) -> None:
    options = "skills:\n  - id: coding\n    name: Coding\nminimum:\n  goals: 2\n"
    code, out, _ = run_plp("check", "--root", make_school(tmp_path, valid_student("ada"), options))
    assert code == 1
    lines = out.splitlines()
    assert "students/ada/goals: error PLP203 you need at least 2 goals, you have 1" in lines
    assert "students/ada/goals/robot-arm.md:6:1: error PLP204 'problem-solving' is not one of the school's skills" in lines
    assert lines.count("  hint: the school's skills are: coding") == 4


@pytest.mark.parametrize(("grade", "code"), [(8, 0), (9, 1)])
def test_postsecondary_from_grade_9(tmp_path: Path, grade: int, code: int) -> None:
    options = "sections:\n  postsecondary:\n    from_grade: 9\n"
    root = make_school(tmp_path, valid_student("ada", grade, postsecondary=False), options)
    assert run_plp("check", "--root", root)[0] == code


def test_postsecondary_setting_alone_still_requires_about_me(tmp_path: Path) -> None:
    """BUG: with only `sections: postsecondary: from_grade: 9` in mkdocs.yml, a student with no about-me.md passes."""
    options = "sections:\n  postsecondary:\n    from_grade: 9\n"
    root = make_school(tmp_path, valid_student("ada", without=("about-me.md",)), options)
    code, out, _ = run_plp("check", "--root", root)
    assert code == 1
    assert "students/ada/about-me.md: error PLP201" in out


# --- usage and configuration problems: exit 2, one line on stderr ---------------------------------------


def _assert_usage_error(result: tuple[int, str, str], reason: str) -> None:
    code, out, err = result
    assert (code, out) == (2, "")
    assert err.count("\n") == 1, err
    assert err.startswith("plp check: ")
    assert reason in err


def test_unknown_student_id(tmp_path: Path) -> None:
    root = make_school(tmp_path, valid_student("ada"))
    _assert_usage_error(run_plp("check", "--root", root, "ada", "bob"), "there is no student folder students/bob")


def test_root_without_students_folder(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nplugins: [plp]\n", encoding="utf-8")
    _assert_usage_error(run_plp("check", "--root", tmp_path), f"{tmp_path.resolve()} has no students/ folder")


def test_root_without_mkdocs_yml(tmp_path: Path) -> None:
    root = make_school(tmp_path, valid_student("ada"))
    (root / "mkdocs.yml").unlink()
    _assert_usage_error(run_plp("check", "--root", root), "has no mkdocs.yml")


def test_mkdocs_yml_that_is_not_yaml(tmp_path: Path) -> None:
    root = make_school(tmp_path, {**valid_student("ada"), "mkdocs.yml": "site_name: x\nplugins: [search\n"})
    _assert_usage_error(run_plp("check", "--root", root), "mkdocs.yml:3: not valid YAML")


def test_mkdocs_yml_without_the_plp_plugin(tmp_path: Path) -> None:
    root = make_school(tmp_path, {**valid_student("ada"), "mkdocs.yml": "site_name: x\nplugins:\n  - search\n"})
    _assert_usage_error(run_plp("check", "--root", root), "the `plp` plugin is not listed under `plugins:`")


def test_mkdocs_yml_with_env_tags_and_python_tags_is_read(tmp_path: Path) -> None:
    text = (
        "site_name: x\ndocs_dir: !ENV [PLP_STUDENT_DIR, students/ada]\n"
        "markdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "plugins:\n  - search\n  - plp:\n      minimum: {goals: 1}\n"
    )
    root = make_school(tmp_path, {**valid_student("ada"), "mkdocs.yml": text})
    assert run_plp("check", "--root", root)[0] == 0


@pytest.mark.parametrize(
    ("options", "reason"),
    [
        ("colour: green", "plugins.plp: unknown option 'colour'"),
        ("severity: {PLP207: quiet}", "plugins.plp.severity.PLP207 must be error, warning or ignore"),
        ("minimum: {goals: -1}", "plugins.plp.minimum.goals must be a whole number of at least 0"),
    ],
)
def test_bad_plugin_options(tmp_path: Path, options: str, reason: str) -> None:
    _assert_usage_error(run_plp("check", "--root", make_school(tmp_path, valid_student("ada"), options)), reason)


def test_bad_format_is_a_usage_error(tmp_path: Path) -> None:
    code, out, err = run_plp("check", "--root", make_school(tmp_path, valid_student("ada")), "--format", "xml")
    assert (code, out) == (2, "")
    assert "invalid choice: 'xml'" in err


# --- hints and the real entry point ---------------------------------------------------------------------


def test_the_command_a_hint_suggests_exists(tmp_path: Path) -> None:
    """BUG: PLP203's hint says `plp new goal ada "A title"`, but `plp` has no `new` command."""
    root = make_school(tmp_path, valid_student("ada", without=("goals/robot-arm.md",)))
    _, out, _ = run_plp("check", "--root", root, "--format", "json")
    hint = next(item["hint"] for item in json.loads(out) if item["code"] == "PLP203")
    command = shlex.split(hint.split("add one with: ", 1)[1])
    assert command[:2] == ["plp", "new"]
    code, _, err = run_plp(*command[1:], "--root", root)
    assert code == 0, err
    assert (root / "students/ada/goals").is_dir()


def test_python_m_plp_site_is_the_same_command(tmp_path: Path) -> None:
    root = make_school(tmp_path, valid_student("ada", extra={"student.yml": UNKNOWN_FIELD}))
    assert run_plp_process("check", "--root", root) == run_plp("check", "--root", root)


def test_relative_root_still_reports_paths_from_the_root(tmp_path: Path) -> None:
    make_school(tmp_path, valid_student("ada", extra={"student.yml": UNKNOWN_FIELD}))
    code, out, _ = run_plp_process("check", "--root", "school", cwd=tmp_path)
    assert code == 0
    assert out.startswith("students/ada/student.yml:3:1: warning PLP105 ")


def test_the_demo_school_passes() -> None:
    """The demo school in the repository (students/ with the root's mkdocs.yml) checks without errors."""
    code, out, err = run_plp_process("check", "--root", REPO)
    assert (code, err) == (0, ""), out
    assert " checked: 0 errors, " in out.splitlines()[-1], out
