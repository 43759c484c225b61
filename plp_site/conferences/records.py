"""A conference record's parts as the loader reads them: the date in its file name and its sections under the
school's headings; and which record is the newest, or of a given day. Pure: no files are read here."""

from __future__ import annotations

import datetime as dt
import re

from plp_site.completeness import heading_key
from plp_site.model import ConferenceRecord, Heading, Page, Portfolio, RecordSection
from plp_site.requirements import Requirements

__all__ = [
    "FOLDER",
    "date_in_name",
    "newest_record",
    "record_of",
    "record_on",
    "record_sections",
    "section_items",
]

FOLDER = "conferences"
_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})\.md$")
_LIST_ITEM = re.compile(r"^\s{0,3}(?:[-*+]|\d{1,9}[.)])\s+(.*)$")
_MARKUP = re.compile(r"!\[[^\]]*\]\([^)]*\)|<[^>]+>|[*_`]")
_UNDERLINE = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def date_in_name(relative: str) -> dt.date | None:
    """The date a record's file name gives (`conferences/2026-04-02.md`), None when it is not a real date."""
    name = _NAME.match(relative.rsplit("/", 1)[-1])
    try:
        return dt.date.fromisoformat(name.group(1)) if name else None
    except ValueError:
        return None


def _end(headings: tuple[Heading, ...], index: int, body_line: int, lines: int) -> int:
    """The body line index just past a heading's section: the next heading of the same or a higher level."""
    level = headings[index].level
    later = (h.location.line - body_line for h in headings[index + 1 :] if h.level <= level)
    return min(next(later, lines), lines)


def record_sections(page: Page, requirements: Requirements) -> tuple[RecordSection, ...]:
    """The school's conference headings the page has (the first heading of each), with the Markdown under each."""
    lines = page.body.split("\n")
    wanted = [{heading_key(choice) for choice in choices} for choices in requirements.conference_record.headings]
    found: dict[int, RecordSection] = {}
    for position, heading in enumerate(page.headings):
        key = heading_key(heading.text)
        index = next((i for i, keys in enumerate(wanted) if key in keys), None)
        if index is None or index in found:
            continue
        first = heading.location.line - page.body_line + 1
        # A heading underlined with === or --- ends on its underline.
        first += first < len(lines) and _UNDERLINE.match(lines[first]) is not None
        end = _end(page.headings, position, page.body_line, len(lines))
        found[index] = RecordSection(index, heading, "\n".join(lines[first:end]).strip("\n"), first, end)
    return tuple(sorted(found.values(), key=lambda section: section.first))


def _plain(markdown: str) -> str:
    return " ".join(_LINK.sub(r"\1", _MARKUP.sub("", markdown)).split())


def section_items(text: str) -> list[str]:
    """A section's points as plain text: each list item (with the lines that continue it) and each paragraph."""
    listed = any(_LIST_ITEM.match(line) for line in text.split("\n"))
    items: list[list[str]] = []
    gap = True
    for line in text.split("\n"):
        item = _LIST_ITEM.match(line) if listed else None
        if item:
            items.append([item.group(1)])
            gap = False
        elif not line.strip() or line.lstrip().startswith("#"):
            gap = True
        elif items and (not gap or (listed and line[:1] in (" ", "\t"))):
            items[-1].append(line)
        else:
            items.append([line])
            gap = False
    return [plain for plain in (_plain(" ".join(item)) for item in items) if plain]


def newest_record(portfolio: Portfolio, today: dt.date) -> ConferenceRecord | None:
    """The record of the student's last conference: the newest one dated today or before."""
    held = [record for record in portfolio.conferences if record.date <= today]
    return max(held, key=lambda record: (record.date, record.page.path)) if held else None


def record_on(portfolio: Portfolio, date: dt.date) -> ConferenceRecord | None:
    """The record of the conference held on `date`, if there is one."""
    return next((record for record in portfolio.conferences if record.date == date), None)


def record_of(portfolio: Portfolio, page: Page) -> ConferenceRecord | None:
    """The record a page of the portfolio is, if it is one."""
    return next((record for record in portfolio.conferences if record.page is page), None)
