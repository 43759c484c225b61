"""What `plp check` says about raw HTML the published page will not have: in plain words, with a fix that works."""

from __future__ import annotations

from collections.abc import Mapping

from plp_site.display import clip, visible
from plp_site.videosites import video_link

__all__ = ["attribute_words", "element_words", "silent_attribute"]

_HTML_ELEMENTS = frozenset(
    [
        "a",
        "abbr",
        "address",
        "area",
        "article",
        "aside",
        "audio",
        "b",
        "base",
        "bdi",
        "bdo",
        "blockquote",
        "body",
        "br",
        "button",
        "canvas",
        "caption",
        "cite",
        "code",
        "col",
        "colgroup",
        "data",
        "datalist",
        "dd",
        "del",
        "details",
        "dfn",
        "dialog",
        "div",
        "dl",
        "dt",
        "em",
        "embed",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "head",
        "header",
        "hgroup",
        "hr",
        "html",
        "i",
        "iframe",
        "img",
        "input",
        "ins",
        "kbd",
        "label",
        "legend",
        "li",
        "link",
        "main",
        "map",
        "mark",
        "math",
        "menu",
        "meta",
        "meter",
        "nav",
        "noscript",
        "object",
        "ol",
        "optgroup",
        "option",
        "output",
        "p",
        "param",
        "picture",
        "pre",
        "progress",
        "q",
        "rp",
        "rt",
        "ruby",
        "s",
        "samp",
        "script",
        "search",
        "section",
        "select",
        "slot",
        "small",
        "source",
        "span",
        "strong",
        "style",
        "sub",
        "summary",
        "sup",
        "svg",
        "table",
        "tbody",
        "td",
        "template",
        "textarea",
        "tfoot",
        "th",
        "thead",
        "time",
        "title",
        "tr",
        "track",
        "u",
        "ul",
        "var",
        "video",
        "wbr",
        "center",
        "font",
        "marquee",
        "blink",
        "frame",
        "frameset",
        "applet",
        "noembed",
        "big",
        "tt",
        "strike",
        "acronym",
        "basefont",
        "dir",
        "nobr",
        "plaintext",
        "xmp",
    ]
)
_ELEMENTS = {
    "iframe": ("a box showing another website", "put a link instead: [my video](https://...)"),
    "frame": ("a box showing another website", "put a link instead: [my video](https://...)"),
    "video": ("a video player", "show a video from your folder with Markdown: ![what it shows](my-video.mp4)"),
    "audio": ("a sound player", "add a recording from your folder with Markdown: [my recording](my-recording.m4a)"),
    "object": ("an embedded file or program", "link to the file instead: [my file](my-file.pdf)"),
    "embed": ("an embedded file or program", "link to the file instead: [my file](my-file.pdf)"),
    "script": ("a program", "pages cannot run programs; describe what it does, or show a screenshot"),
    "style": ("a style sheet", "the site's own look is used; use **bold** or _italic_ for emphasis"),
    "form": ("a form", "write the questions and answers as text"),
    "button": ("a button", "write it as text, or as a link: [name](https://...)"),
    "textarea": ("a text box", "write the text itself"),
    "select": ("a drop-down list", "write the choices as a list"),
    "svg": (
        "a drawing written in HTML",
        "save the drawing as a picture in your folder and show it with ![what it shows](drawing.png)",
    ),
}
_GENERAL_HINT = "use Markdown for text, links and images; ask your teacher if you need to embed something"
_SILENT = frozenset(
    {"target", "rel", "referrerpolicy", "loading", "decoding", "fetchpriority", "draggable", "spellcheck", "translate",
     "tabindex", "autocapitalize", "crossorigin", "itemprop", "itemscope", "itemtype", "name", "align", "border"}
)  # fmt: skip


def silent_attribute(name: str) -> bool:
    """Attributes whose loss changes nothing a family sees or does: dropped without a finding."""
    lowered = name.lower()
    return lowered in _SILENT or lowered.startswith(("data-", "aria-"))


def element_words(tag: str, attributes: Mapping[str, str | None]) -> tuple[str, str]:
    """How to name an element the published page will not have, and how to keep what was meant."""
    name = clip(visible(tag), 30)
    if tag not in _HTML_ELEMENTS and tag.isascii():
        return (
            f"'<{name}>' is read as an HTML tag, so it is not shown",
            f"to show it as text, put it in backticks: `<{name}>`",
        )
    video = video_link(attributes) if tag in ("iframe", "embed", "object", "video") else None
    if video is not None:
        return (
            f"the embedded video (<{name}>) becomes a plain link to it on the published page",
            "nothing to fix: families open the video by clicking the link; to name the link, give the embed a title=",
        )
    words, hint = _ELEMENTS.get(tag, ("", _GENERAL_HINT))
    return f"{words or 'the element'} (<{name}>) is taken out of the published page, with all it holds", hint


def attribute_words(kind: str, tag: str, attribute: str) -> tuple[str, str]:
    """How to name an attribute or address the published page will not have (kind from safety.py), and a fix."""
    element, name = clip(visible(tag), 30), clip(visible(attribute), 30)
    lowered = attribute.lower()
    if kind == "attribute" and lowered == "style":
        return (
            f"the colours and layout in style= of <{element}> are not used",
            "the site's own look is used; use **bold** or _italic_ for emphasis",
        )
    if kind == "attribute" and lowered.startswith("on"):
        return f"the program in {name}= of <{element}> is taken out", "pages cannot run programs"
    if kind == "attribute":
        return f"the {name}= setting of <{element}> is taken out", _GENERAL_HINT
    if kind.startswith("scheme:"):
        return (
            f"a link starting with {kind.removeprefix('scheme:')} is taken out",
            "link only to web pages (https://...) and your own pages",
        )
    if kind == "input-type":
        return "this kind of <input> is taken out (only a checkbox is kept)", "write the answer as text"
    return (
        f"the address in {name}= of <{element}> is taken out: it is on another website",
        "copy the file into your folder and use it from there",
    )
