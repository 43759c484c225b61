"""Which file of a student's folder a local link names, read the ways students write links.

A link is written from the page's file (`goals/robot-arm.md` links to `../evidence/arm.md`), but students who know
MkDocs write it from the page's web address instead (`goals/robot-arm/` links to `../../evidence/arm/`). Both
`plp check` and the build read a link with these same functions, so what check accepts works on the site.
"""

from __future__ import annotations

import posixpath
from collections.abc import Collection
from urllib.parse import unquote

from plp_site.scan import resolve

__all__ = ["GENERATED_PAGES", "find_target", "from_web_address", "page_file_for", "web_folder", "written_from"]

GENERATED_PAGES = frozenset(
    {"index.md", "goals/index.md", "reflections/index.md", "evidence/index.md", "skills/index.md", "conference/index.md"}
    | {"conferences/index.md"}
)
"""The pages plp-site writes for every student (a student may link to them)."""


def web_folder(page_path: str) -> str:
    """The folder of a page's web address, relative to the student folder: `goals/x.md` is at `goals/x/`."""
    folder, name = posixpath.split(page_path)
    if name in ("index.md", "README.md"):
        return folder
    return posixpath.join(folder, name.removesuffix(".md"))


def _path_part(target: str) -> str:
    return unquote(target.split("#", 1)[0].split("?", 1)[0]).replace("\\", "/")


def page_file_for(address: str) -> tuple[str, ...]:
    """The page files a web address without a file ending may stand for: `robot/` is robot.md or robot/index.md."""
    stripped = address.rstrip("/")
    if posixpath.splitext(posixpath.basename(stripped))[1] and not address.endswith("/"):
        return ()
    if stripped in ("", "."):
        return ("index.md",)
    return (f"{stripped}.md", f"{stripped}/index.md")


def _exists(path: str, files: Collection[str]) -> bool:
    return path in files or path in GENERATED_PAGES


def find_target(target: str, page_path: str, files: Collection[str]) -> str | None:
    """The file a local link names (relative to the student folder): as written from the page's file; else, for a
    web address like `../robot/`, the page it stands for, read from the page's file or from its web address.

    Falls back to the plain reading (scan.resolve), which may name a missing file or be None (outside the folder)."""
    plain = resolve(target, page_path)
    if plain is not None and _exists(plain, files):
        return plain
    path = _path_part(target)
    if not path or not page_file_for(path):
        return plain
    for folder in (posixpath.dirname(page_path), web_folder(page_path)):
        joined = posixpath.normpath(posixpath.join(folder, path))
        if joined == ".." or joined.startswith("../") or path.startswith("/"):
            continue
        for candidate in page_file_for(joined + "/"):
            if _exists(candidate, files):
                return candidate
    return plain


def written_from(page_path: str, path: str) -> str:
    """A file's path (relative to the student folder) as a link on this page writes it."""
    return posixpath.relpath(path, posixpath.dirname(page_path) or ".")


def from_web_address(target: str, page_path: str, files: Collection[str]) -> str | None:
    """The file a path names when it is read from the page's web address instead of its file (None when there is
    no such file): `../../evidence/images/x.jpg` on evidence/arm.md is evidence/images/x.jpg."""
    path = _path_part(target)
    if not path or path.startswith("/"):
        return None
    joined = posixpath.normpath(posixpath.join(web_folder(page_path), path))
    return joined if not joined.startswith("..") and joined in files else None
