"""The conference page: a one-page agenda for the student-led conference that prints on A4 and US Letter, then
the family sheet, printed on a page of its own."""

from __future__ import annotations

import datetime as dt
import re

from plp_site.conferences.agenda import agreed_steps, family_sheet
from plp_site.dates import build_date, last_conference, school_year_start
from plp_site.markup import attr, md_text
from plp_site.model import Evidence, Goal, Page
from plp_site.site import SiteInput, first_shown, status_badge

__all__ = ["conference_page", "short_intro"]

_SHORT_WORDS = 80
_NEW_ITEMS = 8
# On paper each list keeps its most recent few and says how many more the site has: the agenda fits one sheet.
_ON_PAPER = 5
_AGREED_ON_PAPER = 3
_HERE = "conference/index.md"
# attr_list classes for the list item above them: left off paper, or shown only on paper.
_OFF_PAPER = "{: .plp-print-hide }"
_PAPER_ONLY = "{: .plp-print-only }"
# The same for the paragraph under the goals table, shown on paper only where the browser can leave rows off.
_PAPER_ONLY_ROWS = "{: .plp-print-only-rows }"


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


def _on_paper(site: SiteInput, items: list[str], dates: list[dt.date | None], total: int | None = None) -> list[str]:
    """Markdown list items, all on screen; on paper the `_ON_PAPER` most recent (by date) and "and N more"."""
    newest = sorted(range(len(items)), key=lambda i: (dates[i] is None, -(dates[i] or dt.date.min).toordinal(), i))
    kept = set(newest[:_ON_PAPER])
    lines = [line for i, item in enumerate(items) for line in ([item] if i in kept else [item, _OFF_PAPER])]
    more = (len(items) if total is None else total) - len(kept)
    return lines + ([f"- {site.say('and_more', count=more)}", _PAPER_ONLY] if more > 0 else [])


def _items_to_show(site: SiteInput) -> list[str]:
    portfolio = site.portfolio
    shown = [e for e in portfolio.evidence if e.conference]
    items = [
        f"- {site.link(e.page, _HERE)} ({site.say('evidence')}" + _kind(site, e) + (f", {site.date(e.date)})" if e.date else ")")
        for e in shown
    ]
    dates: list[dt.date | None] = [e.date for e in shown]
    reflections = [r for r in portfolio.reflections if r.conference]
    items += [f"- {site.link(r.page, _HERE)} ({site.say('reflections')}, {site.date(r.date)})" for r in reflections]
    dates += [r.date for r in reflections]
    return _on_paper(site, items, dates) if items else [site.say("no_items")]


def _goals_on_paper(goals: list[Goal]) -> set[int]:
    """The goals a paper agenda keeps: those not met yet first, then the latest target dates (none is latest)."""
    order = sorted(range(len(goals)), key=lambda i: (goals[i].status == "met", -(goals[i].target or dt.date.max).toordinal()))
    return set(order[:_ON_PAPER])


def _goal_rows(site: SiteInput) -> list[str]:
    say, goals = site.say, list(site.portfolio.goals)
    kept = _goals_on_paper(goals)
    rows = [f"| {say('goal_label')} | {say('status')} | {say('target')} |", "| --- | --- | --- |"]
    for i, goal in enumerate(goals):
        target = site.date(goal.target) if goal.target else "–"
        # A row left off paper carries a mark that plp.css finds it by (a table row takes no attr_list class).
        mark = "" if i in kept else '<span class="plp-print-hide-row"></span>'
        rows.append(
            f"| {site.link(goal.page, _HERE)}{mark} | {status_badge(site, goal.status)} | {site.cell_label('target')}{target} |"
        )
    more = len(goals) - len(kept)
    return rows + (["", site.say("and_more", count=more), _PAPER_ONLY_ROWS] if more > 0 else [])


def _new_since(site: SiteInput) -> tuple[str, list[str]]:
    portfolio, labels = site.portfolio, site.labels
    today = site.today or build_date()
    # A date after today is a slip of the keyboard (plp check says so, PLP211): nothing is new from the future.
    since = last_conference(portfolio, today)
    dated: list[tuple[dt.date, Page]] = [(r.date, r.page) for r in portfolio.reflections if r.date <= today]
    dated += [(e.date, e.page) for e in portfolio.evidence if e.date and e.date <= today]
    if since:
        title = labels("new_since", date=labels.date(since))
        fresh = [(d, p) for d, p in dated if d > since]
    else:
        title = labels("new_this_year")
        start = school_year_start(today, site.requirements.school_year_starts)
        fresh = [(d, p) for d, p in dated if d >= start]
    fresh.sort(key=lambda item: (item[0], item[1].path), reverse=True)
    items = [f"- {site.date(d)}: {site.link(p, _HERE)}" for d, p in fresh[:_NEW_ITEMS]]
    dates: list[dt.date | None] = [d for d, _ in fresh[:_NEW_ITEMS]]
    return title, _on_paper(site, items, dates, total=len(fresh)) if items else [site.say("nothing_new")]


def _own_words(site: SiteInput, text: str) -> str:
    """The student's words as inert Markdown, marked with their language when the interface speaks another one."""
    return site.words(md_text(text), site.writing_language) if text else ""


def _agreed(site: SiteInput) -> list[str]:
    """The next steps agreed at the last conference (from its record), in the student's words: each item marked
    with their language (a list item's marker stands where its language starts), the first few on paper."""
    title, items = agreed_steps(site, _HERE)
    language = f'lang="{attr(site.writing_language)}" ' if site.writing_language else ""
    lines = [f"## {title} {{: .plp-agreed }}", ""]
    for i, item in enumerate(items):
        hidden = ".plp-print-hide " if i >= _AGREED_ON_PAPER else ""
        lines += [f"- {item}"] + ([f'{{: dir="auto" {language}{hidden}}}'] if language or hidden else [])
    more = len(items) - _AGREED_ON_PAPER
    lines += [f"- {site.say('and_more', count=more)}", _PAPER_ONLY] if more > 0 else []
    return [*lines, ""] if items else []


def conference_page(site: SiteInput) -> str:
    """The agenda: who I am, what I want to show, goal progress, what is new, the steps agreed last time and room
    for next steps; then the family sheet."""
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
            f"# {site.say('conference_title')} {{: .plp-agenda }}",
            "",
            f'<p class="plp-print-meta">{" · ".join(meta)}</p>',
            link,
            "",
            f"## {site.say('who_i_am')}",
            "",
            intro + "\n{: .plp-intro }" if (intro := _own_words(site, short_intro(site.portfolio.about_me))) else "",
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
            *_agreed(site),
            f"## {site.say('next_steps')}",
            "",
            site.say("next_steps_prompt"),
            "",
            lines,
            "",
            f'<div class="plp-signatures">{signatures}</div>',
            "",
            *family_sheet(site),
        ]
    )
