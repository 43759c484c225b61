"""The checks a student's repository runs by itself: a CI file for its Git host (GitHub Actions with annotations,
or GitLab CI with a Code Quality report) and the pre-commit configuration, each running `plp check`."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from plp_site import __version__

__all__ = ["CHECK_COMMANDS", "Install", "ci_files", "install_from"]

CHECK_COMMANDS = {"github": "plp check --format github", "gitlab": "plp check"}
"""The command each host's CI runs, from the top of the repository (the tests run it too)."""
_GIT_PACKAGE = re.compile(r"^\s*plp-site\s*@\s*git\+(?P<url>\S+?)@(?P<rev>[^@\s/]+)\s*$")
_EXAMPLE_URL = "https://git.example.org/plp-site.git"


@dataclass(frozen=True)
class Install:
    """Where CI and pre-commit install plp-site from."""

    package: str | None
    """A pip requirement, e.g. "plp-site @ git+https://git.example.org/plp-site.git@v0.1.0"; None: the CI
    variable PLP_SITE_PACKAGE, set once for the whole organisation or group."""
    hooks_repo: str
    """The git address of plp-site for pre-commit, and its tag."""
    hooks_rev: str

    @property
    def placeholder(self) -> bool:
        """Whether the hooks' address is the example one, for the school to fill in."""
        return self.hooks_repo == _EXAMPLE_URL


def install_from(package: str | None) -> Install:
    """Install settings from `--package` (a pip requirement); a git requirement also gives pre-commit's address."""
    found = _GIT_PACKAGE.match(package or "")
    if found:
        return Install(package, found["url"], found["rev"])
    return Install(package, _EXAMPLE_URL, f"v{__version__}")


def ci_files(host: str, install: Install) -> dict[str, str]:
    """The CI file of the host and the pre-commit configuration, by their path in the repository."""
    ci = {"github": (".github/workflows/plp-check.yml", _github), "gitlab": (".gitlab-ci.yml", _gitlab)}
    path, make = ci[host]
    return {path: make(install), ".pre-commit-config.yaml": _precommit(install)}


def _quoted(text: str) -> str:
    # JSON strings are YAML strings: any requirement stays one value.
    return json.dumps(text, ensure_ascii=False)


def _github(install: Install) -> str:
    if install.package:
        package = f"  PLP_SITE_PACKAGE: {_quoted(install.package)}\n"
    else:
        package = (
            "  # Set once for the organisation: Settings > Secrets and variables > Actions > Variables > PLP_SITE_PACKAGE,\n"
            '  # e.g. "plp-site @ git+https://git.example.org/plp-site.git@v0.1.0".\n'
            "  PLP_SITE_PACKAGE: ${{ vars.PLP_SITE_PACKAGE }}\n"
        )
    return f"""\
# Checks this portfolio on every push: each problem shows as a note on its file and line, with a hint.
name: plp check
on:
  push:
  pull_request:

permissions:
  contents: read

env:
{package}
jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - run: python -m pip install "$PLP_SITE_PACKAGE"
      # The school's settings are in .plp/school.yml; this repository's top is the student's folder.
      - run: {CHECK_COMMANDS["github"]}
"""


def _gitlab(install: Install) -> str:
    if install.package:
        variables = f"variables:\n  PLP_SITE_PACKAGE: {_quoted(install.package)}\n\n"
    else:
        variables = (
            "# PLP_SITE_PACKAGE: set once for the group (Settings > CI/CD > Variables), e.g.\n"
            '# "plp-site @ git+https://git.example.org/plp-site.git@v0.1.0".\n\n'
        )
    return f"""\
# Checks this portfolio on every push; each problem shows in the merge request's Code Quality report and in the
# job's log, with a hint.
{variables}plp-check:
  image: python:3.11-slim
  script:
    - python -m pip install "$PLP_SITE_PACKAGE"
    # The school's settings are in .plp/school.yml; this repository's top is the student's folder.
    - plp check --format gitlab > gl-code-quality-report.json || true
    - {CHECK_COMMANDS["gitlab"]}
  artifacts:
    when: always
    reports:
      codequality: gl-code-quality-report.json
"""


def _precommit(install: Install) -> str:
    where = "  # The git address your school installs plp-site from, at a release tag.\n" if install.placeholder else ""
    return f"""\
# Checks your portfolio before each commit, and stops the commit on an error. Once, on your computer:
#   pip install pre-commit && pre-commit install
repos:
{where}  - repo: {install.hooks_repo}
    rev: {install.hooks_rev}
    hooks:
      - id: plp-check
        # This repository's top is your folder: a change to any of your files (not to hidden ones) checks it.
        files: ^(?!\\.)
"""
