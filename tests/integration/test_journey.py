"""The demo school's Journey pages, goal dates and Skills by school year, as built by the real `plp build`: one
section per school year in order, each goal, reflection, evidence page and first evidence of a skill in the year of
its date, in the family's language."""

from __future__ import annotations

import datetime as dt
import posixpath
from functools import cache
from pathlib import Path

import pytest

from plp_site.checker import check_student
from plp_site.dates import build_date
from plp_site.i18n import Labels, labels_for
from plp_site.model import Portfolio
from plp_site.school import load_school

from .conftest import DemoBuild
from .helpers import Element, read_html

STARTS = (8, 1)  # the demo school keeps the default school year: August 1


@cache
def _read(root: Path, student_id: str) -> Portfolio:
    return check_student(root, student_id, load_school(root).requirements).portfolio


def _portfolio(demo: DemoBuild, student_id: str) -> Portfolio:
    """The student as plp reads them from the built copy of the demo school."""
    return _read(demo.root, student_id)


def _labels(portfolio: Portfolio) -> Labels:
    return labels_for(portfolio.student.language if portfolio.student else None)


def _year(day: dt.date) -> int:
    return day.year if (day.month, day.day) >= STARTS else day.year - 1


def _heading_text(element: Element) -> str:
    """A heading's words without its permalink mark."""
    copy = Element(
        element.tag, element.attrs, [c for c in element.children if not isinstance(c, Element) or "headerlink" not in c.classes]
    )
    return copy.text()


def _sections(demo: DemoBuild, student_id: str) -> dict[str, dict[str, list[Element]]]:
    """The Journey page's items: by school year heading, by list heading, the list items in order."""
    page = read_html(demo.site_of(student_id) / "journey" / "index.html").find("article", cls="md-content__inner")
    sections: dict[str, dict[str, list[Element]]] = {}
    year, group = None, None
    for element in page.iter():
        if element.tag == "h2":
            year, group = _heading_text(element), None
            sections[year] = {}
        elif element.tag == "h3" and year is not None:
            group = _heading_text(element)
            sections[year][group] = []
        elif element.tag in {"li", "p"} and year is not None and group is not None:
            sections[year][group].append(element)
    return sections


def _year_name(portfolio: Portfolio, start: int) -> str:
    labels, today = _labels(portfolio), build_date()
    assert portfolio.student is not None
    grade = portfolio.student.grade - (_year(today) - start)
    return labels("journey_year", grade=labels("grade", grade=grade), start=start, end=start + 1)


def _dates(portfolio: Portfolio) -> list[dt.date]:
    dates = [r.date for r in portfolio.reflections] + [e.date for e in portfolio.evidence if e.date]
    dates += [g.set_on for g in portfolio.goals if g.set_on] + [
        g.met_on for g in portfolio.goals if g.met_on and g.status == "met"
    ]
    return [day for day in dates if day <= build_date()]


def _links(items: list[Element]) -> list[str]:
    return [posixpath.normpath(posixpath.join("journey", a.attrs["href"])) for item in items for a in item.find_all("a")]


def test_several_students_have_a_journey_of_two_years_or_more(demo: DemoBuild) -> None:
    long = [sid for sid in demo.ids if len(_sections(demo, sid)) >= 2]
    assert len(long) >= 4, f"only {long} have two school years or more"


def test_every_demo_student_has_a_journey(demo: DemoBuild) -> None:
    for student_id in demo.ids:
        years = list(_sections(demo, student_id))
        portfolio = _portfolio(demo, student_id)
        first, now = _year(min(_dates(portfolio))), _year(build_date())
        assert years == [_year_name(portfolio, start) for start in range(first, now + 1)], student_id


def test_goals_set_and_met_are_in_the_year_of_their_date(demo: DemoBuild) -> None:
    placed = 0
    for student_id in demo.ids:
        portfolio, sections = _portfolio(demo, student_id), _sections(demo, student_id)
        labels = _labels(portfolio)
        for goal in portfolio.goals:
            target = f"goals/{goal.page.slug}"
            for key, day in (("journey_goals_set", goal.set_on), ("journey_goals_met", goal.met_on)):
                where = [year for year, groups in sections.items() if target in _links(groups.get(labels(key), []))]
                assert where == ([_year_name(portfolio, _year(day))] if day else []), (student_id, target, key)
                placed += bool(day)
                if day:
                    item = next(i for i in sections[where[0]][labels(key)] if target in _links([i]))
                    assert labels.date(day) in item.text()
    assert placed >= 20


def test_reflections_and_evidence_are_in_the_year_of_their_date(demo: DemoBuild) -> None:
    for student_id in demo.ids:
        portfolio, sections = _portfolio(demo, student_id), _sections(demo, student_id)
        labels = _labels(portfolio)
        pages = [(r.page, r.date, "reflections") for r in portfolio.reflections]
        pages += [(e.page, e.date, "evidence") for e in portfolio.evidence if e.date]
        for page, day, key in pages:
            target = page.path.removesuffix(".md")
            where = [year for year, groups in sections.items() if target in _links(groups.get(labels(key), []))]
            assert where == [_year_name(portfolio, _year(day))], (student_id, target)


def test_a_skills_first_evidence_is_in_the_year_it_came(demo: DemoBuild) -> None:
    requirements = load_school(demo.root).requirements
    for student_id in demo.ids:
        portfolio, sections = _portfolio(demo, student_id), _sections(demo, student_id)
        labels = _labels(portfolio)
        for skill in requirements.skills:
            name = skill.name_in(labels.language, requirements.language)[0]
            dates = [e.date for e in portfolio.evidence if skill.id in e.skills and e.date]
            where = [
                year
                for year, groups in sections.items()
                if name
                in [span.text() for item in groups.get(labels("journey_first_skills"), []) for span in item.find_all("span")]
            ]
            assert where == ([_year_name(portfolio, _year(min(dates)))] if dates else []), (student_id, skill.id)


@pytest.mark.parametrize(("student_id", "language"), [("sofia-ramirez", "es"), ("amina-hassan", "ar"), ("bishal-gurung", "ne")])
def test_the_journey_speaks_the_familys_language(demo: DemoBuild, student_id: str, language: str) -> None:
    labels = labels_for(language)
    page = read_html(demo.site_of(student_id) / "journey" / "index.html")
    assert page.find("html").attrs["lang"] == language
    article = page.find("article", cls="md-content__inner")
    assert _heading_text(article.find("h1")) == labels("journey") != labels_for("en")("journey")
    groups = {group for year in _sections(demo, student_id).values() for group in year}
    translated = {
        labels(k) for k in ("journey_goals_set", "journey_goals_met", "reflections", "evidence", "journey_first_skills")
    }
    assert groups
    assert groups <= translated
    assert not groups & {labels_for("en")(k) for k in ("journey_goals_set", "journey_goals_met", "journey_first_skills")}
    # The menu names the page in the same words.
    home = read_html(demo.site_of(student_id) / "index.html").find("nav", cls="md-nav--primary")
    menu = [a.text() for a in home.find_all("a") if a.attrs.get("href") == "journey/"]
    assert labels("journey") in menu
    # A goal's page says when it was set and met, with dates written the family's way.
    portfolio = _portfolio(demo, student_id)
    goal = next(g for g in portfolio.goals if g.set_on and g.met_on)
    facts = read_html(demo.site_of(student_id) / "goals" / goal.page.slug / "index.html").find("div", cls="plp-facts-box").text()
    assert f"{labels('goal_set_on')}: {labels.date(goal.set_on)}" in facts  # type: ignore[arg-type]
    assert f"{labels('goal_met_on')}: {labels.date(goal.met_on)}" in facts  # type: ignore[arg-type]


def test_the_skills_page_shows_each_school_year_newest_first(demo: DemoBuild) -> None:
    requirements = load_school(demo.root).requirements
    for student_id in demo.ids:
        portfolio = _portfolio(demo, student_id)
        labels = _labels(portfolio)
        page = read_html(demo.site_of(student_id) / "skills" / "index.html").find("article", cls="md-content__inner")
        years = page.find_all("details", cls="plp-year")
        assert [y.find("summary").text() for y in years] == list(reversed(list(_sections(demo, student_id)))), student_id
        assert "open" in years[0].attrs, "the newest year is open"
        assert not any("open" in y.attrs for y in years[1:])
        for details in years:
            start = int(details.find("summary").text().split("·")[-1].strip()[:4])
            shown = [row.find("td").find("span", cls="plp-skill").text() for row in details.find_all("tr")[1:]]
            expected = [
                skill.name_in(labels.language, requirements.language)[0]
                for skill in requirements.skills
                if any(skill.id in e.skills and e.date and _year(e.date) == start for e in portfolio.evidence)
            ]
            assert shown == expected, (student_id, start)
            assert all(th.text() for th in details.find_all("th"))
