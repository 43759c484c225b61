"""Small helpers to write Markdown and HTML safely from student text (pure)."""

from __future__ import annotations

import html
import posixpath
import re

from markupsafe import Markup

__all__ = ["attr", "md_link", "md_text", "relative", "theme_text"]

# Every character that HTML or Markdown (with any extension a school may turn on) could read as syntax.
_SYNTAX = re.compile(r"""[&<>"'\\`*_{}\[\]()#+\-.!|~:=^$%@/]""")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}


def _reference(match: re.Match[str]) -> str:
    character = match.group()
    return _ENTITIES.get(character) or f"&#{ord(character)};"


def md_text(text: str) -> str:
    """Text (a student's or a school's) as inert Markdown and HTML, on one line.

    Each syntax character is written as a character reference, which Markdown passes through and HTML shows
    as the character: the same text is safe in a paragraph, a heading, a table cell, link or alt text, inside
    an HTML element and in a quoted attribute value.
    """
    return _SYNTAX.sub(_reference, " ".join(text.split()))


def attr(text: str) -> str:
    """Text for an HTML attribute value or element body (in HTML that Markdown does not read)."""
    return html.escape(text, quote=True)


def theme_text(text: str) -> Markup:
    """Text for the theme's templates (site name, titles, descriptions): escaped once for every place a template
    prints it, in an element or a quoted attribute; the templates' `e` filter leaves it as it is."""
    return Markup.escape(" ".join(text.split()))


def relative(target: str, from_page: str) -> str:
    """The path of a file in the site relative to the folder of a page (both relative to the site root)."""
    return posixpath.relpath(target, posixpath.dirname(from_page) or ".")


def md_link(title: str, target: str, from_page: str) -> str:
    """A Markdown link from one page to another file of the site; MkDocs turns it into the right URL."""
    path = relative(target, from_page).replace(" ", "%20").replace(")", "%29").replace("(", "%28")
    return f"[{md_text(title)}]({path})"
