"""Honest completeness: which parts of a PLP hold the student's own words, by the school's measure.

A section (about-me, postsecondary), goal, reflection or evidence page counts only when it has at least the
school's `min_words` of the student's own words (ownwords.py), under each required heading for a section that has
headings: a page as `plp new` wrote it, a page whose prompts were deleted and nothing written, an empty file and a
heading with nothing under it do not count. `plp check` reports each shortfall (PLP209, PLP210) and the staff
dashboard's facts come from the same assessment, so a student sees the verdict the dashboard shows.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from plp_site.codes import finding
from plp_site.diagnostics import Finding
from plp_site.display import clip
from plp_site.model import Page, Portfolio, SourceLocation
from plp_site.ownwords import OwnWords, own_words
from plp_site.requirements import Requirements, SectionRule
from plp_site.scaffold import PROMPT

__all__ = ["Completeness", "Shortfall", "assess", "check_completeness", "heading_key"]

_ONE = {"goals": "goal", "reflections": "reflection", "evidence": "evidence page"}
_PAGE_HINTS = {
    "goals": "write why this goal matters to you and your first steps, in your own sentences",
    "reflections": "write what you did, what was hard and what you learned, in your own sentences",
    "evidence": "write what this work is and what it shows about you, in your own sentences",
    "about-me": "write who you are as a person and a learner, in your own sentences",
    "postsecondary": "write what you might do after high school and how you are getting ready, in your own sentences",
}
_NOT_COUNTED = "; the ✎ prompts, headings and photos do not count"
_LAST_LINE = 1 << 62


@dataclass(frozen=True)
class Shortfall:
    """A part of the PLP that does not count yet: too few of the student's own words under a heading or on a page."""

    key: str
    """What it leaves incomplete: section:about-me, section:postsecondary, goals, reflections or evidence."""
    code: str
    """PLP209 for a heading, PLP210 for a page."""
    location: SourceLocation
    what: str
    """The heading or page in a student's words: "the heading 'Strengths'", "this reflection"."""
    words: int
    hint: str


@dataclass(frozen=True)
class Completeness:
    """What of a student's PLP counts by the honest rule, and what is missing."""

    sections: dict[str, bool]
    """Each section the school names: whether it counts."""
    counts: dict[str, int]
    """Goals, reflections and evidence pages that count."""
    drafts: dict[str, int]
    """Goals, reflections and evidence pages that do not count yet."""
    prompts: int
    """Guiding prompts of the templates still in place."""
    incomplete: tuple[str, ...]
    """What is missing, as short keys: section:about-me, section:postsecondary, goals, reflections, evidence."""
    shortfalls: tuple[Shortfall, ...]


def heading_key(text: str) -> str:
    """A heading as it is compared with a required one: case, width and punctuation do not matter."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.sub(r"[^\w\s']", " ", text).split())


def _words_in(count: int) -> str:
    if count == 0:
        return "none of your own words"
    return "only 1 word of your own" if count == 1 else f"only {count} of your own words"


def _heading_ends(page: Page) -> list[int]:
    """The last line that belongs to each heading: before the next heading of the same or a higher level (in one
    pass from the end, so a page of thousands of headings is read in time proportional to its length)."""
    ends = [_LAST_LINE] * len(page.headings)
    later: list[tuple[int, int]] = []  # (level, line) of the headings below, each higher than the one after it
    for index in range(len(page.headings) - 1, -1, -1):
        heading = page.headings[index]
        while later and later[-1][0] > heading.level:
            later.pop()
        ends[index] = later[-1][1] - 1 if later else _LAST_LINE
        later.append((heading.level, heading.location.line))
    return ends


def _section(portfolio: Portfolio, page: Page, rule: SectionRule, minimum: int) -> tuple[bool, list[Shortfall]]:
    """Whether a section counts, and its shortfalls (a missing heading is PLP202's, in rules.py)."""
    words = own_words(page.body, page.body_line)
    key = f"section:{rule.name}"
    if not rule.headings:
        if words.total >= minimum:
            return True, []
        return False, [_page_shortfall(portfolio, page, key, page.path, words)]
    complete, shortfalls = True, []
    ends = _heading_ends(page)
    keys = [heading_key(heading.text) for heading in page.headings]
    for choices in rule.headings:
        wanted = {heading_key(choice) for choice in choices}
        matching = [i for i, key in enumerate(keys) if key in wanted]
        if not matching:
            complete = False
            continue
        count = sum(words.between(page.headings[i].location.line + 1, ends[i]) for i in matching)
        if count < minimum:
            complete = False
            first = page.headings[matching[0]]
            shortfalls.append(
                Shortfall(
                    key,
                    "PLP209",
                    first.location,
                    f"the heading '{clip(first.text)}'",
                    count,
                    f"write about it below '{'#' * first.level} {clip(first.text)}', in your own sentences{_NOT_COUNTED}",
                )
            )
    return complete, shortfalls


def _page_shortfall(portfolio: Portfolio, page: Page, key: str, what: str, words: OwnWords) -> Shortfall:
    hint = _PAGE_HINTS[key.removeprefix("section:")] + _NOT_COUNTED
    return Shortfall(key, "PLP210", portfolio.location(page.path, page.body_line, 1), what, words.total, hint)


def _kind_pages(portfolio: Portfolio) -> dict[str, list[Page]]:
    return {
        "goals": [goal.page for goal in portfolio.goals],
        "reflections": [reflection.page for reflection in portfolio.reflections],
        "evidence": [evidence.page for evidence in portfolio.evidence],
    }


def assess(portfolio: Portfolio, requirements: Requirements) -> Completeness:
    """What of the portfolio counts by the school's `min_words`, and what is missing."""
    minimum = requirements.min_words
    grade = portfolio.student.grade if portfolio.student else None
    sections: dict[str, bool] = {}
    incomplete: list[str] = []
    shortfalls: list[Shortfall] = []
    for rule in requirements.sections:
        page = portfolio.about_me if rule.name == "about-me" else portfolio.postsecondary
        complete, short = _section(portfolio, page, rule, minimum) if page is not None else (False, [])
        sections[rule.name] = complete
        # A section before the grade that requires it is the student's to start: nothing is missing yet.
        if grade is None or grade >= rule.from_grade:
            shortfalls += short
            incomplete += [] if complete else [f"section:{rule.name}"]
    counts, drafts = {}, {}
    for kind, pages in _kind_pages(portfolio).items():
        short = [
            _page_shortfall(portfolio, page, kind, f"this {_ONE[kind]}", words)
            for page in pages
            if (words := own_words(page.body, page.body_line)).total < minimum
        ]
        shortfalls += short
        counts[kind], drafts[kind] = len(pages) - len(short), len(short)
        incomplete += [kind] if counts[kind] < requirements.minimum.get(kind, 0) else []
    prompts = sum(len(PROMPT.findall(page.body)) for page in portfolio.pages)
    return Completeness(sections, counts, drafts, prompts, tuple(incomplete), tuple(shortfalls))


def check_completeness(portfolio: Portfolio, requirements: Requirements) -> Iterator[Finding]:
    """Each required heading and each page has at least the school's `min_words` of the student's own words."""
    minimum = requirements.min_words
    for short in assess(portfolio, requirements).shortfalls:
        counts = " under it" if short.code == "PLP209" else ", so it does not count yet"
        yield finding(
            short.code,
            short.location,
            f"{short.what} has {_words_in(short.words)}{counts}; write at least {minimum}",
            short.hint,
        )
