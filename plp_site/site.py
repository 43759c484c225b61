"""One student's site: the generated pages, the headers of the student's own pages, and the navigation.

Pure: it turns a Portfolio, the school's requirements and the published images into Markdown text.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from plp_site.i18n import Labels
from plp_site.leadmedia import Lead, split_lead
from plp_site.linktargets import find_target, written_from
from plp_site.markup import attr, md_link, md_text, relative, theme_text
from plp_site.model import Evidence, Goal, ImageRef, Link, Page, Portfolio, Reflection
from plp_site.requirements import Requirements
from plp_site.scan import replace_image_targets

__all__ = [
    "PublishedImage",
    "PublishedMedia",
    "SiteInput",
    "first_shown",
    "generated_pages",
    "media_words",
    "navigation",
    "page_titles",
    "status_badge",
    "student_page",
]

# A backslash before ASCII punctuation, as Markdown reads it.
_MARKDOWN_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
STATUS_MARK = {"not-started": "○", "in-progress": "◐", "met": "✓"}
# Section pages a student may leave without a title: plp names them, as the menu does, in the interface's language.
_SECTION_TITLES = {"postsecondary.md": "future_title"}


@dataclass(frozen=True)
class PublishedImage:
    """Where the processed copies of one image live in the site (paths relative to the site root)."""

    src: str
    thumbnail: str
    largest: str = ""
    """The largest copy, which a link to the photo opens (a click-to-enlarge)."""


@dataclass(frozen=True)
class PublishedMedia:
    """Where the published copy of a PDF, video, recording, drawing or download lives (relative to the site root)."""

    kind: str  # pdf, video, audio, drawing or download
    src: str
    thumbnail: str | None = None
    pages: int | None = None
    seconds: float | None = None


@dataclass(frozen=True)
class SiteInput:
    """Everything one student's site is made from."""

    portfolio: Portfolio
    requirements: Requirements
    labels: Labels
    images: Mapping[str, PublishedImage]
    """Published copies by the image's path in the student folder."""
    family_link: str | None = None
    today: dt.date | None = None
    media: Mapping[str, PublishedMedia] = field(default_factory=dict)
    """Published PDFs, videos, recordings, drawings and downloads by the file's path in the student folder."""

    def say(self, key: str, **values: object) -> str:
        """An interface word as inert Markdown: a school's translations are text, never markup."""
        return md_text(self.labels(key, **values))

    def date(self, value: dt.date) -> str:
        """A date written in the interface's language, as inert Markdown."""
        return md_text(self.labels.date(value))

    def skill_name(self, skill_id: str) -> tuple[str, str]:
        """The framework's name of a skill in the interface's language (else English) and the language it is in;
        an unknown skill is shown by its id."""
        school = self.requirements.language
        skill = next((s for s in self.requirements.skills if s.id == skill_id), None)
        return skill.name_in(self.labels.language, school) if skill else (skill_id, school)

    def skill_words(self, skill_id: str) -> str:
        """A skill's name as Markdown, marked with its language when it is not the interface's."""
        name, language = self.skill_name(skill_id)
        return self.words(md_text(name), language, "plp-skill")

    def skills_text(self, skills: tuple[str, ...]) -> str:
        """Skill names joined for a sentence."""
        return self.separator.join(self.skill_words(s) for s in skills) or self.say("no_skills")

    @property
    def separator(self) -> str:
        """What goes between the items of a list in the interface's language: ", ", or "، " in Arabic."""
        return md_text(self.labels("list_separator")) + " "

    @property
    def writing_language(self) -> str | None:
        """The language the student writes in, when it is not the interface's."""
        writing = self.portfolio.student.writing_language if self.portfolio.student else None
        return writing if writing != self.labels.language else None

    def words(self, markdown: str, language: str | None, css: str = "") -> str:
        """Words set apart from the text around them: punctuation keeps its place on right-to-left pages (bidi
        isolation), and a screen reader switches voice when they are in another language than the interface."""
        lang = f' lang="{attr(language)}"' if language and language != self.labels.language else ""
        css_class = f' class="{attr(css)}"' if css else ""
        return f'<span{css_class} dir="auto"{lang}>{markdown}</span>'

    def named_by_plp(self, page: Page) -> bool:
        """Whether plp names the page (a section page such as Future, or a conference record, the student left
        without a title)."""
        record = not page.titled and any(r.page is page for r in self.portfolio.conferences)
        return record or (page.path in _SECTION_TITLES and not page.titled)

    def title(self, page: Page) -> str:
        """A page's title: the student's, else for a section page (Future) its name and for a conference record
        its date, in the interface's language."""
        if not self.named_by_plp(page):
            return page.title
        from plp_site.conferences.pages import record_title

        record = next((r for r in self.portfolio.conferences if r.page is page), None)
        return record_title(self.labels, record) if record else self.labels(_SECTION_TITLES[page.path])

    def title_language(self, page: Page) -> str | None:
        """The language a page's title is in, when it is not the interface's."""
        return None if self.named_by_plp(page) else self.writing_language

    def link(self, page: Page, from_page: str) -> str:
        """A link to one of the student's pages, its title set apart in the language it is written in."""
        return self.words(md_link(self.title(page), page.path, from_page), self.title_language(page), "plp-title")

    def cell_label(self, key: str) -> str:
        """A table cell's column name, shown only on phones, where plp.css stacks each row as a card."""
        return f'<span class="plp-cell-label">{self.say(key)}: </span>'

    def heading_language(self) -> str:
        """attr_list for a heading of the student's own words: their language, when it is not the interface's."""
        return f' {{ lang="{attr(self.writing_language)}" }}' if self.writing_language else ""


def status_badge(site: SiteInput, status: str) -> str:
    # The mark is decoration; the word carries the meaning, so status never rests on colour alone.
    return (
        f'<span class="plp-status plp-status--{attr(status)}"><span aria-hidden="true">{STATUS_MARK.get(status, "")}'
        f"</span> {site.say('status.' + status)}</span>"
    )


def _fact(label: str, value: str) -> str:
    """A fact line of Markdown: both parts are Markdown already."""
    return f"**{label}:** {value}"


def _with_images(site: SiteInput, body: str, source_path: str, page_path: str) -> str:
    """The body with each local image pointing at its processed copy, relative to where the page ends up."""
    page = next((p for p in site.portfolio.pages if p.path == source_path), None)
    mapping = {}
    for image in page.images if page else ():
        published = site.images.get(image.resolved or "")
        if published:
            mapping[image.target] = relative(published.src, page_path)
    # PDFs, videos, recordings and downloads, shown (`![...](talk.mp4)`) or linked (`[...](essay.pdf)`).
    refs: tuple[ImageRef | Link, ...] = (*page.images, *page.links) if page else ()
    for ref in refs:
        media = site.media.get(ref.resolved or "")
        if media and ref.target not in mapping:
            mapping[ref.target] = relative(media.src, page_path)
    for link in page.links if page is not None else ():
        mapping.update(_link_target(site, page, link, page_path))  # type: ignore[arg-type]
    return replace_image_targets(body, mapping)


def _link_target(site: SiteInput, page: Page, link: Link, page_path: str) -> dict[str, str]:
    """A link to a photo opens its largest copy; a link written as a web address (`../robot/`) names the page file,
    which MkDocs then turns into the page's address on this site."""
    photo = site.images.get(link.resolved or "")
    if photo is not None:
        return {link.target: relative(photo.largest or photo.src, page_path)}
    found = find_target(link.target, page.path, site.portfolio.files)
    if found is None or found == link.resolved or not found.endswith(".md"):
        return {}
    fragment = link.target.partition("#")[2]
    return {link.target: written_from(page.path, found) + (f"#{fragment}" if fragment else "")}


def _duration(seconds: float) -> str:
    whole = max(1, round(seconds))
    minutes, rest = divmod(whole, 60)
    return f"{minutes} min {rest} s" if minutes and rest else f"{minutes} min" if minutes else f"{rest} s"


def media_words(site: SiteInput, media: PublishedMedia) -> str:
    """The kind of a published file in words, e.g. 'PDF document, 4 pages' or 'Video, 1 min 20 s' (inert Markdown)."""
    words, separator = site.labels(f"media_{media.kind}"), site.labels("list_separator") + " "
    if media.pages:
        pages = site.labels("media_one_page") if media.pages == 1 else site.labels("media_pages", count=media.pages)
        words += separator + pages
    if media.seconds:
        words += separator + _duration(media.seconds)
    return md_text(words)


def first_shown(site: SiteInput, page: Page) -> tuple[str | None, str, str | None]:
    """The first photo or media file of an evidence page: (thumbnail, alt text, kind in words)."""
    for image in page.images:
        media, photo = site.media.get(image.resolved or ""), site.images.get(image.resolved or "")
        if media is not None:
            return media.thumbnail or (photo.thumbnail if photo else None), image.alt, media_words(site, media)
        if photo is not None:
            return photo.thumbnail, image.alt, None
    for link in page.links:
        media = site.media.get(link.resolved or "")
        if media is not None:
            return media.thumbnail, "", media_words(site, media)
    return None, "", None


def _items_for_goal(site: SiteInput, goal: Goal) -> tuple[list[Reflection], list[Evidence]]:
    reflections = [r for r in site.portfolio.reflections if r.goal == goal.page.slug]
    evidence = [e for e in site.portfolio.evidence if e.goal == goal.page.slug]
    return reflections, evidence


def _links(site: SiteInput, pages: list[Page], from_page: str) -> str:
    return site.separator.join(site.link(p, from_page) for p in pages) or site.say("none_yet")


def _goal_facts(site: SiteInput, goal: Goal, from_page: str) -> list[str]:
    reflections, evidence = _items_for_goal(site, goal)
    facts = [f'{status_badge(site, goal.status)} <span class="plp-area">{site.say("area." + goal.area)}</span>']
    if goal.set_on:
        facts.append(_fact(site.say("goal_set_on"), site.date(goal.set_on)))
    if goal.met_on and goal.status == "met":
        facts.append(_fact(site.say("goal_met_on"), site.date(goal.met_on)))
    if goal.target:
        facts.append(_fact(site.say("target"), site.date(goal.target)))
    facts.append(_fact(site.say("skills_label"), site.skills_text(goal.skills)))
    from plp_site.conferences.pages import agreed_at_fact

    facts += [fact for fact in (agreed_at_fact(site, goal, from_page),) if fact]
    facts.append(_fact(site.say("related_reflections"), _links(site, [r.page for r in reflections], from_page)))
    facts.append(_fact(site.say("related_evidence"), _links(site, [e.page for e in evidence], from_page)))
    return facts


def _card(lines: list[str], css: str = "plp-card") -> str:
    return f'<div class="{css}" markdown>\n\n' + "\n\n".join(lines) + "\n\n</div>"


def _home(site: SiteInput) -> str:
    student, about = site.portfolio.student, site.portfolio.about_me
    name = student.name if student else site.portfolio.student_id
    parts = [f"# {md_text(name)}", ""]
    if student and student.photo and student.photo in site.images:
        photo = relative(site.images[student.photo].src, "index.md")
        parts.append(f"![{site.say('photo_alt', name=name)}]({photo}){{ .plp-photo }}\n")
    if student:
        facts = [site.labels("grade", grade=student.grade)]
        if student.graduation_year:
            facts.append(site.labels("class_of", year=student.graduation_year))
        if student.pronouns:
            facts.append(student.pronouns)
        if student.advisor:
            facts.append(f"{site.labels('advisor')}: {student.advisor}")
        parts.append('<p class="plp-facts">' + " · ".join(md_text(f) for f in facts) + "</p>\n")
    if about:
        parts.append(student_text(site, _strip_title(_with_images(site, about.body, about.path, "index.md"))))
    return "\n".join(parts)


def _strip_title(body: str) -> str:
    """The body without a leading `# Title` line (the page already has the student's name as its title)."""
    lines = body.lstrip("\n").split("\n")
    if lines and lines[0].startswith("# "):
        lines = lines[1:]
    return "\n".join(lines)


def _goals_page(site: SiteInput) -> str:
    parts = [f"# {site.say('goals')}", "", site.say("goals_intro"), ""]
    for goal in sorted(site.portfolio.goals, key=_goal_order):
        heading = f"## {md_link(goal.page.title, goal.page.path, 'goals/index.md')}{site.heading_language()}"
        parts.append(_card([heading, *_goal_facts(site, goal, "goals/index.md")]))
    return "\n\n".join(parts)


def _goal_order(goal: Goal) -> tuple[int, str]:
    return ({"in-progress": 0, "not-started": 1, "met": 2}.get(goal.status, 3), goal.page.title.casefold())


def school_year(date: dt.date) -> int:
    """The year a school year starts in: August to July."""
    return date.year if date.month >= 8 else date.year - 1


def _reflections_page(site: SiteInput) -> str:
    parts = [f"# {site.say('reflections')}", "", site.say("reflections_intro"), ""]
    year = None
    for reflection in sorted(site.portfolio.reflections, key=lambda r: (r.date, r.page.path), reverse=True):
        if school_year(reflection.date) != year:
            year = school_year(reflection.date)
            parts.append(f"\n## {site.say('school_year', start=year, end=year + 1)}\n")
        link = site.link(reflection.page, "reflections/index.md")
        parts.append(f"- **{link}**  \n  {site.date(reflection.date)} · {site.skills_text(reflection.skills)}")
    return "\n".join(parts)


def _evidence_order(evidence: Evidence) -> tuple[dt.date, str]:
    return (evidence.date or dt.date.min, evidence.page.path)


def _evidence_page(site: SiteInput) -> str:
    parts = [
        f"# {site.say('evidence')}",
        "",
        site.say("evidence_intro"),
        "",
        '<div class="plp-gallery" markdown>',
    ]
    for evidence in sorted(site.portfolio.evidence, key=_evidence_order, reverse=True):
        lines = [f"## {md_link(evidence.page.title, evidence.page.path, 'evidence/index.md')}{site.heading_language()}"]
        thumbnail, alt, kind = first_shown(site, evidence.page)
        if thumbnail:
            shown = relative(thumbnail, "evidence/index.md")
            lines.insert(0, f"![{md_text(_shown_alt(alt))}]({shown}){{ .plp-thumbnail }}")
        if kind:
            lines.append(f'<span class="plp-media-kind">{kind}</span>')
        when = site.date(evidence.date) + " · " if evidence.date else ""
        lines.append(when + site.skills_text(evidence.skills))
        parts.append(_card(lines, "plp-tile"))
    parts.append("</div>")
    return "\n\n".join(parts)


def _shown_alt(alt: str) -> str:
    """An image's alt text as the student's page shows it: backslash escapes and character references resolved."""
    return html.unescape(_MARKDOWN_ESCAPE.sub(r"\1", alt))


def _skills_page(site: SiteInput) -> str:
    say = site.say
    rows = [
        f"# {say('skills')}",
        "",
        say("skills_intro"),
        "",
        '<div class="plp-stack plp-skills" markdown>',
        "",
        f"| {say('skill')} | {say('coverage')} | {say('evidence')} | {say('reflections')} |",
        "| --- | --- | --- | --- |",
    ]
    for skill in site.requirements.skills:
        evidence = [e.page for e in site.portfolio.evidence if skill.id in e.skills]
        reflections = [r.page for r in site.portfolio.reflections if skill.id in r.skills]
        state = "covered" if evidence else ("partial" if reflections else "missing")
        word = {"covered": "has_evidence", "partial": "reflections_only", "missing": "no_evidence_yet"}[state]
        mark = {"covered": "✓", "partial": "◐", "missing": "✗"}[state]
        coverage = f'<span class="plp-coverage plp-coverage--{state}"><span aria-hidden="true">{mark}</span> {say(word)}</span>'
        rows.append(
            f"| {site.skill_words(skill.id)} | {coverage} | "
            f"{site.cell_label('evidence')}{_links(site, evidence, 'skills/index.md')} | "
            f"{site.cell_label('reflections')}{_links(site, reflections, 'skills/index.md')} |"
        )
    from plp_site.journey import skills_by_year

    return "\n".join([*rows, "", "</div>", "", skills_by_year(site)])


def generated_pages(site: SiteInput) -> dict[str, str]:
    """The Markdown of every page plp-site writes for the student, by path in the site."""
    from plp_site.conference import conference_page
    from plp_site.conferences.pages import HISTORY, history_page
    from plp_site.journey import JOURNEY, journey_page

    return {
        "index.md": _home(site),
        "goals/index.md": _goals_page(site),
        "reflections/index.md": _reflections_page(site),
        "evidence/index.md": _evidence_page(site),
        "skills/index.md": _skills_page(site),
        JOURNEY: journey_page(site),
        "conference/index.md": conference_page(site),
        HISTORY: history_page(site),
    }


def page_titles(site: SiteInput) -> dict[str, str]:
    """The title of each generated page (for the browser tab, the navigation and search)."""
    labels = site.labels
    return {
        "index.md": labels("home"),
        "goals/index.md": labels("goals"),
        "reflections/index.md": labels("reflections"),
        "evidence/index.md": labels("evidence"),
        "skills/index.md": labels("skills"),
        "journey/index.md": labels("journey"),
        "conference/index.md": labels("conference_title"),
        "conferences/index.md": labels("conferences"),
    }


def _header(site: SiteInput, page_path: str) -> list[str]:
    portfolio = site.portfolio
    for goal in portfolio.goals:
        if goal.page.path == page_path:
            return _goal_facts(site, goal, page_path)
    for reflection in portfolio.reflections:
        if reflection.page.path == page_path:
            return _dated_facts(site, reflection.date, reflection.skills, reflection.goal, page_path)
    for evidence in portfolio.evidence:
        if evidence.page.path == page_path:
            return _dated_facts(site, evidence.date, evidence.skills, evidence.goal, page_path)
    return []


def _dated_facts(
    site: SiteInput, date: dt.date | None, skills: tuple[str, ...], goal_slug: str | None, page_path: str
) -> list[str]:
    facts = [_fact(site.say("date"), site.date(date))] if date else []
    facts.append(_fact(site.say("skills_label"), site.skills_text(skills)))
    goal = next((g for g in site.portfolio.goals if g.page.slug == goal_slug), None)
    if goal:
        facts.append(_fact(site.say("goal_label"), site.link(goal.page, page_path)))
    return facts


def student_page(site: SiteInput, page_path: str, markdown: str) -> str:
    """A student's own page with its facts (date, status, skills...) under its title and images processed."""
    body = _with_images(site, markdown, page_path, page_path)
    record = next((r for r in site.portfolio.conferences if r.page.path == page_path), None)
    if record is not None:
        from plp_site.conferences.pages import record_page

        return record_page(site, record, body)
    header = _header(site, page_path)
    lines = body.lstrip("\n").split("\n")
    page = next((p for p in site.portfolio.pages if p.path == page_path), None)
    if lines and lines[0].startswith("# "):
        title, rest = lines[0], "\n".join(lines[1:])
    else:
        title, rest = f"# {md_text(site.title(page) if page else page_path)}", "\n".join(lines)
    # A title plp gave (Future) is in the interface's language; one the student wrote is in theirs.
    named_by_plp = page is not None and site.named_by_plp(page)
    title += "" if named_by_plp or title.rstrip().endswith("}") else site.heading_language()
    lead = _lead(site, page, rest, page_path) if any(e.page is page for e in site.portfolio.evidence) else None
    if lead is not None and header:
        # The evidence itself first, then its facts: on a phone the photo is what a family looks for, and a
        # screen reader reaches it right after the title. plp.css sets the two side by side on wide screens.
        media = _card([student_text(site, lead.media)], "plp-evidence-media")
        top = _card([media, _facts_card(header)], "plp-evidence-top")
        return f"{title}\n\n{top}\n\n{student_text(site, lead.rest)}"
    return f"{title}\n\n{_facts_card(header)}\n\n{student_text(site, rest)}"


def _lead(site: SiteInput, page: Page | None, body: str, page_path: str) -> Lead | None:
    """The paragraph of the first photo, drawing, video, recording or document the evidence page shows, when the
    student wrote it alone in its paragraph (leadmedia.py). The body's addresses are the published copies'."""
    for image in page.images if page else ():
        photo, media = site.images.get(image.resolved or ""), site.media.get(image.resolved or "")
        shown = photo.src if photo else media.src if media is not None and media.kind != "download" else None
        if shown is not None:
            return split_lead(body, relative(shown, page_path))
    return None


def _facts_card(header: list[str]) -> str:
    return _card(header, "plp-facts-box") if header else ""


def student_text(site: SiteInput, markdown: str) -> str:
    """The student's own words, marked with their language when the interface speaks another one."""
    writing = site.writing_language
    if not writing:
        return markdown
    return f'<div class="plp-student-text" lang="{attr(writing)}" dir="auto" markdown>\n\n{markdown}\n\n</div>'


def navigation(site: SiteInput) -> list[dict[str, object]]:
    """The site's navigation: Home, Goals, Reflections, Evidence, Skills, Journey, Conference, Conferences, Future.

    Section names are escaped for the theme's templates, which print them without escaping.
    """
    portfolio = site.portfolio
    goals = [g.page.path for g in sorted(portfolio.goals, key=_goal_order)]
    reflections = [r.page.path for r in sorted(portfolio.reflections, key=lambda r: (r.date, r.page.path), reverse=True)]
    evidence = [e.page.path for e in sorted(portfolio.evidence, key=_evidence_order, reverse=True)]
    records = [c.page.path for c in sorted(portfolio.conferences, key=lambda c: (c.date, c.page.path), reverse=True)]
    sections: list[tuple[str, object]] = [
        ("home", "index.md"),
        ("goals", ["goals/index.md", *goals]),
        ("reflections", ["reflections/index.md", *reflections]),
        ("evidence", ["evidence/index.md", *evidence]),
        ("skills", "skills/index.md"),
        ("journey", "journey/index.md"),
        ("conference", "conference/index.md"),
        ("conferences", ["conferences/index.md", *records]),
    ]
    if portfolio.postsecondary:
        sections.append(("future", "postsecondary.md"))
    return [{theme_text(site.labels(key)): pages} for key, pages in sections]
