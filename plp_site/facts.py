"""The facts of one student's PLP that the staff dashboard shows, by the same rules `plp check` reports with."""

from __future__ import annotations

import datetime as dt

from plp_site.completeness import assess
from plp_site.dates import last_conference, latest_entry, overdue_goals, recheck_on
from plp_site.model import Portfolio
from plp_site.requirements import Requirements

__all__ = ["progress_facts"]


def _iso(date: dt.date | None) -> str | None:
    return date.isoformat() if date is not None else None


def progress_facts(portfolio: Portfolio, requirements: Requirements, today: dt.date) -> dict[str, object]:
    """Counts and sections by the honest rule (completeness.py), the prompts still in place, what is missing,
    goals past their target date, the last conference and the latest entry (never a date after `today`), and the
    day a date of the portfolio changes these facts (see dates.recheck_on); plain data for students.json."""
    honest = assess(portfolio, requirements)
    return {
        "counts": dict(honest.counts),
        "drafts": dict(honest.drafts),
        "sections": dict(honest.sections),
        "prompts": honest.prompts,
        "incomplete": honest.incomplete,
        "overdue_goals": overdue_goals(portfolio, today),
        "last_conference": _iso(last_conference(portfolio, today)),
        "last_record": _iso(_last_record(portfolio, today)),
        "latest_entry": _iso(latest_entry(portfolio, today)),
        "recheck_on": _iso(recheck_on(portfolio, today)),
    }


def _last_record(portfolio: Portfolio, today: dt.date) -> dt.date | None:
    """The newest conference record (conferences/<date>.md), never one after `today`."""
    return max((c.date for c in portfolio.conferences if c.date <= today), default=None)
