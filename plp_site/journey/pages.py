"""The Journey page (one section per school year, oldest first) and the Skills page's view of the skills that had
evidence in each school year, in the family's language."""

from __future__ import annotations

import datetime as dt

from plp_site.dates import build_date
from plp_site.journey.years import SchoolYear, grade_in, journey_years
from plp_site.model import Page
from plp_site.site import SiteInput

__all__ = ["JOURNEY", "journey_page", "skills_by_year", "year_heading"]

JOURNEY = "journey/index.md"
_SKILLS = "skills/index.md"


def _today(site: SiteInput) -> dt.date:
    return site.today or build_date()


def _years(site: SiteInput) -> list[SchoolYear]:
    requirements = site.requirements
    return journey_years(site.portfolio, _today(site), requirements.skill_ids, requirements.school_year_starts)


def year_heading(site: SiteInput, year: SchoolYear) -> str:
    """A school year's name as inert Markdown: "Grade 9 · 2024–2025", or "School year 2024–2025" when the grade
    of that year is not known."""
    student = site.portfolio.student
    grade = grade_in(student.grade if student else None, year.start, _today(site), site.requirements.school_year_starts)
    start, end = year.start.year, year.start.year + 1
    if grade is None:
        return site.say("school_year", start=start, end=end)
    return site.say("journey_year", grade=site.labels("grade", grade=grade), start=start, end=end)


def _dated_item(site: SiteInput, page: Page, day: dt.date | None) -> str:
    when = f" · {site.date(day)}" if day else ""
    return f"- {site.link(page, JOURNEY)}{when}"


def _year_section(site: SiteInput, year: SchoolYear) -> list[str]:
    parts = [f"## {year_heading(site, year)}", ""]
    groups = [
        ("journey_goals_set", [_dated_item(site, g.page, g.set_on) for g in year.goals_set]),
        ("journey_goals_met", [_dated_item(site, g.page, g.met_on) for g in year.goals_met]),
        ("reflections", [_dated_item(site, r.page, r.date) for r in year.reflections]),
        ("evidence", [_dated_item(site, e.page, e.date) for e in year.evidence]),
        # One sentence, as on the other pages: a list item holding only a skill's name would take its direction
        # from nothing (the name is set apart), and on a right-to-left page its bullet would be on the wrong side.
        ("journey_first_skills", [site.skills_text(year.first_skills)] if year.first_skills else []),
    ]
    for key, items in groups:
        if items:
            parts += [f"### {site.say(key)}", "", *items, ""]
    if year.empty:
        parts += [site.say("journey_nothing"), ""]
    return parts


def journey_page(site: SiteInput) -> str:
    """The Journey: each school year from the first dated entry to now, oldest first."""
    parts = [f"# {site.say('journey')}", "", site.say("journey_intro"), ""]
    years = _years(site)
    for year in years:
        parts += _year_section(site, year)
    if not years:
        parts.append(site.say("journey_empty"))
    return "\n".join(parts)


def _skill_row(site: SiteInput, year: SchoolYear, skill: str) -> str:
    pages = [e.page for e in year.evidence if skill in e.skills]
    links = site.separator.join(site.link(page, _SKILLS) for page in pages)
    first = f' <span class="plp-first-evidence">{site.say("journey_first_time")}</span>' if skill in year.first_skills else ""
    return f"| {site.skill_words(skill)}{first} | {site.cell_label('evidence')}{links} |"


def _year_details(site: SiteInput, year: SchoolYear, newest: bool) -> list[str]:
    # The newest year is open: it is the one a family asks about first; the others open with a click, no script.
    opening = '<details class="plp-year" markdown open>' if newest else '<details class="plp-year" markdown>'
    parts = [opening, f"<summary>{year_heading(site, year)}</summary>", ""]
    if year.skills:
        parts += [
            '<div class="plp-stack" markdown>',
            "",
            f"| {site.say('skill')} | {site.say('evidence')} |",
            "| --- | --- |",
            *(_skill_row(site, year, skill) for skill in year.skills),
            "",
            "</div>",
        ]
    else:
        parts.append(site.say("journey_no_evidence"))
    return [*parts, "", "</details>", ""]


def skills_by_year(site: SiteInput) -> str:
    """The Skills page's part under the matrix: for each school year, newest first, the skills that had evidence
    that year and those that had it for the first time."""
    years = _years(site)
    if not years:
        return ""
    parts = [f"## {site.say('skills_by_year')}", "", site.say("skills_by_year_intro"), ""]
    for index, year in enumerate(reversed(years)):
        parts += _year_details(site, year, index == 0)
    return "\n".join(parts)
