"""Run the `git` command for plp sync: argument lists (never a shell), no prompts, a deadline, a clean environment.

A missing or refused sign-in must fail at once, not wait for someone to type a password: git is told not to ask
(GIT_TERMINAL_PROMPT=0 and friends), gets no input, and runs in a session of its own, so neither git nor ssh has
a terminal to ask on. When the deadline passes, the whole session (git, ssh, the https helper) is stopped.
Settings that could run a program from a repository's own configuration (hooks, fsmonitor) are turned off, and
only the https, ssh and file transports are allowed.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = ["REPOSITORY_VARIABLES", "Git", "GitResult", "find_git"]

# `-c` settings for every command: the allowed transports, and nothing a repository's own settings could run.
_SAFE = (
    "-c", "protocol.allow=never",
    "-c", "protocol.https.allow=always",
    "-c", "protocol.ssh.allow=always",
    "-c", "protocol.file.allow=always",
    "-c", f"core.hooksPath={os.devnull}",
    "-c", "core.fsmonitor=false",
    "-c", "submodule.recurse=false",
    "-c", "advice.detachedHead=false",
)  # fmt: skip
# Variables that would point git at another repository than the one it is run in (set inside a git hook, say).
REPOSITORY_VARIABLES = (
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_COMMON_DIR",
    "GIT_NAMESPACE",
    "GIT_PREFIX",
)
_NO_PROMPTS = {
    "GIT_TERMINAL_PROMPT": "0",  # git's own username/password prompt
    "GCM_INTERACTIVE": "never",  # Git Credential Manager's sign-in window
    "SSH_ASKPASS_REQUIRE": "never",  # ssh's password window
    "GIT_ASKPASS": "",
    "SSH_ASKPASS": "",
    # git's messages are read to tell a missing repository from a refused sign-in: always in English.
    "LC_ALL": "C",
    "LANGUAGE": "",
}


def find_git() -> str | None:
    """The git program on this computer's PATH, or None when git is not installed."""
    return shutil.which("git")


@dataclass(frozen=True)
class GitResult:
    """How one git command ended."""

    code: int
    stdout: str
    stderr: str
    timed_out: bool = False

    @property
    def ok(self) -> bool:
        """Whether git succeeded."""
        return self.code == 0 and not self.timed_out


class Git:
    """Runs git commands for one plp sync, from any number of threads; `stop` ends every running command."""

    def __init__(self, program: str, students_dir: Path, environ: Mapping[str, str] | None = None) -> None:
        self.program = program
        env = {k: v for k, v in (os.environ if environ is None else environ).items() if k not in REPOSITORY_VARIABLES}
        # A student folder that is not a clone must never be taken for part of the school's own repository.
        self.env = {**env, **_NO_PROMPTS, "GIT_CEILING_DIRECTORIES": str(students_dir)}
        self._running: set[subprocess.Popen[str]] = set()
        self._lock = threading.Lock()
        self._stopped = False

    def run(self, args: Sequence[str], cwd: Path, deadline: float) -> GitResult:
        """Run `git ARGS` in cwd until the deadline (a time.monotonic() value)."""
        with self._lock:
            if self._stopped:
                return GitResult(1, "", "stopped", timed_out=True)
            process = subprocess.Popen(
                [self.program, *_SAFE, *args],
                cwd=cwd,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                encoding="utf-8",
                errors="replace",
                start_new_session=True,
            )
            self._running.add(process)
        try:
            stdout, stderr = process.communicate(timeout=max(deadline - time.monotonic(), 0.001))
        except subprocess.TimeoutExpired:
            _end(process)
            stdout, stderr = _leftover(process)
            return GitResult(process.returncode or 1, stdout, stderr, timed_out=True)
        finally:
            with self._lock:
                self._running.discard(process)
        return GitResult(process.returncode, stdout, stderr)

    def stop(self) -> None:
        """End every running command and refuse new ones (the user pressed Ctrl-C)."""
        with self._lock:
            self._stopped = True
            running = list(self._running)
        for process in running:
            _end(process)


def _leftover(process: subprocess.Popen[str]) -> tuple[str, str]:
    """What a stopped command printed; a helper that left the session could hold its output open: stop waiting."""
    try:
        return process.communicate(timeout=5)
    except subprocess.TimeoutExpired:
        process.wait()
        return "", ""


def _end(process: subprocess.Popen[str]) -> None:
    """Stop git and everything it started (ssh, the https helper): they share its session."""
    killpg = getattr(os, "killpg", None)
    try:
        if killpg is not None:
            killpg(process.pid, signal.SIGKILL)
        else:  # pragma: no cover - Windows has no process groups of this kind
            process.kill()
    except (ProcessLookupError, PermissionError):
        pass
