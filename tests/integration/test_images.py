"""Images through a real `plp build` (issue 5): no original and no metadata is published, photos stand upright,
transparency survives, pages get responsive images, broken files fail only their student, and the cache works."""

from __future__ import annotations

import hashlib
import io
import json
import os
import posixpath
import shutil
import subprocess
import time
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from conftest import make_school, png_bytes, valid_student
from PIL import Image

from plp_site.fingerprint import GIT_MIN_BYTES
from plp_site.links import load_link_keys
from plp_site.photos.keys import is_git_key
from plp_site.runner import BuildOptions, BuildSummary, build_school
from plp_site.school import load_school

from .conftest import SCHOOL_YML, SECRET, Built, build
from .helpers import Element, corrupt_png_header, noisy, phone_jpeg, read_html, site_files, tree_state

SmallSchool = Callable[[Mapping[str, str | bytes]], Path]
RED, BLUE = (220, 20, 20), (20, 20, 220)
WITHOUT_DEFAULT_EVIDENCE = ("evidence/arm.md", "evidence/images/arm.png", "evidence/images/side.jpg")


def evidence(title: str, image: str, alt: str) -> str:
    return f"---\ntitle: {title}\ndate: 2026-10-03\nskills: [problem-solving]\n---\nWhat I made.\n\n![{alt}]({image})\n"


def sideways_tower() -> bytes:
    """A photo stored landscape (1000 x 600) with orientation 6: it is shown portrait, rotated 90° clockwise.

    The stored top-left quarter is red, so upright it is the top-right quarter."""
    image = Image.new("RGB", (1000, 600), BLUE)
    image.paste(RED, (0, 0, 500, 300))
    return phone_jpeg(image, orientation=6)


def see_through_logo() -> bytes:
    image = Image.new("RGBA", (600, 400), (0, 0, 0, 0))
    image.paste((30, 120, 200, 255), (100, 100, 500, 300))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


ALTS = {"river": 'the river seen from the "old" bridge & the mill', "tower": "a tall tower", "logo": "our team logo, a blue box"}
PHOTOS: dict[str, bytes | str] = {
    "evidence/river.md": evidence("River walk", "images/river.jpg", ALTS["river"]),
    "evidence/images/river.jpg": phone_jpeg(noisy((1200, 900), seed=1)),
    "evidence/tower.md": evidence("Tower", "images/tower.jpg", ALTS["tower"]),
    "evidence/images/tower.jpg": sideways_tower(),
    "evidence/logo.md": evidence("Team logo", "images/logo.png", ALTS["logo"]),
    "evidence/images/logo.png": see_through_logo(),
}


def photo_files() -> dict[str, str | bytes]:
    """pat has three evidence pages with a phone photo (GPS), a sideways photo and a see-through PNG; sam is plain."""
    return {
        "mkdocs.yml": SCHOOL_YML,
        **valid_student("pat", name="Pat Doe", extra=PHOTOS, without=WITHOUT_DEFAULT_EVIDENCE),
        **valid_student("sam", name="Sam Roe"),
    }


@pytest.fixture
def photo_school(tmp_path: Path, link_secret: str) -> Path:
    """The photo school, for a test of its own to change and build."""
    return make_school(tmp_path, photo_files())


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The photo school built once, for the tests that only read the result."""
    root = make_school(tmp_path_factory.mktemp("photos"), photo_files())
    before = tree_state(root / "students")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PLP_LINK_SECRET", SECRET)
        result = build(root)
    assert result.code == 0, result.stderr
    assert tree_state(root / "students") == before, "plp build must not write to students/"
    return result


def content(page: Path) -> Element:
    return read_html(page).find("article", cls="md-content__inner")


def published(page: Path, src: str) -> Path:
    """The file an <img src> of a page (in a folder of its own) points to."""
    site = next(p for p in page.parents if (p / ".plp-site.json").is_file())
    folder = page.parent.relative_to(site).as_posix()
    return site / posixpath.normpath(posixpath.join(folder, src))


def evidence_image(result: Built, stem: str) -> tuple[Element, Path]:
    page = result.site_of("pat") / "evidence" / stem / "index.html"
    (img,) = content(page).find_all("img")
    return img, published(page, img.attrs["src"])


def test_no_original_file_is_published(built: Built) -> None:
    originals = {hashlib.sha256(p.read_bytes()).hexdigest(): p for p in site_files(built.root / "students")}
    copies = [p for p in site_files(built.site) if hashlib.sha256(p.read_bytes()).hexdigest() in originals]
    assert not copies, f"byte copies of the students' files: {copies}"


def test_no_published_jpeg_has_metadata(built: Built) -> None:
    jpegs = site_files(built.site, ".jpg", ".jpeg")
    assert len(jpegs) >= 6
    for path in jpegs:
        with Image.open(path) as image:
            assert not image.getexif(), path
            assert "exif" not in image.info, path
        assert b"Exif" not in path.read_bytes(), path
    for path in site_files(built.site):
        data = path.read_bytes()
        assert b"SecretPhone" not in data, path


def test_sideways_photo_is_published_upright(built: Built) -> None:
    img, source = evidence_image(built, "tower")
    assert int(img.attrs["height"]) > int(img.attrs["width"])
    renditions = [source.parent / name for name in sorted(p.name for p in source.parent.iterdir())]
    assert len(renditions) >= 2
    for path in renditions:
        with Image.open(path) as image:
            width, height = image.size
            assert height > width, f"{path.name} is {width} x {height}"
            rgb = image.convert("RGB")
            top_right, bottom_left = rgb.getpixel((width * 3 // 4, height // 4)), rgb.getpixel((width // 4, height * 3 // 4))
        assert top_right[0] > 150 > top_right[2], f"{path.name}: the red corner is not at the top right: {top_right}"
        assert bottom_left[2] > 150 > bottom_left[0], f"{path.name}: {bottom_left}"


def test_transparent_png_stays_png(built: Built) -> None:
    _, source = evidence_image(built, "logo")
    assert source.suffix == ".png"
    for path in source.parent.iterdir():
        assert path.suffix == ".png", path
        assert path.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
        with Image.open(path) as image:
            assert image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info, image.mode
            alpha = image.convert("RGBA").getchannel("A").getextrema()
        assert alpha[0] < 255, f"{path.name} lost its see-through parts"


@pytest.mark.parametrize(("stem", "sizes"), [("river", 2), ("tower", 2), ("logo", 1)])
def test_evidence_images_are_responsive(built: Built, stem: str, sizes: int) -> None:
    page = built.site_of("pat") / "evidence" / stem / "index.html"
    (img,) = content(page).find_all("img")
    for attribute in ("srcset", "sizes", "width", "height"):
        assert img.attrs.get(attribute), f"<img> without {attribute}: {img.attrs}"
    assert img.attrs["loading"] == "lazy"
    assert img.attrs["alt"]
    with Image.open(published(page, img.attrs["src"])) as image:
        assert image.size == (int(img.attrs["width"]), int(img.attrs["height"]))
    candidates = [c.split() for c in img.attrs["srcset"].split(",")]
    assert len(candidates) >= sizes, "a photo 960 pixels or more across gets several sizes"
    for url, width in candidates:
        with Image.open(published(page, url)) as image:
            assert f"{image.width}w" == width, url


def test_gallery_shows_thumbnails(built: Built) -> None:
    page = built.site_of("pat") / "evidence" / "index.html"
    tiles = content(page).find("div", cls="plp-gallery").find_all("div", cls="plp-tile")
    assert len(tiles) == 3
    for tile in tiles:
        thumbnail = tile.find("img")
        assert "plp-thumbnail" in thumbnail.classes
        assert thumbnail.attrs["src"].rsplit("/", 1)[-1].startswith("thumb.")
        assert thumbnail.attrs["loading"] == "lazy"
        assert thumbnail.attrs["alt"]
        with Image.open(published(page, thumbnail.attrs["src"])) as image:
            assert image.size == (int(thumbnail.attrs["width"]), int(thumbnail.attrs["height"]))
            assert max(image.size) <= 400, "a thumbnail is small"
        link = tile.find("a")
        target = published(page, link.attrs["href"]) / "index.html"
        assert target.is_file(), link.attrs["href"]


def test_alt_text_is_the_students_words(built: Built) -> None:
    # A quote or an ampersand in the alt text must reach a screen reader as written, not as "&quot;" or "&amp;".
    for stem, alt in ALTS.items():
        img, _ = evidence_image(built, stem)
        assert img.attrs["alt"] == alt
    gallery = content(built.site_of("pat") / "evidence" / "index.html").find_all("img", cls="plp-thumbnail")
    assert sorted(img.attrs["alt"] for img in gallery) == sorted(ALTS.values())


BROKEN = {
    # case: (file name in evidence/images/, the finding's code)
    "truncated-jpeg": ("side.jpg", "PLP401"),
    "png-named-jpg": ("side.jpg", "PLP402"),
    "giant-png-header": ("arm.png", "PLP403"),
}


def broken_bytes(case: str) -> bytes:
    if case == "png-named-jpg":
        return png_bytes((40, 30))
    if case == "giant-png-header":
        return corrupt_png_header(40000, 40000)
    buffer = io.BytesIO()
    noisy((1200, 900), seed=7).save(buffer, "JPEG", quality=90)
    return buffer.getvalue()[: len(buffer.getvalue()) // 2]


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_image_fails_only_its_student(small_school: SmallSchool, case: str) -> None:
    name, code = BROKEN[case]
    root = small_school({**valid_student("bad", extra={f"evidence/images/{name}": broken_bytes(case)}), **valid_student("good")})
    result = build(root)
    output = result.stdout + result.stderr
    assert result.code == 1, output
    assert "Traceback" not in output
    assert code in result.stderr, result.stderr
    assert f"students/bad/evidence/images/{name}" in result.stderr or name in result.stderr
    assert "bad was not published" in result.stderr
    assert result.records["bad"]["status"] == "failed"
    assert any(code in finding for finding in result.records["bad"]["findings"])  # type: ignore[union-attr]
    assert result.records["good"]["status"] == "built"
    assert (result.site_of("good") / "evidence" / "arm" / "index.html").is_file()
    assert not (result.site / str(result.records["bad"]["slug"])).exists()


def _build_school(root: Path, *, force: bool = False) -> BuildSummary:
    school = load_school(root)
    options = BuildOptions(root / "site", root / "staff-site", jobs=1, force=force)
    return build_school(school, school.student_ids(), load_link_keys(root, create=False), options)


def test_second_build_processes_no_image(photo_school: Path) -> None:
    cache = photo_school / ".plp" / "cache" / "images"
    first = _build_school(photo_school)
    assert {r.student_id: r.status for r in first.results} == {"pat": "built", "sam": "built"}
    processed = {r.student_id: r.images_processed for r in first.results}
    assert processed == {"pat": 3, "sam": 2}
    cached = tree_state(cache)

    unchanged = _build_school(photo_school)
    assert sorted(unchanged.unchanged) == ["pat", "sam"]
    assert sum(r.images_processed for r in unchanged.results) == 0

    forced = _build_school(photo_school, force=True)
    assert {r.student_id: (r.status, r.images_processed) for r in forced.results} == {"pat": ("built", 0), "sam": ("built", 0)}

    reflection = photo_school / "students" / "pat" / "reflections" / "2026-10-03-robots.md"
    reflection.write_text(reflection.read_text(encoding="utf-8") + "\nAnd then I soldered another one.\n", encoding="utf-8")
    edited = _build_school(photo_school)
    assert [(r.student_id, r.status, r.images_processed) for r in edited.results] == [("pat", "built", 0)]
    assert edited.unchanged == ("sam",)
    assert tree_state(cache) == cached, "no cache entry was written again"
    page = photo_school / "site" / edited.results[0].slug / "reflections" / "2026-10-03-robots" / "index.html"
    assert "And then I soldered another one." in page.read_text(encoding="utf-8")


def test_second_cli_build_keeps_published_images(photo_school: Path) -> None:
    first = build(photo_school)
    images = {p: p.read_bytes() for p in site_files(first.site_of("pat") / "assets" / "images")}
    second = build(photo_school, "--force")
    assert second.code == 0, second.stderr
    assert {p: p.read_bytes() for p in site_files(second.site_of("pat") / "assets" / "images")} == images


def _git(folder: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=T", "-c", "user.email=t@example.org", *args], cwd=folder, check=True, capture_output=True
    )


def test_a_fresh_clone_with_a_restored_cache_reads_no_tracked_photo(
    tmp_path: Path, link_secret: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert shutil.which("git"), "this test needs git on the PATH"
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("HOME", str(tmp_path))
    origin = make_school(tmp_path / "origin", photo_files())
    _git(origin, "init", "-q")
    _git(origin, "add", "-A")
    _git(origin, "commit", "-q", "-m", "portfolios")
    first = _build_school(origin)
    assert {r.student_id: r.images_processed for r in first.results} == {"pat": 3, "sam": 2}

    clone = tmp_path / "clone"
    _git(tmp_path, "clone", "-q", str(origin), str(clone))
    shutil.copytree(origin / ".plp" / "cache", clone / ".plp" / "cache")  # what a CI cache restores
    hour_ago = time.time() - 3600  # the clone made a while before the build, as in CI
    for path in (clone / "students").rglob("*"):
        os.utime(path, (hour_ago, hour_ago))
    river = clone / "students" / "pat" / "evidence" / "images" / "river.jpg"
    river.write_bytes(phone_jpeg(noisy((1200, 900), seed=2)))  # changed in the clone: read and processed
    again = _build_school(clone)
    assert {r.student_id: r.images_processed for r in again.results} == {"pat": 1, "sam": 0}
    known = json.loads((clone / ".plp" / "state" / "digests.json").read_text(encoding="utf-8"))
    read = sorted(
        Path(name).relative_to(clone).as_posix()
        for name, (_size, _time, key) in known.items()
        if Path(name).is_relative_to(clone) and Path(name).suffix == ".jpg" and not is_git_key(key)
    )
    small = {
        path.relative_to(clone).as_posix() for path in (clone / "students").rglob("*.jpg") if path.stat().st_size < GIT_MIN_BYTES
    }
    assert small, "the school has small photos too"
    expected = sorted(small | {"students/pat/evidence/images/river.jpg"})
    assert read == expected, "only the photo git could not vouch for, and photos too small to ask git about, were read"

    def images(site: Path) -> dict[str, bytes]:
        return {
            p.relative_to(site).as_posix(): p.read_bytes()
            for p in site_files(site, ".jpg", ".png")
            if "assets/images" in p.as_posix()
        }

    old, new = images(origin / "site"), images(clone / "site")
    kept = {name for name in old if name in new}
    assert len({name.rsplit("/", 1)[0] for name in set(old) - kept}) == 1, "only the changed photo has new copies"
    assert all(old[name] == new[name] for name in kept), "the same copies, keyed by git's ids"
