"""Conference records on the built demo school, and on small schools: the Conferences history (newest first), each
record's page (date, attendees, the family's words in their language), the next steps on the conference page, the
family sheet, the last conference from the records, and the warning when student.yml says otherwise."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
import yaml
from conftest import REPO, run_plp, valid_student

from plp_site.conferences.languages import language_name
from plp_site.conferences.records import section_items
from plp_site.i18n import labels_for

from .conftest import DemoBuild, build
from .helpers import Element, front_matter, read_html

School = Callable[[Mapping[str, str | bytes]], Path]
DEMO_IDS = sorted(p.name for p in (REPO / "students").iterdir() if p.is_dir())
WITH_RECORDS = [s for s in DEMO_IDS if list((REPO / "students" / s / "conferences").glob("*.md"))]
GOALS = {s: list((REPO / "students" / s / "goals").glob("*.md")) for s in DEMO_IDS}
AGREEING = [s for s in WITH_RECORDS if any("\nagreed_at:" in g.read_text(encoding="utf-8") for g in GOALS[s])]
RTL = {"ar", "fa", "he", "ur"}
_HEADING = re.compile(r"^## (.+)$", re.MULTILINE)


def records(student_id: str) -> list[Path]:
    """The student's conference records, newest first (their names are their dates)."""
    return sorted((REPO / "students" / student_id / "conferences").glob("*.md"), reverse=True)


def student_yml(student_id: str) -> dict[str, object]:
    data = yaml.safe_load((REPO / "students" / student_id / "student.yml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def language(student_id: str) -> str:
    return str(student_yml(student_id).get("language") or "en")


def sections(path: Path) -> dict[str, str]:
    """A record's Markdown under each `## ` heading, by heading (in the order written)."""
    body = path.read_text(encoding="utf-8").split("\n---\n", 1)[1]
    parts = _HEADING.split(body)
    return {parts[i].strip(): parts[i + 1].strip() for i in range(1, len(parts) - 1, 2)}


def article(page: Path) -> Element:
    return read_html(page).find("article", cls="md-content__inner")


def hrefs(element: Element) -> list[str]:
    return [a.attrs["href"] for a in element.find_all("a") if "headerlink" not in a.classes]


def test_the_demo_school_has_records_in_several_languages_and_school_years() -> None:
    languages = {str(front_matter(path).get("language")) for student in WITH_RECORDS for path in records(student)}
    assert {"es", "ar", "ne"} <= languages
    years = {(dt.date.fromisoformat(p.stem) - dt.timedelta(days=212)).year for s in WITH_RECORDS for p in records(s)}
    assert len(years) >= 2, "the records span more than one school year (August to July)"
    assert len(WITH_RECORDS) >= 4
    assert len(AGREEING) >= 3, "several demo students' goals name the conference where they were agreed"
    assert len(WITH_RECORDS) < len(DEMO_IDS), "one demo student has no record yet, to show the empty history"


@pytest.mark.parametrize("student_id", DEMO_IDS)
def test_the_history_lists_every_record_newest_first(demo: DemoBuild, student_id: str) -> None:
    site = demo.site_of(student_id)
    content = article(site / "conferences" / "index.html")
    labels = labels_for(language(student_id))
    assert content.find("h1").text().removesuffix("¶").strip() == labels("conferences")
    listed = [href for href in hrefs(content) if href != "../"]
    assert listed == [f"{path.stem}/" for path in records(student_id)]
    for href in listed:
        assert (site / "conferences" / href / "index.html").is_file()
    titles = [a.text() for a in content.find_all("a") if "headerlink" not in a.classes]
    assert titles == [labels("conference_on", date=labels.date(dt.date.fromisoformat(p.stem))) for p in records(student_id)]
    if not listed:
        assert labels("no_conferences") in content.text()


@pytest.mark.parametrize("student_id", WITH_RECORDS)
def test_each_record_page_shows_the_day_who_was_there_and_the_familys_words_in_their_language(
    demo: DemoBuild, student_id: str
) -> None:
    labels = labels_for(language(student_id))
    for path in records(student_id):
        meta = front_matter(path)
        page = article(demo.site_of(student_id) / "conferences" / path.stem / "index.html")
        facts = page.find("div", cls="plp-facts-box").text()
        assert labels.date(dt.date.fromisoformat(path.stem)) in facts
        assert all(str(person) in facts for person in meta["attendees"])  # type: ignore[attr-defined]
        spoken = str(meta["language"])
        assert language_name(spoken, labels.language) in facts
        (family,) = page.find_all("div", cls="plp-family-words")
        assert family.attrs["lang"] == spoken
        assert family.attrs["dir"] == ("rtl" if spoken in RTL else "ltr")
        family_words = list(sections(path).values())[1]
        assert " ".join(family_words.split()[:4]).strip('"') in family.text()
        # Only the family's section: the student's own sections stand outside it.
        shared = next(iter(sections(path).values()))
        assert " ".join(shared.split()[:4]) not in family.text()


def test_amina_familys_words_are_arabic_right_to_left_inside_her_english_record(demo: DemoBuild) -> None:
    page = article(demo.site_of("amina-hassan") / "conferences" / "2026-04-02" / "index.html")
    own = page.find("div", cls="plp-student-text")
    assert own.attrs["lang"] == "en", "Amina writes in English on an Arabic site"
    family = own.find("div", cls="plp-family-words")
    assert (family.attrs["lang"], family.attrs["dir"]) == ("ar", "rtl")
    assert "قالت أمي" in family.text()


@pytest.mark.parametrize("student_id", WITH_RECORDS)
def test_the_conference_page_shows_the_next_steps_agreed_last_time(demo: DemoBuild, student_id: str) -> None:
    labels = labels_for(language(student_id))
    newest = records(student_id)[0]
    content = article(demo.site_of(student_id) / "conference" / "index.html")
    heading = labels("agreed_steps", date=labels.date(dt.date.fromisoformat(newest.stem)))
    (found,) = [h for h in content.find_all("h2") if h.text().removesuffix("¶").strip() == heading]
    assert f"../conferences/{newest.stem}/" in hrefs(found), "the date links to the record"
    items = content.elements()[content.elements().index(found) + 1]
    assert items.tag == "ul"
    expected = section_items(list(sections(newest).values())[2])
    assert [li.text() for li in items.elements("li")] == expected


def test_liam_without_records_has_no_agreed_steps(demo: DemoBuild) -> None:
    labels = labels_for("en")
    headings = [h.text() for h in article(demo.site_of("liam-obrien") / "conference" / "index.html").find_all("h2")]
    assert not any(h.startswith(labels("agreed_steps", date="").strip()) for h in headings), headings


@pytest.mark.parametrize("student_id", DEMO_IDS)
def test_the_family_sheet_asks_its_questions_in_the_familys_language(demo: DemoBuild, student_id: str) -> None:
    labels = labels_for(language(student_id))
    content = article(demo.site_of(student_id) / "conference" / "index.html")
    sheet = content.find("div", cls="plp-family-sheet")
    assert sheet.find("h2").text().removesuffix("¶").strip() == labels("family_sheet")
    questions = [h.text().removesuffix("¶").strip() for h in sheet.find_all("h3")]
    assert questions == [labels(k) for k in ("family_question_proud", "family_question_next_year", "family_question_help")]
    assert len(sheet.find_all("div", cls="plp-write-lines")) == 3
    name = str(student_yml(student_id)["name"])
    assert name in sheet.text()
    assert content.elements()[-1] is sheet or sheet in content.elements(), "the sheet comes after the agenda"


@pytest.mark.parametrize("student_id", DEMO_IDS)
def test_the_last_conference_is_the_newest_record(demo: DemoBuild, student_id: str) -> None:
    newest = records(student_id)
    written = student_yml(student_id).get("last_conference")
    expected = newest[0].stem if newest else (written.isoformat() if isinstance(written, dt.date) else None)
    assert demo.records[student_id]["last_conference"] == expected


@pytest.mark.parametrize("student_id", AGREEING)
def test_goal_cards_name_the_conference_where_they_were_agreed(demo: DemoBuild, student_id: str) -> None:
    labels = labels_for(language(student_id))
    content = article(demo.site_of(student_id) / "goals" / "index.html")
    agreed = {
        str(front_matter(goal)["title"]): front_matter(goal).get("agreed_at")
        for goal in (REPO / "students" / student_id / "goals").glob("*.md")
    }
    for card in content.find_all("div", cls="plp-card"):
        date = agreed[card.find("h2").text().removesuffix("¶").strip()]
        says = labels("agreed_at") in card.text()
        assert says == isinstance(date, dt.date)
        if isinstance(date, dt.date):
            assert f"../conferences/{date.isoformat()}/" in hrefs(card)
            assert labels("conference_on", date=labels.date(date)) in card.text()


RECORD = """\
---
date: {date}
attendees: [Ada, mother]
language: es
---
## What I shared

My robot arm lifted a paper cup at the Friday test.

## What my family said

Mi mamá dijo: "Estoy muy orgullosa de ti."

## Next steps we agreed

- Add a second joint to the arm.
- Show it at the science fair.
"""


def test_last_conference_that_differs_from_the_records_is_a_warning_and_the_records_win(small_school: School) -> None:
    student = "name: Ada Lovelace\ngrade: 9\nlanguage: en\nlast_conference: 2026-03-01\n"
    extra = {"student.yml": student, "conferences/2026-04-02.md": RECORD.format(date="2026-04-02")}
    root = small_school(valid_student("ada", extra=extra))
    code, out, _ = run_plp("check", "--root", root)
    assert code == 0, out
    assert "students/ada/student.yml:4:1: warning PLP705 last_conference is 2026-03-01" in out
    built = build(root)
    assert built.code == 0, built.stderr
    assert (built.records["ada"]["warnings"], built.records["ada"]["last_conference"]) == (1, "2026-04-02")
    headings = [h.text() for h in article(built.site_of("ada") / "conference" / "index.html").find_all("h2")]
    assert any(h.startswith("New since my last conference (April 2, 2026)") for h in headings), headings
    assert any(h.startswith("Next steps we agreed on April 2, 2026") for h in headings), headings


def test_a_record_with_an_error_stops_the_build_with_its_line(small_school: School) -> None:
    broken = RECORD.format(date="2026-04-02").replace("## What my family said", "## Family")
    built = build(small_school(valid_student("ada", extra={"conferences/2026-04-02.md": broken})))
    assert built.code == 1
    output = built.stdout + built.stderr
    assert "students/ada/conferences/2026-04-02.md:6:1: error PLP703" in output
    assert "What my family said" in output


@pytest.mark.parametrize(
    ("attendee", "shown"),
    [("<b>Mom</b>", "<b>Mom</b>"), ("*Dad*", "*Dad*"), ("[Grandma](http://x.example/)", "[Grandma](http://x.example/)")],
)
def test_attendees_are_shown_as_written_never_as_markup(small_school: School, attendee: str, shown: str) -> None:
    text = RECORD.format(date="2026-04-02").replace("[Ada, mother]", yaml.safe_dump([attendee], default_flow_style=True).strip())
    built = build(small_school(valid_student("ada", extra={"conferences/2026-04-02.md": text})))
    assert built.code == 0, built.stderr
    page = built.site_of("ada") / "conferences" / "2026-04-02" / "index.html"
    facts = article(page).find("div", cls="plp-facts-box")
    assert shown in facts.text()
    assert [e.tag for e in facts.iter() if e.tag in {"b", "em", "a"}] == []
    assert "x.example" not in "".join(a.attrs.get("href", "") for a in read_html(page).find_all("a"))


def test_a_record_with_its_own_title_keeps_it(small_school: School) -> None:
    text = RECORD.format(date="2026-04-02").replace("## What I shared", "# Our spring talk\n\n## What I shared")
    built = build(small_school(valid_student("ada", extra={"conferences/2026-04-02.md": text})))
    assert built.code == 0, built.stderr
    content = article(built.site_of("ada") / "conferences" / "2026-04-02" / "index.html")
    assert [h.text().removesuffix("¶").strip() for h in content.find_all("h1")] == ["Our spring talk"]
    family = content.find("div", cls="plp-family-words")
    assert (family.attrs["lang"], family.attrs["dir"]) == ("es", "ltr")
    assert "Estoy muy orgullosa de ti" in family.text()
    history = article(built.site_of("ada") / "conferences" / "index.html")
    assert "Our spring talk" in history.text()
