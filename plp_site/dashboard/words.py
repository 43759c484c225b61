"""Every word of the staff dashboard, in one place (the dashboard is for staff and is in English)."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

__all__ = ["ATTENTION", "COLUMNS", "KINDS", "SECTION_NAMES", "SEVERITIES", "STATUSES", "WORDS"]

WORDS: Mapping[str, str] = MappingProxyType(
    {
        "title": "PLP staff dashboard",
        "title_advisor": "Advisory of {name}",
        "title_grade": "Grade {grade}",
        "whole_school": "Whole school",
        "pages_nav": "Dashboard pages",
        "advisors": "Advisories",
        "grades": "Grades",
        "summary": "{students} students: {built} published, {failed} failed. Generated {generated}.",
        "staff_only": "This page is for staff only: do not publish it.",
        "print_sheets": "Family link sheets to print",
        "csv": "Download the whole school as a spreadsheet (CSV)",
        "attention": "Needs attention",
        "attention_none": "Nobody: every student is up to date.",
        "attention_count": "{count} students",
        "attention_count_one": "1 student",
        "attention_lists": "Who needs attention, by group",
        "nobody": "nobody",
        "caption": "Each student's PLP: completeness, latest entry, build and family link",
        "filters": "Sort and filter the table",
        "search": "Search names, ids and advisors",
        "filter_grade": "Grade",
        "filter_advisor": "Advisor",
        "filter_status": "Site",
        "filter_attention": "Needs attention for",
        "filter_complete": "Completeness",
        "any": "All",
        "complete_only": "Complete",
        "incomplete_only": "Not complete",
        "reset": "Show everyone",
        "rows": "Showing {shown} of {total} students.",
        "rows_all": "Showing all {total} students.",
        "not_set": "–",
        "record_written": "record written",
        "no_record": "no record yet this year",
        "unknown_grade": "?",
        "complete": "complete",
        "percent": "{percent}%",
        "missing": "missing: {items}",
        "not_read": "not known (the folder was not read)",
        "built": "published",
        "failed": "failed",
        "failed_online": "the previous site is still online, published {since}",
        "failed_online_unknown": "the previous site is still online",
        "failed_offline": "no site is online",
        "failed_split": "({online} still online from an earlier build, {offline} with no site online)",
        "needs": "(needs {count})",
        "not_published": "not published yet",
        "open_copy": "Open the copy built here",
        "open_copy_hidden": " of {name}'s site",
        "findings": "Findings, by student",
        "findings_none": "No student has findings.",
        "findings_summary": "{name}: {errors}, {warnings}",
        "errors": "{count} errors",
        "errors_one": "1 error",
        "warnings": "{count} warnings",
        "warnings_one": "1 warning",
        "finding_where_line": "{file}, line {line}",
        "hint": "What to do:",
        "reason": "Why the build stopped:",
        "code": "code {code}",
    }
)
"""Sentences and labels; `{name}` parts are filled in (and escaped) by the templates."""

COLUMNS: Mapping[str, str] = MappingProxyType(
    {
        "student": "Student",
        "grade": "Grade",
        "advisor": "Advisor",
        "completeness": "Completeness",
        "goals": "Goals",
        "reflections": "Reflections",
        "evidence": "Evidence",
        "latest": "Latest entry",
        "conference": "Last conference",
        "site": "Site",
        "errors": "Errors",
        "warnings": "Warnings",
        "link": "Family link",
    }
)
"""The table's columns, in order: the key is the column's name in the page's script and styles."""

ATTENTION: Mapping[str, str] = MappingProxyType(
    {
        "build_failed": "Site build failed",
        "no_recent_entry": "No reflection or evidence in the last {days} days",
        "prompts_left": "Template prompts still in place",
        "section_missing": "A required section missing or too short",
        "goal_overdue": "A goal past its target date",
        "no_conference": "No student-led conference this school year",
    }
)
"""The attention groups (plp_site.attention.GROUPS) as staff read them."""

KINDS: Mapping[str, str] = MappingProxyType({"goals": "goals", "reflections": "reflections", "evidence": "evidence"})
SECTION_NAMES: Mapping[str, str] = MappingProxyType({"about-me": "About me", "postsecondary": "Postsecondary plan"})
STATUSES: Mapping[str, str] = MappingProxyType({"built": "published", "failed": "failed"})
SEVERITIES: Mapping[str, str] = MappingProxyType({"error": "Error", "warning": "Warning", "info": "Note"})
