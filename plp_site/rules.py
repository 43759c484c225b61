"""The PLP rules: small pure functions from a Portfolio and the school's Requirements to findings."""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from collections.abc import Callable, Iterator
from urllib.parse import unquote

from plp_site.codes import finding
from plp_site.completeness import check_completeness, heading_key
from plp_site.dates import build_date, check_future_dates
from plp_site.diagnostics import Finding
from plp_site.display import clip, visible
from plp_site.evidence_files import is_file_evidence
from plp_site.i18n import known_languages
from plp_site.linkrules import anchor_findings, missing_hint, outside_hint, page_link_findings
from plp_site.linktargets import find_target, page_file_for
from plp_site.model import Evidence, ImageRef, Page, Portfolio, Reflection, SourceLocation
from plp_site.requirements import Requirements, SectionRule
from plp_site.scaffold import PROMPT
from plp_site.scan import is_external, resolve
from plp_site.suggest import did_you_mean

__all__ = ["RULES", "check_portfolio"]

_PHOTO_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".gif", ".webp", ".heic", ".heif"})
Rule = Callable[[Portfolio, Requirements], Iterator[Finding]]
_KIND_WORDS = {
    "goals": ("goal", "goals"),
    "reflections": ("reflection", "reflections"),
    "evidence": ("evidence page", "evidence pages"),
}
_NEW_COMMAND = {"goals": "goal", "reflections": "reflection", "evidence": "evidence"}


def check_sections(portfolio: Portfolio, requirements: Requirements) -> Iterator[Finding]:
    """Each required single-page section exists (from its grade on) and has its required headings."""
    grade = portfolio.student.grade if portfolio.student else None
    for rule in requirements.sections:
        page = portfolio.about_me if rule.name == "about-me" else portfolio.postsecondary
        if page is None and f"{rule.name}.md" in portfolio.files:
            continue  # it exists but could not be read; that finding is already made
        if page is None:
            if grade is not None and grade >= rule.from_grade:
                yield finding(
                    "PLP201",
                    portfolio.location(f"{rule.name}.md"),
                    f"{rule.name}.md is missing; it is required from grade {rule.from_grade}",
                    f"create {rule.name}.md in your folder"
                    + (f" with the headings {_heading_list(rule)}" if rule.headings else ""),
                )
            continue
        yield from _missing_headings(portfolio, page, rule)


def _heading_list(rule: SectionRule) -> str:
    return ", ".join(f"'## {choices[0]}'" for choices in rule.headings)


def _missing_headings(portfolio: Portfolio, page: Page, rule: SectionRule) -> Iterator[Finding]:
    present = {heading_key(heading.text) for heading in page.headings}
    for choices in rule.headings:
        if not present & {heading_key(choice) for choice in choices}:
            yield finding(
                "PLP202",
                portfolio.location(page.path, page.body_line, 1),
                f"{page.path} needs a heading '{choices[0]}'",
                f"add a line `## {choices[0]}` and write about it below the heading",
            )


def check_counts(portfolio: Portfolio, requirements: Requirements) -> Iterator[Finding]:
    """There are at least as many goals, reflections and evidence pages as the school asks for."""
    counts = {"goals": len(portfolio.goals), "reflections": len(portfolio.reflections), "evidence": len(portfolio.evidence)}
    for kind, count in counts.items():
        needed = requirements.minimum.get(kind, 0)
        if count < needed:
            one, many = _KIND_WORDS[kind]
            yield finding(
                "PLP203",
                portfolio.location(kind),
                f"you need at least {needed} {one if needed == 1 else many}, you have {count}",
                f'add one with: plp new {_NEW_COMMAND[kind]} {portfolio.student_id} "A title"',
            )


def _skill_lists(portfolio: Portfolio) -> Iterator[tuple[Page, tuple[str, ...]]]:
    yield from ((goal.page, goal.skills) for goal in portfolio.goals)
    yield from ((reflection.page, reflection.skills) for reflection in portfolio.reflections)
    yield from ((evidence.page, evidence.skills) for evidence in portfolio.evidence)


def check_skills(portfolio: Portfolio, requirements: Requirements) -> Iterator[Finding]:
    """Every skill id named on a page is in the school's skills framework."""
    known = requirements.skill_ids
    for page, skills in _skill_lists(portfolio):
        for skill in skills:
            if skill not in known:
                close = did_you_mean(skill, known, cutoff=0.5)
                hint = f"did you mean '{close}'?" if close else f"the school's skills are: {', '.join(known)}"
                yield finding(
                    "PLP204",
                    portfolio.location(page.path, page.line_of("skills"), 1),
                    f"'{clip(skill)}' is not one of the school's skills",
                    hint,
                )


def check_evidence_skills(portfolio: Portfolio, requirements: Requirements) -> Iterator[Finding]:
    """Every evidence page names at least one skill (a missing `skills:` line is reported as a missing field)."""
    for evidence in portfolio.evidence:
        if not evidence.skills and "skills" in dict(evidence.page.field_lines):
            yield finding(
                "PLP205",
                portfolio.location(evidence.page.path, evidence.page.line_of("skills"), 1),
                "this evidence page names no skills",
                f"name the skills it shows, e.g. `skills: [{requirements.skill_ids[0]}]`",
            )


def check_reflection_goals(portfolio: Portfolio, requirements: Requirements) -> Iterator[Finding]:
    """A reflection's or evidence page's `goal:` names one of the student's goals."""
    slugs = [goal.page.slug for goal in portfolio.goals]
    pointing: list[Reflection | Evidence] = [*portfolio.reflections, *portfolio.evidence]
    for item in pointing:
        if item.goal is not None and item.goal not in slugs:
            close = did_you_mean(item.goal, slugs, cutoff=0.5)
            hint = (
                f"did you mean '{close}'?"
                if close
                else (
                    f"use the file name of a goal without .md: {clip(', '.join(slugs), 200)}"
                    if slugs
                    else "create the goal first in goals/"
                )
            )
            yield finding(
                "PLP206",
                portfolio.location(item.page.path, item.page.line_of("goal"), 1),
                f"there is no goal '{clip(item.goal)}' in your goals folder",
                hint,
            )


def check_reflection_dates(portfolio: Portfolio, requirements: Requirements) -> Iterator[Finding]:
    """A reflection's date is the date in its file name."""
    for reflection in portfolio.reflections:
        named = reflection.page.slug[:10]
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", named) and named != reflection.date.isoformat():
            yield finding(
                "PLP207",
                portfolio.location(reflection.page.path, reflection.page.line_of("date"), 1),
                f"the date {reflection.date.isoformat()} is not the date in the file name ({named})",
                "make the two dates the same (rename the file or fix the date)",
            )


def check_images(portfolio: Portfolio, requirements: Requirements) -> Iterator[Finding]:
    """Every image exists inside the student's folder, with the exact name, and has alt text."""
    for page in portfolio.pages:
        for image in page.images:
            yield from _image_target(portfolio, page, image)
            if not image.alt.strip():
                yield finding(
                    "PLP303",
                    image.location,
                    f"the image '{_shown(image.target)}' has no alt text",
                    "describe the picture for people who cannot see it: ![a robot arm lifting a cup](photo.jpg)",
                )


def _image_target(portfolio: Portfolio, page: Page, image: ImageRef) -> Iterator[Finding]:
    if image.resolved is None:
        where = "on another website" if is_external(image.target) else "outside your folder"
        yield finding(
            "PLP304",
            image.location,
            f"the image '{_shown(image.target)}' is {where}",
            outside_hint(image.target, page, portfolio.files),
        )
    elif image.resolved not in portfolio.files and any(f.startswith(image.resolved + "/") for f in portfolio.files):
        yield finding(
            "PLP301", image.location, f"'{_shown(image.target)}' is a folder, not an image", "name the image file inside it"
        )
    else:
        yield from _exists(portfolio, image.target, image.resolved, image.location, page.path, page=page)


def _exists(
    portfolio: Portfolio, target: str, resolved: str, location: SourceLocation, from_page: str, *, page: Page | None = None
) -> Iterator[Finding]:
    if resolved in portfolio.files or any(f.startswith(resolved + "/") for f in portfolio.files):
        return
    same = [f for f in portfolio.files if f.casefold() == resolved.casefold()]
    if same:
        # Written as the page should write it: relative to the page's own folder.
        actual = posixpath.relpath(same[0], posixpath.dirname(from_page) or ".")
        yield finding(
            "PLP302",
            location,
            f"'{_shown(target)}' differs from the file's real name '{actual}' in upper/lower case",
            f"write the name exactly as the file is called: {actual} (a school server sees the difference)",
        )
    else:
        better = missing_hint(target, page, portfolio.files) if page is not None else None
        yield finding(
            "PLP301",
            location,
            f"'{_shown(target)}' does not exist",
            better or "check the spelling of the file name and its folder",
        )


def check_links(portfolio: Portfolio, requirements: Requirements) -> Iterator[Finding]:
    """Local links stay inside the student's folder and point to something that exists."""
    for page in portfolio.pages:
        for link in page.links:
            yield from anchor_findings(portfolio, page, link)
            # Written as a web address (`../robot/`): the page it stands for, or a finding naming the file to write.
            target = find_target(link.target, page.path, portfolio.files)
            if target is not None and target != link.resolved and target.endswith(".md"):
                continue
            path = unquote(link.target.split("#", 1)[0].split("?", 1)[0]).replace("\\", "/")
            if (
                page_file_for(path)
                and not path.startswith("/")
                and not (
                    target is not None and (any(f.startswith(target + "/") for f in portfolio.files) or target in portfolio.files)
                )
            ):
                yield from page_link_findings(portfolio, page, link)
                continue
            if link.resolved is None:
                yield finding(
                    "PLP304",
                    link.location,
                    f"the link '{_shown(link.target)}' leaves your folder",
                    missing_hint(link.target, page, portfolio.files) or "link only to your own pages and files",
                )
            elif link.resolved.endswith(".md") and link.resolved not in portfolio.files:
                yield finding(
                    "PLP305",
                    link.location,
                    f"the page '{_shown(link.target)}' does not exist",
                    "check the file name; links to your own pages end in .md",
                )
            elif link.resolved in portfolio.files and is_file_evidence(link.resolved):
                continue  # PDFs, media and other files are judged by evidence_files, where they are processed
            elif _is_photo(link.resolved, portfolio):
                continue  # a link to a photo opens its largest processed copy
            elif link.resolved in portfolio.files and not _published(portfolio, link.resolved):
                yield finding(
                    "PLP305",
                    link.location,
                    f"'{_shown(link.target)}' is not published, so this link will not work on the site",
                    "show a photo with ![what it shows](photo.jpg); link only to your pages (.md)",
                )
            elif not link.resolved.endswith(".md"):
                yield from _exists(portfolio, link.target, link.resolved, link.location, page.path, page=page)


def _is_photo(relative: str, portfolio: Portfolio) -> bool:
    return relative in portfolio.files and posixpath.splitext(relative)[1].lower() in _PHOTO_SUFFIXES


def _published(portfolio: Portfolio, relative: str) -> bool:
    """Whether a file of the folder becomes a page of the site (photos are published only as copies)."""
    return any(page.path == relative for page in portfolio.pages)


def check_photo(portfolio: Portfolio, requirements: Requirements) -> Iterator[Finding]:
    """The student's photo, when given, is a file inside the folder."""
    student = portfolio.student
    if student is None or not student.photo:
        return
    location = portfolio.location("student.yml", student.line_of("photo"), 1)
    resolved = resolve(student.photo, "student.yml")
    if resolved is None:
        yield finding(
            "PLP304",
            location,
            f"the photo '{student.photo}' is outside your folder",
            "put the photo in your folder and write its name, e.g. photo: photo.jpg",
        )
    else:
        yield from _exists(portfolio, student.photo, resolved, location, "student.yml")


def check_language(portfolio: Portfolio, requirements: Requirements) -> Iterator[Finding]:
    """The interface language in student.yml is one the site has words for (plp-site's or the school's)."""
    student = portfolio.student
    known = known_languages(requirements.translations)
    if student is None or student.language is None or student.language in known:
        return
    yield finding(
        "PLP107",
        portfolio.location("student.yml", student.line_of("language"), 1),
        f"the site has no words in the language '{clip(student.language)}'",
        f"write one of: {', '.join(known)}; or ask your teacher to add words for your language in mkdocs.yml",
    )


def check_html(portfolio: Portfolio, requirements: Requirements) -> Iterator[Finding]:
    """Raw HTML that the published page will not have: scripts, event handlers, styles, embeds, unsafe links, and
    addresses on another website that a browser would fetch by itself."""
    for page in portfolio.pages:
        for removed in page.removed:
            yield finding(
                "PLP501",
                removed.location,
                removed.what,
                removed.hint or "use Markdown for text, links and images; ask your teacher if you need to embed something",
            )


def _shown(target: str) -> str:
    """An address as a message shows it: shortened, with invisible characters written out."""
    return clip(visible(target))


def _shorten(text: str, length: int = 60) -> str:
    return f'"{text}"' if len(text) <= length else f'"{text[:length].rstrip()}…"'


def check_prompts(portfolio: Portfolio, requirements: Requirements) -> Iterator[Finding]:
    """A guiding prompt from `plp new` (a line `_✎ ..._`) is still in place."""
    for page in portfolio.pages:
        for match in PROMPT.finditer(page.body):
            line = page.body_line + page.body.count("\n", 0, match.start())
            yield finding(
                "PLP208",
                portfolio.location(page.path, line, 1),
                f"a guiding prompt is still in place: {_shorten(match.group(0).strip().strip('_✎ '))}",
                "replace the prompt with your own words",
            )


RULES: dict[str, Rule] = {
    "sections": check_sections,
    "counts": check_counts,
    "skills": check_skills,
    "evidence-skills": check_evidence_skills,
    "reflection-goals": check_reflection_goals,
    "reflection-dates": check_reflection_dates,
    "images": check_images,
    "links": check_links,
    "photo": check_photo,
    "language": check_language,
    "html": check_html,
    "prompts": check_prompts,
    "completeness": check_completeness,
}


def check_portfolio(portfolio: Portfolio, requirements: Requirements, today: dt.date | None = None) -> list[Finding]:
    """Every rule's findings for one portfolio; dates are judged against `today` (default: the build's date)."""
    found = [found for rule in RULES.values() for found in rule(portfolio, requirements)]
    return found + list(check_future_dates(portfolio, today or build_date()))
