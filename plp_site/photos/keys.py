"""What Git already knows about a school's files: the blob id of every tracked, unmodified file.

A fresh clone gives every file a new modification time, so plp would read and hash every photo again to find its
processed copies in a restored cache. Git has hashed them already: `git ls-files` lists the blob id of each file in
its index, and with `--modified` the files whose content differs from it (git compares the content whenever the
file's status has changed, so a touched but unchanged file still counts as unmodified). One call per build, for
the whole school. The id is used as the file's key with a prefix, so it never equals a content hash.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Final

from plp_site.sync.git import REPOSITORY_VARIABLES, find_git

__all__ = ["GIT_BLOB", "is_git_key", "tracked_blobs"]

GIT_BLOB: Final = "git-blob:"
_TIMEOUT_SECONDS: Final = 60
_REGULAR_MODES: Final = (b"100644", b"100755")  # not links (120000), whose blob is the link's target, nor submodules
# ls-files prints each entry with a tag: H cached, C modified or deleted, lower case when marked "assume unchanged"
# (then git does not look at the file at all), S skip-worktree. Only H entries never listed as C are trusted.
_COMMAND: Final = (
    "-c", "core.fsmonitor=false",  # a repository's settings must not run a program, nor answer for the files
    "ls-files", "-z", "-v", "--stage", "--cached", "--modified",
)  # fmt: skip


def is_git_key(digest: str) -> bool:
    """Whether a file's key is Git's blob id rather than the sha256 of its bytes."""
    return digest.startswith(GIT_BLOB)


def tracked_blobs(root: Path) -> dict[str, str]:
    """`GIT_BLOB` + blob id of every tracked, unmodified regular file under root, by its path (root / relative, as
    text). Empty when git is missing, root is not in a Git work tree, or git fails: then every file is hashed."""
    program = find_git()
    if program is None:
        return {}
    environment = {name: value for name, value in os.environ.items() if name not in REPOSITORY_VARIABLES}
    try:
        done = subprocess.run(
            [program, "-C", str(root), *_COMMAND],
            capture_output=True,
            stdin=subprocess.DEVNULL,
            env=environment,
            timeout=_TIMEOUT_SECONDS,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return {}
    return _parse(done.stdout, root) if done.returncode == 0 else {}


def _parse(listing: bytes, root: Path) -> dict[str, str]:
    clean: dict[bytes, bytes] = {}
    changed: set[bytes] = set()
    for record in listing.split(b"\0"):
        head, tab, name = record.partition(b"\t")
        fields = head.split(b" ")
        if not tab or len(fields) != 4:
            continue
        tag, mode, blob, stage = fields
        if tag == b"H" and mode in _REGULAR_MODES and stage == b"0":
            clean[name] = blob
        else:
            changed.add(name)
    # Plain strings, not Path objects: a school has tens of thousands of files.
    top = os.path.join(str(root), "")  # noqa: PTH118
    return {top + os.fsdecode(name): GIT_BLOB + blob.decode("ascii") for name, blob in clean.items() if name not in changed}
