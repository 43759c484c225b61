"""The build's date and what is judged against it: dates in the future, the latest entry, goals past their target
date, and the school year."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator

from plp_site.codes import finding
from plp_site.diagnostics import Finding
from plp_site.model import Portfolio

__all__ = [
    "build_date",
    "check_future_dates",
    "last_conference",
    "latest_entry",
    "overdue_goals",
    "recheck_on",
    "school_year_start",
    "source_date_epoch",
]


def source_date_epoch() -> int | None:
    """The time SOURCE_DATE_EPOCH sets for reproducible builds (seconds since 1970), if it is set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(epoch) if epoch.isdigit() and len(epoch) <= 12 else None


def build_date() -> dt.date:
    """Today, or the day SOURCE_DATE_EPOCH names (reproducible builds, and tests of a given day)."""
    epoch = source_date_epoch()
    return dt.datetime.fromtimestamp(epoch, dt.UTC).date() if epoch is not None else dt.date.today()


def school_year_start(today: dt.date, starts: tuple[int, int] = (8, 1)) -> dt.date:
    """The first day of the school year `today` is in; `starts` is its (month, day), August 1 by default."""
    this_year = dt.date(today.year, *starts)
    return this_year if today >= this_year else dt.date(today.year - 1, *starts)


def _entries(portfolio: Portfolio) -> list[dt.date]:
    """The dates of the reflections and the dated evidence pages (a reflection without a date has none)."""
    dates = [r.date for r in portfolio.reflections if r.date != dt.date.min]
    return dates + [e.date for e in portfolio.evidence if e.date is not None]


def latest_entry(portfolio: Portfolio, today: dt.date) -> dt.date | None:
    """The date of the newest reflection or evidence page, never one after today."""
    dates = [date for date in _entries(portfolio) if date <= today]
    return max(dates) if dates else None


def last_conference(portfolio: Portfolio, today: dt.date) -> dt.date | None:
    """The student's last conference: the newest conference record's date, else student.yml's `last_conference`;
    None when there is none yet (a date after today does not count)."""
    records = [record.date for record in portfolio.conferences if record.date <= today]
    if records:
        return max(records)
    date = portfolio.student.last_conference if portfolio.student else None
    return date if date is not None and date <= today else None


def overdue_goals(portfolio: Portfolio, today: dt.date) -> tuple[str, ...]:
    """The goals (file names without .md) whose target date is before today and that are not met."""
    return tuple(
        goal.page.slug for goal in portfolio.goals if goal.status != "met" and goal.target is not None and goal.target < today
    )


def recheck_on(portfolio: Portfolio, today: dt.date) -> dt.date | None:
    """The first day after today on which a date of the portfolio changes what the dashboard says (an entry or
    conference date arrives, a goal's target passes): a student whose files did not change is built again then."""
    later = [date for date in _entries(portfolio) if date > today]
    conference = portfolio.student.last_conference if portfolio.student else None
    if conference is not None and conference > today:
        later.append(conference)
    later += [record.date for record in portfolio.conferences if record.date > today]
    # The day a goal was set or met puts it on the Journey once that day comes.
    later += [day for goal in portfolio.goals for day in (goal.set_on, goal.met_on) if day is not None and day > today]
    later += [
        goal.target + dt.timedelta(days=1)
        for goal in portfolio.goals
        if goal.status != "met" and goal.target is not None and today <= goal.target < dt.date.max
    ]
    return min(later) if later else None


def check_future_dates(portfolio: Portfolio, today: dt.date) -> Iterator[Finding]:
    """A reflection's or evidence page's date, or the last conference, is after today."""
    shown = today.isoformat()
    for reflection in portfolio.reflections:
        if reflection.date > today:
            yield finding(
                "PLP211",
                portfolio.location(reflection.page.path, reflection.page.line_of("date"), 1),
                f"the date {reflection.date.isoformat()} is in the future (today is {shown})",
                "write the day you wrote this reflection; check the year, month and day",
            )
    for evidence in portfolio.evidence:
        if evidence.date is not None and evidence.date > today:
            yield finding(
                "PLP211",
                portfolio.location(evidence.page.path, evidence.page.line_of("date"), 1),
                f"the date {evidence.date.isoformat()} is in the future (today is {shown})",
                "write the day you made this work; check the year, month and day",
            )
    student = portfolio.student
    if student is not None and student.last_conference is not None and student.last_conference > today:
        yield finding(
            "PLP211",
            portfolio.location("student.yml", student.line_of("last_conference"), 1),
            f"last_conference {student.last_conference.isoformat()} is in the future (today is {shown})",
            "write the date of a conference that has happened; before your first one, leave the line out",
        )
