"""`plp new conference`: a conference record from the templates of each shipped language, with guiding prompts,
the family's language and the school's own headings."""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources
from pathlib import Path

import pytest
from conftest import make_school, run_plp, valid_student

from plp_site.frontmatter import parse_document
from plp_site.i18n import available_languages
from plp_site.scaffold import PROMPT

SCAFFOLD = Path(str(resources.files("plp_site") / "scaffold"))
TODAY = dt.date.today()


def new(root: Path, *args: str) -> tuple[int, str, str]:
    return run_plp("new", "conference", *args, "--root", root)


def findings(root: Path) -> list[dict[str, object]]:
    _, out, _ = run_plp("check", "--root", root, "--format", "json")
    items: list[dict[str, object]] = json.loads(out)
    return items


def prompts(text: str) -> set[str]:
    return {match.group(0).strip() for match in PROMPT.finditer(text)}


def school_with(tmp_path: Path, student_yml: str = "name: Ada Lovelace\ngrade: 9\n", options: str = "") -> Path:
    return make_school(tmp_path, valid_student("ada", extra={"student.yml": student_yml}), options)


def test_every_shipped_language_has_a_record_template_with_prompts() -> None:
    for language in available_languages():
        for kind in ("conference", "conference-section"):
            template = SCAFFOLD / language / f"{kind}.md"
            assert prompts(template.read_text(encoding="utf-8")), f"scaffold/{language}/{kind}.md has no prompt"


@pytest.mark.parametrize("language", available_languages())
def test_a_new_record_in_each_language_has_only_prompt_warnings(tmp_path: Path, language: str) -> None:
    root = school_with(tmp_path, f"name: Ada Lovelace\ngrade: 9\nlanguage: {language}\n")
    code, out, err = new(root, "ada", "--date", "2026-04-02")
    assert (code, err) == (0, ""), err
    assert out.startswith("created students/ada/conferences/2026-04-02.md")
    text = (root / "students" / "ada" / "conferences" / "2026-04-02.md").read_text(encoding="utf-8")
    assert prompts((SCAFFOLD / language / "conference.md").read_text(encoding="utf-8")) == prompts(text)
    document = parse_document(text)
    assert document.problems == ()
    assert document.fields["date"].value == dt.date(2026, 4, 2)
    assert document.fields["language"].value == language, "the record is in the family's language"
    found = [f for f in findings(root) if str(f["path"]).startswith("students/ada/conferences/")]
    assert {(f["code"], f["severity"]) for f in found} == {("PLP208", "warning")}
    assert len(found) == 3, "one prompt under each of the three headings, and no heading missing"


def test_today_is_the_default_day_and_the_schools_language_the_default_language(tmp_path: Path) -> None:
    root = school_with(tmp_path, options="language: es\n")
    code, out, _ = new(root, "ada")
    assert code == 0
    days = {TODAY, TODAY + dt.timedelta(days=1)}  # should the test cross midnight
    created = [day for day in days if (root / "students" / "ada" / "conferences" / f"{day.isoformat()}.md").is_file()]
    assert len(created) == 1, out
    text = (root / "students" / "ada" / "conferences" / f"{created[0].isoformat()}.md").read_text(encoding="utf-8")
    assert "language: es" in text
    assert "## Lo que dijo mi familia" in text


def test_prompts_in_another_language_keep_the_familys_language(tmp_path: Path) -> None:
    root = school_with(tmp_path, "name: Amina Hassan\ngrade: 11\nlanguage: ar\nwriting_language: en\n")
    assert new(root, "ada", "--date", "2026-04-02", "--language", "en")[0] == 0
    text = (root / "students" / "ada" / "conferences" / "2026-04-02.md").read_text(encoding="utf-8")
    assert "## What my family said" in text
    assert parse_document(text).fields["language"].value == "ar"


SCHOOL_HEADINGS = """\
conference_record:
  headings:
    - [Highlights, Lo mejor]
    - [What my family said, Lo que dijo mi familia]
    - [Questions, Preguntas]
  next_steps: 1
"""


@pytest.mark.parametrize(("language", "family"), [("en", "What my family said"), ("es", "Lo que dijo mi familia")])
def test_the_schools_own_headings_are_written(tmp_path: Path, language: str, family: str) -> None:
    root = school_with(tmp_path, f"name: Ada Lovelace\ngrade: 9\nlanguage: {language}\n", SCHOOL_HEADINGS)
    assert new(root, "ada", "--date", "2026-04-02")[0] == 0
    text = (root / "students" / "ada" / "conferences" / "2026-04-02.md").read_text(encoding="utf-8")
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == ["## Highlights", f"## {family}", "## Questions"]
    family_prompt = next(
        p for p in prompts((SCAFFOLD / language / "conference.md").read_text(encoding="utf-8")) if "sheet" in p or "hoja" in p
    )
    assert family_prompt in text, "a heading the template has keeps the template's own prompt"
    general = prompts((SCAFFOLD / language / "conference-section.md").read_text(encoding="utf-8"))
    assert general <= prompts(text)
    found = [f for f in findings(root) if str(f["path"]).startswith("students/ada/conferences/")]
    assert {f["code"] for f in found} == {"PLP208"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ada", "--date", "2026-4-2"], "--date must be a day like"),
        (["ada", "--date", "April 2"], "--date must be a day like"),
        (["ada", "--date", (TODAY + dt.timedelta(days=2)).isoformat()], "is after today"),
        (["ada", "Spring conference"], "a conference record has no title"),
        (["nobody", "--date", "2026-04-02"], "nobody"),
    ],
)
def test_unusable_arguments_exit_2_and_make_nothing(tmp_path: Path, args: list[str], message: str) -> None:
    root = school_with(tmp_path)
    code, _, err = new(root, *args)
    assert code == 2
    assert message in err
    assert not (root / "students" / "ada" / "conferences").exists()


def test_an_existing_record_is_never_overwritten(tmp_path: Path) -> None:
    root = school_with(tmp_path)
    assert new(root, "ada", "--date", "2026-04-02")[0] == 0
    path = root / "students" / "ada" / "conferences" / "2026-04-02.md"
    path.write_text("my own words", encoding="utf-8")
    code, _, err = new(root, "ada", "--date", "2026-04-02")
    assert code == 2
    assert "conferences/2026-04-02.md already exists" in err
    assert path.read_text(encoding="utf-8") == "my own words"
