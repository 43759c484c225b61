"""Every rule of plp_site.rules on portfolios built in memory (no files)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import replace

import pytest

from plp_site.codes import CODES
from plp_site.diagnostics import Finding, Severity
from plp_site.model import Evidence, Goal, Heading, ImageRef, Link, Page, Portfolio, Reflection, Removed, SourceLocation, Student
from plp_site.render import render_page
from plp_site.requirements import Requirements, SectionRule, Skill
from plp_site.rules import (
    RULES,
    check_counts,
    check_evidence_skills,
    check_html,
    check_images,
    check_links,
    check_photo,
    check_portfolio,
    check_prompts,
    check_reflection_dates,
    check_reflection_goals,
    check_sections,
    check_skills,
)
from plp_site.safety import page_markup
from plp_site.scan import resolve

FOLDER = "students/ada"
DEFAULT = Requirements()
ABOUT_HEADINGS = ("Strengths", "Interests", "How I learn best")
OWN_WORDS = "I wrote this page myself, in more than ten words of my own."
"""A body that counts by the honest rule (plp_site.completeness: at least 10 of the student's own words)."""


def at(path: str, line: int = 0, column: int = 0) -> SourceLocation:
    """A location inside Ada's folder."""
    return SourceLocation(f"{FOLDER}/{path}", line, column)


def make_page(
    path: str,
    *,
    headings: Iterable[str] = (),
    images: Iterable[tuple[str, str, int]] = (),
    links: Iterable[tuple[str, int]] = (),
    fields: dict[str, int] | None = None,
    body_line: int = 1,
    body: str = OWN_WORDS,
) -> Page:
    """A page; images are (alt, target, line) and links (target, line), resolved as the loader does."""
    return Page(
        path=path,
        location=at(path),
        title=path,
        body=body,
        body_line=body_line,
        headings=tuple(Heading(2, text, at(path, body_line + i, 1)) for i, text in enumerate(headings)),
        images=tuple(ImageRef(alt, target, at(path, line, 1), resolve(target, path)) for alt, target, line in images),
        links=tuple(Link(target, at(path, line, 1), resolve(target, path)) for target, line in links),
        field_lines=tuple(sorted((fields or {}).items())),
    )


def student(grade: int = 9, photo: str | None = None) -> Student:
    return Student("ada", "Ada Lovelace", grade, at("student.yml"), photo=photo)


def goal(slug: str = "robot-arm", skills: tuple[str, ...] = ("problem-solving",)) -> Goal:
    return Goal(make_page(f"goals/{slug}.md", fields={"title": 2, "skills": 6}), "academic", "in-progress", skills=skills)


def reflection(
    name: str = "2026-10-03-robots", date: dt.date = dt.date(2026, 10, 3), goal_slug: str | None = None, **kwargs: object
) -> Reflection:
    page = make_page(f"reflections/{name}.md", fields={"date": 2, "skills": 4, "goal": 5})
    return Reflection(page, date, goal=goal_slug, **kwargs)  # type: ignore[arg-type]


def evidence(skills: tuple[str, ...] = ("communication",), fields: dict[str, int] | None = None, **kwargs: object) -> Evidence:
    page = make_page("evidence/arm.md", fields=fields if fields is not None else {"title": 2, "skills": 3, "goal": 4})
    return Evidence(page, skills=skills, **kwargs)  # type: ignore[arg-type]


def about_me_page() -> Page:
    """about-me.md with the default headings, each with the student's own words under it."""
    body = "".join(f"## {heading}\n\n{OWN_WORDS}\n\n" for heading in ABOUT_HEADINGS)
    headings = tuple(Heading(2, text, at("about-me.md", 1 + 4 * i, 1)) for i, text in enumerate(ABOUT_HEADINGS))
    return replace(make_page("about-me.md", body=body), headings=headings)


def portfolio(**kwargs: object) -> Portfolio:
    """A complete grade-9 portfolio; keyword arguments replace its parts."""
    parts: dict[str, object] = {
        "student": student(),
        "about_me": about_me_page(),
        "postsecondary": make_page("postsecondary.md"),
        "goals": (goal(),),
        "reflections": (reflection(),),
        "evidence": (evidence(),),
        "files": frozenset({"student.yml", "about-me.md", "postsecondary.md", "evidence/images/arm.png", "photo.jpg"}),
    }
    parts.update(kwargs)
    if "files" not in kwargs:
        # A page that is not there is not among the folder's files either (a file that is there but cannot be
        # read is a different case, reported by the loader).
        pages = (("about-me", "about_me"), ("postsecondary", "postsecondary"))
        missing = {f"{name}.md" for name, key in pages if parts[key] is None}
        parts["files"] = frozenset(parts["files"]) - missing  # type: ignore[arg-type]
    return Portfolio("ada", FOLDER, **parts)  # type: ignore[arg-type]


def codes(findings: Iterable[Finding]) -> list[str]:
    return [f.code for f in findings]


def only(findings: Iterable[Finding]) -> Finding:
    found = list(findings)
    assert len(found) == 1, found
    return found[0]


def test_complete_portfolio_has_no_findings() -> None:
    assert check_portfolio(portfolio(), DEFAULT) == []


def test_registry_holds_every_rule_and_every_code_is_catalogued() -> None:
    expected = {
        check_sections,
        check_counts,
        check_skills,
        check_evidence_skills,
        check_reflection_goals,
        check_reflection_dates,
        check_images,
        check_links,
        check_photo,
        check_html,
        check_prompts,
    }
    assert expected <= set(RULES.values())
    broken = portfolio(
        about_me=None,
        postsecondary=None,
        goals=(),
        evidence=(evidence(skills=("dancing",)),),
        reflections=(reflection(date=dt.date(2026, 1, 1), goal_slug="nope"),),
        student=student(photo="../me.jpg"),
    )
    for found in check_portfolio(broken, DEFAULT):
        assert found.code in CODES
        assert found.severity is CODES[found.code].severity
        assert found.location.path.startswith(FOLDER + "/")
        assert found.message
        assert found.hint


# --- sections -------------------------------------------------------------------------------------------


def test_missing_about_me_is_an_error_with_the_headings_in_the_hint() -> None:
    found = only(check_sections(portfolio(about_me=None), DEFAULT))
    assert found.code == "PLP201"
    assert found.severity is Severity.ERROR
    assert found.location == at("about-me.md")
    assert "required from grade 5" in found.message
    assert "'## Strengths', '## Interests', '## How I learn best'" in found.hint


@pytest.mark.parametrize(("grade", "expected"), [(8, []), (9, ["PLP201"]), (12, ["PLP201"])])
def test_postsecondary_is_required_from_grade_9(grade: int, expected: list[str]) -> None:
    findings = list(check_sections(portfolio(student=student(grade), postsecondary=None), DEFAULT))
    assert codes(findings) == expected
    if findings:
        assert findings[0].location == at("postsecondary.md")
        assert findings[0].hint == "create postsecondary.md in your folder"


def test_sections_follow_the_schools_from_grade() -> None:
    rules = (SectionRule("about-me", 5, ()), SectionRule("postsecondary", 11))
    requirements = Requirements(sections=rules)
    assert list(check_sections(portfolio(student=student(10), postsecondary=None), requirements)) == []
    assert codes(check_sections(portfolio(student=student(11), postsecondary=None), requirements)) == ["PLP201"]


def test_without_a_readable_student_yml_no_section_is_demanded() -> None:
    # The grade is unknown; student.yml's own finding says what is wrong.
    assert list(check_sections(portfolio(student=None, about_me=None, postsecondary=None), DEFAULT)) == []


def test_each_missing_heading_is_one_finding_at_the_start_of_the_body() -> None:
    about = make_page("about-me.md", headings=("Strengths",), body_line=5)
    findings = list(check_sections(portfolio(about_me=about), DEFAULT))
    assert codes(findings) == ["PLP202", "PLP202"]
    assert [f.location for f in findings] == [at("about-me.md", 5, 1)] * 2
    assert findings[0].message == "about-me.md needs a heading 'Interests'"
    assert findings[1].message == "about-me.md needs a heading 'How I learn best'"
    assert findings[0].hint == "add a line `## Interests` and write about it below the heading"


@pytest.mark.parametrize(
    "headings",
    [
        ("strengths", "INTERESTS", "How I Learn Best!"),
        ("Fortalezas", "Intereses", "Cómo aprendo mejor"),
        ("Strengths:", "My interests", "How I learn best"),
    ],
)
def test_headings_match_ignoring_case_punctuation_and_in_other_languages(headings: tuple[str, ...]) -> None:
    found = list(check_sections(portfolio(about_me=make_page("about-me.md", headings=headings)), DEFAULT))
    # "My interests" is not one of the accepted spellings: only that one is reported.
    assert codes(found) == (["PLP202"] if "My interests" in headings else [])


def test_custom_section_headings() -> None:
    requirements = Requirements(sections=(SectionRule("postsecondary", 9, (("Plan", "Mi plan"),)),))
    page = make_page("postsecondary.md", headings=("Mi plan",))
    assert list(check_sections(portfolio(postsecondary=page), requirements)) == []
    found = only(check_sections(portfolio(postsecondary=make_page("postsecondary.md")), requirements))
    assert found.message == "postsecondary.md needs a heading 'Plan'"


# --- counts ---------------------------------------------------------------------------------------------


def test_too_few_of_each_kind() -> None:
    findings = list(check_counts(portfolio(goals=(), reflections=(), evidence=()), DEFAULT))
    assert codes(findings) == ["PLP203"] * 3
    assert [f.location for f in findings] == [at("goals"), at("reflections"), at("evidence")]
    assert [f.message for f in findings] == [
        "you need at least 1 goal, you have 0",
        "you need at least 1 reflection, you have 0",
        "you need at least 1 evidence page, you have 0",
    ]


def test_custom_minimums_use_plural_words() -> None:
    requirements = Requirements(minimum={"goals": 0, "reflections": 3, "evidence": 2})
    findings = list(check_counts(portfolio(goals=()), requirements))
    assert [f.message for f in findings] == [
        "you need at least 3 reflections, you have 1",
        "you need at least 2 evidence pages, you have 1",
    ]


def test_enough_pages_is_fine() -> None:
    requirements = Requirements(minimum={"goals": 2, "reflections": 1, "evidence": 1})
    assert list(check_counts(portfolio(goals=(goal("a"), goal("b"))), requirements)) == []


# --- skills ---------------------------------------------------------------------------------------------


def test_unknown_skill_has_a_did_you_mean_hint_on_the_skills_line() -> None:
    found = only(check_skills(portfolio(goals=(goal(skills=("problem-solving", "comunication")),)), DEFAULT))
    assert found.code == "PLP204"
    assert found.location == at("goals/robot-arm.md", 6, 1)
    assert found.message == "'comunication' is not one of the school's skills"
    assert found.hint == "did you mean 'communication'?"


def test_unknown_skill_without_a_close_match_lists_the_schools_skills() -> None:
    found = only(check_skills(portfolio(reflections=(reflection(skills=("juggling",)),)), DEFAULT))
    assert found.location == at("reflections/2026-10-03-robots.md", 4, 1)
    assert found.hint == (
        "the school's skills are: communication, self-direction, problem-solving, citizenship, integrative-thinking"
    )


def test_custom_skills_framework() -> None:
    requirements = Requirements(skills=(Skill("coding", "Coding"), Skill("teamwork", "Teamwork")))
    mine = portfolio(
        goals=(goal(skills=("coding",)),),
        reflections=(reflection(skills=("teamwork",)),),
        evidence=(evidence(skills=("coding", "team-work", "communication")),),
    )
    findings = list(check_skills(mine, requirements))
    assert [(f.message, f.hint) for f in findings] == [
        ("'team-work' is not one of the school's skills", "did you mean 'teamwork'?"),
        ("'communication' is not one of the school's skills", "the school's skills are: coding, teamwork"),
    ]


def test_evidence_with_an_empty_skills_list() -> None:
    found = only(check_evidence_skills(portfolio(evidence=(evidence(skills=()),)), DEFAULT))
    assert found.code == "PLP205"
    assert found.location == at("evidence/arm.md", 3, 1)
    assert found.hint == "name the skills it shows, e.g. `skills: [communication]`"


def test_evidence_without_a_skills_line_is_left_to_the_missing_field_finding() -> None:
    assert list(check_evidence_skills(portfolio(evidence=(evidence(skills=(), fields={"title": 2}),)), DEFAULT)) == []


def test_evidence_skills_hint_uses_the_schools_first_skill() -> None:
    requirements = Requirements(skills=(Skill("coding", "Coding"),))
    found = only(check_evidence_skills(portfolio(evidence=(evidence(skills=()),)), requirements))
    assert found.hint == "name the skills it shows, e.g. `skills: [coding]`"


# --- goals and dates of reflections ---------------------------------------------------------------------


def test_reflection_goal_that_names_no_goal() -> None:
    found = only(check_reflection_goals(portfolio(reflections=(reflection(goal_slug="robot-arms"),)), DEFAULT))
    assert found.code == "PLP206"
    assert found.severity is Severity.ERROR
    assert found.location == at("reflections/2026-10-03-robots.md", 5, 1)
    assert found.message == "there is no goal 'robot-arms' in your goals folder"
    assert found.hint == "did you mean 'robot-arm'?"


def test_reflection_goal_hint_lists_goals_or_says_to_create_one() -> None:
    far = portfolio(reflections=(reflection(goal_slug="soccer"),))
    assert only(check_reflection_goals(far, DEFAULT)).hint == "use the file name of a goal without .md: robot-arm"
    none = portfolio(goals=(), reflections=(reflection(goal_slug="soccer"),))
    assert only(check_reflection_goals(none, DEFAULT)).hint == "create the goal first in goals/"


def test_evidence_goal_is_checked_too_and_a_right_goal_is_fine() -> None:
    found = only(check_reflection_goals(portfolio(evidence=(evidence(goal="robot-armm"),)), DEFAULT))
    assert found.location == at("evidence/arm.md", 4, 1)
    assert list(check_reflection_goals(portfolio(reflections=(reflection(goal_slug="robot-arm"),)), DEFAULT)) == []


def test_reflection_date_differs_from_file_name_is_a_warning() -> None:
    found = only(check_reflection_dates(portfolio(reflections=(reflection(date=dt.date(2026, 10, 4)),)), DEFAULT))
    assert found.code == "PLP207"
    assert found.severity is Severity.WARNING
    assert found.location == at("reflections/2026-10-03-robots.md", 2, 1)
    assert found.message == "the date 2026-10-04 is not the date in the file name (2026-10-03)"


def test_reflection_with_a_badly_named_file_has_no_date_to_compare() -> None:
    # The file name itself is reported by the loader (PLP008).
    assert list(check_reflection_dates(portfolio(reflections=(reflection(name="robots"),)), DEFAULT)) == []


# --- images, links and the photo -----------------------------------------------------------------------


def _with_image(alt: str, target: str, files: Iterable[str] = ("evidence/images/arm.png",)) -> Portfolio:
    page = make_page("evidence/arm.md", images=[(alt, target, 7)], fields={"title": 2, "skills": 3})
    return portfolio(evidence=(Evidence(page, skills=("communication",)),), files=frozenset(files))


def test_existing_image_with_alt_text_is_fine() -> None:
    assert list(check_images(_with_image("a robot arm", "images/arm.png"), DEFAULT)) == []


def test_missing_image() -> None:
    found = only(check_images(_with_image("a robot arm", "images/back.png"), DEFAULT))
    assert (found.code, found.location) == ("PLP301", at("evidence/arm.md", 7, 1))
    assert found.message == "'images/back.png' does not exist"


def test_image_name_differs_in_case() -> None:
    found = only(check_images(_with_image("me", "images/Photo.JPG", ["evidence/images/photo.jpg"]), DEFAULT))
    assert found.code == "PLP302"
    assert found.message == "'images/Photo.JPG' differs from the file's real name 'images/photo.jpg' in upper/lower case"


def test_case_mismatch_in_a_folder_name_suggests_the_whole_right_path() -> None:
    """BUG: for `Images/arm.png` the hint says to write `arm.png`, which names no file from evidence/arm.md."""
    found = only(check_images(_with_image("an arm", "Images/arm.png"), DEFAULT))
    assert found.code == "PLP302"
    assert "images/arm.png" in found.hint


@pytest.mark.parametrize("alt", ["", "   "])
def test_image_without_alt_text(alt: str) -> None:
    found = only(check_images(_with_image(alt, "images/arm.png"), DEFAULT))
    assert found.code == "PLP303"
    assert found.message == "the image 'images/arm.png' has no alt text"
    assert found.hint.startswith("describe the picture for people who cannot see it")


def _with_outside_image(target: str) -> Portfolio:
    page = make_page("evidence/arm.md", fields={"title": 2, "skills": 3})
    image = ImageRef("x", target, at("evidence/arm.md", 7, 3), None)
    return portfolio(evidence=(Evidence(replace(page, images=(image,)), skills=("communication",)),))


@pytest.mark.parametrize("target", ["../../bo/evidence/images/arm.png", "/etc/passwd", "%2e%2e/%2e%2e/bo/x.png"])
def test_image_outside_the_folder(target: str) -> None:
    found = only(check_images(_with_outside_image(target), DEFAULT))
    assert (found.code, found.severity, found.location) == ("PLP304", Severity.ERROR, at("evidence/arm.md", 7, 3))
    assert found.message == f"the image '{target}' is outside your folder"
    assert found.hint == "copy the image into your folder (e.g. evidence/images/) and show it from there"


@pytest.mark.parametrize("target", ["https://example.com/x.png", "//example.com/x.png"])
def test_image_on_another_website(target: str) -> None:
    """BUG (wording): the message reads "the image 'https://example.com/x.png' is another website"; an image is
    not a website, it is *on* one."""
    found = only(check_images(_with_outside_image(target), DEFAULT))
    assert (found.code, found.location) == ("PLP304", at("evidence/arm.md", 7, 3))
    assert found.message == f"the image '{target}' is on another website"


def test_image_naming_a_folder_is_not_an_image() -> None:
    """BUG: `![x](images)` names a folder, and the page shows a broken image, but nothing is reported."""
    assert codes(check_images(_with_image("an arm", "images"), DEFAULT)) == ["PLP301"]


def _with_links(*targets: str) -> Portfolio:
    about = make_page("about-me.md", headings=ABOUT_HEADINGS, links=[(t, 10 + i) for i, t in enumerate(targets)])
    return portfolio(about_me=about, files=frozenset({"about-me.md", "goals/robot-arm.md", "evidence/images/arm.png"}))


def test_links_inside_the_folder_are_fine() -> None:
    assert list(check_links(_with_links("goals/robot-arm.md", "./goals/robot-arm.md"), DEFAULT)) == []


def test_a_link_to_a_photo_is_fine_it_opens_the_largest_copy() -> None:
    assert list(check_links(_with_links("evidence/images/arm.png"), DEFAULT)) == []


@pytest.mark.parametrize("target", ["../bo/about-me.md", "/etc/passwd", "%2e%2e/bo/about-me.md", "..\\bo\\about-me.md"])
def test_link_that_leaves_the_folder(target: str) -> None:
    found = only(check_links(_with_links(target), DEFAULT))
    assert (found.code, found.severity) == ("PLP304", Severity.ERROR)
    assert found.location == at("about-me.md", 10, 1)
    assert found.message == f"the link '{target}' leaves your folder"


def test_link_to_a_missing_page_is_a_warning_and_to_a_missing_file_an_error() -> None:
    findings = list(check_links(_with_links("goals/robot-arms.md", "evidence/essay.pdf", "Evidence/images/arm.png"), DEFAULT))
    assert [(f.code, f.severity) for f in findings] == [
        ("PLP305", Severity.WARNING),
        ("PLP301", Severity.ERROR),
        ("PLP302", Severity.ERROR),
    ]
    assert findings[0].message == "the page 'goals/robot-arms.md' does not exist"


def test_photo_inside_the_folder_is_fine() -> None:
    assert list(check_photo(portfolio(student=student(photo="photo.jpg")), DEFAULT)) == []
    assert list(check_photo(portfolio(student=student(photo=None)), DEFAULT)) == []


@pytest.mark.parametrize(
    ("photo", "code"), [("me.jpg", "PLP301"), ("Photo.JPG", "PLP302"), ("../bo/photo.jpg", "PLP304"), ("/etc/passwd", "PLP304")]
)
def test_photo_problems(photo: str, code: str) -> None:
    found = only(check_photo(portfolio(student=student(photo=photo)), DEFAULT))
    assert found.code == code
    assert found.location.path == f"{FOLDER}/student.yml"
    assert photo in found.message


# --- raw HTML and template prompts ---------------------------------------------------------------------


def _about_with(body: str, body_line: int = 1) -> Portfolio:
    """An about-me page whose removals are found the way the loader finds them: rendered, then parsed."""
    rendered = render_page(body, body_line)
    assert rendered.html is not None
    markup = page_markup(rendered.html, body, body_line)
    removed = tuple(Removed(r.what, at("about-me.md", r.line, r.column)) for r in markup.removals)
    page = make_page("about-me.md", headings=ABOUT_HEADINGS, body=body, body_line=body_line)
    return portfolio(about_me=replace(page, removed=removed))


def test_script_and_event_handlers_are_reported_where_they_are() -> None:
    body = 'Hello\n\n<script>alert(1)</script>\n\nA <img src="images/arm.png" alt="arm" onerror="x()"> here\n'
    findings = list(check_html(_about_with(body, body_line=4), DEFAULT))
    assert [(f.code, f.severity, f.location) for f in findings] == [
        ("PLP501", Severity.WARNING, at("about-me.md", 6, 1)),
        ("PLP501", Severity.WARNING, at("about-me.md", 8, 39)),
    ]
    assert findings[0].message == "a program (<script>) is taken out of the published page, with all it holds"
    assert "onerror=" in findings[1].message


def test_javascript_links_are_reported() -> None:
    found = only(check_html(_about_with("Click [here](javascript:alert(1)) now\n"), DEFAULT))
    assert found.location.line == 1
    assert 7 <= found.location.column <= 14, "the column points into `[here](javascript:...)`"
    assert "javascript:" in found.message


def test_safe_html_code_and_autolinks_are_not_reported() -> None:
    body = (
        "<details><summary>More</summary>Text with <b>bold</b></details>\n\n"
        "Visit <https://example.org> or write to <ada@example.org>.\n\n"
        "```html\n<script>alert(1)</script>\n```\n\nInline `<script>` too.\n"
    )
    assert list(check_html(_about_with(body), DEFAULT)) == []


def test_markdown_image_path_in_angle_brackets_is_not_html() -> None:
    """BUG: `![a photo](<my photo.jpg>)` is Markdown for a path with a space, but PLP501 calls it a <my> element."""
    assert list(check_html(_about_with("![a photo of me](<my photo.jpg>)\n"), DEFAULT)) == []


def test_template_prompt_still_in_place() -> None:
    body = "## Strengths\n\n_\u270e What are you good at?_\n\nI write _well_.\n"
    found = only(check_prompts(_about_with(body, body_line=3), DEFAULT))
    assert (found.code, found.severity, found.location) == ("PLP208", Severity.WARNING, at("about-me.md", 5, 1))
