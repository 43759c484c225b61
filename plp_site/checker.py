"""Check students: read each folder, run every rule, and collect one Report."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from plp_site.conferences.checks import check_conferences
from plp_site.dates import build_date
from plp_site.diagnostics import Finding, Report
from plp_site.evidence_files import MediaExamine
from plp_site.goalhistory import check_goal_dates
from plp_site.images import inspect_image
from plp_site.loader import Examine, Progress, load_portfolio
from plp_site.model import Portfolio
from plp_site.requirements import Requirements
from plp_site.rules import check_portfolio
from plp_site.school import School

__all__ = ["Checked", "check_school", "check_student"]


@dataclass(frozen=True)
class Checked:
    """One student's portfolio and its report."""

    portfolio: Portfolio
    report: Report
    today: dt.date
    """The day the dates were judged against (the build's date)."""


def check_student(
    root: Path,
    student_id: str,
    requirements: Requirements,
    examine: Examine = inspect_image,
    progress: Progress | None = None,
    *,
    examine_media: MediaExamine | None = None,
    today: dt.date | None = None,
    repository: bool = False,
) -> Checked:
    """Read one student's folder and check it against the school's requirements (`progress` is told each page);
    dates are judged against `today` (default: the build's date, see dates.build_date); with `repository`, root is
    the student's own repository (see loader.load_portfolio)."""
    today = today or build_date()
    loaded = load_portfolio(root, student_id, requirements, examine, progress, examine_media=examine_media, repository=repository)
    # A folder that was not read (a link to another folder) has no content for the rules to judge.
    rules = check_portfolio(loaded.portfolio, requirements, today) if loaded.readable else []
    rules += check_conferences(loaded.portfolio, requirements, today) if loaded.readable else []
    rules += check_goal_dates(loaded.portfolio, today) if loaded.readable else []
    findings: list[Finding] = loaded.findings + rules
    return Checked(loaded.portfolio, Report.of(findings, requirements.severity), today)


def check_school(school: School, student_ids: list[str]) -> Report:
    """The findings of every named student, in one report."""
    findings: list[Finding] = []
    for student_id in student_ids:
        findings.extend(check_student(school.root, student_id, school.requirements).report.findings)
    return Report.of(findings)
