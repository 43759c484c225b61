"""A portfolio sorted into school years, from the year of its first dated entry to the year of the build's date:
the goals set and met, the reflections and evidence, and the skills whose first evidence came that year. Pure."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from plp_site.dates import school_year_start
from plp_site.goalhistory import met_day, set_day
from plp_site.model import Evidence, Goal, Portfolio, Reflection

__all__ = ["SchoolYear", "grade_in", "journey_years"]


@dataclass(frozen=True)
class SchoolYear:
    """One school year of a portfolio: its first day and what happened in it, each list oldest first."""

    start: dt.date
    goals_set: tuple[Goal, ...] = ()
    goals_met: tuple[Goal, ...] = ()
    reflections: tuple[Reflection, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    first_skills: tuple[str, ...] = ()
    """Skills (ids, in the framework's order) whose first evidence page is dated in this year."""
    skills: tuple[str, ...] = ()
    """Skills (ids, in the framework's order) with at least one evidence page dated in this year."""

    @property
    def empty(self) -> bool:
        """Whether nothing of the portfolio is dated in this year."""
        return not (self.goals_set or self.goals_met or self.reflections or self.evidence)


def _dated(portfolio: Portfolio, today: dt.date) -> list[dt.date]:
    """Every date of the portfolio the journey shows: none after today (those are findings, not history)."""
    dates = [r.date for r in portfolio.reflections if r.date != dt.date.min]
    dates += [e.date for e in portfolio.evidence if e.date is not None]
    dates += [day for g in portfolio.goals for day in (set_day(g), met_day(g)) if day is not None]
    return [date for date in dates if date <= today]


def _starts(first: dt.date, today: dt.date, starts: tuple[int, int]) -> list[dt.date]:
    """The first day of each school year from the one `first` is in to the one `today` is in."""
    year, last = school_year_start(first, starts), school_year_start(today, starts)
    days = []
    while year <= last:
        days.append(year)
        year = dt.date(year.year + 1, *starts)
    return days


def _first_evidence(portfolio: Portfolio, skill_ids: tuple[str, ...], today: dt.date) -> dict[str, dt.date]:
    """The date of each skill's first dated evidence page (skills without one are left out)."""
    firsts: dict[str, dt.date] = {}
    for evidence in portfolio.evidence:
        if evidence.date is None or evidence.date > today:
            continue
        for skill in evidence.skills:
            if skill in skill_ids and (skill not in firsts or evidence.date < firsts[skill]):
                firsts[skill] = evidence.date
    return firsts


def journey_years(
    portfolio: Portfolio, today: dt.date, skill_ids: tuple[str, ...], starts: tuple[int, int] = (8, 1)
) -> list[SchoolYear]:
    """The school years of a portfolio, oldest first; empty when nothing in it is dated yet."""
    dates = _dated(portfolio, today)
    if not dates:
        return []
    firsts = _first_evidence(portfolio, skill_ids, today)
    years = []
    for start in _starts(min(dates), today, starts):
        end = dt.date(start.year + 1, *starts)

        def within(day: dt.date | None, start: dt.date = start, end: dt.date = end) -> bool:
            return day is not None and start <= day < end and day <= today

        evidence = sorted((e for e in portfolio.evidence if within(e.date)), key=lambda e: (e.date, e.page.path))
        years.append(
            SchoolYear(
                start,
                tuple(sorted((g for g in portfolio.goals if within(set_day(g))), key=lambda g: (g.set_on, g.page.path))),
                tuple(sorted((g for g in portfolio.goals if within(met_day(g))), key=lambda g: (g.met_on, g.page.path))),
                tuple(sorted((r for r in portfolio.reflections if within(r.date)), key=lambda r: (r.date, r.page.path))),
                tuple(evidence),
                tuple(skill for skill in skill_ids if within(firsts.get(skill))),
                tuple(skill for skill in skill_ids if any(skill in e.skills for e in evidence)),
            )
        )
    return years


def grade_in(current_grade: int | None, year_start: dt.date, today: dt.date, starts: tuple[int, int]) -> int | None:
    """The grade a student was in during the school year starting `year_start`, counted back from the current
    grade (one grade a school year); None when it is unknown or would be below first grade."""
    if current_grade is None:
        return None
    grade = current_grade - (school_year_start(today, starts).year - year_start.year)
    return grade if grade >= 1 else None
