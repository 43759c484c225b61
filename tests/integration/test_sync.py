"""`plp sync`: students' own repositories cloned or brought forward into students/<id>/, with the real git.

Every repository is a local bare repository (`git init --bare`, file:// or plain paths); nothing goes over the
network. A repository "on a server" that refuses a sign-in or never answers is a bare ssh address whose ssh
program (GIT_SSH) is a small script on this computer.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import textwrap
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import make_school, run_plp, valid_student

from plp_site.files import walk
from plp_site.sync.addresses import address_problem
from plp_site.sync.roster import read_roster

from .conftest import SCHOOL_YML
from .helpers import site_files, tree_state

# In CI (CI=true) a missing git is a failure, never a skip: .ci/run installs it.
pytestmark = pytest.mark.skipif(
    os.environ.get("CI") != "true" and shutil.which("git") is None, reason="git is not installed (apt-get install git)"
)


@pytest.fixture(autouse=True)
def git_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """git with no system or user settings of this computer: a fresh HOME, a name for commits, no hook variables."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.delenv("GIT_CONFIG_GLOBAL", raising=False)
    for variable in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{variable}_NAME", "Plp Test")
        monkeypatch.setenv(f"GIT_{variable}_EMAIL", "plp-test@example.org")
    for variable in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_SSH", "GIT_SSH_COMMAND"):
        monkeypatch.delenv(variable, raising=False)
    return home


def git(cwd: Path, *args: str) -> str:
    """Run git in cwd (for the test's own setup, never with a test's GIT_DIR); fail the test on an error."""
    env = {name: value for name, value in os.environ.items() if name not in {"GIT_DIR", "GIT_WORK_TREE"}}
    result = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=60)
    assert result.returncode == 0, f"git {' '.join(args)}: {result.stderr}"
    return result.stdout.strip()


@dataclass
class StudentRepository:
    """A student's repository: a bare one (the "server") and the student's own working copy that pushes to it."""

    bare: Path
    work: Path

    @property
    def url(self) -> str:
        """The repository's file:// address."""
        return self.bare.as_uri()

    def commit(
        self, files: Mapping[str, str | bytes], message: str = "work", *, branch: str = "main", force: bool = False
    ) -> str:
        """Write files into the working copy (paths from its top), commit them and push (force: even when the
        repository has commits the working copy dropped); the new commit."""
        if git(self.work, "branch", "--show-current") != branch:
            git(self.work, "checkout", "-q", "-B", branch)
        for relative, content in files.items():
            path = self.work / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        git(self.work, "add", "-A")
        git(self.work, "commit", "-q", "--allow-empty", "-m", message)
        git(self.work, "push", "-q", *(["--force"] if force else []), "origin", branch)
        return git(self.work, "rev-parse", "HEAD")


def new_repository(base: Path, name: str, files: Mapping[str, str | bytes] | None = None) -> StudentRepository:
    """A bare repository `base/repos/<name>.git` with a first commit of files (none: left empty)."""
    bare, work = base / "repos" / f"{name}.git", base / "work" / name
    bare.parent.mkdir(parents=True, exist_ok=True)
    work.parent.mkdir(parents=True, exist_ok=True)
    git(bare.parent, "init", "-q", "--bare", "-b", "main", bare.name)
    git(work.parent, "init", "-q", "-b", "main", work.name)
    git(work, "remote", "add", "origin", bare.as_uri())
    repository = StudentRepository(bare, work)
    if files is not None:
        repository.commit(files, "first")
    return repository


def plp_files(student_id: str, grade: int = 9, name: str = "Ada Lovelace") -> dict[str, str | bytes]:
    """A complete, valid PLP as it sits at the top of a student's own repository."""
    prefix = f"students/{student_id}/"
    return {path.removeprefix(prefix): content for path, content in valid_student(student_id, grade, name=name).items()}


def roster(*entries: tuple[str, str] | tuple[str, str, str]) -> str:
    """roster.yml text for (id, repo[, branch]) entries."""
    lines = ["students:"]
    for entry in entries:
        lines += [f"  - id: {entry[0]}", f"    repo: {entry[1]}"]
        if len(entry) == 3:
            lines.append(f"    branch: {entry[2]}")
    return "\n".join(lines) + "\n"


def school_with(tmp_path: Path, roster_text: str) -> Path:
    """A school folder (material theme) with the roster and no students yet."""
    return make_school(tmp_path, {"mkdocs.yml": SCHOOL_YML, "roster.yml": roster_text})


def sync(root: Path, *args: str) -> tuple[int, str, str]:
    """Run `plp sync --root root ...` in this process."""
    return run_plp("sync", "--root", root, *args)


def worktree(folder: Path) -> dict[str, str]:
    """The student's files (not git's) with their content hashes and times."""
    return {path: state for path, state in tree_state(folder).items() if not path.startswith(".git/")}


# First clone, fast-forward, unchanged


def test_first_sync_clones_each_repository_into_its_folder(tmp_path: Path) -> None:
    ada = new_repository(tmp_path, "ada", plp_files("ada-lovelace"))
    root = school_with(tmp_path, roster(("ada-lovelace", ada.url)))
    code, out, err = sync(root)
    assert (code, err) == (0, "")
    assert out.splitlines()[-1] == "synced 1 of 1 student (1 cloned, 0 updated, 0 unchanged, 0 need a teacher)"
    folder = root / "students" / "ada-lovelace"
    assert (folder / "student.yml").read_text(encoding="utf-8") == plp_files("ada-lovelace")["student.yml"]
    assert git(folder, "rev-parse", "HEAD") == git(ada.bare, "rev-parse", "main")
    assert sorted(p.name for p in (root / "students").iterdir()) == ["ada-lovelace"], "no staging folder is left"


def test_a_new_commit_is_brought_forward_and_then_nothing_changes(tmp_path: Path) -> None:
    ada = new_repository(tmp_path, "ada", plp_files("ada-lovelace"))
    root = school_with(tmp_path, roster(("ada-lovelace", ada.url)))
    assert sync(root)[0] == 0
    new_text = "# After high school\n\nI want to build bridges.\n"
    newest = ada.commit({"postsecondary.md": new_text}, "new plans")
    code, out, _ = sync(root)
    folder = root / "students" / "ada-lovelace"
    assert code == 0
    assert out.splitlines()[-1] == "synced 1 of 1 student (0 cloned, 1 updated, 0 unchanged, 0 need a teacher)"
    assert (folder / "postsecondary.md").read_text(encoding="utf-8") == new_text
    assert git(folder, "rev-parse", "HEAD") == newest
    before = worktree(folder)
    code, out, _ = sync(root)
    assert (code, out.splitlines()[-1]) == (0, "synced 1 of 1 student (0 cloned, 0 updated, 1 unchanged, 0 need a teacher)")
    assert worktree(folder) == before


# The folder is never changed when that could lose something


def test_local_changes_are_kept_and_the_folder_is_not_updated(tmp_path: Path) -> None:
    ada = new_repository(tmp_path, "ada", plp_files("ada-lovelace"))
    root = school_with(tmp_path, roster(("ada-lovelace", ada.url)))
    sync(root)
    folder = root / "students" / "ada-lovelace"
    head = git(folder, "rev-parse", "HEAD")
    (folder / "about-me.md").write_text("# About me\n\nEdited on the school's computer.\n", encoding="utf-8")
    (folder / "goals" / "new-goal.md").write_text("---\ntitle: A new goal\n---\n", encoding="utf-8")
    ada.commit({"postsecondary.md": "# After high school\n\nSomething else.\n"})
    before = worktree(folder)
    code, out, _ = sync(root)
    assert code == 1
    assert "students/ada-lovelace: error PLP612 ada-lovelace: students/ada-lovelace has changes" in out
    assert "about-me.md" in out
    assert "goals/new-goal.md" in out
    assert out.splitlines()[-1] == "synced 0 of 1 student (0 cloned, 0 updated, 0 unchanged, 1 needs a teacher)"
    assert worktree(folder) == before, "the local changes are kept exactly"
    assert git(folder, "rev-parse", "HEAD") == head


def test_local_commits_not_in_the_repository_are_kept(tmp_path: Path) -> None:
    ada = new_repository(tmp_path, "ada", plp_files("ada-lovelace"))
    root = school_with(tmp_path, roster(("ada-lovelace", ada.url)))
    sync(root)
    folder = root / "students" / "ada-lovelace"
    (folder / "about-me.md").write_text("# About me\n\nA teacher's commit.\n", encoding="utf-8")
    git(folder, "commit", "-q", "-am", "a commit made in the school's copy")
    local = git(folder, "rev-parse", "HEAD")
    code, out, _ = sync(root)
    assert code == 1
    assert "error PLP612" in out
    assert "1 saved change(s) (commits) that are not in the student's repository" in out
    assert git(folder, "rev-parse", "HEAD") == local


def test_a_diverged_history_is_reported_and_kept(tmp_path: Path) -> None:
    ada = new_repository(tmp_path, "ada", plp_files("ada-lovelace"))
    root = school_with(tmp_path, roster(("ada-lovelace", ada.url)))
    sync(root)
    folder = root / "students" / "ada-lovelace"
    (folder / "about-me.md").write_text("# About me\n\nThe school's version.\n", encoding="utf-8")
    git(folder, "commit", "-q", "-am", "school")
    local = git(folder, "rev-parse", "HEAD")
    ada.commit({"about-me.md": "# About me\n\nThe student's version.\n"}, "student")
    before = worktree(folder)
    code, out, _ = sync(root)
    assert code == 1
    assert "students/ada-lovelace: error PLP613 ada-lovelace: students/ada-lovelace and the student's repository have" in out
    assert worktree(folder) == before
    assert git(folder, "rev-parse", "HEAD") == local


def test_a_rewritten_repository_is_a_diverged_history(tmp_path: Path) -> None:
    ada = new_repository(tmp_path, "ada", plp_files("ada-lovelace"))
    ada.commit({"postsecondary.md": "# After high school\n\nFirst plan.\n"}, "second")
    root = school_with(tmp_path, roster(("ada-lovelace", ada.url)))
    sync(root)
    git(ada.work, "reset", "-q", "--hard", "HEAD~1")
    ada.commit({"postsecondary.md": "# After high school\n\nAnother plan.\n"}, "rewritten", force=True)
    code, out, _ = sync(root)
    assert code == 1
    assert "error PLP613" in out
    assert "First plan." in (root / "students" / "ada-lovelace" / "postsecondary.md").read_text(encoding="utf-8")


def test_a_failed_fetch_leaves_the_folder_exactly_as_it_was(tmp_path: Path) -> None:
    ada = new_repository(tmp_path, "ada", plp_files("ada-lovelace"))
    root = school_with(tmp_path, roster(("ada-lovelace", ada.url)))
    sync(root)
    folder = root / "students" / "ada-lovelace"
    before = tree_state(folder)
    ada.bare.rename(ada.bare.with_name("moved-away.git"))
    code, out, _ = sync(root)
    assert code == 1
    assert "roster.yml:2:1: error PLP606 ada-lovelace: the repository" in out
    assert tree_state(folder) == before, "not one file of the folder (git's included) was changed or removed"


def test_a_folder_that_is_not_a_clone_is_left_alone(tmp_path: Path) -> None:
    ada = new_repository(tmp_path, "ada", plp_files("ada-lovelace"))
    root = make_school(
        tmp_path, {"mkdocs.yml": SCHOOL_YML, "roster.yml": roster(("ada-lovelace", ada.url)), **valid_student("ada-lovelace")}
    )
    folder = root / "students" / "ada-lovelace"
    before = tree_state(folder)
    code, out, _ = sync(root)
    assert code == 1
    assert "students/ada-lovelace: error PLP611 ada-lovelace: students/ada-lovelace is there already and is not a copy" in out
    assert tree_state(folder) == before


def test_a_school_that_is_itself_a_repository_never_lends_its_history(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ada = new_repository(tmp_path, "ada", plp_files("ada-lovelace"))
    root = school_with(tmp_path, roster(("ada-lovelace", ada.url)))
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "mkdocs.yml", "roster.yml")
    git(root, "commit", "-q", "-m", "the school")
    school_state = tree_state(root / ".git")
    # As inside a git hook of the school's repository: git's variables point at the school's own history.
    monkeypatch.setenv("GIT_DIR", str(root / ".git"))
    monkeypatch.setenv("GIT_WORK_TREE", str(root))
    assert sync(root)[0] == 0
    newest = ada.commit({"postsecondary.md": "# After high school\n\nUpdated from a hook.\n"})
    code, out, _ = sync(root)
    assert (code, out.splitlines()[-1]) == (0, "synced 1 of 1 student (0 cloned, 1 updated, 0 unchanged, 0 need a teacher)")
    assert git(root / "students" / "ada-lovelace", "rev-parse", "HEAD") == newest
    assert tree_state(root / ".git") == school_state, "the school's repository was not touched"


def test_a_clone_of_another_repository_is_left_alone(tmp_path: Path) -> None:
    ada = new_repository(tmp_path, "ada", plp_files("ada-lovelace"))
    other = new_repository(tmp_path, "other", plp_files("ada-lovelace"))
    root = school_with(tmp_path, roster(("ada-lovelace", other.url)))
    sync(root)
    (root / "roster.yml").write_text(roster(("ada-lovelace", ada.url)), encoding="utf-8")
    folder = root / "students" / "ada-lovelace"
    before = tree_state(folder)
    code, out, _ = sync(root)
    assert code == 1
    assert f"is a copy of {other.url}, not of {ada.url} (roster.yml line 2)" in out
    assert tree_state(folder) == before


# The repository is missing, empty, not a PLP, or refuses the sign-in


def test_a_missing_repository_is_a_finding_and_makes_no_folder(tmp_path: Path) -> None:
    ada = new_repository(tmp_path, "ada", plp_files("ada-lovelace"))
    missing = tmp_path / "repos" / "nobody.git"
    root = school_with(tmp_path, roster(("ada-lovelace", ada.url), ("nobody-here", missing.as_uri()), ("no-path", str(missing))))
    code, out, _ = sync(root)
    assert code == 1
    assert "roster.yml:4:1: error PLP606 nobody-here: the repository" in out
    assert "roster.yml:6:1: error PLP606 no-path: the repository" in out
    assert "  hint: check the address, and ask the student to share the repository with the school's account" in out
    assert out.splitlines()[-1] == "synced 1 of 3 students (1 cloned, 0 updated, 0 unchanged, 2 need a teacher)"
    assert sorted(p.name for p in (root / "students").iterdir()) == ["ada-lovelace"]


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (None, "the repository is empty: nothing has been pushed to it yet"),
        ({"README.md": "My portfolio\n"}, "the repository has no student.yml at its top, so it is not a PLP"),
        (
            {f"plp/{path}": content for path, content in plp_files("ada-lovelace").items()},
            "the repository has no student.yml at its top, so it is not a PLP; there is one in plp/",
        ),
    ],
    ids=["empty", "no-student-yml", "plp-in-a-folder"],
)
def test_a_repository_that_is_not_a_plp_is_not_cloned(tmp_path: Path, files: dict[str, str] | None, expected: str) -> None:
    ada = new_repository(tmp_path, "ada", files)
    root = school_with(tmp_path, roster(("ada-lovelace", ada.url)))
    code, out, _ = sync(root)
    assert code == 1
    assert f"roster.yml:2:1: error PLP610 ada-lovelace: {expected}" in out
    assert list((root / "students").iterdir()) == [], "neither the student's folder nor a staging folder is left"


def test_an_update_without_student_yml_is_not_brought_forward(tmp_path: Path) -> None:
    ada = new_repository(tmp_path, "ada", plp_files("ada-lovelace"))
    root = school_with(tmp_path, roster(("ada-lovelace", ada.url)))
    sync(root)
    git(ada.work, "rm", "-q", "student.yml")
    ada.commit({}, "removed student.yml")
    folder = root / "students" / "ada-lovelace"
    before = worktree(folder)
    code, out, _ = sync(root)
    assert code == 1
    assert "error PLP610 ada-lovelace: the repository has no student.yml at its top" in out
    assert worktree(folder) == before


def fake_ssh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, script: str) -> None:
    """git's ssh program for this test: a script that plays a server (GIT_SSH is run without a shell)."""
    program = tmp_path / "fake-ssh"
    program.write_text("#!/bin/sh\n" + textwrap.dedent(script), encoding="utf-8")
    program.chmod(0o755)
    monkeypatch.setenv("GIT_SSH", str(program))


@pytest.mark.parametrize(
    ("server_says", "code", "message"),
    [
        ("git@example.org: Permission denied (publickey).", "PLP607", "signing in to the repository failed"),
        ("ERROR: Repository not found.", "PLP606", "was not found, or this computer may not read it"),
        ("Host key verification failed.", "PLP607", "this computer does not know the server's key yet"),
        ("ssh: Could not resolve hostname example.org: Name or service not known", "PLP609", "could not be reached"),
    ],
)
def test_what_the_server_says_becomes_a_finding_for_the_teacher(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, server_says: str, code: str, message: str
) -> None:
    fake_ssh(tmp_path, monkeypatch, f'echo "{server_says}" >&2\nexit 255\n')
    root = school_with(tmp_path, roster(("ada-lovelace", "git@example.org:gmuhs-plp/ada.git")))
    exit_code, out, _ = sync(root)
    assert exit_code == 1
    assert f"roster.yml:2:1: error {code} ada-lovelace: " in out
    assert message in out
    assert list((root / "students").iterdir()) == []


def test_a_repository_that_never_answers_is_stopped_at_the_time_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The "server" waits far longer than the limit: it is stopped with git, and plp sync goes on.
    fake_ssh(tmp_path, monkeypatch, "sleep 600\n")
    root = school_with(tmp_path, roster(("ada-lovelace", "ssh://git@example.org/gmuhs-plp/ada.git")))
    code, out, _ = sync(root, "--timeout", "1")
    assert code == 1
    assert "roster.yml:2:1: error PLP609 ada-lovelace: the repository did not answer within 1 seconds" in out
    assert list((root / "students").iterdir()) == []


# Branches and many students


def test_the_roster_branch_is_the_one_synced(tmp_path: Path) -> None:
    ada = new_repository(tmp_path, "ada", {"notes.txt": "not my PLP\n"})
    ada.commit(plp_files("ada-lovelace"), "my PLP", branch="plp")
    root = school_with(tmp_path, roster(("ada-lovelace", ada.url, "plp")))
    code, _, _ = sync(root)
    folder = root / "students" / "ada-lovelace"
    assert code == 0
    assert (folder / "student.yml").is_file()
    assert git(folder, "branch", "--show-current") == "plp"
    ada.commit({"postsecondary.md": "# After high school\n\nOn the plp branch.\n"}, branch="plp")
    assert sync(root)[0] == 0
    assert "On the plp branch." in (folder / "postsecondary.md").read_text(encoding="utf-8")
    (root / "roster.yml").write_text(roster(("ada-lovelace", ada.url, "main")), encoding="utf-8")
    code, out, _ = sync(root)
    assert code == 1
    assert "has the branch 'plp', and roster.yml asks for 'main'" in out


def test_a_branch_the_repository_does_not_have(tmp_path: Path) -> None:
    ada = new_repository(tmp_path, "ada", plp_files("ada-lovelace"))
    root = school_with(tmp_path, roster(("ada-lovelace", ada.url, "portfolio")))
    code, out, _ = sync(root)
    assert code == 1
    assert "roster.yml:2:1: error PLP608 ada-lovelace: the repository has no branch 'portfolio'" in out


def test_many_students_are_synced_in_parallel(tmp_path: Path) -> None:
    ids = [f"student-{number:02d}" for number in range(12)]
    repositories = {student_id: new_repository(tmp_path, student_id, plp_files(student_id)) for student_id in ids}
    root = school_with(tmp_path, roster(*((student_id, repositories[student_id].url) for student_id in ids)))
    code, out, _ = sync(root, "--jobs", "4")
    assert (code, out.splitlines()[-1]) == (0, "synced 12 of 12 students (12 cloned, 0 updated, 0 unchanged, 0 need a teacher)")
    for number, student_id in enumerate(ids):
        if number % 2:
            repositories[student_id].commit({"postsecondary.md": f"# After high school\n\nPlan {number}.\n"})
    code, out, _ = sync(root, "--jobs", "5")
    assert (code, out.splitlines()[-1]) == (0, "synced 12 of 12 students (0 cloned, 6 updated, 6 unchanged, 0 need a teacher)")
    for number, student_id in enumerate(ids):
        folder = root / "students" / student_id
        assert git(folder, "rev-parse", "HEAD") == git(repositories[student_id].bare, "rev-parse", "main")
        assert (f"Plan {number}." in (folder / "postsecondary.md").read_text(encoding="utf-8")) == bool(number % 2)


def test_only_the_named_students_are_synced(tmp_path: Path) -> None:
    ada = new_repository(tmp_path, "ada", plp_files("ada-lovelace"))
    bo = new_repository(tmp_path, "bo", plp_files("bo-chen"))
    root = school_with(tmp_path, roster(("ada-lovelace", ada.url), ("bo-chen", bo.url)))
    code, out, _ = sync(root, "bo-chen")
    assert (code, out.splitlines()[-1]) == (0, "synced 1 of 1 student (1 cloned, 0 updated, 0 unchanged, 0 need a teacher)")
    assert [p.name for p in (root / "students").iterdir()] == ["bo-chen"]
    code, _, err = sync(root, "cy-lee")
    assert (code, err) == (2, "plp sync: roster.yml lists no student 'cy-lee'\n")


# roster.yml


def _roster_case(body: str) -> str:
    return textwrap.dedent(body).lstrip("\n")


_ADA = "git@github.com:gmuhs-plp/ada.git"
ROSTER_MISTAKES = [
    # (what is wrong, roster.yml, code, line, words in the message)
    ("empty file", "", "PLP601", 1, "roster.yml is empty"),
    ("a list at the top", f"- id: ada\n  repo: {_ADA}\n", "PLP601", 1, "must start with `students:`"),
    ("no students line", "pupils: []\n", "PLP601", 1, "`pupils:` is not a roster setting"),
    ("students is text", "students: everyone\n", "PLP601", 1, "`students:` must be a list"),
    ("entry is text", "students:\n  - ada\n", "PLP601", 2, "each student must be written as `- id: ...`"),
    ("no repo", "students:\n  - id: ada\n", "PLP601", 2, "this student has no `repo:`"),
    ("no id", f"students:\n  - repo: {_ADA}\n", "PLP601", 2, "this student has no `id:`"),
    ("misspelled repo", f"students:\n  - id: ada\n    repository: {_ADA}\n", "PLP601", 3, "did you mean `repo:`?"),
    ("repo twice", f"students:\n  - id: ada\n    repo: {_ADA}\n    repo: {_ADA}\n", "PLP601", 4, "`repo:` is written twice"),
    ("repo is a list", "students:\n  - id: ada\n    repo: [a, b]\n", "PLP601", 3, "must be one value on the same line"),
    ("alias", f"students:\n  - id: ada\n    repo: &r {_ADA}\n  - id: bo\n    repo: *r\n", "PLP601", 3, "YAML anchor"),
    ("bad YAML", "students:\n  - id: ada\n   repo: x\n", "PLP601", 3, "not valid YAML"),
    ("upper-case id", f"students:\n  - id: Ada\n    repo: {_ADA}\n", "PLP602", 2, "'Ada' is not a valid student id"),
    ("id with a space", f"students:\n  - id: ada lovelace\n    repo: {_ADA}\n", "PLP602", 2, "is not a valid student id"),
    ("id as a path", f"students:\n  - id: ../ada\n    repo: {_ADA}\n", "PLP602", 2, "is not a valid student id"),
    ("hidden id", f"students:\n  - id: .git\n    repo: {_ADA}\n", "PLP602", 2, "is not a valid student id"),
    (
        "same id twice",
        f"students:\n  - id: ada\n    repo: {_ADA}\n  - id: ada\n    repo: /srv/a.git\n",
        "PLP603",
        4,
        "'ada' is listed twice",
    ),
    (
        "same repository twice",
        f"students:\n  - id: ada\n    repo: {_ADA}\n  - id: bo\n    repo: {_ADA.removesuffix('.git')}/\n",
        "PLP603",
        4,
        "'bo' and 'ada' share a repository",
    ),
    (
        "branch with a space",
        f"students:\n  - id: ada\n    repo: {_ADA}\n    branch: my plp\n",
        "PLP605",
        4,
        "not a usable branch",
    ),
    ("branch like an option", f"students:\n  - id: ada\n    repo: {_ADA}\n    branch: -f\n", "PLP605", 4, "not a usable branch"),
]


@pytest.mark.parametrize(
    ("body", "code", "line", "words"), [case[1:] for case in ROSTER_MISTAKES], ids=[c[0] for c in ROSTER_MISTAKES]
)
def test_roster_mistakes_are_findings_at_their_line(tmp_path: Path, body: str, code: str, line: int, words: str) -> None:
    (tmp_path / "roster.yml").write_text(body, encoding="utf-8")
    found = read_roster(tmp_path).findings
    assert any(f.code == code and f.location.line == line and words in f.message for f in found), found
    assert all(f.location.path == "roster.yml" and f.location.line >= 1 and f.hint for f in found)


BAD_ADDRESSES = [
    "ext::sh -c touch% /tmp/owned",
    "ext::sh",
    "fd::17",
    "-uhelp",
    "--upload-pack=touch /tmp/owned",
    "http://git.example.org/ada.git",
    "git://git.example.org/ada.git",
    "ftp://git.example.org/ada.git",
    "https://ada:secret-token@github.com/gmuhs-plp/ada.git",
    "https://-oProxyCommand=x/ada.git",
    "https://github.com",
    "ssh://-oProxyCommand=touch/ada.git",
    "ssh://-user@host/ada.git",
    "ssh://host:port/ada.git",
    "git@-oProxyCommand=x:ada.git",
    "-oProxyCommand=x@host:ada.git",
    "git@github.com:-ada.git",
    "git@github.com:",
    "github.com:gmuhs-plp/ada.git",
    "file://host/srv/ada.git",
    "file:relative.git",
    "../ada.git",
    "ada.git",
    "C:\\repos\\ada.git",
    "https://github.com/gmuhs plp/ada.git",
    "https://github.com/ada.git\n--upload-pack=x",
]
GOOD_ADDRESSES = [
    "git@github.com:gmuhs-plp/maya-chen.git",
    "plp-bot@git.school.example:students/maya",
    "https://github.com/gmuhs-plp/maya-chen.git",
    "https://git.school.example:8443/plp/maya-chen",
    "https://teacher@git.school.example/plp/maya-chen.git",
    "ssh://git@github.com/gmuhs-plp/maya-chen.git",
    "ssh://git@[2001:db8::1]:2222/plp/maya.git",
    "file:///srv/git/maya-chen.git",
    "/srv/git/maya-chen.git",
]


@pytest.mark.parametrize("address", BAD_ADDRESSES)
def test_unsafe_or_unknown_addresses_are_refused(tmp_path: Path, address: str) -> None:
    assert address_problem(address) is not None
    quoted = address.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    (tmp_path / "roster.yml").write_text(f'students:\n  - id: ada\n    repo: "{quoted}"\n', encoding="utf-8")
    roster_read = read_roster(tmp_path)
    assert roster_read.entries == ()
    assert [(f.code, f.location.line) for f in roster_read.findings] == [("PLP604", 3)]


@pytest.mark.parametrize("address", GOOD_ADDRESSES)
def test_the_usual_addresses_are_accepted(tmp_path: Path, address: str) -> None:
    assert address_problem(address) is None
    (tmp_path / "roster.yml").write_text(f"students:\n  - id: ada\n    repo: {address}\n    branch: plp/2026\n", encoding="utf-8")
    roster_read = read_roster(tmp_path)
    assert roster_read.findings == ()
    assert [(e.id, e.repo, e.branch, e.line) for e in roster_read.entries] == [("ada", address, "plp/2026", 2)]


def test_a_roster_with_mistakes_syncs_nobody_and_runs_nothing(tmp_path: Path) -> None:
    ada = new_repository(tmp_path, "ada", plp_files("ada-lovelace"))
    marker = tmp_path / "owned"
    root = school_with(tmp_path, roster(("ada-lovelace", ada.url), ("bo-chen", f"'ext::sh -c touch% {marker}'")))
    code, out, err = sync(root)
    assert code == 2
    assert out.startswith("roster.yml:5:11: error PLP604 'ext::' addresses make git run a program")
    assert err == "plp sync: roster.yml has 1 mistake; nothing was synced\n"
    assert list((root / "students").iterdir()) == []
    assert not marker.exists()


def test_no_roster_is_a_usage_error(tmp_path: Path) -> None:
    root = make_school(tmp_path, {"mkdocs.yml": SCHOOL_YML})
    code, _, err = sync(root)
    assert code == 2
    assert err.startswith("plp sync: there is no roster.yml beside mkdocs.yml")


def test_the_school_gets_a_students_folder_from_its_roster(tmp_path: Path) -> None:
    ada = new_repository(tmp_path, "ada", plp_files("ada-lovelace"))
    root = tmp_path / "new-school"
    root.mkdir()
    (root / "mkdocs.yml").write_text(SCHOOL_YML, encoding="utf-8")
    (root / "roster.yml").write_text(roster(("ada-lovelace", str(ada.bare))), encoding="utf-8")
    assert sync(root)[0] == 0
    assert (root / "students" / "ada-lovelace" / "student.yml").is_file()


# What sync produced is built like any student folder; git's own folder is never read or published


def test_walking_a_clone_skips_gits_folder_but_not_a_link_named_git(tmp_path: Path) -> None:
    folder = tmp_path / "ada"
    (folder / ".git" / "objects").mkdir(parents=True)
    (folder / ".git" / "config").write_text("[core]\n", encoding="utf-8")
    (folder / ".github").mkdir()
    (folder / ".github" / "notes.md").write_text("x", encoding="utf-8")
    (folder / "evidence" / ".git").mkdir(parents=True)
    (folder / "evidence" / ".git" / "HEAD").write_text("x", encoding="utf-8")
    (folder / "student.yml").write_text("name: Ada\n", encoding="utf-8")
    assert sorted(e.relative for e in walk(folder)) == [".github/notes.md", "evidence/.git/HEAD", "student.yml"]
    other = tmp_path / "other"
    (folder / ".git").rename(other)
    (folder / ".git").symlink_to(other)
    assert ".git" in {e.relative for e in walk(folder)}, "a link named .git is reported like any link to a folder"


def test_a_link_in_a_students_repository_is_still_never_followed(tmp_path: Path) -> None:
    ada = new_repository(tmp_path, "ada", plp_files("ada-lovelace"))
    photo = ada.work / "evidence" / "images" / "side.jpg"
    photo.unlink()
    photo.symlink_to("/etc/hostname")  # a file of the school's computer, outside the student's folder
    ada.commit({}, "a link instead of a photo")
    root = school_with(tmp_path, roster(("ada-lovelace", ada.url)))
    assert sync(root)[0] == 0
    assert (root / "students" / "ada-lovelace" / "evidence" / "images" / "side.jpg").is_symlink()
    code, out, _ = run_plp("check", "--root", root)
    assert code == 1
    assert "students/ada-lovelace/evidence/images/side.jpg: error PLP010" in out


@pytest.fixture
def synced_school(tmp_path: Path) -> Iterator[Path]:
    """A school of three students, each with their own repository, after one plp sync."""
    students = {"ada-lovelace": ("Ada Lovelace", 9), "bo-chen": ("Bo Chen", 11), "cy-okafor": ("Cy Okafor", 7)}
    repositories = {sid: new_repository(tmp_path, sid, plp_files(sid, grade, name)) for sid, (name, grade) in students.items()}
    root = school_with(tmp_path, roster(*((sid, repositories[sid].url) for sid in students)))
    code, out, _ = sync(root, "--jobs", "3")
    assert (code, out.splitlines()[-1]) == (0, "synced 3 of 3 students (3 cloned, 0 updated, 0 unchanged, 0 need a teacher)")
    return root


def test_a_synced_school_is_checked_built_and_exported_without_gits_folder(synced_school: Path, tmp_path: Path) -> None:
    root = synced_school
    code, out, _ = run_plp("check", "--root", root)
    assert code == 0
    assert out.splitlines()[-1].startswith("3 students checked: 0 errors")
    code, out, err = run_plp("build", "--root", root, "--jobs", "1")
    assert code == 0, err
    assert out.startswith("built 3 of 3 students (0 unchanged, 0 failed)")
    published = [p.relative_to(root / "site").as_posix() for p in site_files(root / "site")]
    assert published, "the sites were written"
    assert not [p for p in published if ".git" in p.split("/") or "objects/pack" in p]
    git_config = (root / "students" / "ada-lovelace" / ".git" / "config").read_bytes()
    assert not [p for p in site_files(root / "site") if p.read_bytes() == git_config]
    assert all(b'[remote "origin"]' not in p.read_bytes() for p in site_files(root / "site"))
    # A sync that brings nothing new changes no student's build.
    assert sync(root)[0] == 0
    code, out, _ = run_plp("build", "--root", root, "--jobs", "1")
    assert code == 0
    assert out.startswith("built 0 of 3 students (3 unchanged, 0 failed)")
    zipped = tmp_path / "ada.zip"
    code, _, err = run_plp("export", "ada-lovelace", "--root", root, "--output", zipped)
    assert code == 0, err
    with zipfile.ZipFile(zipped) as archive:
        names = archive.namelist()
    assert "ada-lovelace-portfolio/source/student.yml" in names
    assert not [name for name in names if "/.git/" in name]
