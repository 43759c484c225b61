"""Opening a page as a family would, recording what went wrong, and measuring it (images, headings, phones, axe)."""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import BrowserContext, ConsoleMessage, Page, Request

__all__ = [
    "WCAG_AA_TAGS",
    "Tab",
    "Visit",
    "axe_violations",
    "check_common",
    "heading_problems",
    "image_problems",
    "list_marker_problems",
    "name_lists",
    "overflowing_elements",
    "set_width",
    "sideways_problems",
    "small_tap_targets",
    "small_text",
    "status_texts",
]

WCAG_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
_AXE = Axe()
_LOCAL_SCHEMES = {"data", "blob", "about"}


@dataclass
class Visit:
    """An open page and everything that went wrong while it loaded and while the test used it."""

    page: Page
    origin: str
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.console_errors.append(f"{message.text} ({message.location.get('url', '')})")

    def on_page_error(self, error: Exception) -> None:
        self.console_errors.append(f"uncaught: {error}")

    def on_request(self, request: Request) -> None:
        address = urlsplit(request.url)
        if address.scheme not in _LOCAL_SCHEMES and f"{address.scheme}://{address.netloc}" != self.origin:
            self.foreign_requests.append(request.url)

    def on_request_failed(self, request: Request) -> None:
        self.failed_requests.append(f"{request.url}: {request.failure}")

    def problems(self) -> list[str]:
        """Console errors, failed requests and requests to other hosts, one line each."""
        return (
            [f"console error: {text}" for text in self.console_errors]
            + [f"failed request: {text}" for text in self.failed_requests]
            + [f"request to another host: {url}" for url in self.foreign_requests]
        )


class Tab:
    """One browser tab reused from page to page (a new tab costs more than a navigation), reporting to the visit
    in progress; between visits it rests on about:blank, so requests cut off by leaving a page count for none."""

    def __init__(self, context: BrowserContext) -> None:
        self.context = context
        self.page = context.new_page()
        self.current: Visit | None = None
        self._listen(self.page)

    def _listen(self, page: Page) -> None:
        page.on("console", lambda message: self.current.on_console(message) if self.current else None)
        page.on("pageerror", lambda error: self.current.on_page_error(error) if self.current else None)
        page.on("request", lambda request: self.current.on_request(request) if self.current else None)
        page.on("requestfailed", lambda request: self.current.on_request_failed(request) if self.current else None)

    @contextlib.contextmanager
    def visit(
        self,
        url: str,
        *,
        color_scheme: Literal["light", "dark"] = "light",
        media: Literal["screen", "print"] = "screen",
    ) -> Iterator[Visit]:
        """Open url here with the colour scheme (and media) emulated before it loads; blank the tab afterwards."""
        if self.page.is_closed():
            self.page = self.context.new_page()
            self._listen(self.page)
        address = urlsplit(url)
        self.current = opened = Visit(self.page, f"{address.scheme}://{address.netloc}")
        try:
            self.page.emulate_media(color_scheme=color_scheme, media=media)
            response = self.page.goto(url, wait_until="load")
            assert response is not None, f"{url}: no response"
            assert response.ok, f"{url}: HTTP {response.status}"
            yield opened
        finally:
            self.current = None
            self.page.goto("about:blank")


_IMAGES_JS = """
async () => {
  const found = [];
  for (const img of Array.from(document.images)) {
    if (!img.complete) {
      // Lazy images load when they come near the screen, as they would for a family scrolling down.
      img.scrollIntoView({block: "center"});
      await Promise.race([img.decode().catch(() => null), new Promise((done) => setTimeout(done, 10000))]);
    }
    found.push({
      src: img.getAttribute("src"),
      alt: img.getAttribute("alt"),
      naturalWidth: img.naturalWidth,
      inContent: img.closest(".md-content") !== null,
    });
  }
  window.scrollTo(0, 0);
  return found;
}
"""


def image_problems(page: Page) -> list[str]:
    """Images that did not load or have no alt text (content images need words; others at least alt="")."""
    problems = []
    for image in page.evaluate(_IMAGES_JS):
        if image["naturalWidth"] == 0:
            problems.append(f"image did not load: {image['src']}")
        if image["alt"] is None or (image["inContent"] and not image["alt"].strip()):
            problems.append(f"image without alt text: {image['src']}")
    return problems


def heading_problems(page: Page) -> list[str]:
    """One h1 first, and no skipped level going down (h2 then h4 is a skip; h4 then h2 is fine)."""
    headings: list[list[Any]] = page.evaluate(
        "() => Array.from(document.querySelectorAll('h1, h2, h3, h4, h5, h6'))"
        ".map((h) => [Number(h.tagName[1]), h.textContent.trim()])"
    )
    levels = [level for level, _ in headings]
    problems = []
    if levels.count(1) != 1 or (levels and levels[0] != 1):
        problems.append(f"expected exactly one h1, first; got {headings}")
    for (before, _), (level, text) in itertools.pairwise(headings):
        if level > before + 1:
            problems.append(f"h{before} is followed by h{level} ({text!r}): a level is skipped")
    return problems


def check_common(opened: Visit, language: str) -> list[str]:
    """What every page must get right: no errors, only local requests, images with alt, the student's language."""
    page = opened.page
    problems = image_problems(page) + heading_problems(page)
    lang = page.evaluate("document.documentElement.lang")
    if lang != language:
        problems.append(f'<html lang="{lang}">, expected "{language}"')
    expected_direction = "rtl" if language == "ar" else "ltr"
    direction = page.evaluate("[document.body.dir, getComputedStyle(document.querySelector('.md-content')).direction]")
    if direction != [expected_direction, expected_direction]:
        problems.append(f"body dir and content direction are {direction}, expected {expected_direction}")
    return problems + opened.problems()


def axe_violations(page: Page) -> list[str]:
    """axe-core's WCAG 2.1 A/AA violations, each with its id, impact, targets and help."""
    # Colours are measured once fades and slides have ended (the search results fade in, for one).
    page.wait_for_function("() => document.getAnimations().every((animation) => animation.playState !== 'running')")
    results = _AXE.run(page, options={"runOnly": {"type": "tag", "values": WCAG_AA_TAGS}})
    lines = []
    for violation in results.response["violations"]:
        nodes = violation["nodes"]
        targets = ", ".join(" ".join(node["target"]) for node in nodes[:8])
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}\n    targets: {targets}")
        lines.extend(f"    {node['failureSummary'].replace(chr(10), ' ')}" for node in nodes[:3])
    return lines


_STATUS_JS = """
(selector) => Array.from(document.querySelectorAll(selector)).map((element) => {
  const copy = element.cloneNode(true);
  copy.querySelectorAll("[aria-hidden=true]").forEach((hidden) => hidden.remove());
  return copy.textContent.trim();
})
"""


def status_texts(page: Page, selector: str) -> list[str]:
    """The words (what a screen reader reads, without decorative marks) of each element matching selector."""
    texts: list[str] = page.evaluate(_STATUS_JS, selector)
    return texts


def overflowing_elements(page: Page) -> list[str]:
    """When the page scrolls sideways: its width and the elements that stick out of the screen."""
    result: list[str] = page.evaluate(
        """() => {
          const width = window.innerWidth;
          if (document.documentElement.scrollWidth <= width) return [];
          const wide = Array.from(document.querySelectorAll("body *"))
            .filter((element) => element.getBoundingClientRect().right > width + 1)
            .slice(0, 8)
            .map((element) => element.tagName.toLowerCase() + "." + Array.from(element.classList).join(".")
              + " right=" + Math.round(element.getBoundingClientRect().right));
          return ["scrollWidth " + document.documentElement.scrollWidth + " > " + width, ...wide];
        }"""
    )
    return result


def small_text(page: Page, minimum_px: float = 16) -> list[str]:
    """Paragraphs and list items of the content whose text is smaller than minimum_px."""
    result: list[str] = page.evaluate(
        """(minimum) => Array.from(document.querySelectorAll(".md-content p, .md-content li"))
          .filter((element) => element.textContent.trim() && element.getClientRects().length)
          .map((element) => [element, parseFloat(getComputedStyle(element).fontSize)])
          .filter(([, size]) => size < minimum)
          .map(([element, size]) => size + "px: " + element.textContent.trim().slice(0, 60))""",
        minimum_px,
    )
    return result


# WCAG 2.5.8 Target Size (Minimum): a target is at least 24 by 24 CSS px, or a 24 px circle centred on it
# touches no other target (nor another small target's circle). A link inside a sentence is exempt, which we
# tell by geometry: some text that is not a target sits on the same line as the link.
_TAP_TARGETS_JS = """
(minimum) => {
  const selector = "a[href], button, input:not([type=hidden]), select, textarea, summary, label[for], [role=button]";
  const visible = (element) => {
    const box = element.getBoundingClientRect();
    const style = getComputedStyle(element);
    return box.width > 0 && box.height > 0 && style.visibility !== "hidden" && Number(style.opacity) > 0
      && element.closest("[hidden], [aria-hidden=true]") === null;
  };
  const all = Array.from(document.querySelectorAll(selector)).filter(visible);
  const blockOf = (element) => {
    let node = element.parentElement;
    while (node && getComputedStyle(node).display.startsWith("inline")) node = node.parentElement;
    return node || document.body;
  };
  const inSentence = (element) => {
    const box = element.getBoundingClientRect();
    const walker = document.createTreeWalker(blockOf(element), NodeFilter.SHOW_TEXT);
    for (let text = walker.nextNode(); text; text = walker.nextNode()) {
      if (!text.textContent.trim() || text.parentElement.closest(selector)) continue;
      const range = document.createRange();
      range.selectNodeContents(text);
      for (const line of range.getClientRects()) {
        const overlap = Math.min(line.bottom, box.bottom) - Math.max(line.top, box.top);
        if (overlap > Math.min(line.height, box.height) / 2) return true;
      }
    }
    return false;
  };
  const checked = all.filter((element) =>
    element.closest(".md-header") || (element.closest(".md-content") && !inSentence(element)));
  const centre = (box) => [box.left + box.width / 2, box.top + box.height / 2];
  const distanceToBox = ([x, y], box) =>
    Math.hypot(Math.max(box.left - x, 0, x - box.right), Math.max(box.top - y, 0, y - box.bottom));
  const small = (box) => box.width < minimum - 0.5 || box.height < minimum - 0.5;
  const problems = [];
  for (const element of checked) {
    const box = element.getBoundingClientRect();
    if (!small(box)) continue;
    const middle = centre(box);
    const crowded = all.some((other) => {
      if (other === element || other.contains(element) || element.contains(other)) return false;
      const otherBox = other.getBoundingClientRect();
      if (distanceToBox(middle, otherBox) < minimum / 2) return true;
      return small(otherBox) && Math.hypot(middle[0] - centre(otherBox)[0], middle[1] - centre(otherBox)[1]) < minimum;
    });
    if (crowded) {
      const name = (element.getAttribute("aria-label") || element.getAttribute("title") || element.textContent).trim();
      problems.push(element.tagName.toLowerCase() + "." + Array.from(element.classList).join(".") + " "
        + JSON.stringify(name.slice(0, 40)) + ": " + Math.round(box.width) + "x" + Math.round(box.height) + " px");
    }
  }
  return problems;
}
"""


def small_tap_targets(page: Page, minimum_px: float = 24) -> list[str]:
    """Links and buttons of the header and content (not links inside sentences) that fail WCAG 2.5.8."""
    result: list[str] = page.evaluate(_TAP_TARGETS_JS, minimum_px)
    return result


_SETTLED_JS = """
async () => {
  const frame = () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  await frame();
  for (const animation of document.getAnimations()) {
    try {
      animation.finish();
    } catch {
      // An endless animation has no end to jump to; it moves nothing that takes room.
    }
  }
  await frame();
}
"""


def set_width(page: Page, width: int) -> None:
    """Resize the window to width (keeping its height) and wait until the page is laid out again, with what the
    new width set moving (the search box widening, for one) already where it stops."""
    page.set_viewport_size({"width": width, "height": page.viewport_size["height"] if page.viewport_size else 900})
    page.evaluate(_SETTLED_JS)


# Three ways content goes past its room: the page scrolls sideways; a box inside the content hides part of what it
# holds behind its own scrollbar or edge (as mkdocs-material's table wrapper did with a wide table); a box that can
# be seen sticks out past a side of the window. A box is seen where neither a clipping box around it nor opacity
# or visibility hides it; one wholly outside the window (a closed drawer) is not seen at all. A 1 px box that
# clips is text kept for screen readers only, which is its job.
_SIDEWAYS_JS = """
() => {
  const width = document.documentElement.clientWidth;
  const name = (element) => element.tagName.toLowerCase() + Array.from(element.classList, (c) => "." + c).join("")
    + ' "' + (element.textContent || "").trim().replace(/\\s+/g, " ").slice(0, 40) + '"';
  const problems = [];
  const page = document.scrollingElement;
  if (page.scrollWidth > width) {
    problems.push("the page scrolls sideways: " + page.scrollWidth + " px wide in a " + width + " px window");
  }
  for (const element of document.querySelectorAll(".md-content *")) {
    const style = getComputedStyle(element);
    if (style.overflowX === "visible" || element.clientWidth <= 1) continue;
    if (element.scrollWidth > element.clientWidth + 1) {
      problems.push(name(element) + " hides " + (element.scrollWidth - element.clientWidth) + " px of what it holds"
        + " (overflow-x: " + style.overflowX + ", " + element.clientWidth + " px wide)");
    }
  }
  const everywhere = {left: -Infinity, right: Infinity, top: -Infinity, bottom: Infinity};
  const within = (a, b) => ({left: Math.max(a.left, b.left), right: Math.min(a.right, b.right),
    top: Math.max(a.top, b.top), bottom: Math.min(a.bottom, b.bottom)});
  const walk = (element, clip) => {
    const style = getComputedStyle(element);
    if (style.display === "none" || element instanceof SVGElement && element.tagName !== "svg") return;
    const area = style.position === "fixed" ? everywhere : clip;
    const box = element.getBoundingClientRect();
    const seen = within(box, area);
    const shows = box.width > 0 && box.height > 0 && seen.right > seen.left && seen.bottom > seen.top;
    const past = (seen.left < -1 && seen.right > 0) || (seen.right > width + 1 && seen.left < width);
    if (shows && past && element.checkVisibility({opacityProperty: true, visibilityProperty: true})) {
      problems.push(name(element) + " sticks out of the " + width + " px window: it spans "
        + Math.round(seen.left) + " to " + Math.round(seen.right) + " px");
      return;
    }
    const inner = style.overflowX === "visible" && style.contain.indexOf("paint") < 0 ? area : within(area, box);
    for (const child of element.children) walk(child, inner);
  };
  walk(document.body, everywhere);
  return problems;
}
"""


def sideways_problems(page: Page) -> list[str]:
    """What goes past its room sideways: the page scrolling, a box in the content hiding part of what it holds
    (its overflow-x clips or scrolls), and any box that can be seen sticking out past the window."""
    result: list[str] = page.evaluate(_SIDEWAYS_JS)
    return result


# A list item's marker (bullet or number) sits outside its box, on the side where the item's text starts. It is
# on the page when the content column leaves it room there: at least the marker's own width, measured in the
# item's font. The side is right when it is the one where the item's language (lang, the nearest one) starts.
_MARKERS_JS = """
() => {
  const column = document.querySelector(".md-content__inner").getBoundingClientRect();
  const context = document.createElement("canvas").getContext("2d");
  const problems = [];
  for (const item of document.querySelectorAll(".md-content li")) {
    const style = getComputedStyle(item);
    if (style.display !== "list-item" || style.listStyleType === "none" || style.listStylePosition !== "outside"
      || !item.checkVisibility()) continue;
    const box = item.getBoundingClientRect();
    context.font = [style.fontStyle, style.fontWeight, style.fontSize, style.fontFamily].join(" ");
    const ordered = item.parentElement.tagName === "OL";
    const marker = context.measureText(ordered ? (item.value || 1) + ". " : "\u2022 ").width;
    const room = style.direction === "rtl" ? column.right - box.right : box.left - column.left;
    const words = item.textContent.trim().replace(/\\s+/g, " ");
    const language = item.closest("[lang]").getAttribute("lang").split("-")[0];
    const expected = ["ar", "fa", "he", "ur"].includes(language) ? "rtl" : "ltr";
    if (room < marker - 0.5) {
      problems.push("the marker of " + JSON.stringify(words.slice(0, 40)) + " (" + style.direction + ") has " + Math.round(room)
        + " px of room before the content column's edge, it needs " + Math.round(marker));
    }
    if (style.direction !== expected) {
      problems.push(JSON.stringify(words.slice(0, 40)) + " reads " + expected + " but its list item is " + style.direction
        + " (lang=" + language + "): its marker is on the wrong side");
    }
  }
  return problems;
}
"""


def list_marker_problems(page: Page) -> list[str]:
    """List items of the content whose bullet or number would sit outside the content column, or on the side
    where the item's language ends (an English list laid out right to left, or the reverse)."""
    result: list[str] = page.evaluate(_MARKERS_JS)
    return result


_NAME_LISTS_JS = """
(selector) => {
  const lists = new Map();
  for (const name of document.querySelectorAll(".md-content " + selector)) {
    if (!lists.has(name.parentElement)) lists.set(name.parentElement, []);
    lists.get(name.parentElement).push(name);
  }
  return Array.from(lists.values(), (names) => {
    const direction = getComputedStyle(names[0].parentElement).direction;
    const between = [], misplaced = [];
    // A name in the other direction than its line, broken over lines, shares a line with its neighbour in the
    // reverse of their order: it reads whole only as one box.
    const broken = names.filter((name) => getComputedStyle(name).direction !== direction && name.getClientRects().length > 1);
    names.slice(1).forEach((name, index) => {
      const before = names[index];
      let text = "";
      for (let node = before.nextSibling; node && node !== name; node = node.nextSibling) text += node.textContent;
      between.push(text);
      const last = Array.from(before.getClientRects()).at(-1), first = name.getClientRects()[0];
      const shared = Math.min(last.bottom, first.bottom) - Math.max(last.top, first.top);
      const sameLine = shared > Math.min(last.height, first.height) / 2;
      const follows = sameLine
        ? (direction === "rtl" ? first.right <= last.left + 1 : first.left >= last.right - 1)
        : first.top > last.top + last.height / 2;
      if (!follows) misplaced.push(name.textContent);
    });
    return {
      direction,
      names: names.map((name) => name.textContent),
      between,
      misplaced,
      broken: broken.map((name) => name.textContent),
      isolated: names.map((name) => getComputedStyle(name).unicodeBidi),
      directions: names.map((name) => getComputedStyle(name).direction),
    };
  });
}
"""


def name_lists(page: Page, selector: str) -> list[dict[str, Any]]:
    """Each list of names in the content (elements matching selector that share a parent, such as skill names or
    page titles): the names as read, the text between them, each name's direction and bidi isolation, the names
    that the screen shows out of reading order (before the name read before them on their line, or on an earlier
    line), and those in the other direction than their line that are broken over lines."""
    result: list[dict[str, Any]] = page.evaluate(_NAME_LISTS_JS, selector)
    return result
