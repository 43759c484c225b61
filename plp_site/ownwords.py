"""The student's own words on a page: its Markdown without the template's prompts and text, headings, HTML
comments, code, link targets and images, counted in any script.

Words are counted the way word processors count them: a run of letters, marks and digits is one word (`don't`,
`well-known` and `3.5` are one word each; a combining vowel sign of Nepali or a vowel mark of Arabic belongs to
its word); in Chinese and Japanese, written without spaces, each character is one word; in Thai, Lao, Khmer and
Burmese, also written without spaces, every four characters are about one word. Punctuation, symbols and emoji
are no words.

Everything here reads each line once, with patterns that cannot backtrack over a long line.
"""

from __future__ import annotations

import bisect
import html
import itertools
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources

from plp_site.scaffold import PROMPT
from plp_site.scan import blank_code

__all__ = ["OwnWords", "count_words", "own_text", "own_words", "template_line"]

_HEADING = re.compile(r"[ ]{0,3}#{1,6}(?:[ \t]|$)")
_SETEXT_UNDERLINE = re.compile(r"[ ]{0,3}(?:=+|-+)[ \t]*$")
_INLINE_PROMPT = re.compile(r"_✎[^_\n]*_")
_IMAGE = re.compile(r"!\[[^\[\]\n]*\](?:\([^()\n]*\)|\[[^\[\]\n]*\])?")
_LINK = re.compile(r"\[([^\[\]\n]*)\](?:\([^()\n]*\)|\[[^\[\]\n]*\])")
_REFERENCE = re.compile(r"[ ]{0,3}\[(?!\^)[^\[\]\n]+\]:[ \t]*\S*[ \t]*(?:\"[^\"\n]*\"|'[^'\n]*'|\([^()\n]*\))?[ \t]*$")
_FOOTNOTE_MARK = re.compile(r"\[\^[^\[\]\n]*\]:?")
_AUTOLINK = re.compile(r"<(?:[a-zA-Z][a-zA-Z0-9+.-]{1,31}:|www\.)[^<>\s]*>")
_TAG = re.compile(r"</?[a-zA-Z][^<>\n]*>")
_ADDRESS = re.compile(r"(?:\b[a-zA-Z][a-zA-Z0-9+.-]{1,31}://|\bwww\.)\S*")
_ATTRIBUTES = re.compile(r"\{[ \t]*[:#.][^{}\n]*\}")
_ADMONITION = re.compile(r"[ ]{0,3}(?:!!!|\?\?\?\+?)[ \t]*[\w-]*")
_LEADING_MARKS = re.compile(r"(?:[ \t]*(?:>|[-*+][ \t]|\d{1,9}[.)][ \t]|\[[ xX]\][ \t]))+")
_NOT_WORD = re.compile(r"[\W_]+")
_WORD_RUN = re.compile(r"[^\W_]+")
_MARK_STARTS = frozenset(">-*+[0123456789")
_ASCII_WORD = re.compile(r"[A-Za-z0-9]+(?:['.\-][A-Za-z0-9]+)*")
# Scripts written without spaces between words.
_EACH_CHARACTER = (
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x3100, 0x312F),  # Bopomofo
    (0x31F0, 0x31FF),  # Katakana phonetic extensions
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFF66, 0xFF9D),  # half-width Katakana
    (0x20000, 0x3134F),  # CJK extensions B to G
)
_BY_RUN = (
    (0x0E00, 0x0EFF),  # Thai, Lao
    (0x1000, 0x109F),  # Myanmar
    (0x1780, 0x17FF),  # Khmer
)
_CHARACTERS_PER_WORD = 4
_JOINERS = frozenset("'’-‐.")
_WORD, _BREAK, _JOINER, _EACH, _RUN = range(5)


@dataclass(frozen=True)
class OwnWords:
    """How many of the student's own words a page body has, in all and on each line (by line number in the file)."""

    total: int
    by_line: tuple[tuple[int, int], ...] = ()
    """(line, words) of each line with words, in order of lines."""

    @cached_property
    def _running(self) -> tuple[list[int], list[int]]:
        lines = [line for line, _ in self.by_line]
        return lines, [0, *itertools.accumulate(words for _, words in self.by_line)]

    def between(self, first: int, last: int) -> int:
        """The own words on lines first..last (inclusive)."""
        lines, running = self._running
        return running[bisect.bisect_right(lines, last)] - running[bisect.bisect_left(lines, first)]


def _kind(character: str) -> int:
    code = ord(character)
    if code < 0x80:
        return _WORD if character.isalnum() else (_JOINER if character in _JOINERS else _BREAK)
    if any(low <= code <= high for low, high in _EACH_CHARACTER):
        return _EACH
    if any(low <= code <= high for low, high in _BY_RUN):
        return _RUN
    category = unicodedata.category(character)
    # Letters, combining marks (vowel signs, harakat) and digits of every script; the zero-width (non-)joiner sits
    # inside Persian and Indic words.
    if category[0] in "LMN" or character in "\u200c\u200d":
        return _WORD
    return _JOINER if character in _JOINERS else _BREAK


def _chunk_words(chunk: str) -> int:
    words, run = 0, 0
    in_word = after_joiner = False
    for character in chunk:
        kind = _kind(character)
        if kind != _RUN and run:
            words += -(-run // _CHARACTERS_PER_WORD)
            run = 0
        if kind == _WORD:
            words += not in_word
            in_word, after_joiner = True, False
        elif kind == _JOINER and in_word and not after_joiner:
            after_joiner = True  # `don't`, `well-known`, `3.5`: one word when a letter or digit follows
        else:
            in_word = after_joiner = False
            words += kind == _EACH
            run += kind == _RUN
    return words + (-(-run // _CHARACTERS_PER_WORD) if run else 0)


def count_words(text: str) -> int:
    """The words of plain text in any script (see the module's description)."""
    if text.isascii():
        return len(_ASCII_WORD.findall(text))  # no word spans a space, so the whole text is read at once
    total = 0
    for chunk in text.split():
        total += len(_ASCII_WORD.findall(chunk)) if chunk.isascii() else _chunk_words(chunk)
    return total


def own_text(line: str) -> str:
    """One line of Markdown as the words a reader sees: without images, link targets, addresses, HTML tags,
    attribute lists, list and quote marks, and prompts written on the line."""
    text = _INLINE_PROMPT.sub(" ", line) if "_✎" in line else line
    # Each pattern only where its marks are: most lines of prose have no brackets, tags or addresses.
    if "]" in text:
        if "]:" in text and _REFERENCE.match(text):
            return ""
        if "](" in text or "][" in text or "![" in text:
            text = _LINK.sub(r" \1 ", _IMAGE.sub(" ", text))
        text = _FOOTNOTE_MARK.sub(" ", text) if "[^" in text else text
    if "<" in text and ">" in text:
        text = _TAG.sub(" ", _AUTOLINK.sub(" ", text))
    if "{" in text and "}" in text:
        text = _ATTRIBUTES.sub(" ", text)
    start = text.lstrip()[:1]
    if start in ("!", "?") and _ADMONITION.match(text):
        text = _ADMONITION.sub(" ", text, count=1)
        start = text.lstrip()[:1]
    if start and start in _MARK_STARTS and _LEADING_MARKS.match(text):
        text = _LEADING_MARKS.sub(" ", text, count=1)
    text = html.unescape(text) if "&" in text else text
    return _ADDRESS.sub(" ", text) if "://" in text or "www." in text else text


def _folded(line: str) -> str:
    return (line if line.isascii() else unicodedata.normalize("NFKC", line)).casefold()


def template_line(line: str) -> str:
    """A line reduced to its words, to compare it with the lines of plp's templates."""
    return " ".join(_NOT_WORD.sub(" ", _folded(line)).split())


def _first_word(line: str) -> str:
    """The first word of template_line(line), found without reducing the whole line."""
    first = _WORD_RUN.search(_folded(line))
    return first.group(0) if first else ""


@cache
def _template_lines() -> tuple[frozenset[str], frozenset[str]]:
    """Every line of the body of every template `plp new` writes, in every language, reduced to its words, and
    the first words of those lines."""
    lines: set[str] = set()
    for language in (resources.files("plp_site") / "scaffold").iterdir():
        if not language.is_dir():
            continue
        for template in language.iterdir():
            if template.name.endswith(".md"):
                text = template.read_text(encoding="utf-8")
                body = text.split("\n---\n", 1)[1] if text.startswith("---\n") else text
                lines.update(template_line(line) for line in body.split("\n"))
    lines.discard("")
    # A line is compared with the templates' lines only when its first word starts one of them: few lines do.
    return frozenset(lines), frozenset(line.split(" ", 1)[0] for line in lines)


def own_words(body: str, first_line: int = 1) -> OwnWords:
    """The student's own words in a page body (`first_line`: the body's first line in the file): not the prompts
    or the text of plp's templates, headings, HTML comments, code, link targets or images."""
    lines = blank_code(body).split("\n")
    template, first_words = _template_lines()
    counted: list[tuple[int, int]] = []
    for index, line in enumerate(lines):
        start = line.lstrip(" ")[:1]
        if not line.strip() or (start == "#" and _HEADING.match(line)) or ("✎" in line and PROMPT.fullmatch(line)):
            continue
        if start in ("=", "-") and _SETEXT_UNDERLINE.match(line):
            continue
        following = lines[index + 1].lstrip(" ")[:1] if index + 1 < len(lines) else ""
        if following in ("=", "-") and _SETEXT_UNDERLINE.match(lines[index + 1]) and not _LEADING_MARKS.match(line):
            continue  # the text of a heading underlined with === or ---
        if _first_word(line) in first_words and template_line(line) in template:
            continue
        words = count_words(own_text(line))
        if words:
            counted.append((first_line + index, words))
    return OwnWords(sum(words for _, words in counted), tuple(counted))
