"""The rules for a page's local links and its images' paths: written as students write them, with hints that name
the exact fix (the page file to write, the path from this page, `https://` for a web address)."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from urllib.parse import unquote, urlsplit

from plp_site.codes import finding
from plp_site.diagnostics import Finding
from plp_site.display import clip, visible
from plp_site.linktargets import GENERATED_PAGES, find_target, from_web_address, web_folder, written_from
from plp_site.model import Link, Page, Portfolio

__all__ = ["anchor_findings", "missing_hint", "outside_hint", "page_link_findings"]

_WEB_ENDINGS = frozenset(
    [
        "com",
        "org",
        "net",
        "edu",
        "gov",
        "io",
        "co",
        "cc",
        "us",
        "uk",
        "ca",
        "de",
        "es",
        "fr",
        "mx",
        "info",
        "dev",
        "app",
        "me",
        "tv",
        "ly",
    ]
)
_LABEL = re.compile(r"[a-z0-9-]{1,63}", re.IGNORECASE)
_GIT_HOSTS = ("github.com", "githubusercontent.com", "gitlab.com", "bitbucket.org", "gitlab.io")
_UPLOAD_HINT = (
    "this picture was pasted in the Git website's editor, so it lives on that website, not in your folder: open it, "
    "save it, add it to your folder (e.g. evidence/images/robot.jpg, with 'Add file' > 'Upload files') and write "
    "![what it shows](images/robot.jpg)"
)
_MAX_ANCHORS = 8


def _shown(text: str) -> str:
    return clip(visible(text))


def _pasted_upload(target: str) -> bool:
    """An attachment of a Git website's web editor: user-attachments, user-images, or GitLab's /uploads/."""
    try:
        parts = urlsplit(target.strip())
        host = (parts.hostname or "").lower()
    except ValueError:
        return False
    on_git_host = any(host == name or host.endswith("." + name) for name in _GIT_HOSTS)
    path = parts.path.lower()
    uploads = "/uploads/" in path or path.startswith("uploads/") or "user-attachments" in path
    return (on_git_host and (uploads or "user-images" in host or "private-user-images" in host)) or (not host and uploads)


def _looks_like_web_address(path: str) -> bool:
    """`www.arduino.cc` or `scratch.mit.edu/projects/1`: a website's name written without https://."""
    labels = path.split("/", 1)[0].split(".")
    if len(labels) < 2 or not all(_LABEL.fullmatch(label) for label in labels):
        return False
    return labels[0].lower() == "www" or labels[-1].lower() in _WEB_ENDINGS


def outside_hint(target: str, page: Page, files: frozenset[str]) -> str:
    """How to fix an image or link that is outside the folder or on another website."""
    if _pasted_upload(target):
        return _UPLOAD_HINT
    found = from_web_address(target, page.path, files)
    if found is not None:
        return f"paths are written from the page's file, not from its web address: write {written_from(page.path, found)}"
    return "copy the image into your folder (e.g. evidence/images/) and show it from there"


def missing_hint(target: str, page: Page, files: frozenset[str]) -> str | None:
    """A better hint than 'check the spelling' for a local path that names no file, when there is one."""
    path = unquote(target.split("#", 1)[0])
    if _looks_like_web_address(path):
        return f"a web address starts with https:// - write https://{clip(visible(path))}"
    if _pasted_upload(target):
        return _UPLOAD_HINT
    found = from_web_address(target, page.path, files)
    if found is not None:
        return f"paths are written from the page's file, not from its web address: write {written_from(page.path, found)}"
    return None


def page_link_findings(portfolio: Portfolio, page: Page, link: Link) -> Iterator[Finding]:
    """A link written as a web address (`../robot/`) to a page that does not exist: name the .md file to write."""
    path = unquote(link.target.split("#", 1)[0].split("?", 1)[0])
    stripped = path.rstrip("/")
    candidates = []
    for folder in (posixpath.dirname(page.path), web_folder(page.path)):
        joined = posixpath.normpath(posixpath.join(folder, stripped or "."))
        if joined not in (".", "..") and not joined.startswith("../"):
            candidates.append(written_from(page.path, joined + ".md"))
    file = candidates[-1] if candidates else "the-page.md"
    yield finding(
        "PLP305",
        link.location,
        f"the page '{_shown(link.target)}' does not exist",
        missing_hint(link.target, page, portfolio.files)
        or f"links to your pages name the page's file: write ({clip(visible(file))}) and make sure that file exists",
    )


def anchor_findings(portfolio: Portfolio, page: Page, link: Link) -> Iterator[Finding]:
    """A link to a heading (`#final-design`, `robot.md#usb`) names a heading or id the page has."""
    anchor = unquote(link.target.partition("#")[2])
    target = find_target(link.target, page.path, portfolio.files)
    if not anchor or target is None or target in GENERATED_PAGES:
        return
    linked = next((p for p in portfolio.pages if p.path == target), None)
    if linked is None or anchor in linked.anchors:
        return
    shown = ", ".join(f"#{clip(visible(a), 30)}" for a in linked.anchors[:_MAX_ANCHORS])
    more = ", …" if len(linked.anchors) > _MAX_ANCHORS else ""
    yield finding(
        "PLP306",
        link.location,
        f"'{_shown(link.target)}' links to a heading that is not on the page",
        f"the headings you can link to are: {shown}{more}" if shown else "that page has no headings to link to",
    )
