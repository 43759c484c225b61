"""The conference page: a one-page agenda for the student-led conference that prints on A4 and US Letter."""

from __future__ import annotations

import datetime as dt
import re

from plp_site.markup import attr, md_text
from plp_site.model import Evidence, Page
from plp_site.site import SiteInput, first_shown, status_badge

__all__ = ["conference_page", "short_intro"]

_SHORT_WORDS = 80
_NEW_ITEMS = 8
_HERE = "conference/index.md"


def short_intro(page: Page | None, words: int = _SHORT_WORDS) -> str:
    """The opening words of a page (before its first subheading), as plain text of at most `words` words."""
    if page is None:
        return ""
    intro: list[str] = []
    for line in page.body.split("\n"):
        if line.startswith("#"):
            if intro:
                break
            continue
        intro.append(line)
    plain = re.sub(r"!\[[^\]]*\]\([^)]*\)|<[^>]+>|[*_`]", "", " ".join(intro))
    plain = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", plain)
    chosen = plain.split()
    return " ".join(chosen[:words]) + (" …" if len(chosen) > words else "")


def _kind(site: SiteInput, evidence: Evidence) -> str:
    """The kind of the evidence's first PDF, video, recording or drawing in words (nothing for photos)."""
    words = first_shown(site, evidence.page)[2]
    return f", {words}" if words else ""


def _items_to_show(site: SiteInput) -> list[str]:
    portfolio = site.portfolio
    items = [
        f"- {site.link(e.page, _HERE)} ({site.say('evidence')}" + _kind(site, e) + (f", {site.date(e.date)})" if e.date else ")")
        for e in portfolio.evidence
        if e.conference
    ]
    items += [
        f"- {site.link(r.page, _HERE)} ({site.say('reflections')}, {site.date(r.date)})"
        for r in portfolio.reflections
        if r.conference
    ]
    return items or [site.say("no_items")]


def _goal_rows(site: SiteInput) -> list[str]:
    say = site.say
    rows = [f"| {say('goal_label')} | {say('status')} | {say('target')} |", "| --- | --- | --- |"]
    for goal in site.portfolio.goals:
        target = site.date(goal.target) if goal.target else "–"
        rows.append(
            f"| {site.link(goal.page, _HERE)} | {status_badge(site, goal.status)} | {site.cell_label('target')}{target} |"
        )
    return rows


def _new_since(site: SiteInput) -> tuple[str, list[str]]:
    portfolio, labels = site.portfolio, site.labels
    student = portfolio.student
    since = student.last_conference if student and student.last_conference else None
    dated: list[tuple[dt.date, Page]] = [(r.date, r.page) for r in portfolio.reflections]
    dated += [(e.date, e.page) for e in portfolio.evidence if e.date]
    if since:
        title = labels("new_since", date=labels.date(since))
        fresh = [(d, p) for d, p in dated if d > since]
    else:
        title = labels("new_this_year")
        start = dt.date((site.today or dt.date.today()).year - (1 if (site.today or dt.date.today()).month < 8 else 0), 8, 1)
        fresh = [(d, p) for d, p in dated if d >= start]
    fresh.sort(key=lambda item: (item[0], item[1].path), reverse=True)
    items = [f"- {site.date(d)}: {site.link(p, _HERE)}" for d, p in fresh[:_NEW_ITEMS]]
    return title, items or [site.say("nothing_new")]


def conference_page(site: SiteInput) -> str:
    """The agenda: who I am, what I want to show, goal progress, what is new, and room for next steps."""
    labels, student = site.labels, site.portfolio.student
    name = student.name if student else site.portfolio.student_id
    # The name is isolated, so the line takes its direction from the interface's words (right to left in Arabic).
    meta = [f'<span dir="auto">{md_text(name)}</span>']
    if student:
        meta.append(site.say("grade", grade=student.grade))
    meta.append(site.say("prepared_on", date=labels.date(site.today or dt.date.today())))
    # An address reads left to right in every language; isolated, its slashes stay in place on Arabic pages.
    link = (
        (
            f'<p class="plp-family-link">{site.say("family_link")}: <a href="{attr(site.family_link)}" dir="ltr">'
            f"{md_text(site.family_link)}</a></p>"
        )
        if site.family_link
        else ""
    )
    new_title, new_items = _new_since(site)
    lines = '<div class="plp-write-lines" aria-hidden="true"><span></span><span></span><span></span><span></span></div>'
    signatures = "".join(
        f'<p class="plp-signature">{site.say(key)}: <span class="plp-signature-line"></span></p>'
        for key in ("signature_student", "signature_family", "signature_advisor")
    )
    return "\n".join(
        [
            f"# {site.say('conference_title')}",
            "",
            f'<p class="plp-print-meta">{" · ".join(meta)}</p>',
            link,
            "",
            f"## {site.say('who_i_am')}",
            "",
            md_text(short_intro(site.portfolio.about_me)),
            "",
            f"## {site.say('to_show')}",
            "",
            *_items_to_show(site),
            "",
            f"## {site.say('goal_progress')}",
            "",
            '<div class="plp-stack" markdown>',
            "",
            *_goal_rows(site),
            "",
            "</div>",
            "",
            f"## {md_text(new_title)}",
            "",
            *new_items,
            "",
            f"## {site.say('next_steps')}",
            "",
            site.say("next_steps_prompt"),
            "",
            lines,
            "",
            f'<div class="plp-signatures">{signatures}</div>',
            "",
        ]
    )
