"""Raw HTML addresses are rewritten once per page, however many times Python-Markdown runs its postprocessors.

The toc extension runs every postprocessor on the table of contents and on each heading; a block rewritten twice
would point one folder too far up. Generated pages at several depths, with 0 to 3 headings and raw HTML in
blocks, in paragraphs and in headings, must give addresses that resolve to the target's web address."""

from __future__ import annotations

import itertools
import posixpath
from urllib.parse import urlsplit

import markdown
import pytest

from plp_site.addresses import PageAddress, RawAddresses

# Each file of a small site, by its path in the student's folder, and its web address.
SITE = {
    "about-me.md": "about-me/",
    "reflections/x.md": "reflections/x/",
    "reflections/other.md": "reflections/other/",
    "reflections/notes.pdf": "reflections/notes.pdf",
    "evidence/arm.md": "evidence/arm/",
    "evidence/deep/part.md": "evidence/deep/part/",
    "evidence/deep/photo.jpg": "evidence/deep/photo.jpg",
    "evidence/images/arm.jpg": "evidence/images/arm.jpg",
}
PAGES = [path for path in SITE if path.endswith(".md")]
TARGETS = [path for path in SITE if path != "about-me.md"]
FORMS = [
    '<a href="{address}">see</a>',
    'Some text <a href="{address}">inline</a> in a paragraph.',
    '<img src="{address}" alt="a picture">',
    '<div markdown="1">\n<a href="{address}">in a block</a>\n</div>',
]


def relative(target: str, page: str) -> str:
    return posixpath.relpath(target, posixpath.dirname(page) or ".")


def convert(page: str, text: str) -> str:
    address = PageAddress(page, SITE[page], SITE.get)
    md = markdown.Markdown(extensions=["toc", "md_in_html", "attr_list", RawAddresses(lambda: address)])
    return md.convert(text)


def resolved(address: str, page_url: str) -> str:
    path = urlsplit(address).path
    return posixpath.normpath(posixpath.join(page_url, path)) + ("/" if path.endswith("/") else "")


@pytest.mark.parametrize(("page", "headings"), list(itertools.product(PAGES, range(4))))
def test_every_raw_address_resolves_to_its_target(page: str, headings: int) -> None:
    for form, target in itertools.product(FORMS, TARGETS):
        if target == page:
            continue
        written = relative(target, page)
        lines = [f"## Part {number}" for number in range(headings)]
        text = "# Title\n\n" + "\n\n".join([*lines, form.format(address=written)]) + "\n"
        if headings:  # raw HTML in a heading too: the toc renders it
            text += f'\n## About <a href="{written}">this</a>\n'
        html = convert(page, text)
        found = [part.split('"', 1)[0] for part in html.split('href="')[1:] + html.split('src="')[1:]]
        found = [address for address in found if not address.startswith("#")]
        assert found, html
        for address in found:
            assert resolved(address, SITE[page]) == SITE[target].rstrip("/") + ("/" if SITE[target].endswith("/") else ""), (
                f"{page} with {headings} headings: {written!r} became {address!r}\n{html}"
            )
