"""A goal's history: the day it was set (`set:`) and the day it was met (`met:`), and what is judged about them
(a met day needs `status: met`, the days in order, none after the build's date)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from plp_site.codes import finding
from plp_site.diagnostics import Finding
from plp_site.model import Goal, Portfolio, SourceLocation

__all__ = ["check_goal_dates", "met_day", "set_day"]


def set_day(goal: Goal) -> dt.date | None:
    """The day the goal was set, as the student wrote it."""
    return goal.set_on


def met_day(goal: Goal) -> dt.date | None:
    """The day the goal was met: only a goal whose status is met has one."""
    return goal.met_on if goal.status == "met" else None


def check_goal_dates(portfolio: Portfolio, today: dt.date) -> Iterator[Finding]:
    """Every goal's `set:` and `met:` against its status, each other, its target and the build's date."""
    for goal in portfolio.goals:
        yield from _goal_findings(portfolio, goal, today)


def _goal_findings(portfolio: Portfolio, goal: Goal, today: dt.date) -> Iterator[Finding]:
    page = goal.page

    def at(name: str) -> SourceLocation:
        return portfolio.location(page.path, page.line_of(name), 1)

    if goal.met_on is not None and goal.status != "met":
        yield finding(
            "PLP801",
            at("met"),
            f"'met' says the goal was met on {goal.met_on.isoformat()}, but its status is {goal.status}",
            "if you met it, write `status: met`; if not yet, take out the `met:` line",
        )
    if goal.set_on is not None and goal.met_on is not None and goal.met_on < goal.set_on:
        yield finding(
            "PLP802",
            at("met"),
            f"the goal was met on {goal.met_on.isoformat()}, before it was set on {goal.set_on.isoformat()}",
            "a goal is met after it is set: check the year, month and day of `set:` and `met:`",
        )
    if goal.set_on is not None and goal.target is not None and goal.target < goal.set_on:
        yield finding(
            "PLP802",
            at("target"),
            f"the target date {goal.target.isoformat()} is before the day the goal was set, {goal.set_on.isoformat()}",
            "the target is the day you want to reach the goal, after you set it: check the year of both",
        )
    for name, day in (("set", goal.set_on), ("met", goal.met_on)):
        if day is not None and day > today:
            yield finding(
                "PLP211",
                at(name),
                f"'{name}' {day.isoformat()} is in the future (today is {today.isoformat()})",
                f"write the day you {'set' if name == 'set' else 'met'} this goal; check the year, month and day",
            )
