"""A failed clone or fetch as a finding a teacher can act on: not found, sign-in refused, no such branch, no answer.

git says what went wrong only in words (run with LC_ALL=C, so always in English); the clues below are the phrases
git, ssh and the big hosting services use. Whatever is not recognized becomes PLP609 with git's own words.
"""

from __future__ import annotations

from plp_site.codes import finding
from plp_site.diagnostics import Finding
from plp_site.display import clip
from plp_site.model import SourceLocation
from plp_site.sync.git import GitResult
from plp_site.sync.roster import RosterEntry

__all__ = ["failure", "git_said"]

_OWNERSHIP = ("dubious ownership", "unsafe repository")
_HOST_KEY = ("host key verification failed",)
_SIGN_IN = (
    "authentication failed",
    "could not read username",
    "could not read password",
    "terminal prompts disabled",
    "permission denied (publickey",
    "permission denied, please try again",
    "invalid username or password",
    "returned error: 401",
    "returned error: 403",
)
_BRANCH = ("couldn't find remote ref", "not found in upstream")
_NOT_FOUND = (
    "repository not found",
    "does not appear to be a git repository",
    "does not exist",
    "returned error: 404",
    "no such file or directory",
)
_UNREACHABLE: tuple[str, ...] = (
    "could not resolve host",
    "could not resolve hostname",
    "connection refused",
    "connection timed out",
    "network is unreachable",
    "no route to host",
    "unable to access",
)
_CLUES = (*_OWNERSHIP, *_HOST_KEY, *_SIGN_IN, *_BRANCH, *_NOT_FOUND, *_UNREACHABLE)


def git_said(result: GitResult) -> str:
    """git's most telling line, shortened: one that names a known cause, else its `fatal:` or `error:` line.

    It can quote a server's text: printers pass it through display.visible like any text they did not write."""
    lines = [line.strip() for line in result.stderr.splitlines() if line.strip()]
    telling = (
        [line for line in lines if any(clue in line.lower() for clue in _CLUES)]
        or [line for line in lines if line.lower().startswith(("fatal:", "error:"))]
        or lines
        or ["no message"]
    )
    text = telling[0]
    for prefix in ("fatal:", "error:", "FATAL:", "ERROR:"):
        text = text.removeprefix(prefix).strip()
    return clip(text, 160)


def failure(result: GitResult, entry: RosterEntry, *, seconds: float, folder: str, branch: str | None) -> Finding:
    """The finding for a clone or fetch of entry's repository that failed (folder: the student's, from the root;
    branch: the one asked for, if any)."""
    said = git_said(result)
    where = entry.location
    if result.timed_out:
        return finding(
            "PLP609",
            where,
            f"{entry.id}: the repository did not answer within {seconds:g} seconds",
            "check the network and run plp sync again, or give each repository more time with --timeout",
        )
    text = result.stderr.lower()
    if any(clue in text for clue in _OWNERSHIP):
        return finding(
            "PLP611",
            SourceLocation(folder),
            f"{entry.id}: git will not work in {folder} because another user owns it ({said})",
            "run plp sync as the user who owns students/, or tell git to trust the folder: "
            "git config --global --add safe.directory FULL-PATH-OF-THE-FOLDER",
        )
    if any(clue in text for clue in _HOST_KEY):
        return finding(
            "PLP607",
            where,
            f"{entry.id}: this computer does not know the server's key yet ({said})",
            "connect to the server once by hand (e.g. ssh -T git@github.com) to check and accept its key, "
            "then run plp sync again",
        )
    return _by_clue(text, entry, where, said, branch)


def _by_clue(text: str, entry: RosterEntry, where: SourceLocation, said: str, branch: str | None) -> Finding:
    if any(clue in text for clue in _SIGN_IN):
        return finding(
            "PLP607",
            where,
            f"{entry.id}: signing in to the repository failed ({said})",
            "set up this computer's SSH key or saved sign-in (credential helper) for the server, then run plp sync again",
        )
    if branch and any(clue in text for clue in _BRANCH):
        return finding(
            "PLP608",
            where,
            f"{entry.id}: the repository has no branch '{clip(branch, 60)}'",
            "write the name of one of the repository's branches, or leave `branch:` out to use its main branch",
        )
    not_found = any(clue in text for clue in _NOT_FOUND)
    if not not_found and any(clue in text for clue in _UNREACHABLE):
        return finding(
            "PLP609",
            where,
            f"{entry.id}: the repository's server could not be reached ({said})",
            "check the network and the server's name in the address, then run plp sync again",
        )
    if not_found or "could not read from remote repository" in text:
        # ssh says only this when the server refused without saying why: a wrong address or no access.
        return finding(
            "PLP606",
            where,
            f"{entry.id}: the repository {clip(entry.repo, 200)} was not found, or this computer may not read it ({said})",
            "check the address, and ask the student to share the repository with the school's account",
        )
    return finding(
        "PLP609",
        where,
        f"{entry.id}: git could not read the repository ({said})",
        "follow git's message, then run plp sync again",
    )
