"""The photo, video, recording, drawing or document an evidence page shows first, taken out of the student's text so
the page can show it above its facts (what a family looks at first on a phone, and what a screen reader reaches
first after the title).

Pure: Markdown text in, Markdown text out. Only an image written alone in its own paragraph is taken
(`![alt](target)`, with an optional title and `{ attributes }`); an image inside a sentence, a list, a quote or
a code block stays where the student put it, and the page then keeps its facts first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from plp_site.scan import blank_code

__all__ = ["Lead", "split_lead"]

# Alt text without nested brackets, then the address (optionally in <...>) and an optional title: each part has
# one way to match, so a long line is read without backtracking.
_IMAGE_LINE = r"!\[(?:[^\]\\\n]|\\.)*\]\(\s*(?P<target><[^>\n]*>|[^\s)]+)(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'))?\s*\)"
_ALONE = re.compile(rf"{_IMAGE_LINE}(?:[ \t]*\{{[^}}\n]*\}})?[ \t]*")


@dataclass(frozen=True)
class Lead:
    """A body split in two: the paragraph of its first shown file, and the rest of the body without it."""

    media: str
    rest: str


def split_lead(body: str, target: str) -> Lead | None:
    """The body's first paragraph that holds only the image with this target (as the student wrote it), taken out;
    None when the image is not written alone in a paragraph of its own."""
    lines = body.split("\n")
    prose = blank_code(body).split("\n")
    for index, line in enumerate(prose):
        found = _ALONE.fullmatch(line)
        if found is None or found.group("target").strip("<>") != target or lines[index] != line:
            continue
        before = index == 0 or not lines[index - 1].strip()
        after = index == len(lines) - 1 or not lines[index + 1].strip()
        if before and after:
            return Lead(line, "\n".join(lines[:index] + lines[index + 1 :]))
    return None
