"""Evidence pages on a phone, in Chromium: the evidence itself above its facts, and photos that open larger in a
dialog (by a tap, Enter or Space) which names itself, takes the focus, shows the largest processed copy, fits a
360 px screen, passes axe in the light and the dark palette, and closes on Escape or its button, giving the focus
back to the photo. Without scripts the photo's link opens that copy; with the theme's instant navigation the
dialog works on every page it swaps in."""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from typing import Any, Literal
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page

from .browser import Tab, axe_violations
from .conftest import LINK_SECRET, PHONE, DemoSite, _QuietHandler, new_tab, screenshot_path
from .demo import BUILD_DATE, DEMO_STUDENTS, REPO, DemoStudent

_PICTURE = re.compile(r"!\[[^\]]*\]\(([^)\s]+)")
_PHOTO_ENDINGS = {"jpg", "jpeg", "png", "gif", "webp", "heic", "svg"}


def _pages_with_a_photo() -> list[tuple[DemoStudent, str]]:
    """(student, evidence page name) for every demo evidence page that shows a photo or a drawing."""
    return [
        (student, path.stem)
        for student in DEMO_STUDENTS
        for path in sorted((student.folder / "evidence").glob("*.md"))
        if any(t.rsplit(".", 1)[-1].lower() in _PHOTO_ENDINGS for t in _PICTURE.findall(path.read_text(encoding="utf-8")))
    ]


PHOTO_PAGES = _pages_with_a_photo()
PHOTO_IDS = [f"{student.student_id}-{name}" for student, name in PHOTO_PAGES]

_BOXES_JS = """
() => {
  const box = (selector) => {
    const element = document.querySelector(selector);
    return element ? element.getBoundingClientRect().toJSON() : null;
  };
  return {media: box(".md-content .plp-evidence-media"), facts: box(".md-content .plp-facts-box"),
          width: window.innerWidth, scrollWidth: document.documentElement.scrollWidth};
}
"""
_DIALOG_JS = """
() => {
  const dialog = document.querySelector("dialog.plp-lightbox");
  if (!dialog) return null;
  const image = dialog.querySelector("img");
  const close = dialog.querySelector("button");
  return {
    open: dialog.open, modal: dialog.matches(":modal"), label: dialog.getAttribute("aria-label"),
    close: close.textContent, closeBox: close.getBoundingClientRect().toJSON(),
    src: image.currentSrc, alt: image.alt, natural: [image.naturalWidth, image.naturalHeight],
    box: dialog.getBoundingClientRect().toJSON(), imageBox: image.getBoundingClientRect().toJSON(),
    focusInside: dialog.contains(document.activeElement), width: window.innerWidth, height: window.innerHeight,
  };
}
"""
_LOADED_JS = """
() => {
  const image = document.querySelector("dialog.plp-lightbox[open] img");
  return Boolean(image && image.complete && image.naturalWidth > 0);
}
"""
_FOCUSED_LINK_JS = (
    "() => document.activeElement && document.activeElement.matches('a.plp-zoom') ? document.activeElement.href : null"
)


def _url(demo_site: DemoSite, student: DemoStudent, name: str) -> str:
    return demo_site.address + demo_site.paths[student.student_id] + f"evidence/{name}/"


def _link_facts(page: Page) -> dict[str, Any]:
    """The first photo link: its address (absolute), the size it promises, and its picture's alt text."""
    facts: dict[str, Any] = page.locator("a.plp-zoom").first.evaluate(
        "(link) => ({href: link.href, width: Number(link.dataset.plpWidth), height: Number(link.dataset.plpHeight),"
        " alt: link.querySelector('img').alt})"
    )
    return facts


def _open_problems(page: Page, student: DemoStudent, link: dict[str, Any]) -> list[str]:
    """What is wrong with the open dialog: its name, focus, picture and fit on the screen."""
    page.wait_for_function(_LOADED_JS, timeout=15_000)
    state: dict[str, Any] | None = page.evaluate(_DIALOG_JS)
    if state is None or not state["open"] or not state["modal"]:
        return [f"no open modal dialog after opening the photo: {state}"]
    labels = student.labels
    problems = []
    if state["label"] != labels("zoom_dialog"):
        problems.append(f"dialog aria-label is {state['label']!r}, expected {labels('zoom_dialog')!r}")
    if state["close"].strip() != labels("zoom_close"):
        problems.append(f"close button reads {state['close']!r}, expected {labels('zoom_close')!r}")
    if not state["focusInside"]:
        problems.append("the focus is not inside the dialog")
    if state["src"] != link["href"] or state["natural"] != [link["width"], link["height"]]:
        problems.append(f"the dialog shows {state['src']} {state['natural']}, not the largest copy {link}")
    if state["alt"] != link["alt"]:
        problems.append("the large picture does not have the photo's alt text")
    for part in ("box", "imageBox", "closeBox"):
        box = state[part]
        if box["left"] < 0 or box["right"] > state["width"] + 0.5 or box["top"] < 0 or box["bottom"] > state["height"] + 0.5:
            problems.append(f"{part} sticks out of the {state['width']}x{state['height']} screen: {box}")
    return problems


def _closed_problems(page: Page, link: dict[str, Any], how: str) -> list[str]:
    state = page.evaluate(_DIALOG_JS)
    problems = [f"the dialog is still open after {how}"] if state and state["open"] else []
    focused = page.evaluate(_FOCUSED_LINK_JS)
    if focused != link["href"]:
        problems.append(f"after {how} the focus is on {focused!r}, not back on the photo {link['href']}")
    return problems


@pytest.fixture(scope="module")
def phone_dark(browser: Browser, demo_site: DemoSite) -> Iterator[Tab]:
    """A phone of its own whose pages prefer dark (mkdocs-material stores the palette it used)."""
    tab = new_tab(browser, demo_site, **PHONE)
    yield tab
    tab.context.close()


@pytest.mark.parametrize(("student", "name"), PHOTO_PAGES, ids=PHOTO_IDS)
def test_phone_media_first_and_tap_opens_larger(
    phone: Tab, phone_dark: Tab, demo_site: DemoSite, student: DemoStudent, name: str
) -> None:
    """At 360 px the evidence is above its facts; a tap opens the dialog, which passes axe in both palettes."""
    problems: list[str] = []
    schemes: tuple[tuple[Tab, Literal["light", "dark"]], ...] = ((phone, "light"), (phone_dark, "dark"))
    for tab, scheme in schemes:
        with tab.visit(_url(demo_site, student, name), color_scheme=scheme) as opened:
            page = opened.page
            boxes = page.evaluate(_BOXES_JS)
            if boxes["media"] is None or boxes["facts"] is None:
                problems.append(f"{scheme}: media box {boxes['media']} or facts box {boxes['facts']} missing")
            elif boxes["media"]["bottom"] > boxes["facts"]["top"] + 0.5:
                problems.append(f"{scheme}: the media box ends at {boxes['media']['bottom']}, below the facts' top")
            if boxes["scrollWidth"] > boxes["width"]:
                problems.append(f"{scheme}: the page scrolls sideways ({boxes['scrollWidth']} > {boxes['width']})")
            expected = "default" if scheme == "light" else "slate"
            if page.evaluate("document.body.dataset.mdColorScheme") != expected:
                problems.append(f"{scheme}: the page is not in the {expected} palette")
            link = _link_facts(page)
            page.locator("a.plp-zoom").first.tap()
            problems += [f"{scheme}: {p}" for p in _open_problems(page, student, link)]
            problems += [f"{scheme}: axe: {v}" for v in axe_violations(page)]
            if scheme == "light":
                page.screenshot(path=screenshot_path(student, f"lightbox-{name}", "phone"))
            page.keyboard.press("Escape")
            problems += [f"{scheme}: {p}" for p in _closed_problems(page, link, "Escape")]
            if page.url != _url(demo_site, student, name):
                problems.append(f"{scheme}: the page went to {page.url}")
            problems += [f"{scheme}: {p}" for p in opened.problems()]
    assert not problems, f"{student.student_id} {name}:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("student", DEMO_STUDENTS, ids=[s.student_id for s in DEMO_STUDENTS])
def test_keyboard_enter_and_space_open_and_the_button_closes(desktop: Tab, demo_site: DemoSite, student: DemoStudent) -> None:
    """On a desktop with the keyboard: Enter and Space open the photo, the close button and Escape close it, and
    the focus goes back to the photo each time."""
    name = next(n for s, n in PHOTO_PAGES if s == student)
    with desktop.visit(_url(demo_site, student, name)) as opened:
        page = opened.page
        link = _link_facts(page)
        page.locator("a.plp-zoom").first.focus()
        page.keyboard.press("Enter")
        problems = _open_problems(page, student, link)
        page.keyboard.press("Enter")  # on the close button, which has the focus
        problems += _closed_problems(page, link, "the close button")
        page.keyboard.press("Space")
        problems += _open_problems(page, student, link)
        problems += [f"axe: {v}" for v in axe_violations(page)]
        page.keyboard.press("Escape")
        problems += _closed_problems(page, link, "Escape")
        if page.url != _url(demo_site, student, name):
            problems.append(f"the page went to {page.url}")
        problems += opened.problems()
    assert not problems, f"{student.student_id} {name}:\n  " + "\n  ".join(problems)


def test_without_scripts_the_link_opens_the_larger_copy(browser: Browser, demo_site: DemoSite) -> None:
    """With JavaScript off, tapping a photo opens its largest processed copy, from the site itself."""
    tab = new_tab(browser, demo_site, **PHONE, java_script_enabled=False)
    student, name = PHOTO_PAGES[0]
    try:
        with tab.visit(_url(demo_site, student, name)) as opened:
            page = opened.page
            link = page.locator("a.plp-zoom").first
            href = link.evaluate("(link) => link.href")
            with page.expect_navigation() as navigation:
                link.tap()
            response = navigation.value
            assert response is not None
            assert response.url == href
            assert response.ok
            assert response.headers.get("content-type", "").startswith("image/"), response.headers
            assert re.search(r"/assets/images/[0-9a-f]{20}/\d+\.\w+$", href), href
            assert not opened.problems(), opened.problems()
    finally:
        tab.context.close()


@pytest.fixture(scope="module")
def instant_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, DemoStudent]]:
    """One demo student built by a school whose theme has instant navigation, served on 127.0.0.1."""
    student = DEMO_STUDENTS[0]
    root = tmp_path_factory.mktemp("instant") / "school"
    (root / "students").mkdir(parents=True)
    shutil.copytree(REPO / "students" / student.student_id, root / "students" / student.student_id)
    shutil.copytree(REPO / "theme", root / "theme")
    settings = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert "\n  features:\n" in settings
    (root / "mkdocs.yml").write_text(
        settings.replace("\n  features:\n", "\n  features:\n    - navigation.instant\n"), encoding="utf-8"
    )
    epoch = int(dt.datetime.combine(BUILD_DATE, dt.time(12), tzinfo=dt.UTC).timestamp())
    environment = {"PLP_LINK_SECRET": LINK_SECRET, "SOURCE_DATE_EPOCH": str(epoch), "NO_MKDOCS_2_WARNING": "1"}
    command = [
        sys.executable,
        "-m",
        "plp_site",
        "build",
        "--root",
        str(root),
        "--out",
        str(root / "site"),
        "--staff-out",
        str(root / "staff"),
    ]
    result = subprocess.run(command, capture_output=True, text=True, env={**os.environ, **environment}, check=False, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    (folder,) = [p.name for p in (root / "site").iterdir() if p.is_dir() and p.name != "assets"]
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(root / "site")))
    thread = threading.Thread(target=server.serve_forever, name="instant-site", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/{folder}/", student
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def _sitemap(site: str, student: DemoStudent) -> str:
    """The page list the theme's instant navigation reads (plp publishes none: nothing should list a child's pages)."""
    pages = ["", "evidence/"] + [f"evidence/{p.stem}/" for p in sorted((student.folder / "evidence").glob("*.md"))]
    urls = "".join(f"<url><loc>{site}{page}</loc></url>" for page in pages)
    return f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'


def test_instant_navigation_keeps_the_lightbox_working(browser: Browser, instant_site: tuple[str, DemoStudent]) -> None:
    """With instant navigation the page's content is swapped without loading the page again: the dialog opens
    from a photo on each swapped-in page, and closes with the focus back on that photo."""
    site, student = instant_site
    context = browser.new_context(**PHONE)
    address = urlsplit(site)
    # Nothing leaves the machine; the sitemap the theme asks for is given here.
    context.route(re.compile("^(?!" + re.escape(f"{address.scheme}://{address.netloc}/") + ")"), lambda route: route.abort())
    context.route(
        re.compile(re.escape(site) + "sitemap\\.xml$"),
        lambda route: route.fulfill(content_type="application/xml", body=_sitemap(site, student)),
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(site + "evidence/", wait_until="load")
        page.evaluate("window.plpSamePage = true")
        problems: list[str] = []
        tiles = page.locator(".md-content .plp-tile h2 a:not(.headerlink)")
        for index in range(min(2, tiles.count())):
            if index:
                page.go_back()
                page.wait_for_url(site + "evidence/")
            page.locator(".md-content .plp-tile h2 a:not(.headerlink)").nth(index).click()
            page.wait_for_url(re.compile(re.escape(site) + "evidence/[^/]+/$"))
            page.locator("a.plp-zoom").first.wait_for()
            if not page.evaluate("window.plpSamePage === true"):
                problems.append(f"{page.url} was loaded anew: instant navigation did not swap it in")
            link = _link_facts(page)
            page.locator("a.plp-zoom").first.tap()
            problems += _open_problems(page, student, link)
            page.keyboard.press("Escape")
            problems += _closed_problems(page, link, "Escape")
        dialogs = page.evaluate("document.querySelectorAll('dialog.plp-lightbox').length")
        if dialogs != 1:
            problems.append(f"{dialogs} dialogs in the page after two swaps, expected the one reused")
        problems += [f"console error: {error}" for error in errors]
    finally:
        context.close()
    assert not problems, "\n  ".join(problems)
