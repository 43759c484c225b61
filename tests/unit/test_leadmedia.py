"""plp_site.leadmedia: the first shown file of an evidence page taken out of the student's text, only when the
student wrote it alone in its own paragraph; checked by rendering both parts with the build's Markdown."""

from __future__ import annotations

import re

import pytest

from plp_site.leadmedia import split_lead
from plp_site.render import render_page

TARGET = "../../assets/images/0123456789abcdef0123/960.jpg"
# The ways a student writes an image alone on its line, as Markdown reads it.
ALONE = [
    f"![A robot arm]({TARGET})",
    f'![A robot arm]({TARGET} "The arm, side view")',
    f"![A robot arm](<{TARGET}>)",
    f"![A robot arm]({TARGET}){{ .wide }}",
    f"![A robot arm with \\[brackets\\] in its words]({TARGET})",
    f"![]({TARGET})",
]
# The same image where it belongs to something else: it stays where the student put it.
NOT_ALONE = [
    "See ![A robot arm]({t}) here.",
    "- ![A robot arm]({t})",
    "> ![A robot arm]({t})",
    "```\n![A robot arm]({t})\n```",
    "    ![A robot arm]({t})",
    "`![A robot arm]({t})`",
    "Some words\n![A robot arm]({t})",
    "![A robot arm]({t})\nsome words right under it",
    "1. A step\n\n   ![A robot arm]({t})",
]


def images(markdown: str) -> list[str]:
    rendered = render_page(markdown, 1)
    assert rendered.html is not None
    return re.findall(r'<img [^>]*src="([^"]+)"', rendered.html)


@pytest.mark.parametrize("line", ALONE)
@pytest.mark.parametrize(("before", "after"), [("", ""), ("Intro words.\n\n", ""), ("", "\n\nWords after."), ("A\n\n", "\n\nB")])
def test_an_image_alone_in_its_paragraph_is_taken_out(line: str, before: str, after: str) -> None:
    body = before + line + after
    lead = split_lead(body, TARGET)
    assert lead is not None
    assert lead.media == line
    assert images(lead.media) == [TARGET], "the lifted paragraph shows the image"
    assert TARGET not in images(lead.rest), "the rest no longer shows it"
    assert render_page(lead.rest, 1).html == render_page(before + after, 1).html, "the rest is the text around it"


@pytest.mark.parametrize("template", NOT_ALONE)
def test_an_image_inside_other_markdown_stays(template: str) -> None:
    body = "Intro.\n\n" + template.format(t=TARGET) + "\n\nEnd."
    assert split_lead(body, TARGET) is None


def test_only_the_named_image_is_taken_and_only_once() -> None:
    other = TARGET.replace("960.jpg", "480.jpg")
    body = f"![first]({other})\n\n![second]({TARGET})\n\n![again]({TARGET})\n"
    lead = split_lead(body, TARGET)
    assert lead is not None
    assert lead.media == f"![second]({TARGET})"
    assert images(lead.rest) == [other, TARGET], "the other image and the second use of the same one stay"


def test_an_unbalanced_line_is_read_quickly_and_left_alone() -> None:
    # No backtracking: a long line that almost looks like an image is refused at once.
    body = "![" + "\\" * 50_000 + "x" * 50_000 + f"]({TARGET}"
    assert split_lead(body, TARGET) is None
