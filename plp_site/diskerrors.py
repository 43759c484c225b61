"""Plain words for a file or folder the system refuses to write: a full disk, a used-up quota, a read-only disk,
no permission. A teacher reads "the disk is full at staff-site/index.html", never a Python error."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from plp_site.display import clip, visible

__all__ = ["WriteError", "plain_words", "write_whole", "writing"]

_WORDS = {
    errno.ENOSPC: "the disk is full at {where}",
    errno.EROFS: "the disk is read-only at {where}",
    errno.EACCES: "plp has no permission to write at {where}",
    errno.EPERM: "plp has no permission to write at {where}",
    errno.EFBIG: "a file is larger than the disk allows at {where}",
    errno.EIO: "the disk could not be read or written at {where} (a hardware or network problem)",
    errno.ENAMETOOLONG: "a file name is too long for the disk at {where}",
    errno.EMFILE: "too many files are open at once at {where}",
}
if hasattr(errno, "EDQUOT"):  # not on Windows
    _WORDS[errno.EDQUOT] = "the disk quota is used up at {where}"


class WriteError(Exception):
    """A file or folder could not be written; the message says where and why in plain words."""


def _where(error: OSError, fallback: Path | None, root: Path | None) -> str | None:
    # A copy names its source first and its destination second (shutil): the destination is where the write failed.
    named = error.filename2 if error.filename2 is not None else error.filename
    path = Path(os.fsdecode(named)) if isinstance(named, str | bytes) else fallback
    if path is None:
        return None
    if root is not None and path.is_absolute() and path.is_relative_to(root):
        path = path.relative_to(root)
    # Paths under a site hold the names of a student's pages: kept on one line and short.
    return visible(clip(str(path), 240))


def plain_words(error: OSError, fallback: Path | None = None, root: Path | None = None) -> str:
    """What went wrong, in one line: why and where (`fallback` when the error names no file), relative to root."""
    if error.errno is None:  # an OSError that plp-site raised itself says what happened in words already
        return visible(clip(str(error), 240))
    where = _where(error, fallback, root)
    words = _WORDS.get(error.errno)
    if words:
        return words.format(where=where) if where else words.split(" at {where}")[0]
    reason = (error.strerror or "an error of the operating system").lower()
    return f"{where} could not be written: {reason}" if where else f"the operating system refused: {reason}"


@contextlib.contextmanager
def writing(where: Path, root: Path | None = None) -> Iterator[None]:
    """Turn an OSError while writing into a WriteError in plain words (`where` when the error names no file)."""
    try:
        yield
    except OSError as error:
        raise WriteError(plain_words(error, where, root)) from error


def write_whole(path: Path, data: str | bytes) -> None:
    """Write a file whole or not at all (a full disk leaves the last complete version); raise WriteError."""
    with writing(path):
        handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        temporary = Path(name)
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data.encode("utf-8") if isinstance(data, str) else data)
            temporary.chmod(0o644)  # mkstemp makes it private; a web server must read it
            temporary.replace(path)
        except BaseException:
            with contextlib.suppress(OSError):
                temporary.unlink()
            raise
