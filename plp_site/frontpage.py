"""The page at the top of the published folder: it lists no student, and says in every shipped language that each
portfolio has its own private link to ask the school for."""

from __future__ import annotations

import html

from plp_site.i18n import available_languages, labels_for

__all__ = ["front_page"]

_ENGLISH = "en"

_HEAD = """<!doctype html>
<html lang="en" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<link rel="icon" href="data:,">
<title>{title}</title>
<style>body{{font:1.125rem/1.6 system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#1f2937}}
p{{margin:0 0 1.25rem}}</style>
</head>
<body>
<main>
<h1>{title}</h1>
"""
_TAIL = """</main>
</body>
</html>
"""


def _paragraph(language: str) -> str:
    labels = labels_for(language)
    text = html.escape(labels("portfolios_private"))
    # The page's heading already says the English title.
    title = "" if language == _ENGLISH else f"<strong>{html.escape(labels('portfolios_title'))}</strong><br>"
    # Each paragraph carries its language, so a screen reader reads it in the right voice and Arabic runs right to left.
    return f'<p lang="{html.escape(language)}" dir="{labels.direction}">{title}{text}</p>\n'


def front_page() -> str:
    """The front page's HTML: English first, then each other shipped language."""
    others = [code for code in available_languages() if code != _ENGLISH]
    title = html.escape(labels_for(_ENGLISH)("portfolios_title"))
    return _HEAD.format(title=title) + "".join(_paragraph(code) for code in [_ENGLISH, *others]) + _TAIL
