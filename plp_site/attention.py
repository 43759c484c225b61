"""Who needs attention: the staff dashboard's lists of students, from their records and the date.

Pure functions of the records (staff.StaffRecord, read from students.json or made by a build), the school's
settings and today's date, in a fixed order of groups: every group is returned, an empty one too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from plp_site.dates import school_year_start

if TYPE_CHECKING:
    from plp_site.requirements import Requirements
    from plp_site.staff import StaffRecord

__all__ = ["GROUPS", "AttentionGroup", "attention_groups", "school_attention"]

GROUPS = ("build_failed", "no_recent_entry", "prompts_left", "section_missing", "goal_overdue", "no_conference")
"""The keys of the groups, in the order a dashboard lists them."""


@dataclass(frozen=True)
class AttentionGroup:
    """Students who need attention for one reason."""

    key: str
    """One of GROUPS."""
    student_ids: tuple[str, ...]

    @property
    def count(self) -> int:
        """How many students are in the group."""
        return len(self.student_ids)


def _read(record: StaffRecord) -> bool:
    # A build stopped from outside knows nothing of the student's folder (no counts): only its failure is news.
    return bool(record.counts)


def _date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def attention_groups(
    records: Sequence[StaffRecord],
    today: dt.date,
    *,
    stale_days: int = 30,
    school_year_starts: tuple[int, int] = (8, 1),
) -> list[AttentionGroup]:
    """The groups of GROUPS, each with the ids of its students (sorted):

    build_failed: the site was not built; no_recent_entry: no reflection or evidence page dated in the last
    `stale_days` days (or none at all); prompts_left: template prompts still in place; section_missing: a
    required section missing or without enough of the student's own words; goal_overdue: a goal past its target
    date and not met; no_conference: no student-led conference since the school year started."""
    stale_before = today - dt.timedelta(days=stale_days)
    year_start = school_year_start(today, school_year_starts)

    def stale(record: StaffRecord) -> bool:
        latest = _date(record.latest_entry)
        return latest is None or latest < stale_before

    def no_conference(record: StaffRecord) -> bool:
        conference = _date(record.last_conference)
        return conference is None or not year_start <= conference <= today

    tests: dict[str, Callable[[StaffRecord], bool]] = {
        "build_failed": lambda record: record.status == "failed",
        "no_recent_entry": stale,
        "prompts_left": lambda record: record.prompts > 0,
        "section_missing": lambda record: any(key.startswith("section:") for key in record.incomplete),
        "goal_overdue": lambda record: bool(record.overdue_goals),
        "no_conference": no_conference,
    }
    return [
        AttentionGroup(
            key,
            tuple(sorted(r.id for r in records if (key == "build_failed" or _read(r)) and tests[key](r))),
        )
        for key in GROUPS
    ]


def school_attention(records: Sequence[StaffRecord], requirements: Requirements, today: dt.date) -> list[AttentionGroup]:
    """attention_groups with the school's settings (`attention: {stale_days: 30}`, `school_year_starts: 08-01`)."""
    return attention_groups(
        records, today, stale_days=requirements.stale_days, school_year_starts=requirements.school_year_starts
    )
