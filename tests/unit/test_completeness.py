"""plp_site.completeness: a section, goal, reflection or evidence page counts only with the student's own words.

Small schools on disk, read by the real loader and checked by the real rules; the same assessment gives the
findings of `plp check` and the facts of the staff dashboard.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from importlib import resources
from pathlib import Path

import pytest
import yaml
from conftest import make_school, valid_student

from plp_site.checker import Checked, check_student
from plp_site.completeness import assess, heading_key
from plp_site.facts import progress_facts
from plp_site.requirements import Requirements, parse_requirements
from plp_site.scaffold import new_student

TODAY = dt.date(2026, 11, 27)
DEFAULT = Requirements()
SCAFFOLD = resources.files("plp_site") / "scaffold"
LANGUAGES = sorted(p.name for p in SCAFFOLD.iterdir() if p.is_dir())
WORDS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]
COMPLETENESS = ("PLP201", "PLP202", "PLP203", "PLP209", "PLP210")


def checked(tmp_path: Path, extra: dict[str, str | bytes], requirements: Requirements = DEFAULT, **kwargs: object) -> Checked:
    root = make_school(tmp_path, valid_student("ada", extra=extra, **kwargs))  # type: ignore[arg-type]
    return check_student(root, "ada", requirements, today=TODAY)


def codes(result: Checked) -> list[tuple[str, str, int]]:
    """(code, path in the folder, line) of each finding."""
    return [(f.code, f.location.path.removeprefix("students/ada/"), f.location.line) for f in result.report.findings]


def words(count: int) -> str:
    return " ".join(itertools.islice(itertools.cycle(WORDS), count)) + "."


def reflection(body: str) -> str:
    return f"---\ndate: 2026-10-03\ntitle: Robots day\n---\n{body}"


def test_the_valid_student_is_complete(tmp_path: Path) -> None:
    result = checked(tmp_path, {})
    assert result.report.findings == ()
    honest = assess(result.portfolio, DEFAULT)
    assert honest.incomplete == ()
    assert honest.sections == {"about-me": True, "postsecondary": True}
    assert honest.counts == {"goals": 1, "reflections": 1, "evidence": 1}
    assert honest.drafts == {"goals": 0, "reflections": 0, "evidence": 0}
    assert honest.prompts == 0


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_new_student_from_the_templates_counts_nothing(tmp_path: Path, language: str) -> None:
    root = make_school(tmp_path, {})
    new_student(root / "students", "Test Kid", 12, "test-kid", requirements=DEFAULT, language=language, today=TODAY)
    result = check_student(root, "test-kid", DEFAULT, today=TODAY)
    assert not result.report.errors
    honest = assess(result.portfolio, DEFAULT)
    assert honest.sections == {"about-me": False, "postsecondary": False}
    assert honest.counts == {"goals": 0, "reflections": 0, "evidence": 0}
    assert honest.drafts == {"goals": 1, "reflections": 1, "evidence": 1}
    assert honest.incomplete == ("section:about-me", "section:postsecondary", "goals", "reflections", "evidence")
    assert honest.prompts == sum(1 for f in result.report.findings if f.code == "PLP208") > 0
    # Each required heading and each page is named at its own line; the optional headings (values, family and
    # culture) are the student's to keep or delete, so plp says nothing of their words.
    headings = [f for f in result.report.findings if f.code == "PLP209"]
    rule = DEFAULT.section("about-me")
    assert rule is not None
    required = {heading_key(choice) for choices in rule.headings for choice in choices}
    about = result.portfolio.about_me
    assert about is not None
    wanted = [h.location.line for h in about.headings if heading_key(h.text) in required]
    assert len(wanted) == len(rule.headings) < len(about.headings) - 1
    assert [f.location.line for f in headings] == wanted
    pages = {f.location.path.removeprefix("students/test-kid/") for f in result.report.findings if f.code == "PLP210"}
    assert pages == {p.path for p in result.portfolio.pages} - {"about-me.md"}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("way", ["prompts deleted", "prompt marks deleted", "prompts kept"])
def test_a_template_page_never_counts_however_its_prompts_were_treated(tmp_path: Path, language: str, way: str) -> None:
    template = (SCAFFOLD / language / "reflection.md").read_text(encoding="utf-8")
    text = template.replace("{date}", "2026-10-03").replace("{title}", "Robots").replace("{skill}", "communication")
    if way == "prompts deleted":
        text = "\n".join(line for line in text.split("\n") if "✎" not in line)
    elif way == "prompt marks deleted":
        text = text.replace("_✎ ", "").replace("_\n", "\n")
    result = checked(tmp_path, {"reflections/2026-10-03-robots.md": text})
    body_line = result.portfolio.reflections[0].page.body_line
    assert ("PLP210", "reflections/2026-10-03-robots.md", body_line) in codes(result)
    assert assess(result.portfolio, DEFAULT).incomplete == ("reflections",)


@pytest.mark.parametrize(
    "body", ["", "\n\n", "   \n", "<!-- to do -->\n", "# Robots\n\n## What I did\n", "![my robot](images/arm.png)\n"]
)
def test_an_empty_page_or_one_without_own_words_does_not_count(tmp_path: Path, body: str) -> None:
    result = checked(tmp_path, {"reflections/2026-10-03-robots.md": reflection(body)})
    found = [f for f in result.report.findings if f.code == "PLP210"]
    assert len(found) == 1
    assert found[0].message == "this reflection has none of your own words, so it does not count yet; write at least 10"
    assert found[0].hint.startswith("write what you did")


def test_an_empty_file_does_not_count(tmp_path: Path) -> None:
    result = checked(tmp_path, {"postsecondary.md": ""})
    assert ("PLP210", "postsecondary.md", 1) in codes(result)
    assert assess(result.portfolio, DEFAULT).incomplete == ("section:postsecondary",)


@pytest.mark.parametrize("count", range(12))
@pytest.mark.parametrize("minimum", [1, 5, 10])
def test_a_page_counts_from_exactly_the_schools_minimum(tmp_path: Path, count: int, minimum: int) -> None:
    requirements = parse_requirements({"completeness": {"min_words": minimum}})
    result = checked(tmp_path, {"reflections/2026-10-03-robots.md": reflection(words(count))}, requirements)
    counts = count >= minimum
    assert assess(result.portfolio, requirements).counts["reflections"] == int(counts)
    found = [f for f in result.report.findings if f.code == "PLP210"]
    assert bool(found) != counts
    if found:
        said = "none of your own words" if count == 0 else ("only 1 word of your own" if count == 1 else f"only {count} of")
        assert said in found[0].message
        assert found[0].message.endswith(f"write at least {minimum}")


def about_me(strengths: str, interests: str = words(10), learn: str = words(10)) -> str:
    return f"# About me\n\n## Strengths\n\n{strengths}\n\n## Interests\n\n{interests}\n\n## How I learn best\n\n{learn}\n"


@pytest.mark.parametrize("count", [0, 1, 3, 9])
def test_a_required_heading_with_too_few_words_is_named_at_its_line(tmp_path: Path, count: int) -> None:
    result = checked(tmp_path, {"about-me.md": about_me(words(count) if count else "")})
    found = [f for f in result.report.findings if f.code == "PLP209"]
    assert [(f.location.path, f.location.line) for f in found] == [("students/ada/about-me.md", 3)]
    words_said = {0: "none of your own words", 1: "only 1 word of your own"}.get(count, f"only {count} of your own words")
    assert found[0].message == f"the heading 'Strengths' has {words_said} under it; write at least 10"
    assert "## Strengths" in found[0].hint
    honest = assess(result.portfolio, DEFAULT)
    assert (honest.sections["about-me"], honest.incomplete) == (False, ("section:about-me",))


def test_headings_with_nothing_under_them_do_not_count(tmp_path: Path) -> None:
    result = checked(tmp_path, {"about-me.md": "# About me\n\n## Strengths\n## Interests\n## How I learn best\n"})
    assert [(code, line) for code, _, line in codes(result)] == [("PLP209", 3), ("PLP209", 4), ("PLP209", 5)]


def test_words_belong_to_their_heading_and_its_subheadings(tmp_path: Path) -> None:
    # Under Strengths only through its own subheading; the intro and a later heading's words are not Strengths'.
    text = f"# About me\n\n{words(10)}\n\n## Strengths\n\n### Maths\n\n{words(10)}\n\n## Interests\n\n{words(10)}\n\n"
    text += f"## How I learn best\n\n{words(4)}\n\n## Something else\n\n{words(10)}\n"
    result = checked(tmp_path, {"about-me.md": text})
    assert [(code, line) for code, _, line in codes(result)] == [("PLP209", 15)]


def test_a_heading_written_twice_counts_the_words_under_both(tmp_path: Path) -> None:
    text = about_me(words(5)) + f"\n## Strengths\n\n{words(5)}\n"
    assert checked(tmp_path, {"about-me.md": text}).report.findings == ()


def test_the_schools_own_headings_and_a_section_without_headings(tmp_path: Path) -> None:
    options = yaml.safe_load("sections: {about-me: {headings: [[Goals, Metas]]}, postsecondary: {from_grade: 9}}")
    requirements = parse_requirements(options)
    result = checked(
        tmp_path, {"about-me.md": f"## Metas\n\n{words(12)}\n", "postsecondary.md": f"# Later\n\n{words(3)}\n"}, requirements
    )
    assert codes(result) == [("PLP210", "postsecondary.md", 1)]
    assert result.report.findings[0].message.startswith("postsecondary.md has only 3 of your own words")
    assert assess(result.portfolio, requirements).incomplete == ("section:postsecondary",)


def test_a_section_before_its_grade_is_not_missing_nor_reported(tmp_path: Path) -> None:
    result = checked(tmp_path, {"postsecondary.md": "# After high school\n"}, grade=8)
    assert result.report.findings == ()
    honest = assess(result.portfolio, DEFAULT)
    assert honest.sections["postsecondary"] is False
    assert honest.incomplete == ()


def test_a_missing_section_is_missing(tmp_path: Path) -> None:
    result = checked(tmp_path, {}, without=("postsecondary.md",))
    assert [code for code, _, _ in codes(result)] == ["PLP201"]
    assert assess(result.portfolio, DEFAULT).incomplete == ("section:postsecondary",)


def test_counts_follow_the_schools_minimum(tmp_path: Path) -> None:
    requirements = parse_requirements({"minimum": {"reflections": 2}})
    extra = {"reflections/2026-10-03-more.md": reflection("_✎ What will you do next?_\n")}
    result = checked(tmp_path, extra, requirements)
    honest = assess(result.portfolio, requirements)
    assert (honest.counts["reflections"], honest.drafts["reflections"], honest.prompts) == (1, 1, 1)
    assert honest.incomplete == ("reflections",)
    # With three, one a draft, two count: nothing is missing, though the draft is still reported.
    extra["reflections/2026-10-03-third.md"] = reflection(words(10))
    result = checked(tmp_path / "three", extra, requirements)
    assert assess(result.portfolio, requirements).incomplete == ()
    assert ("PLP210", "reflections/2026-10-03-more.md", 5) in codes(result)


@pytest.mark.parametrize("seed", range(30))
def test_check_passes_exactly_when_the_dashboard_says_complete(tmp_path: Path, seed: int) -> None:
    """Generated students: no completeness finding from plp check <=> the dashboard's facts list nothing missing."""
    generator = random.Random(seed)
    sizes = [generator.choice([0, 3, 9, 10, 25]) for _ in range(6)]
    extra: dict[str, str | bytes] = {
        "about-me.md": about_me(words(sizes[0]), words(sizes[1]), words(sizes[2])),
        "postsecondary.md": f"# After high school\n\n{words(sizes[3])}\n",
        "reflections/2026-10-03-robots.md": reflection(words(sizes[4])),
        "goals/robot-arm.md": f"---\ntitle: Arm\narea: academic\nstatus: met\n---\n## Why\n\n{words(sizes[5])}\n",
    }
    without = tuple(name for name in ("postsecondary.md", "evidence/arm.md") if generator.random() < 0.2)
    for name in without:
        extra.pop(name, None)
    result = checked(tmp_path, extra, without=without)
    facts = progress_facts(result.portfolio, DEFAULT, TODAY)
    reported = [f for f in result.report.findings if f.code in COMPLETENESS]
    assert (not reported) == (facts["incomplete"] == ()), (reported, facts)


def test_thousands_of_headings_are_read_in_one_pass(tmp_path: Path) -> None:
    # Each of 20,000 `## Strengths` has one word under it: together they are enough, and reading them is linear.
    text = (
        "# About me\n\n"
        + "## Strengths\n\nDrawing.\n\n" * 20_000
        + f"## Interests\n\n{words(10)}\n\n## How I learn best\n\n{words(10)}\n"
    )
    result = checked(tmp_path, {"about-me.md": text})
    assert [f.code for f in result.report.findings] == []
