"""Case folders under tests/cases become tests: each is a small school checked with the real `plp` command.

- `valid/<case>/`: `plp check --root <case>` exits 0 and reports nothing but the summary line.
- `invalid/<case>/`: the text report must equal `expected.txt` exactly; the exit code must be the one in
  `expected-exit` (1 when the file is absent); stderr must equal `expected-stderr.txt` (empty when absent),
  with the case's absolute path written as `<root>`. An optional `args` file adds command-line arguments,
  one per line.

Run with PLP_UPDATE_CASES=1 to rewrite the expected files from the current output (then read every diff!).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from conftest import run_plp, run_plp_process

CASES = Path(__file__).parent / "cases"
UPDATE = os.environ.get("PLP_UPDATE_CASES") == "1"
_TEXT_LINE = re.compile(r"^(?P<path>\S+?)(?::(?P<line>\d+):(?P<column>\d+))?: (?P<severity>error|warning) (?P<code>PLP\d{3}) ")


def _cases(kind: str) -> list[Path]:
    return sorted(path for path in (CASES / kind).iterdir() if path.is_dir())


def _extra_args(case: Path) -> list[str]:
    args_file = case / "args"
    lines = args_file.read_text(encoding="utf-8").splitlines() if args_file.is_file() else []
    return [line.strip() for line in lines if line.strip()]


def _read(path: Path, default: str = "") -> str:
    return path.read_text(encoding="utf-8") if path.is_file() else default


def _update(case: Path, code: int, stdout: str, stderr: str) -> None:
    (case / "expected.txt").write_text(stdout, encoding="utf-8")
    for name, content, keep in (
        ("expected-exit", f"{code}\n", code != 1),
        ("expected-stderr.txt", stderr, bool(stderr)),
    ):
        if keep:
            (case / name).write_text(content, encoding="utf-8")
        else:
            (case / name).unlink(missing_ok=True)


@pytest.mark.parametrize("case", _cases("valid"), ids=lambda path: path.name)
def test_valid_case(case: Path) -> None:
    code, stdout, stderr = run_plp_process("check", "--root", case, *_extra_args(case))
    students = len([p for p in (case / "students").iterdir() if p.is_dir()])
    noun = "student" if students == 1 else "students"
    assert (code, stdout, stderr) == (0, f"{students} {noun} checked: 0 errors, 0 warnings\n", "")


@pytest.mark.parametrize("case", _cases("invalid"), ids=lambda path: path.name)
def test_invalid_case(case: Path) -> None:
    code, stdout, stderr = run_plp_process("check", "--root", case, *_extra_args(case))
    stderr = stderr.replace(str(case.resolve()), "<root>")
    if UPDATE:
        _update(case, code, stdout, stderr)
    assert (case / "expected.txt").is_file(), f"{case.name} has no expected.txt (run once with PLP_UPDATE_CASES=1)"
    expected_exit = int(_read(case / "expected-exit", "1").strip())
    assert stdout == _read(case / "expected.txt")
    assert stderr == _read(case / "expected-stderr.txt")
    assert code == expected_exit
    if expected_exit == 2:
        assert stdout == ""
        assert len(stderr.splitlines()) == 1, "a usage or configuration problem is one line on stderr"
    else:
        assert stdout.strip(), "an invalid case must report something"


def test_there_are_enough_cases() -> None:
    assert len(_cases("valid")) >= 5
    assert len(_cases("invalid")) >= 15


def _text_findings(text: str) -> list[tuple[str, int, int, str, str]]:
    rows = []
    for line in text.splitlines():
        match = _TEXT_LINE.match(line)
        if match:
            found = match.groupdict()
            rows.append((found["path"], int(found["line"] or 0), int(found["column"] or 0), found["severity"], found["code"]))
    return rows


def _reporting_cases() -> list[Path]:
    return [case for case in _cases("invalid") if _read(case / "expected-exit", "1").strip() != "2"]


@pytest.mark.parametrize("case", _reporting_cases(), ids=lambda path: path.name)
def test_invalid_case_formats_agree(case: Path) -> None:
    """json and github name the same findings, at the same places, as the expected text report."""
    expected = _text_findings(_read(case / "expected.txt"))
    assert expected, f"{case.name}: expected.txt lists no findings"
    _, stdout, _ = run_plp("check", "--root", case, "--format", "json", *_extra_args(case))
    items = json.loads(stdout)
    assert [(i["path"], i["line"], i["column"], i["severity"], i["code"]) for i in items] == expected
    assert all(i["message"] and i["hint"] for i in items)
    _, github, _ = run_plp("check", "--root", case, "--format", "github", *_extra_args(case))
    annotations = [line for line in github.splitlines() if line.startswith("::")]
    assert len(annotations) == len(expected)
    for annotation, (path, line, _column, severity, code) in zip(annotations, expected, strict=True):
        assert annotation.startswith(f"::{severity} file={path},")
        assert f",title={code}::" in annotation
        assert (f",line={line}," in annotation) == bool(line)
