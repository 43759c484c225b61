"""`plp new student-repo` and `plp check` in a student's own repository: the template holds the student's folder,
the school's settings, the editor schemas, CI and pre-commit files and the browser editor, and passes its own
checks; plp check run from the repository's top checks that one student with the school's settings."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shlex
import sys
from pathlib import Path

import pytest
import yaml
from conftest import REFLECTION, REPO, make_school, run_plp, run_plp_process, valid_student

from plp_site.i18n import available_languages
from plp_site.school import load_school
from plp_site.studentrepo.admin import DecapDamaged, decap_files
from plp_site.studentrepo.repository import open_student_repository

HOOKS = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
PLP = Path(sys.executable).parent / "plp"
DECAP = REPO / "plp_site" / "studentrepo" / "decap"
NPM_DIST = REPO / "tools" / "cms" / "node_modules" / "decap-cms" / "dist"

_SCHOOL_OPTIONS = """\
skills:
  - {id: makers, name: {en: Making things, es: Hacer cosas}}
  - {id: voice, name: Speaking up}
minimum: {goals: 1, reflections: 2, evidence: 1}
severity: {PLP207: ignore}
language: es
translations: {de: {goals: Ziele}}
limits: {page_mb: 2}
"""


def new_repo(tmp_path: Path, *options: str, root: Path = REPO, name: str = "plp-template") -> Path:
    """`plp new student-repo` into tmp_path/<name> (the demo school's settings unless `root` names another)."""
    out = tmp_path / name
    code, stdout, stderr = run_plp("new", "student-repo", out, "--root", root, *options)
    assert code == 0, stderr
    assert "created" in stdout
    return out


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo school's template for grade 9 on GitHub."""
    return new_repo(tmp_path_factory.mktemp("template"), "--grade", "9", "--repo", "gmuhs/plp-ada")


def test_the_template_holds_the_student_folder_and_the_repository_files(template: Path) -> None:
    files = {p.relative_to(template).as_posix() for p in template.rglob("*") if p.is_file()}
    expected = {
        "student.yml",
        "about-me.md",
        "postsecondary.md",
        "README.md",
        ".gitignore",
        ".plp/school.yml",
        ".plp/schemas/plp-student.schema.json",
        ".vscode/settings.json",
        ".github/workflows/plp-check.yml",
        ".pre-commit-config.yaml",
        "admin/index.html",
        "admin/config.yml",
        "admin/decap-cms.js",
        "admin/plp-editor.js",
        "admin/LICENSE-decap-cms.txt",
        "admin/decap-cms.js.LICENSE.txt",
    }
    assert expected <= files, expected - files
    for folder in ("goals", "reflections", "evidence"):
        assert any(f.startswith(f"{folder}/") and f.endswith(".md") for f in files), folder
    assert not (template / ".gitlab-ci.yml").exists()
    assert yaml.safe_load((template / "student.yml").read_text(encoding="utf-8"))["grade"] == 9
    settings = json.loads((template / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings == {"yaml.schemas": {".plp/schemas/plp-student.schema.json": "student.yml"}}
    assert ".plp/school.yml" in (template / "README.md").read_text(encoding="utf-8")
    assert yaml.safe_load((template / "admin" / "config.yml").read_text(encoding="utf-8"))["backend"]["repo"] == "gmuhs/plp-ada"


def _ci_command(template: Path) -> list[str]:
    workflow = yaml.safe_load((template / ".github" / "workflows" / "plp-check.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["check"]["steps"]
    runs = [step["run"] for step in steps if "run" in step and step["run"].startswith("plp ")]
    assert len(runs) == 1
    return shlex.split(runs[0])


@pytest.mark.parametrize("language", [None, *available_languages()])
def test_the_template_passes_its_own_ci_check(template: Path, tmp_path: Path, language: str | None) -> None:
    if language is not None:
        template = new_repo(tmp_path, "--grade", "11", "--language", language)
    command = _ci_command(template)
    assert command[:4] == ["plp", "check", "--format", "github"]
    code, stdout, stderr = run_plp_process(*command[1:], cwd=template)
    assert code == 0, stdout + stderr
    assert "::error" not in stdout
    # The prompts still in place are warnings, annotated on the files as the repository names them.
    assert re.search(r"^::warning file=about-me\.md,line=\d+", stdout, re.MULTILINE), stdout
    assert re.search(r"^1 student checked: 0 errors, \d+ warnings$", stdout, re.MULTILINE), stdout


def test_the_pre_commit_config_is_valid_and_names_existing_hooks(template: Path) -> None:
    config = yaml.safe_load((template / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    known = {hook["id"]: hook for hook in HOOKS}
    (repository,) = config["repos"]
    assert repository["repo"].startswith("https://")
    assert repository["rev"]
    for hook in repository["hooks"]:
        assert hook["id"] in known
    (hook,) = repository["hooks"]
    files = re.compile(hook["files"])
    changed = [
        "reflections/2026-11-27-my-first-reflection.md",
        "about-me.md",
        ".github/workflows/plp-check.yml",
        ".plp/school.yml",
    ]
    picked = [path for path in changed if files.search(path)]
    assert picked == changed[:2]
    entry = shlex.split(known[hook["id"]]["entry"])
    code, stdout, stderr = run_plp_process(*entry[1:], *picked, cwd=template)
    assert code == 0, stdout + stderr
    assert "1 student checked" in stdout


def test_a_mistake_is_reported_with_the_repository_path_and_fails_the_commit(tmp_path: Path) -> None:
    repo = new_repo(tmp_path, "--grade", "10")
    (repo / "reflections" / "2026-10-03-robots.md").write_text(REFLECTION.replace("date: 2026-10-03", "date: Oct 3rd"))
    code, stdout, _ = run_plp_process("check", "--paths", "reflections/2026-10-03-robots.md", cwd=repo)
    assert code == 1
    assert "\nreflections/2026-10-03-robots.md:2:7: error PLP103 'date' must be a date like 2026-10-03" in "\n" + stdout
    assert "students/" not in stdout
    code, stdout, _ = run_plp_process("check", "--paths", ".vscode/settings.json", cwd=repo)
    assert (code, stdout) == (0, "")
    code, stdout, _ = run_plp_process("check", "--format", "github", cwd=repo)
    assert code == 1
    assert "::error file=reflections/2026-10-03-robots.md,line=2,col=7,title=PLP103::" in stdout


def test_the_readme_and_the_editor_are_never_stray_files(template: Path) -> None:
    code, stdout, _ = run_plp("check", "--root", template, "--format", "json")
    assert code == 0
    paths = {finding["path"] for finding in json.loads(stdout)}
    assert not {p for p in paths if p == "README.md" or p.startswith("admin/")}
    assert "PLP009" not in stdout


def test_a_school_folder_with_a_readme_and_an_editor_reports_neither(tmp_path: Path) -> None:
    extra = {
        "README.md": "# My PLP\n",
        "admin/index.html": "<!doctype html>",
        "admin/config.yml": "backend: {}\n",
        "notes.txt": "x",
    }
    root = make_school(tmp_path, valid_student("ada", extra=extra))
    code, stdout, _ = run_plp("check", "--root", root)
    assert code == 0
    assert "students/ada/notes.txt" in stdout
    assert "README" not in stdout
    assert "admin/" not in stdout


@pytest.mark.parametrize("make", ["demo", "own"])
def test_the_settings_copy_gives_the_school_requirements(tmp_path: Path, make: str) -> None:
    root = REPO if make == "demo" else make_school(tmp_path, valid_student("ada"), _SCHOOL_OPTIONS)
    repo = new_repo(tmp_path, "--grade", "8", root=root)
    repository = open_student_repository(repo)
    assert repository is not None
    assert repository.requirements == load_school(root).requirements


def test_checking_a_repository_uses_its_school_settings(tmp_path: Path) -> None:
    root = make_school(tmp_path, valid_student("ada"), _SCHOOL_OPTIONS)
    repo = new_repo(tmp_path, "--grade", "8", root=root)
    for prompt in ("evidence", "goals"):
        for page in (repo / prompt).glob("*.md"):
            page.unlink()
    code, stdout, _ = run_plp("check", "--root", repo)
    assert code == 1
    # The school asks for two reflections; its own skill ids are the ones known.
    assert "\nreflections: error PLP203 you need at least 2 reflections, you have 1\n" in stdout
    (repo / "evidence" / "x.md").write_text("---\ntitle: X\nskills: [communication]\n---\nA thing I made at school this week.\n")
    code, stdout, _ = run_plp("check", "--root", repo)
    assert "\nevidence/x.md:3:1: error PLP204 'communication' is not one of the school's skills\n" in stdout
    assert "the school's skills are: makers, voice" in stdout


def test_a_student_folder_without_the_school_settings_says_where_they_go(tmp_path: Path) -> None:
    folder = tmp_path / "ada"
    folder.mkdir()
    (folder / "student.yml").write_text("name: Ada\ngrade: 9\n")
    code, _, stderr = run_plp("check", "--root", folder)
    assert code == 2
    assert ".plp/school.yml" in stderr


def test_student_ids_are_refused_in_a_repository(template: Path) -> None:
    code, _, stderr = run_plp("check", "--root", template, "ada")
    assert code == 2
    assert "one student's repository" in stderr


def test_an_existing_folder_is_never_written_into(tmp_path: Path) -> None:
    out = tmp_path / "taken"
    out.mkdir()
    (out / "keep.md").write_text("mine")
    code, _, stderr = run_plp("new", "student-repo", out, "--root", REPO, "--grade", "9")
    assert code == 2
    assert "already exists" in stderr
    assert [p.name for p in out.iterdir()] == ["keep.md"]
    assert [p.name for p in tmp_path.iterdir()] == ["taken"]


@pytest.mark.parametrize(
    ("options", "message"), [((), "grade"), (("--grade", "4"), "grade"), (("--grade", "9", "--language", "../x"), "language")]
)
def test_bad_options_are_usage_errors(tmp_path: Path, options: tuple[str, ...], message: str) -> None:
    code, _, stderr = run_plp("new", "student-repo", tmp_path / "x", "--root", REPO, *options)
    assert code == 2
    assert message in stderr
    assert not (tmp_path / "x").exists()


def test_a_gitlab_template_reports_code_quality(tmp_path: Path) -> None:
    package = "plp-site @ git+https://git.school.example/tools/plp-site.git@v0.1.0"
    repo = new_repo(
        tmp_path, "--grade", "9", "--host", "gitlab", "--repo", "school/plp/ada", "--package", package, "--language", "fr"
    )
    assert not (repo / ".github").exists()
    ci = yaml.safe_load((repo / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert ci["variables"]["PLP_SITE_PACKAGE"] == package
    job = ci["plp-check"]
    assert job["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    report_line = next(line for line in job["script"] if "--format gitlab" in line)
    command = shlex.split(report_line.split(">")[0])
    code, stdout, _ = run_plp_process(*command[1:], cwd=repo)
    assert code == 0
    items = json.loads(stdout)
    assert items
    assert {item["severity"] for item in items} == {"minor"}
    assert all(not item["location"]["path"].startswith("students/") for item in items)
    assert len({item["fingerprint"] for item in items}) == len(items)
    precommit = yaml.safe_load((repo / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert (precommit["repos"][0]["repo"], precommit["repos"][0]["rev"]) == (
        "https://git.school.example/tools/plp-site.git",
        "v0.1.0",
    )
    config = yaml.safe_load((repo / "admin" / "config.yml").read_text(encoding="utf-8"))
    assert (config["backend"]["name"], config["locale"]) == ("gitlab", "fr")
    assert "_✎ " in (repo / "about-me.md").read_text(encoding="utf-8")
    assert "Mon plan" in (repo / "README.md").read_text(encoding="utf-8")


def _sums() -> tuple[str, dict[str, str]]:
    lines = (DECAP / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    version = re.match(r"# decap-cms (\S+),", lines[0])
    assert version
    return version.group(1), {name: digest for digest, name in (line.split(maxsplit=1) for line in lines[1:] if line)}


def test_the_vendored_decap_cms_matches_its_recorded_sums_and_the_pinned_version(template: Path) -> None:
    version, sums = _sums()
    assert set(sums) == {"decap-cms.js", "decap-cms.js.LICENSE.txt", "LICENSE-decap-cms.txt"}
    for name, digest in sums.items():
        assert hashlib.sha256((DECAP / name).read_bytes()).hexdigest() == digest, name
        assert (template / "admin" / name).read_bytes() == (DECAP / name).read_bytes()
    package = json.loads((REPO / "tools" / "cms" / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((REPO / "tools" / "cms" / "package-lock.json").read_text(encoding="utf-8"))
    assert package["dependencies"]["decap-cms"] == version
    assert lock["packages"]["node_modules/decap-cms"]["version"] == version
    assert "MIT License" in (DECAP / "LICENSE-decap-cms.txt").read_text(encoding="utf-8")


def test_the_vendored_decap_cms_is_npm_s_own_file() -> None:
    if not NPM_DIST.is_dir():
        reason = "tools/cms is not installed: run npm ci --prefix tools/cms"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    for name in ("decap-cms.js", "decap-cms.js.LICENSE.txt"):
        assert (NPM_DIST / name).read_bytes() == (DECAP / name).read_bytes(), name


def test_a_damaged_vendored_file_is_refused(tmp_path: Path) -> None:
    copy = tmp_path / "decap"
    copy.mkdir()
    for item in DECAP.iterdir():
        (copy / item.name).write_bytes(item.read_bytes())
    assert set(decap_files(copy)) == set(_sums()[1])
    (copy / "decap-cms.js").write_bytes((DECAP / "decap-cms.js").read_bytes().replace(b"decap-cms 3", b"decap-cms 4"))
    with pytest.raises(DecapDamaged, match=r"decap-cms\.js in plp-site is damaged"):
        decap_files(copy)


def test_the_hint_to_add_a_page_works_in_the_repository(tmp_path: Path) -> None:
    root = make_school(tmp_path, valid_student("ada"), _SCHOOL_OPTIONS)
    repo = new_repo(tmp_path, "--grade", "8", root=root, name="plp-ada")
    code, stdout, _ = run_plp("check", "--root", repo)
    hint = next(line for line in stdout.splitlines() if "plp new reflection" in line)
    command = shlex.split(hint.split("add one with: ", 1)[1])
    assert command[:4] == ["plp", "new", "reflection", "plp-ada"]
    code, stdout, stderr = run_plp(*command[1:], "--root", repo)
    assert code == 0, stderr
    (created,) = re.findall(r"^created (reflections/\S+\.md)$", stdout, re.MULTILINE)
    assert (repo / created).is_file()
    code, stdout, _ = run_plp("check", "--root", repo)
    assert "you need at least 2 reflections" not in stdout
    code, _, stderr = run_plp("new", "reflection", "someone-else", "Title", "--root", repo)
    assert code == 2
    assert "plp new reflection plp-ada" in stderr


@pytest.mark.parametrize("name", ["github-sync.yml", "gitlab-sync.yml"])
def test_the_sync_examples_sync_then_build_and_keep_the_photo_cache(name: str) -> None:
    text = (REPO / "examples" / "ci" / name).read_text(encoding="utf-8")
    config = yaml.safe_load(text)
    assert isinstance(config, dict)
    commands = [
        line.strip() for line in text.splitlines() if re.search(r"\bplp (sync|build)\b", line) and "#" not in line.split("plp")[0]
    ]
    assert [c for c in commands if "plp sync" in c]
    assert [c for c in commands if "plp build" in c]
    assert text.index("plp sync ||") < text.index("plp build")
    assert ".plp/cache" in text
    assert "PLP_READ_TOKEN" in text
    assert "PLP_SITE_PACKAGE" in text
