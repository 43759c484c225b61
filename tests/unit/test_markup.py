"""plp_site.markup and the theme's text: text written into Markdown, HTML or a template reads exactly as written,
in every place a page prints it, and never becomes an element or an attribute."""

from __future__ import annotations

import html
import itertools
import re
from html.parser import HTMLParser

import jinja2
import markdown
import pytest
from markupsafe import Markup

from plp_site.markup import md_text, theme_text
from plp_site.theme import escape_stripped_text

# Markdown as a school may configure it: plp's extensions and pymdownx ones that read more punctuation.
EXTENSIONS = [
    "attr_list",
    "md_in_html",
    "tables",
    "toc",
    "admonition",
    "def_list",
    "footnotes",
    "abbr",
    "pymdownx.caret",
    "pymdownx.mark",
    "pymdownx.tilde",
    "pymdownx.magiclink",
    "pymdownx.emoji",
    "pymdownx.inlinehilite",
    "pymdownx.betterem",
    "pymdownx.smartsymbols",
]
PIECES = [
    '"><img src=x onerror=alert(1)>',
    "' onmouseover='x",
    "</title><script>alert(1)</script>",
    "&quot; &amp;amp; &#34; &lt;",
    "`code` *em* __strong__ ~~del~~ ^^ins^^ ==mark== H~2~O x^2^",
    "[a](javascript:alert(1)) ![i](https://evil.example/x.png) <https://evil.example> https://evil.example/x",
    "{{ 7*7 }} {% raw %} {: .big } { #id } $x$ :smile: *[HTML]: x [^1]",
    "1. one",
    "- item",
    "# heading",
    "> quote",
    "| a | b |",
    "=== ---",
    "(c) (tm) +/- -->",
    'O\'Brien & "Sam"',
    "\\ \\\\ \\*",
]
TEXTS = [*PIECES, *(" ".join(pair) for pair in itertools.combinations(PIECES[:8], 2))]
# Each place where generated pages put text, with the element that must hold exactly that text.
CONTEXTS = {
    "paragraph": ("{}", "p"),
    "heading": ("## {}", "h2"),
    "link": ("[{}](other.md)", "a"),
    "strong": ("**{}:** value", "strong"),
    "list item": ("- {}", "li"),
    "table cell": ("| {} | b |\n| --- | --- |\n| {} | d |", "td"),
    "inline html": ('Before <span class="x">{}</span> after', "span"),
    "html block": ('<p class="facts">{}</p>', "p"),
    "markdown block": ('<div class="card" markdown>\n\n{}\n\n</div>', "p"),
}


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.texts: dict[int, str] = {}
        self.open: list[int] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, attrs))
        if tag not in {"img", "br", "hr"}:
            self.open.append(len(self.elements) - 1)

    def handle_endtag(self, tag: str) -> None:
        if self.open:
            self.open.pop()

    def handle_data(self, data: str) -> None:
        for index in self.open:
            self.texts[index] = self.texts.get(index, "") + data


def render(source: str) -> _Elements:
    parser = _Elements()
    parser.feed(markdown.markdown(source, extensions=EXTENSIONS))
    parser.close()
    return parser


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("context", sorted(CONTEXTS))
def test_md_text_reads_as_written_everywhere(context: str, text: str) -> None:
    template, tag = CONTEXTS[context]
    plain = render(template.format("plain", "plain"))
    written = render(template.format(md_text(text), md_text(text)))
    assert [(t, [name for name, _ in a]) for t, a in written.elements] == [
        (t, [name for name, _ in a]) for t, a in plain.elements
    ], "no new element or attribute"
    shown = [written.texts.get(index, "") for index, (t, _) in enumerate(written.elements) if t == tag]
    assert any(text in item for item in shown), shown


@pytest.mark.parametrize("text", TEXTS)
def test_md_text_in_an_image_alt_reads_as_written(text: str) -> None:
    written = render(f"![{md_text(text)}](photo.png)")
    assert [tag for tag, _ in written.elements] == ["p", "img"]
    assert dict(written.elements[1][1])["alt"] == " ".join(text.split())


@pytest.mark.parametrize("text", TEXTS)
def test_theme_text_is_escaped_once_in_every_template_context(text: str) -> None:
    env = jinja2.Environment(autoescape=False)  # as MkDocs makes it
    escape_stripped_text(env)
    template = env.from_string(
        '<a title="{{ v | e }}" aria-label="{{ v }}">{{ v }}</a>'
        '<title>{{ v | striptags }}</title><nav aria-label="{{ v | striptags | e }}"></nav>'
    )
    page = template.render(v=theme_text(text))
    expected = " ".join(text.split())
    attributes = re.findall(r'="([^"]*)"', page)
    assert [html.unescape(value) for value in attributes] == [expected] * 3
    texts = [page.split("</a>", 1)[0].split(">", 1)[1], page.split("<title>", 1)[1].split("</title>", 1)[0]]
    assert [html.unescape(value) for value in texts] == [expected] * 2
    assert not [value for value in attributes + texts if "<" in value or ">" in value or "'" in value]


def test_theme_text_is_markup_that_e_leaves_alone() -> None:
    value = theme_text('O\'Brien & "Sam"')
    assert isinstance(value, Markup)
    assert str(value) == "O&#39;Brien &amp; &#34;Sam&#34;"
    assert jinja2.Environment(autoescape=False).from_string("{{ v | e }}").render(v=value) == str(value)
