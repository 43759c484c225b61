"""The page an old family link shows after its student got a new one (`plp rotate-link`): the link has changed,
ask the school for the new one.

The page is in the family's language and carries the school's name. It names no student, links nowhere, loads
nothing but its own small stylesheet, and holds nothing of the old site.
"""

from __future__ import annotations

import html

from plp_site.i18n import interface_language, labels_for
from plp_site.requirements import Requirements

__all__ = ["NOTICE_FOLDERS", "notice_files"]

NOTICE_FOLDERS = ("", "goals", "reflections", "evidence", "skills", "conference", "conferences", "postsecondary")
"""Where the notice is written: the top of the old folder and the folders of plp's own pages, whose names are
plp's words, never a student's (so an old bookmark of the Goals page shows it too)."""
_STYLESHEET = "plp-notice.css"
_CSS = """body { font: 1.125rem/1.6 system-ui, sans-serif; max-width: 36rem; margin: 3rem auto; padding: 0 1rem;
  color: #1f2937; background: #fff; }
h1 { font-size: 1.75rem; line-height: 1.3; margin: 0 0 1rem; }
p { margin: 0 0 1.25rem; }
.school { font-weight: 600; color: #374151; margin-bottom: .5rem; }
"""
_PAGE = """<!doctype html>
<html lang="{language}" dir="{direction}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<link rel="stylesheet" href="{stylesheet}">
<title>{title}</title>
</head>
<body>
<main>
{school}<h1>{heading}</h1>
<p>{text}</p>
</main>
</body>
</html>
"""


def _page(language: str, direction: str, words: dict[str, str], depth: int) -> str:
    school = words["school"]
    return _PAGE.format(
        language=html.escape(language),
        direction=direction,
        stylesheet="../" * depth + _STYLESHEET,
        title=html.escape(f"{words['title']} · {school}" if school else words["title"]),
        school=f'<p class="school">{html.escape(school)}</p>\n' if school else "",
        heading=html.escape(words["title"]),
        text=html.escape(words["text"]),
    )


def notice_files(language: str | None, requirements: Requirements) -> dict[str, str]:
    """The files of an old address's folder, by path in it: the notice in the family's `language` (the school's
    when it is unknown) at the top and in each of plp's own page folders, and its stylesheet."""
    code = interface_language(language, requirements.language, school_words=requirements.translations)
    labels = labels_for(code, requirements.translations)
    words = {"title": labels("link_changed_title"), "text": labels("link_changed_text"), "school": requirements.school_name}
    files = {
        f"{folder}/index.html".lstrip("/"): _page(labels.language, labels.direction, words, 1 if folder else 0)
        for folder in NOTICE_FOLDERS
    }
    files[_STYLESHEET] = _CSS
    return files
