"""roster.yml, beside mkdocs.yml: which students keep their PLP in their own Git repository, and where.

```yaml
students:
  - id: maya-chen
    repo: git@github.com:gmuhs-plp/maya-chen.git
    branch: main          # optional; default: the repository's main branch
```

Every mistake is found in one pass and becomes a finding at roster.yml's line (PLP601-PLP605), like a student's
file. `read_roster` returns the entries and the findings; `roster_entries` is for callers that need a clean roster.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from plp_site.codes import finding
from plp_site.diagnostics import Finding
from plp_site.display import clip
from plp_site.model import SourceLocation
from plp_site.requirements import ConfigError
from plp_site.school import STUDENT_ID
from plp_site.suggest import did_you_mean
from plp_site.sync.addresses import address_problem, repository_key
from plp_site.yamlcheck import Loader, refused

__all__ = ["ROSTER", "Roster", "RosterEntry", "RosterError", "read_roster", "roster_entries"]

ROSTER = "roster.yml"
"""The roster's file name, in the school folder."""
_LIMIT = 1024 * 1024
_FIELDS = ("id", "repo", "branch")
_MEANT = {"repository": "repo", "url": "repo", "git": "repo", "remote": "repo", "name": "id", "student": "id"}
# git check-ref-format's rules for a branch name, without asking git.
_BRANCH = re.compile(r"^(?!-)(?!.*(?:\.\.|@\{|//|/\.|\.lock/|\.lock$|[/.]$))(?!\.)[^\x00-\x20\x7f~^:?*\[\\]+$")


@dataclass(frozen=True)
class RosterEntry:
    """One student of the roster: id, repository address, branch (None: the repository's main branch)."""

    id: str
    repo: str
    branch: str | None
    line: int
    """The line of roster.yml where the entry starts (findings about the repository point at it)."""

    @property
    def location(self) -> SourceLocation:
        """Where the entry is written in roster.yml."""
        return SourceLocation(ROSTER, self.line, 1)


@dataclass(frozen=True)
class Roster:
    """The entries that are fine, and a finding for each mistake."""

    entries: tuple[RosterEntry, ...]
    findings: tuple[Finding, ...]


class RosterError(ConfigError):
    """roster.yml is missing, or has mistakes (listed in `findings`)."""

    def __init__(self, message: str, findings: tuple[Finding, ...] = ()) -> None:
        super().__init__(message)
        self.findings = findings


def roster_entries(root: Path) -> tuple[RosterEntry, ...]:
    """Every student of the school's roster.yml; raise RosterError when it is missing or has a mistake."""
    roster = read_roster(root)
    if roster.findings:
        count = len(roster.findings)
        raise RosterError(f"{ROSTER} has {count} mistake{'' if count == 1 else 's'}", roster.findings)
    return roster.entries


def read_roster(root: Path) -> Roster:
    """The roster.yml in the school folder `root`, read and checked; raise RosterError when there is none."""
    path = root / ROSTER
    try:
        with path.open("rb") as handle:
            data = handle.read(_LIMIT + 1)
    except FileNotFoundError:
        raise RosterError(
            f"there is no {ROSTER} beside mkdocs.yml in {root}; write one that starts with `students:` and lists "
            "each student as `- id: maya-chen` with `repo: <the repository's address>` below it"
        ) from None
    except IsADirectoryError:
        raise RosterError(f"{path} is a folder; {ROSTER} must be a file") from None
    if len(data) > _LIMIT:
        return Roster((), (_problem(1, 1, f"{ROSTER} is larger than 1 MB", "keep only the list of students in it"),))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return Roster((), (_problem(1, 1, f"{ROSTER} is not saved as UTF-8 text", "save it again with the UTF-8 encoding"),))
    return _parse(text)


def _problem(line: int, column: int, message: str, hint: str, code: str = "PLP601") -> Finding:
    return finding(code, SourceLocation(ROSTER, line, column), message, hint)


def _at(node: yaml.Node) -> tuple[int, int]:
    mark = node.start_mark
    return (mark.line + 1, mark.column + 1) if mark else (1, 1)


def _parse(text: str) -> Roster:
    problem = refused(text)
    if problem:
        return Roster((), (_problem(problem.line, problem.column, problem.message, problem.hint),))
    try:
        top = yaml.compose(text, Loader=Loader)
    except yaml.YAMLError as error:  # refused() reads the same YAML first: seen only if the two disagree
        return Roster((), (_problem(1, 1, f"{ROSTER} is not valid YAML ({clip(str(error).splitlines()[0])})", _FIX),))
    findings: list[Finding] = []
    items = _student_nodes(top, findings)
    entries = [entry for item in items if (entry := _entry(item, findings)) is not None]
    kept = _without_repeats(entries, findings)
    return Roster(tuple(kept), tuple(sorted(findings, key=lambda f: (f.location, f.code))))


_FIX = "list each student as `- id: ...` with `repo: ...` on the line below it"


def _student_nodes(top: yaml.Node | None, findings: list[Finding]) -> list[yaml.Node]:
    if top is None or (isinstance(top, yaml.ScalarNode) and not top.value):
        findings.append(_problem(1, 1, f"{ROSTER} is empty", f"start it with `students:` and list the students below: {_FIX}"))
        return []
    if not isinstance(top, yaml.MappingNode):
        findings.append(_problem(*_at(top), f"{ROSTER} must start with `students:`", _FIX))
        return []
    students: yaml.Node | None = None
    for key, key_node, value in _pairs(top, findings):
        if key == "students":
            students = value
        else:
            findings.append(_unknown(key, key_node, ("students",), "the only setting in roster.yml is `students:`"))
    if students is None:
        findings.append(_problem(*_at(top), f"{ROSTER} has no `students:` line", _FIX))
        return []
    if isinstance(students, yaml.ScalarNode) and students.tag.endswith(":null"):
        return []
    if not isinstance(students, yaml.SequenceNode):
        findings.append(_problem(*_at(students), "`students:` must be a list, each student starting with `- id:`", _FIX))
        return []
    return list(students.value)


def _pairs(node: yaml.MappingNode, findings: list[Finding]) -> Iterator[tuple[str, yaml.Node, yaml.Node]]:
    """The keys (as text and as written) and values of a block; a repeated key is a finding and its value is skipped."""
    seen: set[str] = set()
    for key_node, value in node.value:
        key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else ""
        if key in seen:
            findings.append(_problem(*_at(key_node), f"`{clip(key, 30)}:` is written twice here", "keep one of the two lines"))
            continue
        seen.add(key)
        yield key, key_node, value


def _unknown(key: str, key_node: yaml.Node, known: tuple[str, ...], hint: str) -> Finding:
    meant = _MEANT.get(key.lower()) or did_you_mean(key, known)
    if meant in known:
        return _problem(*_at(key_node), f"`{clip(key, 30)}:` is not a roster setting; did you mean `{meant}:`?", hint)
    return _problem(*_at(key_node), f"`{clip(key, 30)}:` is not a roster setting", hint)


def _entry(node: yaml.Node, findings: list[Finding]) -> RosterEntry | None:
    if not isinstance(node, yaml.MappingNode):
        findings.append(_problem(*_at(node), "each student must be written as `- id: ...` with `repo: ...` below it", _FIX))
        return None
    values: dict[str, yaml.Node] = {}
    for key, key_node, value in _pairs(node, findings):
        if key in _FIELDS:
            values[key] = value
        else:
            findings.append(_unknown(key, key_node, _FIELDS, "a student has `id:`, `repo:` and, if needed, `branch:`"))
    line = _at(node)[0]
    student_id = _text(values, "id", node, findings)
    repo = _text(values, "repo", node, findings)
    branch = _text(values, "branch", node, findings, required=False)
    good = [
        _id_fine(student_id, values, findings),
        _repo_fine(repo, values, findings),
        branch is None or _branch_fine(branch, values["branch"], findings),
    ]
    if student_id is None or repo is None or not all(good):
        return None
    return RosterEntry(student_id, repo, branch, line)


def _text(
    values: dict[str, yaml.Node], key: str, entry: yaml.Node, findings: list[Finding], *, required: bool = True
) -> str | None:
    node = values.get(key)
    if node is None or (isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null")):
        if required:
            where = _at(node or entry)
            findings.append(_problem(where[0], where[1], f"this student has no `{key}:`", f"add the line `{key}: ...` to it"))
        return None
    if not isinstance(node, yaml.ScalarNode):
        findings.append(_problem(*_at(node), f"`{key}:` must be one value on the same line, not a list or a block", _FIX))
        return None
    return str(node.value)


def _id_fine(student_id: str | None, values: dict[str, yaml.Node], findings: list[Finding]) -> bool:
    if student_id is None or STUDENT_ID.match(student_id):
        return True
    findings.append(
        _problem(
            *_at(values["id"]),
            f"'{clip(student_id, 40)}' is not a valid student id",
            "write the id in lowercase letters, digits and hyphens, e.g. maya-chen: it is the student's folder name",
            "PLP602",
        )
    )
    return False


def _repo_fine(repo: str | None, values: dict[str, yaml.Node], findings: list[Finding]) -> bool:
    problem = None if repo is None else address_problem(repo)
    if problem:
        findings.append(_problem(*_at(values["repo"]), problem[0], problem[1], "PLP604"))
    return problem is None


def _branch_fine(branch: str, node: yaml.Node, findings: list[Finding]) -> bool:
    if _BRANCH.match(branch) and branch != "@":
        return True
    findings.append(
        _problem(
            *_at(node),
            f"'{clip(branch, 40)}' is not a usable branch name",
            "write the branch's name as Git shows it, e.g. `branch: main`, or leave the line out",
            "PLP605",
        )
    )
    return False


def _without_repeats(entries: list[RosterEntry], findings: list[Finding]) -> list[RosterEntry]:
    """The entries, each id and repository once: a repeat is a finding and neither entry is synced."""
    first: dict[tuple[str, str], int] = {}
    repeated: set[int] = set()
    for index, entry in enumerate(entries):
        for key in (("id", entry.id), ("repo", repository_key(entry.repo))):
            earlier = entries[first.setdefault(key, index)]
            if earlier is not entry:
                what = (
                    f"'{entry.id}' is listed twice" if key[0] == "id" else f"'{entry.id}' and '{earlier.id}' share a repository"
                )
                hint = f"keep one entry for each student, each with the student's own repository (the other: line {earlier.line})"
                findings.append(_problem(entry.line, 1, what, hint, "PLP603"))
                repeated.update((index, first[key]))
                break
    return [entry for index, entry in enumerate(entries) if index not in repeated]
