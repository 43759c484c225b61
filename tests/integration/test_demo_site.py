"""The demo school, built once: every student gets every page, in order, in their language, with their own words only."""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from functools import cache
from importlib import resources
from pathlib import Path

import pytest
import yaml
from conftest import REPO

from .conftest import SECRET, DemoBuild
from .helpers import Element, front_matter, page_text, read_html, search_docs

DEMO_IDS = sorted(p.name for p in (REPO / "students").iterdir() if p.is_dir())
SKILLS = {
    "communication": "Clear and Effective Communication",
    "self-direction": "Self-Direction",
    "problem-solving": "Creative and Practical Problem Solving",
    "citizenship": "Responsible and Involved Citizenship",
    "integrative-thinking": "Informed and Integrative Thinking",
}
# The demo school names its skills per language (mkdocs.yml); each family sees them in its own language.
SKILLS_BY_LANGUAGE = {
    "en": SKILLS,
    "es": {
        "communication": "Comunicación clara y eficaz",
        "self-direction": "Autodirección",
        "problem-solving": "Resolución creativa y práctica de problemas",
        "citizenship": "Ciudadanía responsable y comprometida",
        "integrative-thinking": "Pensamiento informado e integrador",
    },
    "ar": {
        "communication": "التواصل الواضح والفعّال",
        "self-direction": "التوجيه الذاتي",
        "problem-solving": "حل المشكلات بطريقة إبداعية وعملية",
        "citizenship": "المواطنة المسؤولة والفاعلة",
        "integrative-thinking": "التفكير المستنير والتكاملي",
    },
    "ne": {
        "communication": "स्पष्ट र प्रभावकारी सञ्चार",
        "self-direction": "आत्मनिर्देशन",
        "problem-solving": "सिर्जनात्मक र व्यावहारिक समस्या समाधान",
        "citizenship": "जिम्मेवार र सक्रिय नागरिकता",
        "integrative-thinking": "जानकारीमूलक र एकीकृत सोच",
    },
}
STATUS_WORDS = {
    "en": {"met": "Met", "in-progress": "In progress", "not-started": "Not started"},
    "es": {"met": "Lograda", "in-progress": "En progreso", "not-started": "Sin empezar"},
}
NAV_HREFS = [".", "goals/", "reflections/", "evidence/", "skills/", "journey/", "conference/", "conferences/"]
_PLAIN_WORD = re.compile(r"^[^*_\[\]()`<>#|!&\\{}]+$")


def student_yml(student_id: str) -> dict[str, object]:
    data = yaml.safe_load((REPO / "students" / student_id / "student.yml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def language(student_id: str) -> str:
    return str(student_yml(student_id).get("language") or "en")


def skills(student_id: str) -> dict[str, str]:
    """The skill names a student's family sees, by skill id."""
    return SKILLS_BY_LANGUAGE[language(student_id)]


def grade(student_id: str) -> int:
    return int(str(student_yml(student_id)["grade"]))


@cache
def words(code: str) -> dict[str, str]:
    """plp-site's interface words of a language, over English (the published translation files)."""

    def load(name: str) -> dict[str, str]:
        resource = resources.files("plp_site") / "translations" / f"{name}.yml"
        return {str(k): str(v) for k, v in (yaml.safe_load(resource.read_text(encoding="utf-8")) or {}).items()}

    return {**load("en"), **(load(code) if code != "en" else {})}


def sources(student_id: str, kind: str) -> list[Path]:
    return sorted((REPO / "students" / student_id / kind).glob("*.md"))


def article(page: Path) -> Element:
    return read_html(page).find("article", cls="md-content__inner")


def resolve(href: str, page_folder: str) -> str:
    """A link of a page in page_folder (e.g. 'conference/') as a folder path from the site root."""
    return posixpath.normpath(posixpath.join(page_folder, href)).removeprefix("./") + "/"


def section(content: Element, heading_start: str) -> list[Element]:
    """The elements after the <h2> whose text starts with heading_start, up to the next <h2>."""
    children = content.elements()
    starts = [i for i, e in enumerate(children) if e.tag == "h2" and e.text().startswith(heading_start)]
    assert len(starts) == 1, f"no single <h2> starting with {heading_start!r}: {[e.text() for e in children if e.tag == 'h2']}"
    following = children[starts[0] + 1 :]
    end = next((i for i, e in enumerate(following) if e.tag == "h2"), len(following))
    return following[:end]


def body(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    return text.split("\n---\n", 1)[1] if text.startswith("---\n") else text


@cache
def others_writing(student_id: str) -> str:
    """Everything the other demo students wrote, whitespace collapsed."""
    texts = [p.read_text(encoding="utf-8") for p in (REPO / "students").rglob("*.md") if p.parts[-3] != student_id]
    texts += [p.read_text(encoding="utf-8") for p in (REPO / "students").glob("*/*.md") if p.parent.name != student_id]
    return " ".join(" ".join(texts).split())


def snippet(path: Path, student_id: str) -> str:
    """Eight words in a row of the page's own writing, with no Markdown in them, that no other student wrote."""
    for line in body(path).splitlines():
        tokens = line.split()
        for start in range(max(0, len(tokens) - 7)):
            window = " ".join(tokens[start : start + 8])
            if all(_PLAIN_WORD.match(t) for t in tokens[start : start + 8]) and window not in others_writing(student_id):
                return window
    raise AssertionError(f"no plain sentence of its own in {path}")


def test_demo_school_builds_every_student(demo: DemoBuild) -> None:
    assert demo.code == 0, demo.stderr
    assert "Traceback" not in demo.stderr
    assert f"built {len(DEMO_IDS)} of {len(DEMO_IDS)} students" in demo.stdout
    assert sorted(demo.records) == DEMO_IDS == demo.ids
    assert all(record["status"] == "built" for record in demo.records.values())


@pytest.mark.parametrize("student_id", DEMO_IDS)
def test_every_page_is_built(demo: DemoBuild, student_id: str) -> None:
    site = demo.site_of(student_id)
    expected = ["index.html", "goals/index.html", "reflections/index.html", "evidence/index.html", "skills/index.html"]
    expected += ["conference/index.html", "conferences/index.html", "search/search_index.json"]
    for kind in ("goals", "reflections", "evidence", "conferences"):
        expected += [f"{kind}/{source.stem}/index.html" for source in sources(student_id, kind)]
    missing = [page for page in expected if not (site / page).is_file()]
    assert not missing, f"{student_id}: missing {missing}"
    assert (site / "postsecondary" / "index.html").is_file() == (grade(student_id) >= 9)
    # Every page the search knows is a page that exists.
    for doc in search_docs(site):
        location = doc["location"].split("#")[0]
        assert (site / location / "index.html").is_file() or (site / location).is_file(), doc["location"]


@pytest.mark.parametrize("student_id", DEMO_IDS)
def test_navigation_order(demo: DemoBuild, student_id: str) -> None:
    page = read_html(demo.site_of(student_id) / "index.html")
    top = page.find("nav", cls="md-nav--primary").elements("ul")[0].elements("li")
    hrefs = [item.find("a", cls="md-nav__link").attrs["href"] for item in top]
    labels = [item.find("span", cls="md-ellipsis").text() for item in top]
    lang = words(language(student_id))
    future = grade(student_id) >= 9
    assert hrefs == NAV_HREFS + (["postsecondary/"] if future else [])
    names = ["home", "goals", "reflections", "evidence", "skills", "journey", "conference", "conferences"]
    names += ["future"] if future else []
    assert labels == [lang[name] for name in names]
    if language(student_id) == "en":
        assert labels[:5] == ["Home", "Goals", "Reflections", "Evidence", "Skills"]
        tail = ["Conference", "Conferences"] + (["Future"] if future else [])
        assert labels[-len(tail) :] == tail


@pytest.fixture(scope="module")
def site_texts(demo: DemoBuild) -> dict[str, str]:
    """All the words of each demo student's site."""
    return {student_id: page_text(demo.site_of(student_id)) for student_id in DEMO_IDS}


@pytest.mark.parametrize("student_id", DEMO_IDS)
def test_reflections_appear_on_their_own_site_only(demo: DemoBuild, site_texts: dict[str, str], student_id: str) -> None:
    site = demo.site_of(student_id)
    docs = search_docs(site)
    for reflection in sources(student_id, "reflections"):
        words_in_a_row = snippet(reflection, student_id)
        page = article(site / "reflections" / reflection.stem / "index.html")
        assert words_in_a_row in page.text(), f"{reflection.name}: {words_in_a_row!r} not on its page"
        indexed = [d for d in docs if d["location"].startswith(f"reflections/{reflection.stem}/")]
        assert any(words_in_a_row in " ".join(d["text"].split()) for d in indexed), f"{reflection.name} not in the search"
        elsewhere = [other for other in DEMO_IDS if other != student_id and words_in_a_row in site_texts[other]]
        assert not elsewhere, f"{student_id}'s reflection {reflection.name} appears on {elsewhere}'s site"


@pytest.mark.parametrize("student_id", DEMO_IDS)
def test_goal_statuses_are_words(demo: DemoBuild, student_id: str) -> None:
    lang = words(language(student_id))
    content = article(demo.site_of(student_id) / "goals" / "index.html")
    cards = content.find_all("div", cls="plp-card")
    shown = {}
    for card in cards:
        title = card.find("h2").text().removesuffix("¶").strip()
        shown[title] = card.find("span", cls="plp-status").text(skip_hidden=True)
    expected = {}
    for goal in sources(student_id, "goals"):
        meta = front_matter(goal)
        expected[str(meta["title"])] = lang[f"status.{meta['status']}"]
    assert shown == expected
    if language(student_id) in STATUS_WORDS:
        assert set(shown.values()) <= set(STATUS_WORDS[language(student_id)].values())


def test_sofia_sees_spanish_statuses(demo: DemoBuild) -> None:
    statuses = {
        span.text(skip_hidden=True)
        for span in article(demo.site_of("sofia-ramirez") / "goals" / "index.html").find_all(cls="plp-status")
    }
    assert statuses == {"Lograda", "En progreso"}, "sofia-ramirez has met and in-progress goals"
    assert not statuses & {"Met", "In progress", "Not started"}


@pytest.mark.parametrize("student_id", DEMO_IDS)
def test_skills_matrix(demo: DemoBuild, student_id: str) -> None:
    lang = words(language(student_id))
    rows = article(demo.site_of(student_id) / "skills" / "index.html").find("tbody").elements("tr")
    shown = {row.elements("td")[0].text(): row.elements("td")[1].text(skip_hidden=True) for row in rows}
    with_evidence = {s for e in sources(student_id, "evidence") for s in front_matter(e)["skills"]}  # type: ignore[union-attr]
    in_reflections = {s for r in sources(student_id, "reflections") for s in front_matter(r).get("skills", [])}  # type: ignore[union-attr]
    expected = {}
    names = skills(student_id)
    for skill_id, name in names.items():
        word = (
            "has_evidence"
            if skill_id in with_evidence
            else ("reflections_only" if skill_id in in_reflections else "no_evidence_yet")
        )
        expected[name] = lang[word]
    assert list(shown) == list(names.values()), "the matrix lists the school's framework, in its order"
    assert shown == expected


def test_skill_without_evidence_says_no_evidence_yet(demo: DemoBuild) -> None:
    # jordan-lee has no evidence for citizenship (nor a reflection about it).
    rows = article(demo.site_of("jordan-lee") / "skills" / "index.html").find("tbody").elements("tr")
    row = next(r for r in rows if r.elements("td")[0].text() == SKILLS["citizenship"])
    assert row.elements("td")[1].text(skip_hidden=True) == "No evidence yet"
    assert not row.elements("td")[2].find_all("a"), "no evidence is linked for a skill without evidence"


@pytest.mark.parametrize("student_id", DEMO_IDS)
def test_evidence_pages_show_their_skills(demo: DemoBuild, student_id: str) -> None:
    site = demo.site_of(student_id)
    for evidence in sources(student_id, "evidence"):
        facts = article(site / "evidence" / evidence.stem / "index.html").find("div", cls="plp-facts-box").text()
        for skill_id in front_matter(evidence)["skills"]:  # type: ignore[union-attr]
            assert skills(student_id)[skill_id] in facts, f"{evidence.name}: {skill_id} not shown"
    # ...and each evidence page is listed on the skills page under each of its skills.
    rows = article(site / "skills" / "index.html").find("tbody").elements("tr")
    linked = {
        row.elements("td")[0].text(): {resolve(a.attrs["href"], "skills/") for a in row.elements("td")[2].find_all("a")}
        for row in rows
    }
    for evidence in sources(student_id, "evidence"):
        for skill_id in front_matter(evidence)["skills"]:  # type: ignore[union-attr]
            assert f"evidence/{evidence.stem}/" in linked[skills(student_id)[skill_id]]


@pytest.mark.parametrize("student_id", DEMO_IDS)
def test_conference_page(demo: DemoBuild, student_id: str) -> None:
    lang = words(language(student_id))
    content = article(demo.site_of(student_id) / "conference" / "index.html")
    # What the student marked `conference: true`, and nothing else, is in "What I want to show you".
    marked = {
        f"{kind}/{page.stem}/"
        for kind in ("evidence", "reflections")
        for page in sources(student_id, kind)
        if front_matter(page).get("conference")
    }
    assert marked, f"the demo student {student_id} marks something for the conference"
    to_show = {
        resolve(a.attrs["href"], "conference/") for element in section(content, lang["to_show"]) for a in element.find_all("a")
    }
    assert to_show == marked
    # The family link is the student's published address.
    link = content.find("p", cls="plp-family-link").find("a")
    assert link.attrs["href"] == link.text() == demo.records[student_id]["link"]
    assert link.attrs["href"] == f"https://portfolios.gmuhs.example.org/{demo.records[student_id]['slug']}/"
    # What is new since the last conference (the newest record's, else student.yml's; this school year when none).
    records = [dt.date.fromisoformat(page.stem) for page in sources(student_id, "conferences")]
    last = max(records) if records else student_yml(student_id).get("last_conference")
    dated = []
    for kind in ("evidence", "reflections"):
        for page in sources(student_id, kind):
            date = front_matter(page).get("date")
            if isinstance(date, dt.date):
                dated.append((date, f"{kind}/{page.stem}/"))
    if isinstance(last, dt.date):
        heading = lang["new_since"].split("(")[0].strip()
        expected = sorted((d, p) for d, p in dated if d > last)[::-1][:8]
    else:
        heading = lang["new_this_year"]
        today = dt.date.today()
        start = dt.date(today.year if today.month >= 8 else today.year - 1, 8, 1)
        expected = sorted((d, p) for d, p in dated if d >= start)[::-1][:8]
    new = {resolve(a.attrs["href"], "conference/") for element in section(content, heading) for a in element.find_all("a")}
    assert new == {p for _, p in expected}


def test_conference_says_new_since_my_last_conference(demo: DemoBuild) -> None:
    headings = [h.text() for h in article(demo.site_of("jordan-lee") / "conference" / "index.html").find_all("h2")]
    assert any(h.startswith("New since my last conference") and "May 2, 2026" in h for h in headings), headings
    spanish = [h.text() for h in article(demo.site_of("sofia-ramirez") / "conference" / "index.html").find_all("h2")]
    assert any(h.startswith("Nuevo desde mi última conferencia") for h in spanish), spanish


@pytest.mark.parametrize("student_id", DEMO_IDS)
def test_language_and_direction(demo: DemoBuild, student_id: str) -> None:
    site = demo.site_of(student_id)
    code = language(student_id)
    rtl = code == "ar"
    for page in ("index.html", "goals/index.html", "conference/index.html"):
        tree = read_html(site / page)
        html_tag, body_tag = tree.find("html"), tree.find("body")
        assert html_tag.attrs.get("lang") == code, f"{page}: {html_tag.attrs}"
        direction = html_tag.attrs.get("dir") or body_tag.attrs.get("dir")
        assert direction == ("rtl" if rtl else "ltr"), f"{page}: <html {html_tag.attrs}> <body {body_tag.attrs}>"


def test_sofia_site_is_in_spanish(demo: DemoBuild) -> None:
    site = demo.site_of("sofia-ramirez")
    page = read_html(site / "index.html")
    assert page.find("html").attrs["lang"] == "es"
    top = page.find("nav", cls="md-nav--primary").elements("ul")[0].elements("li")
    assert [item.find("span", cls="md-ellipsis").text() for item in top] == [
        "Inicio",
        "Metas",
        "Reflexiones",
        "Evidencias",
        "Habilidades",
        "Mi trayectoria",
        "Conferencia",
        "Conferencias",
        "Futuro",
    ]
    conference = article(site / "conference" / "index.html").text()
    for spanish in ("Conferencia dirigida por el estudiante", "Quién soy", "Enlace para la familia", "Próximos pasos"):
        assert spanish in conference
    for english in ("Student-led conference", "Who I am", "Family link", "Next steps"):
        assert english not in conference


def test_amina_site_is_arabic_right_to_left(demo: DemoBuild) -> None:
    page = read_html(demo.site_of("amina-hassan") / "index.html")
    assert page.find("html").attrs["lang"] == "ar"
    assert "rtl" in (page.find("html").attrs.get("dir"), page.find("body").attrs.get("dir"))
    # Her own writing is English: marked so, inside the Arabic interface.
    own = page.find("div", cls="plp-student-text")
    assert own.attrs["lang"] == "en"


def test_home_page_shows_the_student(demo: DemoBuild) -> None:
    content = article(demo.site_of("jordan-lee") / "index.html")
    assert content.find("h1").text().removesuffix("¶").strip() == "Jordan Lee"
    assert "Grade 9" in content.find("p", cls="plp-facts").text()
    headings = [h.text().removesuffix("¶").strip() for h in content.find_all("h2")]
    assert headings == ["Strengths", "Interests", "How I learn best"]
    photo = content.find("img", cls="plp-photo")
    assert photo.attrs["alt"] == "Photo of Jordan Lee"


def test_secret_was_not_written(demo: DemoBuild) -> None:
    # The build used PLP_LINK_SECRET; it must not also have created a secret file.
    assert not (demo.root / ".plp" / "secret").exists()
    assert SECRET not in (demo.staff / "students.json").read_text(encoding="utf-8")


_MARKDOWN_IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)\)")


@pytest.mark.parametrize("student_id", DEMO_IDS)
def test_image_alt_text_is_the_students_words(demo: DemoBuild, student_id: str) -> None:
    # Screen readers read the alt text aloud: it must be what the student wrote, not escaped HTML (&quot;...).
    site = demo.site_of(student_id)
    gallery = {a.attrs["alt"] for a in article(site / "evidence" / "index.html").find_all("img")}
    for evidence in sources(student_id, "evidence"):
        written = [alt for alt, _ in _MARKDOWN_IMAGE.findall(body(evidence))]
        # A video or a recording shows as a player named by the student's words (aria-label), a picture by its alt.
        kinds = {"img", "video", "audio"}
        elements = [e for e in article(site / "evidence" / evidence.stem / "index.html").find_all() if e.tag in kinds]
        shown = [e.attrs.get("alt") if e.tag == "img" else e.attrs.get("aria-label") for e in elements]
        assert shown == written, f"{evidence.name}: {shown} != {written}"
        if written:
            assert written[0] in gallery, f"{evidence.name}: the gallery's thumbnail has other alt text"
