"""`plp new`: student folders and pages from the templates in plp_site/scaffold/<language>/, through the real CLI.

Every template of every language must give a portfolio that `plp check` accepts with warnings only: the guiding
prompts (PLP208) a student still has to replace, the headings and pages that hold none of the student's own words
yet (PLP209, PLP210: a template never counts as written), and never an error.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from importlib import resources
from pathlib import Path

import pytest
import yaml
from conftest import make_school, run_plp, valid_student

from plp_site.frontmatter import parse_document
from plp_site.i18n import available_languages
from plp_site.scaffold import PROMPT

SCAFFOLD = Path(str(resources.files("plp_site") / "scaffold"))
LANGUAGES = sorted(p.name for p in SCAFFOLD.iterdir() if p.is_dir() and not p.name.startswith(("_", ".")))
PAGE_KINDS = ("goal", "reflection", "evidence")
TEMPLATE_CODES = ("PLP208", "PLP209", "PLP210")
"""What plp check says of a page as a template wrote it: prompts in place, and none of the student's own words."""
STUDENT_FILES = {
    "student.yml",
    "about-me.md",
    "goals/my-first-goal.md",
    "reflections/{today}-my-first-reflection.md",
    "evidence/my-first-evidence.md",
}


def files_of(folder: Path) -> set[str]:
    """Every file under folder, relative to it, with /."""
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def today_names(names: set[str]) -> list[set[str]]:
    """The expected names with {today} filled in, for today (and tomorrow, should the test cross midnight)."""
    days = {dt.date.today(), dt.date.today() + dt.timedelta(days=1)}
    return [{name.format(today=day.isoformat()) for name in names} for day in sorted(days)]


def new(root: Path, *args: str) -> tuple[int, str, str]:
    """Run `plp new ARGS --root ROOT`."""
    return run_plp("new", *args, "--root", root)


def findings(root: Path, *students: str) -> list[dict[str, object]]:
    """The findings of `plp check --format json` for the students (all when none are named)."""
    _, out, _ = run_plp("check", "--root", root, "--format", "json", *students)
    items: list[dict[str, object]] = json.loads(out)
    return items


@pytest.fixture
def empty_school(tmp_path: Path) -> Path:
    """A school with the default requirements and no students."""
    return make_school(tmp_path, {})


@pytest.fixture
def ada_school(tmp_path: Path) -> Path:
    """A school with the default requirements and one complete student, ada."""
    return make_school(tmp_path, valid_student("ada"))


# --- plp new student ---------------------------------------------------------------------------------------------


def test_new_student_makes_the_folder_with_every_starting_page(empty_school: Path) -> None:
    code, out, err = new(empty_school, "student", "Jordan Lee", "--grade", "9")
    assert (code, err) == (0, "")
    assert out == (
        "created students/jordan-lee/ -- replace the prompts (lines starting with ✎) with your own words,\n"
        "then run: plp check jordan-lee\n"
    )
    folder = empty_school / "students" / "jordan-lee"
    assert files_of(folder) in today_names(STUDENT_FILES | {"postsecondary.md"})
    assert yaml.safe_load((folder / "student.yml").read_text(encoding="utf-8")) == {"name": "Jordan Lee", "grade": 9}


@pytest.mark.parametrize(
    ("plugin_options", "grade", "has_postsecondary"),
    [
        ("", 8, False),
        ("", 9, True),
        ("", 12, True),
        ("sections:\n  about-me:\n  postsecondary:\n    from_grade: 11\n", 10, False),
        ("sections:\n  about-me:\n  postsecondary:\n    from_grade: 11\n", 11, True),
        ("sections:\n  postsecondary: false\n", 12, False),
    ],
    ids=["default-grade-8", "default-grade-9", "default-grade-12", "from-11-grade-10", "from-11-grade-11", "not-required"],
)
def test_postsecondary_page_only_from_the_schools_grade(
    tmp_path: Path, plugin_options: str, grade: int, has_postsecondary: bool
) -> None:
    root = make_school(tmp_path, {}, plugin_options)
    assert new(root, "student", "Jordan Lee", "--grade", str(grade))[0] == 0
    assert (root / "students" / "jordan-lee" / "postsecondary.md").is_file() == has_postsecondary
    assert all(f["severity"] == "warning" for f in findings(root))


@pytest.mark.parametrize(
    ("name", "student_id"),
    [("Jordan Lee", "jordan-lee"), ("Sofía Ramírez", "sofia-ramirez"), ("Liam O'Brien", "liam-o-brien")],
)
def test_the_id_is_made_from_the_name(empty_school: Path, name: str, student_id: str) -> None:
    assert new(empty_school, "student", name, "--grade", "7")[0] == 0
    assert [p.name for p in (empty_school / "students").iterdir()] == [student_id]
    student = yaml.safe_load((empty_school / "students" / student_id / "student.yml").read_text(encoding="utf-8"))
    assert student["name"] == name


def test_id_option_names_the_folder(empty_school: Path) -> None:
    code, out, _ = new(empty_school, "student", "Jordan Lee", "--grade", "9", "--id", "jlee-2")
    assert code == 0
    assert "plp check jlee-2" in out
    assert [p.name for p in (empty_school / "students").iterdir()] == ["jlee-2"]
    assert "name: Jordan Lee" in (empty_school / "students" / "jlee-2" / "student.yml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["Jordan Lee"], 'plp new: give the grade: plp new student "Jordan Lee" --grade 9\n'),
        (["Jordan Lee", "--grade", "4"], "plp new: --grade must be from 5 to 12\n"),
        (["Jordan Lee", "--grade", "13"], "plp new: --grade must be from 5 to 12\n"),
        (["李小龍", "--grade", "9"], "plp new: '' is not a usable id; give one with --id, e.g. --id jordan-lee\n"),
        (
            ["Jordan Lee", "--grade", "9", "--id", "Jordan_Lee"],
            "plp new: 'Jordan_Lee' is not a usable id; give one with --id, e.g. --id jordan-lee\n",
        ),
    ],
    ids=["no-grade", "grade-4", "grade-13", "no-usable-id", "bad-id"],
)
def test_unusable_student_arguments_exit_2_and_make_nothing(empty_school: Path, args: list[str], message: str) -> None:
    assert new(empty_school, "student", *args) == (2, "", message)
    assert list((empty_school / "students").iterdir()) == []


def test_spanish_student_gets_the_spanish_templates(empty_school: Path) -> None:
    assert new(empty_school, "student", "Sofía Ramírez", "--grade", "10", "--language", "es")[0] == 0
    folder = empty_school / "students" / "sofia-ramirez"
    spanish = {
        "student.yml",
        "about-me.md",
        "postsecondary.md",
        "goals/mi-primera-meta.md",
        "reflections/{today}-mi-primera-reflexion.md",
        "evidence/mi-primera-evidencia.md",
    }
    assert files_of(folder) in today_names(spanish)
    student = yaml.safe_load((folder / "student.yml").read_text(encoding="utf-8"))
    assert student == {"name": "Sofía Ramírez", "grade": 10, "language": "es"}
    for kind in ("about-me", "postsecondary"):
        assert (folder / f"{kind}.md").read_text(encoding="utf-8") == (SCAFFOLD / "es" / f"{kind}.md").read_text(encoding="utf-8")
    goal = parse_document((folder / "goals" / "mi-primera-meta.md").read_text(encoding="utf-8"))
    assert goal.fields["title"].value == "Mi primera meta"
    assert _prompts(SCAFFOLD / "es" / "goal.md") <= _prompts(folder / "goals" / "mi-primera-meta.md")


def test_school_language_is_the_default_and_the_students_own_wins_for_pages(tmp_path: Path) -> None:
    root = make_school(tmp_path, {}, "language: es\n")
    assert new(root, "student", "Ana Gómez", "--grade", "7")[0] == 0
    folder = root / "students" / "ana-gomez"
    # The school's language needs no `language:` line of its own.
    assert yaml.safe_load((folder / "student.yml").read_text(encoding="utf-8")) == {"name": "Ana Gómez", "grade": 7}
    assert (folder / "goals" / "mi-primera-meta.md").is_file()
    (folder / "student.yml").write_text("name: Ana Gómez\ngrade: 7\nlanguage: en\n", encoding="utf-8")
    assert new(root, "goal", "ana-gomez", "Read more")[0] == 0
    assert _prompts(SCAFFOLD / "en" / "goal.md") <= _prompts(folder / "goals" / "read-more.md")


def test_existing_student_folder_is_never_overwritten(empty_school: Path) -> None:
    assert new(empty_school, "student", "Jordan Lee", "--grade", "9")[0] == 0
    about = empty_school / "students" / "jordan-lee" / "about-me.md"
    about.write_text("# About me\n\nMy own words.\n", encoding="utf-8")
    before = files_of(empty_school / "students")
    code, out, err = new(empty_school, "student", "Jordan Lee", "--grade", "10")
    assert (code, out) == (2, "")
    assert err == "plp new: students/jordan-lee already exists\n"
    assert files_of(empty_school / "students") == before
    assert about.read_text(encoding="utf-8") == "# About me\n\nMy own words.\n"


# --- every template of every language ----------------------------------------------------------------------------


def _prompts(path: Path) -> set[str]:
    return {match.group(0).strip() for match in PROMPT.finditer(path.read_text(encoding="utf-8"))}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_template_gives_only_prompt_warnings(empty_school: Path, language: str) -> None:
    assert LANGUAGES, "plp_site/scaffold has no language folders"
    assert new(empty_school, "student", "Test Student", "--grade", "12", "--language", language)[0] == 0
    for kind in PAGE_KINDS:
        code, out, err = new(empty_school, kind, "test-student", f"Another {kind}", "--language", language)
        assert (code, err) == (0, ""), err
        assert out.startswith("created students/test-student/")
    code, out, err = run_plp("check", "--root", empty_school, "test-student")
    assert (code, err) == (0, ""), out
    found = findings(empty_school)
    assert found, "the templates have guiding prompts, so plp check must warn"
    assert {(f["code"], f["severity"]) for f in found} == {(code, "warning") for code in TEMPLATE_CODES}, out
    pages = {str(f["path"]).removeprefix("students/test-student/") for f in found if f["code"] == "PLP208"}
    created = {p for p in files_of(empty_school / "students" / "test-student") if p.endswith(".md")}
    assert pages == created, "every page made from a template has prompts to replace"
    assert run_plp("check", "--root", empty_school, "--strict")[0] == 1


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_each_page_template_is_the_languages_own(ada_school: Path, language: str, kind: str) -> None:
    code, out, _ = new(ada_school, kind, "ada", "A new page", "--language", language)
    assert code == 0
    path = ada_school / out.removeprefix("created ").strip()
    template = SCAFFOLD / language / f"{kind}.md"
    expected = template if template.is_file() else SCAFFOLD / "en" / f"{kind}.md"
    assert _prompts(expected)
    assert _prompts(expected) <= _prompts(path)
    assert [f for f in findings(ada_school) if f["severity"] == "error"] == []


def test_every_shipped_language_has_every_template() -> None:
    assert set(available_languages()) <= set(LANGUAGES)
    for language in LANGUAGES:
        for kind in (*PAGE_KINDS, "about-me", "postsecondary"):
            assert _prompts(SCAFFOLD / language / f"{kind}.md"), f"scaffold/{language}/{kind}.md has no prompt"


@pytest.mark.parametrize("language", LANGUAGES)
def test_first_pages_are_titled_in_the_students_language(empty_school: Path, language: str) -> None:
    assert new(empty_school, "student", "Test Student", "--grade", "9", "--language", language)[0] == 0
    folder = empty_school / "students" / "test-student"
    pages = sorted(p for p in folder.rglob("*.md") if p.parent != folder)
    assert len(pages) == len(PAGE_KINDS)
    titles = [parse_document(p.read_text(encoding="utf-8")).fields["title"].value for p in pages]
    english = {"My first goal", "My first reflection", "My first evidence"}
    assert (set(titles) == english) == (language == "en"), titles
    # Every file has a usable name, also when the title is written in a script without Latin letters.
    assert all(p.stem.removeprefix(dt.date.today().isoformat() + "-") not in {"", "untitled"} for p in pages)


def test_templates_use_the_schools_first_skill(tmp_path: Path) -> None:
    skills = "skills:\n  - id: teamwork\n    name: Teamwork\n  - id: curiosity\n    name: Curiosity\n"
    root = make_school(tmp_path, {}, skills)
    assert new(root, "student", "Jordan Lee", "--grade", "9")[0] == 0
    evidence = parse_document((root / "students/jordan-lee/evidence/my-first-evidence.md").read_text(encoding="utf-8"))
    assert evidence.fields["skills"].value == ["teamwork"]
    assert {f["code"] for f in findings(root)} == set(TEMPLATE_CODES)


# --- plp new goal / reflection / evidence ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Title: with colon", "title-with-colon"),
        ('The "Sort it" poster #2', "the-sort-it-poster-2"),
        ("- starts like a list: [and] {braces}", "starts-like-a-list-and-braces"),
        ("Año nuevo, ¿qué aprendí?", "ano-nuevo-que-aprendi"),
    ],
)
def test_new_reflection_has_todays_name_and_valid_front_matter(ada_school: Path, title: str, slug: str) -> None:
    before = dt.date.today()
    code, out, err = new(ada_school, "reflection", "ada", title)
    after = dt.date.today()
    assert (code, err) == (0, "")
    names = {f"students/ada/reflections/{day.isoformat()}-{slug}.md" for day in (before, after)}
    created = out.removeprefix("created ").strip()
    assert created in names
    assert out == f"created {created}\n"
    document = parse_document((ada_school / created).read_text(encoding="utf-8"))
    assert document.problems == ()
    assert document.fields["title"].value == title
    assert document.fields["date"].value in (before, after)
    found = sorted((f["code"], f["severity"]) for f in findings(ada_school))
    assert found == [("PLP208", "warning")] * 2 + [("PLP210", "warning")]


@pytest.mark.parametrize(("kind", "folder"), [("goal", "goals"), ("evidence", "evidence")])
def test_new_goal_and_evidence_pages(ada_school: Path, kind: str, folder: str) -> None:
    assert new(ada_school, kind, "ada", "Robots: Part 2") == (0, f"created students/ada/{folder}/robots-part-2.md\n", "")
    document = parse_document((ada_school / "students/ada" / folder / "robots-part-2.md").read_text(encoding="utf-8"))
    assert document.problems == ()
    assert document.fields["title"].value == "Robots: Part 2"
    assert {(f["code"], f["severity"]) for f in findings(ada_school)} == {("PLP208", "warning"), ("PLP210", "warning")}


def test_an_existing_page_is_never_overwritten(ada_school: Path) -> None:
    code, out, _ = new(ada_school, "reflection", "ada", "Title: with colon")
    assert code == 0
    path = ada_school / out.removeprefix("created ").strip()
    path.write_text("---\ndate: 2026-10-03\n---\nMy own words.\n", encoding="utf-8")
    code, out, err = new(ada_school, "reflection", "ada", "Title: with colon")
    if code == 0:  # the day changed between the two commands: a new name, nothing overwritten
        pytest.skip("crossed midnight")
    assert (code, out) == (2, "")
    assert err == f"plp new: students/ada/reflections/{path.name} already exists; choose another title\n"
    assert path.read_text(encoding="utf-8") == "---\ndate: 2026-10-03\n---\nMy own words.\n"


def test_unknown_student_exits_2_and_makes_nothing(ada_school: Path) -> None:
    before = files_of(ada_school)
    assert new(ada_school, "goal", "nobody", "A goal") == (2, "", "plp new: there is no student folder students/nobody\n")
    assert files_of(ada_school) == before


def test_a_page_needs_a_title(ada_school: Path) -> None:
    expected = 'plp new: give the student and a title: plp new evidence jordan-lee "My title"\n'
    assert new(ada_school, "evidence", "ada") == (2, "", expected)


@pytest.mark.parametrize("kind", ["goal", "reflection", "evidence"])
@pytest.mark.parametrize("linked", ["student", "section"])
def test_a_page_is_never_written_through_a_link_out_of_the_folder(tmp_path: Path, kind: str, linked: str) -> None:
    root = make_school(tmp_path / "school", valid_student("ada"))
    outside = tmp_path / "outside"
    outside.mkdir()
    if linked == "student":
        (root / "students" / "bo").symlink_to(root / "students" / "ada", target_is_directory=True)
        student, watched = "bo", root / "students" / "ada"
    else:
        section = {"goal": "goals", "reflection": "reflections", "evidence": "evidence"}[kind]
        shutil.rmtree(root / "students" / "ada" / section)
        (root / "students" / "ada" / section).symlink_to(outside, target_is_directory=True)
        student, watched = "ada", outside
    before = files_of(watched)
    code, out, err = new(root, kind, student, "Sneaky page")
    assert (code, out) == (2, "")
    assert "link that leaves the student's folder" in err
    assert files_of(watched) == before


@pytest.mark.parametrize("language", ["../en", "/etc", "es/../../x", "en\n", "..", ""])
def test_an_unusable_language_falls_back_to_english_templates(ada_school: Path, language: str) -> None:
    code, out, _ = new(ada_school, "goal", "ada", "A goal", "--language", language)
    assert code == 0, out
    written = (ada_school / out.removeprefix("created ").strip()).read_text(encoding="utf-8")
    english = (SCAFFOLD / "en" / "goal.md").read_text(encoding="utf-8").split("\n", 1)[0]
    assert written.split("\n", 1)[0] == english
