"""The rules `plp check` runs on conference records: a real date that is the file's name and not in the future,
the school's headings, a known language; student.yml's last_conference and goals' agreed_at that match a record."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from plp_site.codes import finding
from plp_site.completeness import heading_key
from plp_site.conferences.languages import is_known_language, language_name
from plp_site.conferences.records import FOLDER, date_in_name, newest_record, record_on
from plp_site.diagnostics import Finding
from plp_site.display import clip
from plp_site.model import ConferenceRecord, Portfolio
from plp_site.requirements import Requirements

__all__ = ["check_conferences"]


def check_conferences(portfolio: Portfolio, requirements: Requirements, today: dt.date) -> Iterator[Finding]:
    """Every finding about the student's conference records, judged on `today`."""
    for record in portfolio.conferences:
        yield from _name(portfolio, record, today)
        yield from _headings(portfolio, record, requirements)
        yield from _language(portfolio, record)
    yield from _last_conference(portfolio, today)
    yield from _agreed_at(portfolio)


def _name(portfolio: Portfolio, record: ConferenceRecord, today: dt.date) -> Iterator[Finding]:
    page = record.page
    named = date_in_name(page.path)
    where = portfolio.location(page.path, page.line_of("date"), 1)
    if named is None:
        shown = record.date if record.date != dt.date.min else today
        yield finding(
            "PLP701",
            portfolio.location(page.path),
            f"'{clip(page.path)}' must be named YEAR-MONTH-DAY.md, the day of the conference",
            f"rename it, e.g. {FOLDER}/{shown.isoformat()}.md",
        )
    elif "date" in dict(page.field_lines) and named != record.date:
        yield finding(
            "PLP702",
            where,
            f"the date {record.date.isoformat()} is not the date in the file name ({named.isoformat()})",
            "make the two dates the same (rename the file or fix the date)",
        )
    if record.date > today:
        yield finding(
            "PLP211",
            where,
            f"the date {record.date.isoformat()} is in the future (today is {today.isoformat()})",
            "write the day the conference happened; check the year, month and day",
        )


def _spelling_place(record: ConferenceRecord, requirements: Requirements) -> int:
    """Which of the accepted spellings the record's headings use (0 = the first): the language it is written in."""
    headings = requirements.conference_record.headings
    for section in record.sections:
        keys = [heading_key(choice) for choice in headings[section.index]]
        if heading_key(section.heading.text) in keys:
            return keys.index(heading_key(section.heading.text))
    return 0


def _headings(portfolio: Portfolio, record: ConferenceRecord, requirements: Requirements) -> Iterator[Finding]:
    present = {section.index for section in record.sections}
    place = _spelling_place(record, requirements)
    for index, choices in enumerate(requirements.conference_record.headings):
        if index in present:
            continue
        heading = choices[place] if place < len(choices) else choices[0]
        what = "your family's own words" if index == requirements.conference_record.family_index else "what was said"
        yield finding(
            "PLP703",
            portfolio.location(record.page.path, record.page.body_line, 1),
            f"this conference record needs a heading '{heading}'",
            f"add a line `## {heading}` and write {what} below it",
        )


def _language(portfolio: Portfolio, record: ConferenceRecord) -> Iterator[Finding]:
    if record.language is None or is_known_language(record.language):
        return
    family = portfolio.student.language if portfolio.student else None
    example = family if family and is_known_language(family) else "es"
    yield finding(
        "PLP704",
        portfolio.location(record.page.path, record.page.line_of("language"), 1),
        f"'{clip(record.language)}' is not a language plp knows",
        f"write the short code of the language the conversation was in, e.g. `language: {example}` for "
        f"{language_name(example, 'en')}",
    )


def _last_conference(portfolio: Portfolio, today: dt.date) -> Iterator[Finding]:
    student = portfolio.student
    newest = newest_record(portfolio, today)
    if student is None or student.last_conference is None or newest is None or student.last_conference == newest.date:
        return
    yield finding(
        "PLP705",
        portfolio.location("student.yml", student.line_of("last_conference"), 1),
        f"last_conference is {student.last_conference.isoformat()}, but the newest conference record is "
        f"{newest.page.path} ({newest.date.isoformat()})",
        f"write `last_conference: {newest.date.isoformat()}`, or leave the line out: the records say it",
    )


def _agreed_at(portfolio: Portfolio) -> Iterator[Finding]:
    held = sorted(record.date for record in portfolio.conferences)
    for goal in portfolio.goals:
        agreed = goal.agreed_at
        if agreed is None or record_on(portfolio, agreed) is not None:
            continue
        closest = min(held, key=lambda date: abs((date - agreed).days), default=None)
        hint = (
            f"did you mean {closest.isoformat()}? That is the date of the closest conference record"
            if closest
            else f"add the record with: plp new conference {portfolio.student_id} --date {agreed.isoformat()}"
        )
        yield finding(
            "PLP706",
            portfolio.location(goal.page.path, goal.page.line_of("agreed_at"), 1),
            f"there is no conference record of {agreed.isoformat()} in {FOLDER}/",
            hint,
        )
