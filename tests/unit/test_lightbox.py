"""plp_site.lightbox: published photos become links to their largest processed copy, on sanitized page bodies."""

from __future__ import annotations

import re

import pytest
from selectolax.lexbor import LexborHTMLParser

from plp_site.lightbox import ZoomWords, zoom_links
from plp_site.pagehtml import ImageSizes, responsive_images, sanitize

KEY = "0123456789abcdef0123"
SIZES = {KEY: ImageSizes((("480.jpg", 480, 320), ("960.jpg", 960, 640), ("1600.jpg", 1600, 1067)), ("thumb.jpg", 320, 213))}
WORDS = ZoomWords("Open larger", "Close", "Larger picture", "en")
PAGE = "../../assets/images/"


def page(markdown_html: str) -> str:
    """A body as the build makes it: sanitized, then its processed images made responsive."""
    return responsive_images(sanitize(markdown_html), SIZES)


def links(content: str) -> list[str]:
    return re.findall(r'<a class="plp-zoom" href="([^"]+)"', content)


@pytest.mark.parametrize("shown", ["480.jpg", "960.jpg", "1600.jpg"])
@pytest.mark.parametrize("depth", ["", "../", "../../"])
def test_every_rendition_opens_the_largest(shown: str, depth: str) -> None:
    base = f"{depth}assets/images/{KEY}/"
    content = page(f'<p><img alt="A robot arm" src="{base}{shown}"></p>')
    zoomed = zoom_links(content, SIZES, WORDS)
    assert links(zoomed) == [f"{base}1600.jpg"]
    assert 'data-plp-width="1600" data-plp-height="1067"' in zoomed
    # The picture itself is kept as it was, inside the link, followed by the words that say what the link does.
    image = re.search(r"<img [^>]*>", content)
    assert image is not None
    assert f"{image.group(0)}<span" in zoomed
    assert zoomed.count("Open larger</span></a>") == 1


@pytest.mark.parametrize(
    "body",
    [
        f'<p><img alt="small" src="{PAGE}{KEY}/thumb.jpg"></p>',  # a thumbnail (gallery tiles)
        f'<p><a href="../robot/"><img alt="linked" src="{PAGE}{KEY}/960.jpg"></a></p>',  # already a link
        f'<p><a href="x/"><span><img alt="deeper" src="{PAGE}{KEY}/960.jpg"></span></a></p>',
        f'<p><img alt="other" src="{PAGE}fffffffffffffffffff0/960.jpg"></p>',  # not published by this build
        '<p><img alt="poster" src="../../assets/media/0123456789abcdef0123/poster.jpg"></p>',  # a document's page
    ],
)
def test_pictures_that_are_not_zoomed(body: str) -> None:
    content = page(body)
    assert zoom_links(content, SIZES, WORDS) == content


def test_a_picture_after_a_link_is_zoomed_and_one_inside_is_not() -> None:
    content = page(
        f'<p><a href="a/">words <img alt="in" src="{PAGE}{KEY}/480.jpg"></a> and <img alt="out" src="{PAGE}{KEY}/960.jpg"></p>'
    )
    zoomed = zoom_links(content, SIZES, WORDS)
    assert len(links(zoomed)) == 1
    assert 'alt="out"' in zoomed.split('class="plp-zoom"', 1)[1]


@pytest.mark.parametrize("text", ['Say "hi" <b>now</b>', "Agrandir l'image & voir", "عرض بحجم أكبر"])
def test_words_are_escaped_text(text: str) -> None:
    words = ZoomWords(text, text, text, "fr")
    zoomed = zoom_links(page(f'<p><img alt="x" src="{PAGE}{KEY}/960.jpg"></p>'), SIZES, words)
    # Read back by a browser's parser: the words are the same text, in attributes and in the hint, and no markup.
    link = LexborHTMLParser(zoomed).css_first("a.plp-zoom")
    assert link is not None
    hint = link.css_first(".plp-zoom-hint")
    assert hint is not None
    assert (link.attributes["data-plp-close"], link.attributes["data-plp-dialog"], hint.text()) == (text, text, text)
    assert hint.attributes["lang"] == "fr"
    assert not link.css("b")


def test_an_alt_text_that_looks_like_markup_stays_inside_its_tag() -> None:
    content = page(f'<p><img alt="a &lt;a href=x&gt; b" src="{PAGE}{KEY}/960.jpg"></p>')
    zoomed = zoom_links(content, SIZES, WORDS)
    assert len(links(zoomed)) == 1
    assert zoomed.count("<a ") == 1


def test_a_page_without_published_pictures_is_unchanged() -> None:
    content = page("<p>No pictures <a href='x/'>here</a>.</p>")
    assert zoom_links(content, SIZES, WORDS) is content
