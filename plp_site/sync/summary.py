"""What `plp sync` reports: every student's findings, with the school's severities, and one line that counts."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from plp_site.diagnostics import Report, Severity
from plp_site.sync.outcome import Outcome, Status

__all__ = ["SyncSummary", "summarize", "summary_line"]


@dataclass(frozen=True)
class SyncSummary:
    """The outcome of each student (findings weighed by the school's severities) and all findings, sorted."""

    outcomes: tuple[Outcome, ...]
    report: Report

    @property
    def need_a_teacher(self) -> tuple[str, ...]:
        """The students with an error: their folders were left as they were (or not made)."""
        return tuple(o.student_id for o in self.outcomes if any(f.is_error for f in o.findings))

    def count(self, status: Status) -> int:
        """How many students without an error ended with this status; a folder kept only for a finding the school
        made a warning counts as unchanged."""
        waiting = set(self.need_a_teacher)
        return sum(
            o.student_id not in waiting and (o.status is status or (status is Status.UNCHANGED and o.status is Status.KEPT))
            for o in self.outcomes
        )


def summarize(outcomes: Iterable[Outcome], severity: Mapping[str, Severity]) -> SyncSummary:
    """The outcomes and their findings, with the school's severity for each code (mkdocs.yml's `severity:`)."""
    weighed = tuple(replace(o, findings=Report.of(o.findings, severity).findings) for o in outcomes)
    return SyncSummary(weighed, Report(tuple(f for o in weighed for f in o.findings)))


def summary_line(summary: SyncSummary) -> str:
    """`synced 28 of 30 students (3 cloned, 24 updated, 1 unchanged, 2 need a teacher)`."""
    total, waiting = len(summary.outcomes), len(summary.need_a_teacher)
    counts = ", ".join(f"{summary.count(status)} {status.value}" for status in (Status.CLONED, Status.UPDATED, Status.UNCHANGED))
    need = f"{waiting} {'needs' if waiting == 1 else 'need'} a teacher"
    return f"synced {total - waiting} of {total} student{'' if total == 1 else 's'} ({counts}, {need})"
