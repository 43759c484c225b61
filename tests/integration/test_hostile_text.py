"""Text that looks like HTML, Markdown or a template, in every field a student or a school writes, is shown as
written and never becomes an element or an attribute of any page, the staff dashboard or the print sheet.

Two builds: a school whose students each fill every text field with one payload, next to a student with plain
words (the baseline); and a school whose skill names and interface words (`translations:`) hold payloads.
Every page must have exactly the kinds of elements and attributes the baseline's page has.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pytest
import yaml
from conftest import make_school, png_bytes, valid_student

from .conftest import SECRET, Built, build
from .helpers import Element, parse_html, read_html, search_docs, site_files

# Each tries to leave the place it is printed in: a quoted attribute, an element, <title>, Markdown, a template.
PAYLOADS = {
    "tag": '"><img src=x onerror=alert(1)>',
    "single-quote": "' onmouseover='alert(1)' x='",
    "title": "</title><script>alert(1)</script>",
    "entities": "&quot;&gt;&lt;svg onload=alert(1)&gt; &amp;amp; &#34; &lt;",
    "autofocus": '"autofocus onfocus="alert(1)',
    "markdown": "`code` *em* __strong__ [a](javascript:alert(1)) ![i](https://evil.example/x.png) <https://evil.example>",
    "template": "{{ 7*7 }} {% raw %}x{% endraw %} {: .big } ${x} javascript:alert(1)",
    "name": 'O\'Brien & "Sam" <b>Lee</b>',
}
PLAIN = "plain words"
STUDENTS = {f"p-{key}": payload for key, payload in PAYLOADS.items()} | {"baseline": PLAIN}
SCHOOL_YML = """\
site_name: Test School
site_url: https://portfolios.example.org/
theme:
  name: material
  palette:
    - scheme: default
      toggle:
        icon: material/weather-night
        name: Dark
    - scheme: slate
      toggle:
        icon: material/weather-sunny
        name: Light
markdown_extensions:
  - toc:
      permalink: true
plugins:
  - search
  - plp{options}
"""

Structure = set[tuple[str, frozenset[str]]]


def quoted(text: str) -> str:
    """A YAML scalar holding exactly the text (JSON strings are YAML)."""
    return json.dumps(text, ensure_ascii=False)


def literal(text: str) -> str:
    """Markdown a careful student writes to show the text as it is: HTML characters and Markdown punctuation escaped."""
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    return re.sub(r"([\\`*_{}\[\]()#+!|~>-])", r"\\\1", text)


def alt_text(words: str) -> str:
    """The words without brackets and backquotes, which end or change the alt text of a Markdown image."""
    return words.replace("[", "(").replace("]", ")").replace("`", "'")


def student_files(student_id: str, words: str) -> dict[str, str | bytes]:
    """A complete student whose every text field holds the words."""
    alt = alt_text(words)
    goal = (
        f"---\ntitle: {quoted(words)}\narea: academic\nstatus: in-progress\nskills: [problem-solving]\n"
        # Keys the theme reads itself, with values it does not expect.
        f"description: {quoted(words)}\nsearch: true\nhide: {quoted(words)}\n---\n"
        f"## Why {literal(words)}\n\nI want to lift a cup.\n"
    )
    reflection = (
        f"---\ndate: 2026-10-03\ntitle: {quoted(words)}\nskills: [self-direction]\ngoal: robot-arm\nconference: true\n"
        f"description: {quoted(words)}\n---\nToday I soldered my first wire.\n\n### Then {literal(words)}\n\nIt worked.\n"
    )
    evidence = (
        f"---\ntitle: {quoted(words)}\ndate: 2026-10-03\nskills: [problem-solving, communication]\ngoal: robot-arm\n"
        f"conference: true\n---\nThe arm, version 1.\n\n![{literal(alt)}](images/arm.png)\n"
    )
    student = (
        f"name: {quoted('Ada ' + words)}\ngrade: 9\nadvisor: {quoted(words)}\npronouns: {quoted(words)}\ngraduation_year: 2030\n"
    )
    return valid_student(
        student_id,
        extra={
            "student.yml": student,
            "goals/robot-arm.md": goal,
            "reflections/2026-10-03-robots.md": reflection,
            "evidence/arm.md": evidence,
            "evidence/images/arm.png": png_bytes(),
        },
        without=("evidence/images/side.jpg",),
    )


def school_words() -> dict[str, str]:
    """Every interface word of English with a payload after it (placeholders kept)."""
    english = yaml.safe_load((resources.files("plp_site") / "translations" / "en.yml").read_text(encoding="utf-8"))
    payloads = list(PAYLOADS.values())
    return {str(key): f"{value} {payloads[index % len(payloads)]}" for index, (key, value) in enumerate(english.items())}


def hostile_school_options() -> str:
    options = {
        "skills": [
            {"id": "problem-solving", "name": "Solving " + PAYLOADS["tag"]},
            {"id": "self-direction", "name": "Direction " + PAYLOADS["autofocus"]},
            {"id": "communication", "name": "Talking " + PAYLOADS["markdown"]},
        ],
        "translations": {"en": school_words()},
    }
    text = yaml.safe_dump(options, allow_unicode=True, sort_keys=False)
    return ":\n" + "\n".join("      " + line for line in text.splitlines())


@dataclass(frozen=True)
class Builds:
    """The school of hostile students and the school with hostile words, each built once."""

    students: Built
    words: Built


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> Builds:
    files: dict[str, str | bytes] = {"mkdocs.yml": SCHOOL_YML.format(options="")}
    for student_id, words in STUDENTS.items():
        files.update(student_files(student_id, words))
    students = make_school(tmp_path_factory.mktemp("hostile-students"), files)
    worded = make_school(
        tmp_path_factory.mktemp("hostile-words"),
        {"mkdocs.yml": SCHOOL_YML.format(options=hostile_school_options()), **student_files("baseline", PLAIN)},
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PLP_LINK_SECRET", SECRET)
        built = Builds(build(students), build(worded))
    for result in (built.students, built.words):
        assert result.code == 0, result.stderr
        assert "Traceback" not in result.stderr
    return built


def structure(root: Element) -> Structure:
    """The kinds of elements of a page: each tag with the names of its attributes."""
    return {(element.tag, frozenset(element.attrs)) for element in root.iter()}


def pages(site: Path) -> dict[str, Element]:
    return {path.relative_to(site).as_posix(): read_html(path) for path in site_files(site, ".html")}


def index_structure(site: Path) -> Structure:
    """What the search shows: titles and text of the index, which mkdocs-material's search renders as HTML."""
    found: Structure = set()
    for doc in search_docs(site):
        found |= structure(parse_html(doc["title"])) | structure(parse_html(doc["text"]))
    return found


def new_kinds(page: Structure, baseline: Structure) -> list[str]:
    return sorted(f"<{tag} {' '.join(sorted(names))}>" for tag, names in page - baseline)


def visible(root: Element) -> str:
    return root.text()


def heading(root: Element, tag: str = "h1") -> str:
    """A heading's text without its permalink mark."""
    return root.find(tag).text().removesuffix("¶").rstrip()


def by_text(root: Element, tag: str, text: str) -> list[Element]:
    return [element for element in root.find_all(tag) if text in element.text()]


# --- every page of every hostile student ------------------------------------------------------------------------


@pytest.mark.parametrize("student_id", [s for s in STUDENTS if s != "baseline"])
def test_no_new_element_or_attribute_in_any_page(builds: Builds, student_id: str) -> None:
    result = builds.students
    baseline, hostile = pages(result.site_of("baseline")), pages(result.site_of(student_id))
    assert sorted(hostile) == sorted(baseline)
    for path, page in hostile.items():
        assert structure(page) == structure(baseline[path]), (path, new_kinds(structure(page), structure(baseline[path])))
    extra = index_structure(result.site_of(student_id)) - index_structure(result.site_of("baseline"))
    assert not extra, f"the search index shows {new_kinds(extra, set())}"


@pytest.mark.parametrize("student_id", [s for s in STUDENTS if s != "baseline"])
def test_names_and_titles_read_as_written(builds: Builds, student_id: str) -> None:
    words, site = STUDENTS[student_id], builds.students.site_of(student_id)
    name = f"Ada {words}"
    home = read_html(site / "index.html")
    assert heading(home) == name
    for logo in home.find_all("a", cls="md-logo"):
        assert (logo.attrs["aria-label"], logo.attrs["title"]) == (name, name)
    facts = home.find("p", cls="plp-facts").text()
    assert f"Advisor: {words}" in facts
    assert words in facts.replace(f"Advisor: {words}", "")
    goal = read_html(site / "goals" / "robot-arm" / "index.html")
    assert goal.find("title").text() == f"{words} - {name}"
    assert heading(goal) == words
    assert goal.find("meta", name="description").attrs["content"] == words
    assert f"Why {words}" in [h.text().removesuffix("¶").rstrip() for h in goal.find_all("h2")]
    assert by_text(goal, "a", words), "the navigation names the page as written"
    evidence = read_html(site / "evidence" / "index.html")
    # Markdown reads character references in alt text (`&quot;` is "), as the student's own page shows it.
    assert html.unescape(alt_text(words)) in [image.attrs.get("alt") for image in evidence.find_all("img")]
    titles = {doc["title"] for doc in search_docs(site)}
    assert any(words in visible(parse_html(title)) for title in titles)


def test_the_conference_page_reads_as_written(builds: Builds) -> None:
    for student_id, words in STUDENTS.items():
        page = read_html(builds.students.site_of(student_id) / "conference" / "index.html")
        assert f"Ada {words}" in page.find("p", cls="plp-print-meta").text()
        assert len(by_text(page, "a", words)) >= 3, "goal, reflection and evidence are listed by their titles"


def _rows(dashboard: Element) -> dict[str, Element]:
    return {row.attrs["id"]: row for row in dashboard.find_all("tr") if "id" in row.attrs}


def _cards(sheet: Element) -> Iterator[tuple[str, Element]]:
    for section in sheet.find_all("section"):
        for card in section.find_all("div", cls="card"):
            yield section.find("h1").text(), card


def test_staff_dashboard_and_print_sheet_show_names_as_text(builds: Builds) -> None:
    staff = builds.students.staff
    rows = _rows(read_html(staff / "index.html"))
    cards = {card.find("h3").text(): (group, card) for group, card in _cards(read_html(staff / "print" / "index.html"))}
    baseline_row = structure(rows["baseline"])
    baseline_group, baseline_card = cards[f"Ada {PLAIN}"]
    assert baseline_group == f"Advisory: {PLAIN}"
    for student_id, words in STUDENTS.items():
        assert structure(rows[student_id]) == baseline_row, student_id
        assert rows[student_id].find("th").text().startswith(f"Ada {words}")
        group, card = cards[f"Ada {words}"]
        assert group == f"Advisory: {words}"
        assert structure(card) == structure(baseline_card), student_id
        assert card.find("img").attrs["alt"] == f"QR code of the address of Ada {words}'s portfolio"
        assert card.find("p", cls="private").find("bdi").text() == f"Ada {words}"
    for path in (staff / "index.html", staff / "print" / "index.html"):
        kinds = structure(read_html(path))
        # The one script is the dashboard's own file (src, defer): nothing inline, no handler attributes.
        scripts = {("script", frozenset({"src", "defer"}))}
        assert not [tag for tag, names in kinds - scripts if tag in {"script", "svg"} or any(n.startswith("on") for n in names)]


# --- a school's own words ---------------------------------------------------------------------------------------


def test_school_words_add_no_element_or_attribute(builds: Builds) -> None:
    baseline = pages(builds.students.site_of("baseline"))
    site = builds.words.site_of("baseline")
    worded = pages(site)
    assert sorted(worded) == sorted(baseline)
    for path, page in worded.items():
        assert structure(page) == structure(baseline[path]), (path, new_kinds(structure(page), structure(baseline[path])))
    extra = index_structure(site) - index_structure(builds.students.site_of("baseline"))
    assert not extra, f"the search index shows {new_kinds(extra, set())}"


@pytest.mark.parametrize("key", ["home", "goals", "reflections", "evidence", "skills", "conference"])
def test_school_words_read_as_written_on_every_page(builds: Builds, key: str) -> None:
    label = school_words()[key]
    for path, page in pages(builds.words.site_of("baseline")).items():
        navigation = [link.text() for link in page.find_all("a", cls="md-nav__link")]
        navigation += [label_.text() for label_ in page.find_all("label", cls="md-nav__link")]
        assert label in navigation, f"{path}: the navigation does not show {label!r}"


def test_school_words_in_attributes_and_generated_pages(builds: Builds) -> None:
    words, site = school_words(), builds.words.site_of("baseline")
    home = read_html(site / "index.html")
    toggles = {element.attrs.get("aria-label") for element in home.find_all("input", cls="md-option")}
    assert toggles == {words["palette.to_dark"], words["palette.to_light"]}
    goals = read_html(site / "goals" / "index.html")
    assert heading(goals) == words["goals"]
    assert words["goals_intro"] in visible(goals)
    assert {link.attrs.get("title") for link in goals.find_all("a", cls="headerlink")} == {words["permalink"]}
    status = goals.find("span", cls="plp-status").text(skip_hidden=True)
    assert status == words["status.in-progress"]
    skills = read_html(site / "skills" / "index.html")
    text = visible(skills)
    for name in ("Solving " + PAYLOADS["tag"], "Direction " + PAYLOADS["autofocus"], "Talking " + PAYLOADS["markdown"]):
        assert name in text
    for key in ("skill", "coverage", "has_evidence"):
        assert words[key] in text
    conference = visible(read_html(site / "conference" / "index.html"))
    for key in ("who_i_am", "signature_family", "next_steps_prompt", "goal_progress"):
        assert words[key] in conference
