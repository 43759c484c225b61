"""Small helpers to write Markdown and HTML safely from student text (pure)."""

from __future__ import annotations

import html
import posixpath
import re

__all__ = ["attr", "md_link", "md_text", "relative"]

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~>-])")


def md_text(text: str) -> str:
    """Student text as inert Markdown: HTML characters escaped, Markdown syntax backslash-escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(" ".join(text.split()), quote=False))


def attr(text: str) -> str:
    """Text for an HTML attribute value or element body."""
    return html.escape(text, quote=True)


def relative(target: str, from_page: str) -> str:
    """The path of a file in the site relative to the folder of a page (both relative to the site root)."""
    return posixpath.relpath(target, posixpath.dirname(from_page) or ".")


def md_link(title: str, target: str, from_page: str) -> str:
    """A Markdown link from one page to another file of the site; MkDocs turns it into the right URL."""
    path = relative(target, from_page).replace(" ", "%20").replace(")", "%29").replace("(", "%28")
    return f"[{md_text(title)}]({path})"
