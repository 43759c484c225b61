"""The Conferences history (every record, newest first) and each record's own page: who was there, the day, the
language of the conversation, and the family's words marked with their language and direction."""

from __future__ import annotations

import datetime as dt

from plp_site.conferences.languages import direction, language_name
from plp_site.conferences.records import FOLDER
from plp_site.i18n import Labels
from plp_site.markup import attr, md_text
from plp_site.model import ConferenceRecord, Goal
from plp_site.site import SiteInput, school_year, student_text

__all__ = ["HISTORY", "agreed_at_fact", "history_page", "record_language", "record_page", "record_title"]

HISTORY = f"{FOLDER}/index.md"


def record_title(labels: Labels, record: ConferenceRecord) -> str:
    """A record's title in the interface's language: "Conference of April 2, 2026"."""
    return labels("conference_on", date=labels.date(record.date))


def record_language(site: SiteInput, record: ConferenceRecord) -> str:
    """The language the family's words are in: the record's, else the family's (the site's interface language)."""
    return record.language or site.labels.language


def _facts(site: SiteInput, record: ConferenceRecord) -> list[tuple[str, str]]:
    """(name, value) in Markdown of who was there (the student's words) and the language of the conversation."""
    facts = []
    if record.attendees:
        people = site.separator.join(site.words(md_text(person), site.writing_language) for person in record.attendees)
        facts.append((site.say("attendees"), people))
    language = language_name(record_language(site, record), site.labels.language)
    return [*facts, (site.say("conversation_language"), md_text(language))]


def _records_by_school_year(site: SiteInput) -> list[str]:
    parts: list[str] = []
    year = None
    for record in sorted(site.portfolio.conferences, key=lambda r: (r.date, r.page.path), reverse=True):
        if record.date != dt.date.min and school_year(record.date) != year:
            year = school_year(record.date)
            parts.append(f"\n## {site.say('school_year', start=year, end=year + 1)}\n")
        facts = " · ".join(f"{name}: {value}" for name, value in _facts(site, record))
        parts.append(f"- **{site.link(record.page, HISTORY)}**  \n  {facts}")
    return parts


def history_page(site: SiteInput) -> str:
    """Every conference record, newest first, grouped by school year."""
    parts = [f"# {site.say('conferences')}", "", site.say("conferences_intro"), ""]
    records = _records_by_school_year(site)
    return "\n".join(parts + (records or [site.say("no_conferences")]))


def _with_family_words(site: SiteInput, record: ConferenceRecord, body: str) -> str:
    """The body with the family's words (the section under the school's family heading) set apart in the language
    of the conversation: a screen reader reads them in its voice, and Arabic reads right to left."""
    section = record.section(site.requirements.conference_record.family_index)
    lines = body.split("\n")
    if section is None or len(lines) != len(record.page.body.split("\n")):
        return body
    language = record_language(site, record)
    opening = f'<div class="plp-family-words" lang="{attr(language)}" dir="{direction(language) or "auto"}" markdown>'
    family = lines[section.first : section.end]
    return "\n".join([*lines[: section.first], "", opening, "", *family, "", "</div>", "", *lines[section.end :]])


def record_page(site: SiteInput, record: ConferenceRecord, body: str) -> str:
    """A record's page: its title, its facts, then the student's record with the family's words marked."""
    lines = _with_family_words(site, record, body).lstrip("\n").split("\n")
    if lines[0].startswith("# "):
        # The student's own title is in their language (unless they gave it attributes themselves).
        language = "" if lines[0].rstrip().endswith("}") else site.heading_language()
        title, rest = lines[0] + language, "\n".join(lines[1:])
    else:
        title, rest = f"# {md_text(record_title(site.labels, record))}", "\n".join(lines)
    facts = [(site.say("date"), site.date(record.date)), *_facts(site, record)]
    box = '<div class="plp-facts-box" markdown>\n\n' + "\n\n".join(f"**{n}:** {v}" for n, v in facts) + "\n\n</div>"
    return f"{title}\n\n{box}\n\n{student_text(site, rest)}"


def agreed_at_fact(site: SiteInput, goal: Goal, from_page: str) -> str | None:
    """The goal card's line naming the conference where the goal was agreed (a link to its record, if any)."""
    if goal.agreed_at is None:
        return None
    record = next((r for r in site.portfolio.conferences if r.date == goal.agreed_at), None)
    shown = site.link(record.page, from_page) if record else site.date(goal.agreed_at)
    return f"**{site.say('agreed_at')}:** {shown}"
