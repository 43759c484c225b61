"""Shared helpers: build small schools on disk and run the real `plp` command on them.

Unit tests import the plain functions (`from conftest import make_school, valid_student, run_plp`); the
fixtures below offer the same helpers bound to the test's own temporary folder.
"""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys
import textwrap
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from PIL import Image

from plp_site.cli import main

__all__ = ["jpeg_bytes", "make_school", "png_bytes", "run_plp", "run_plp_process", "valid_student"]

REPO = Path(__file__).resolve().parent.parent

_MKDOCS_YML = """\
site_name: Test School
plugins:
  - search
  - plp{options}
"""


def png_bytes(size: tuple[int, int] = (4, 3), color: tuple[int, int, int] = (200, 40, 40)) -> bytes:
    """A real, tiny PNG made with Pillow."""
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    return buffer.getvalue()


def jpeg_bytes(size: tuple[int, int] = (4, 3), color: tuple[int, int, int] = (40, 160, 40)) -> bytes:
    """A real, tiny JPEG made with Pillow."""
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "JPEG", quality=60)
    return buffer.getvalue()


def mkdocs_yml(plugin_options: str = "") -> str:
    """A minimal school mkdocs.yml; `plugin_options` is YAML for the plp plugin, written from the left edge."""
    if not plugin_options.strip():
        return _MKDOCS_YML.format(options="")
    options = textwrap.indent(textwrap.dedent(plugin_options).strip("\n"), " " * 6)
    return _MKDOCS_YML.format(options=":\n" + options)


def make_school(tmp_path: Path, files: Mapping[str, str | bytes], plugin_options: str = "") -> Path:
    """Write a school (mkdocs.yml + the given files, paths relative to the root) under tmp_path; return its root.

    A `mkdocs.yml` in `files` replaces the generated one. Text is written as UTF-8 exactly as given (no newline
    translation), bytes as they are.
    """
    root = tmp_path / "school"
    (root / "students").mkdir(parents=True, exist_ok=True)
    all_files: dict[str, str | bytes] = {"mkdocs.yml": mkdocs_yml(plugin_options), **files}
    for relative, content in all_files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return root


ABOUT_ME = """\
# About me

## Strengths

I fix broken things. My bike and the old kitchen radio work again.

## Interests

Robots and skateboards. I also draw comics with my little brother.

## How I learn best

By doing it first. Then I read about how it works and try again.
"""

GOAL = """\
---
title: Build a robot arm
area: academic
status: in-progress
target: 2027-06-01
skills: [problem-solving]
---
## Why

I want to lift a cup. The arm should hold it without crushing it.
"""

REFLECTION = """\
---
date: 2026-10-03
title: Robots day
skills: [self-direction]
goal: robot-arm
---
Today I soldered my first wire. It held when I pulled on it.
"""

EVIDENCE = """\
---
title: Robot arm prototype
date: 2026-10-03
skills: [problem-solving, communication]
goal: robot-arm
---
The arm, version 1. It lifted a paper cup at our Friday test.

![a red robot arm lifting a paper cup](images/arm.png)

![the arm seen from the side](images/side.jpg)
"""

POSTSECONDARY = """\
# After high school

I want to be an engineer. I would like to design machines for farms.
"""


def valid_student(
    student_id: str,
    grade: int = 9,
    *,
    name: str = "Ada Lovelace",
    postsecondary: bool = True,
    extra: Mapping[str, str | bytes] | None = None,
    without: tuple[str, ...] = (),
) -> dict[str, str | bytes]:
    """The files of a complete, valid student (paths relative to the school root).

    `extra` adds or replaces files (relative to the student folder); `without` drops files (same).
    """
    files: dict[str, str | bytes] = {
        "student.yml": f"name: {name}\ngrade: {grade}\n",
        "about-me.md": ABOUT_ME,
        "goals/robot-arm.md": GOAL,
        "reflections/2026-10-03-robots.md": REFLECTION,
        "evidence/arm.md": EVIDENCE,
        "evidence/images/arm.png": png_bytes(),
        "evidence/images/side.jpg": jpeg_bytes(),
    }
    if postsecondary:
        files["postsecondary.md"] = POSTSECONDARY
    files.update(extra or {})
    for relative in without:
        del files[relative]
    return {f"students/{student_id}/{relative}": content for relative, content in files.items()}


def run_plp(*args: str | Path) -> tuple[int, str, str]:
    """Run `plp` in this process (plp_site.cli.main); return (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main([str(arg) for arg in args])
        except SystemExit as exit_:  # argparse exits on a bad command line
            code = exit_.code if isinstance(exit_.code, int) else 2
    return code, out.getvalue(), err.getvalue()


def run_plp_process(*args: str | Path, cwd: Path | None = None) -> tuple[int, str, str]:
    """Run `python -m plp_site` in a new process (the real entry point); return (exit code, stdout, stderr)."""
    result = subprocess.run(
        [sys.executable, "-m", "plp_site", *(str(arg) for arg in args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd or REPO,
        check=False,
        timeout=120,
    )
    return result.returncode, result.stdout, result.stderr


@pytest.fixture
def school(tmp_path: Path) -> Callable[..., Path]:
    """`school(files, plugin_options="")`: make_school bound to this test's temporary folder."""

    def build(files: Mapping[str, str | bytes], plugin_options: str = "") -> Path:
        return make_school(tmp_path, files, plugin_options)

    return build
