"""Evidence pages as built: the evidence itself (photo, video, document, drawing) before its facts in the page's
HTML, and every photo a link to its largest processed copy inside the site (what opens when scripts do not run,
and what the lightbox shows when they do)."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
import yaml
from conftest import REPO, png_bytes, valid_student
from PIL import Image

from plp_site.i18n import labels_for

from .conftest import DemoBuild, build
from .helpers import Element, read_html

DEMO_IDS = sorted(p.name for p in (REPO / "students").iterdir() if p.is_dir())
# The first image of a page written alone on its line (with blank lines around it), and its alt text.
_ALONE = re.compile(r"(?:\A|\n\n)!\[((?:[^\]\\\n]|\\.)*)\]\([^)\n]+\)[ \t]*(?:\n\n|\n?\Z)")
_IMAGES = re.compile(r"!\[[^\]]*\]\(([^)\s]+)")


def _body(path: Path) -> str:
    return path.read_text(encoding="utf-8").split("\n---\n", 1)[1]


def _article(page: Path) -> Element:
    return read_html(page).find("article", cls="md-content__inner")


def _named(element: Element) -> list[str]:
    """What the pictures and players inside are named by: alt texts and players' labels."""
    return [e.attrs.get("alt") or e.attrs.get("aria-label", "") for e in element.iter() if e.tag in {"img", "video", "audio"}]


def _shown_by_the_site(source: str) -> bool:
    """Whether the page's first image is one the site shows as a picture or a player (not a download)."""
    found = _IMAGES.search(source)
    return found is not None and found.group(1).rsplit(".", 1)[-1].lower() not in {"txt", "docx"}


def _evidence(student_id: str) -> list[Path]:
    return sorted((REPO / "students" / student_id / "evidence").glob("*.md"))


@pytest.mark.parametrize("student_id", DEMO_IDS)
def test_media_comes_before_the_facts_in_the_html(demo: DemoBuild, student_id: str) -> None:
    site = demo.site_of(student_id)
    checked = 0
    for source in _evidence(student_id):
        body = _body(source)
        alone = _ALONE.search(body)
        article = _article(site / "evidence" / source.stem / "index.html")
        blocks = [e for e in article.elements() if e.tag != "h1"]
        if alone is None or not _shown_by_the_site(body):
            assert blocks[0].classes == {"plp-facts-box"}, f"{source.name}: no picture alone in a paragraph, facts first"
            continue
        checked += 1
        top = blocks[0]
        assert top.classes == {"plp-evidence-top"}, f"{source.name}: the page starts with {top.tag} {top.attrs}"
        media, facts = top.elements()
        assert (media.classes, facts.classes) == ({"plp-evidence-media"}, {"plp-facts-box"}), source.name
        named = _named(media)
        assert len(named) == 1, f"{source.name}: one picture or player leads the page, found {named}"
        # The student's own first picture, with their words (Markdown escapes undone as the page shows them).
        assert named[0] == re.sub(r"\\(.)", r"\1", alone.group(1)), source.name
        rest = [name for block in blocks[1:] for name in _named(block)]
        assert named[0] not in rest, f"{source.name}: the lead picture is shown once, not again below"
    assert checked, f"{student_id} has no evidence page whose first picture stands alone"


def _rendition(site: Path, page_folder: str, href: str) -> Path:
    path = site / posixpath.normpath(posixpath.join(page_folder, href))
    assert path.resolve().is_relative_to(site.resolve()), f"{href} leaves the site"
    return path


def _srcset_widths(image: Element) -> dict[str, int]:
    candidates = [c.split() for c in image.attrs.get("srcset", "").split(",") if c.strip()]
    return {address: int(width.removesuffix("w")) for address, width in candidates}


@pytest.mark.parametrize("student_id", DEMO_IDS)
def test_photos_link_to_their_largest_processed_copy(demo: DemoBuild, student_id: str) -> None:
    site = demo.site_of(student_id)
    originals = {p.name for p in (REPO / "students" / student_id).rglob("*") if p.is_file()}
    settings = yaml.safe_load((REPO / "students" / student_id / "student.yml").read_text(encoding="utf-8"))
    labels = labels_for(str(settings.get("language") or "en"))
    zoomed = 0
    for source in _evidence(student_id):
        folder = f"evidence/{source.stem}/"
        article = _article(site / folder / "index.html")
        links = article.find_all("a", cls="plp-zoom")
        photos = [i for i in article.find_all("img") if "/assets/images/" in i.attrs["src"] and "thumb." not in i.attrs["src"]]
        assert len(links) == len(photos), f"{source.name}: every photo opens larger ({len(links)} links, {len(photos)} photos)"
        for link in links:
            zoomed += 1
            image = link.find("img")
            href = link.attrs["href"]
            widths = _srcset_widths(image) or {image.attrs["src"]: int(image.attrs["width"])}
            assert href == max(widths, key=lambda address: widths[address]), f"{source.name}: not the largest copy"
            path = _rendition(site, folder, href)
            assert re.fullmatch(r"assets/images/[0-9a-f]{20}/\d+\.(jpg|png|webp)", path.relative_to(site).as_posix())
            assert path.name not in originals, f"{source.name}: the original file is published"
            with Image.open(path) as opened:
                assert opened.size == (int(link.attrs["data-plp-width"]), int(link.attrs["data-plp-height"]))
            # The words are the family's: on the picture, and for the dialog's close button and name.
            words = (link.find("span", cls="plp-zoom-hint").text(), link.attrs["data-plp-close"], link.attrs["data-plp-dialog"])
            assert words == (labels("zoom_open"), labels("zoom_close"), labels("zoom_dialog")), source.name
    assert zoomed, f"{student_id} has no photo that opens larger"


INLINE = """\
---
title: Robot arm prototype
date: 2026-10-03
skills: [problem-solving]
---
The arm, version 1: ![a red robot arm](images/arm.png) in the middle of a sentence.
"""


def test_a_photo_inside_a_sentence_stays_and_still_opens_larger(
    small_school: Callable[[Mapping[str, str | bytes]], Path],
) -> None:
    files = valid_student("ada", extra={"evidence/arm.md": INLINE, "evidence/images/arm.png": png_bytes((1300, 900))})
    built = build(small_school(files))
    assert built.code == 0, built.stderr
    site = built.site_of("ada")
    article = _article(site / "evidence" / "arm" / "index.html")
    assert not article.find_all("div", cls="plp-evidence-top"), "facts first: the photo belongs to the sentence"
    assert [e.tag for e in article.elements()][:2] == ["h1", "div"]
    assert article.elements()[1].classes == {"plp-facts-box"}
    (link,) = article.find_all("a", cls="plp-zoom")
    assert re.fullmatch(r"\.\./\.\./assets/images/[0-9a-f]{20}/1300\.\w+", link.attrs["href"]), link.attrs["href"]
    assert link.find("span", cls="plp-zoom-hint").text() == "Open larger"
    assert (link.attrs["data-plp-close"], link.attrs["data-plp-dialog"]) == ("Close", "Larger picture")
    # Other pages keep their pictures as they are, and every page of the site has the script.
    reflection = read_html(site / "reflections" / "2026-10-03-robots" / "index.html")
    assert not reflection.find_all("a", cls="plp-zoom")
    page = site / "reflections" / "2026-10-03-robots"
    scripts = [s.attrs.get("src", "") for s in reflection.find_all("script")]
    (lightbox,) = [src for src in scripts if src.endswith("/plp/lightbox.js")]
    assert (page / lightbox).resolve().is_file(), lightbox
