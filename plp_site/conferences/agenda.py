"""What the conference agenda takes from the records: the next steps agreed at the last conference, and the
family sheet, printed on its own page after the agenda for the family to answer by hand in its own language."""

from __future__ import annotations

from plp_site.conferences.records import newest_record, section_items
from plp_site.dates import build_date
from plp_site.markup import md_link, md_text
from plp_site.site import SiteInput

__all__ = ["agreed_steps", "family_sheet"]

_QUESTIONS = ("family_question_proud", "family_question_next_year", "family_question_help")
_LINES_PER_QUESTION = 6
# Stands in a translated sentence for Markdown put in after the words are escaped (letters only: never escaped).
_MARK = "plpmarkq7z"


def agreed_steps(site: SiteInput, from_page: str) -> tuple[str, list[str]]:
    """The heading (its date linking to the record) and the points, as inert Markdown, of the next steps agreed at
    the last conference; no points when there is no record with that section yet."""
    today = site.today or build_date()
    record = newest_record(site.portfolio, today)
    section = record.section(site.requirements.conference_record.next_steps_index) if record else None
    if record is None or section is None:
        return "", []
    date = md_link(site.labels.date(record.date), record.page.path, from_page)
    title = site.say("agreed_steps", date=_MARK).replace(_MARK, date)
    return title, [md_text(item) for item in section_items(section.text)]


def _lines(count: int) -> str:
    return '<div class="plp-write-lines" aria-hidden="true">' + "<span></span>" * count + "</div>"


def family_sheet(site: SiteInput) -> list[str]:
    """The family sheet as Markdown lines: its title, who it is about, a few questions with room to write the
    answers by hand, and who wrote them. On paper it is a page of its own (plp.css)."""
    student = site.portfolio.student
    name = student.name if student else site.portfolio.student_id
    named = f'<span dir="auto">{md_text(name)}</span>'
    meta = [named] + ([site.say("grade", grade=student.grade)] if student else [])
    intro = site.say("family_sheet_intro", name=_MARK).replace(_MARK, named)
    lines = ['<div class="plp-family-sheet" markdown>', "", f"## {site.say('family_sheet')}", ""]
    lines += [f'<p class="plp-print-meta">{" · ".join(meta)}</p>', "", intro, ""]
    for key in _QUESTIONS:
        lines += [f"### {site.say(key)}", "", _lines(_LINES_PER_QUESTION), ""]
    by = f'<p class="plp-signature">{site.say("family_sheet_by")}: <span class="plp-signature-line"></span></p>'
    return [*lines, by, "", "</div>", ""]
