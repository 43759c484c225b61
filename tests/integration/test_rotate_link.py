"""`plp rotate-link`: after the next build the student's site lives under a new address, and the old address shows
only a short notice in the family's language: the link has changed, ask the school for the new one."""

from __future__ import annotations

import html
import json
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
import yaml
from conftest import run_plp, valid_student

from plp_site.diskerrors import WriteError
from plp_site.publish import replace_with_notice, staging_root
from plp_site.sharedassets import SHARED_FOLDER

from .conftest import SCHOOL_YML, Built, build
from .helpers import file_hashes, parse_html, read_html, site_files, tree_state

SmallSchool = Callable[[Mapping[str, str | bytes]], Path]

# Written out here, not read from the translation files, so a broken translation file cannot pass.
NOTICE = {
    "en": ("This link has changed", "This portfolio now has a new private address. Please ask the school for the new link."),
    "es": (
        "Este enlace ha cambiado",
        "Este portafolio tiene ahora una nueva dirección privada. Por favor, pida el nuevo enlace a la escuela.",
    ),
    "ar": ("تغيّر هذا الرابط", "لملف الإنجاز هذا عنوان خاص جديد الآن. يُرجى طلب الرابط الجديد من المدرسة."),
}
PAGE_FOLDERS = ("", "goals/", "reflections/", "evidence/", "skills/", "conference/", "conferences/", "postsecondary/")
NOTICE_FILES = sorted([*(f"{folder}index.html" for folder in PAGE_FOLDERS), "plp-notice.css", ".plp-notice.json"])
SCHOOL_NAME = 'Ridge & <Valley> "Union" School'
NAMES = {"en": "Quentin Zappa-Whorl", "es": "Ximena Ñúñez <b>Vidal</b>", "ar": "يوسف الحرّاني"}


def _school(small_school: SmallSchool, student_id: str, name: str, language: str) -> Path:
    options = f"  - plp:\n      school_name: {json.dumps(SCHOOL_NAME)}\n"
    files = {
        "mkdocs.yml": SCHOOL_YML.replace("  - plp\n", options),
        **valid_student(student_id, name=name),
        **valid_student("other", name="Other Person"),
    }
    files[f"students/{student_id}/student.yml"] = yaml.safe_dump(
        {"name": name, "grade": 9, "language": language}, allow_unicode=True
    )
    return small_school(files)


def _rotate(root: Path, student_id: str) -> Built:
    code, stdout, stderr = run_plp("rotate-link", "--root", root, student_id)
    assert code == 0, stderr
    assert "the old address then only says that the link has changed" in stdout
    built = build(root)
    assert built.code == 0, built.stderr
    return built


def notice_problems(folder: Path, language: str, secrets: list[str], school: str = SCHOOL_NAME) -> list[str]:
    """What is wrong with an old address's folder: anything but the notice, the wrong words or language, a link,
    a load from elsewhere, or one of the secrets (the student's name, the new address) in any of its files."""
    names = sorted(path.relative_to(folder).as_posix() for path in site_files(folder))
    problems = [] if names == NOTICE_FILES else [f"files {names}, expected only the notice {NOTICE_FILES}"]
    title, text = NOTICE[language]
    for page in site_files(folder, ".html"):
        tree, where = read_html(page), page.relative_to(folder).as_posix()
        html_element = tree.find("html")
        if (html_element.attrs.get("lang"), html_element.attrs.get("dir")) != (language, "rtl" if language == "ar" else "ltr"):
            problems.append(f"{where}: <html {html_element.attrs}>")
        if [tree.find("h1").text(), tree.find("main").find_all("p")[-1].text()] != [title, text]:
            problems.append(f"{where}: says {tree.find('main').text()!r}")
        if tree.find("p", cls="school").text() != school:
            problems.append(f"{where}: no school name")
        if tree.find_all("a") or tree.find_all("img") or tree.find_all("script") or tree.find_all("b"):
            problems.append(f"{where}: a link, picture, script or markup from a name")
        for link in tree.find_all("link"):
            allowed = {("icon", "data:,"), ("stylesheet", "../" * where.count("/") + "plp-notice.css")}
            if (link.attrs.get("rel"), link.attrs.get("href")) not in allowed:
                problems.append(f"{where}: loads {link.attrs}")
    for path in site_files(folder):
        content = path.read_text(encoding="utf-8")
        problems += [f"{path.name} holds {secret!r}" for secret in secrets if secret in content]
    return problems


@pytest.mark.parametrize("language", ["en", "es", "ar"])
def test_the_old_address_shows_only_a_notice_in_the_family_language(small_school: SmallSchool, language: str) -> None:
    student_id, name = f"zq-{language}-kid", NAMES[language]
    root = _school(small_school, student_id, name, language)
    first = build(root)
    assert first.code == 0, first.stderr
    old = first.site_of(student_id)
    other = file_hashes(first.site_of("other"))

    second = _rotate(root, student_id)
    new = second.site_of(student_id)
    assert new != old
    assert (new / "index.html").is_file()
    assert (new / ".plp-site.json").is_file()
    assert name.split()[0] in (new / "index.html").read_text(encoding="utf-8")
    new_token = new.name.removeprefix(f"{student_id}-")
    secrets = [*name.split(), student_id, new_token, str(second.records[student_id]["link"]), "portfolios.example.org"]
    assert notice_problems(old, language, secrets) == []
    assert file_hashes(second.site_of("other")) == other, "another student's site stays as it was"

    # The notice stays through later builds, with or without a rebuild of everyone.
    notice = file_hashes(old)
    for args in ((), ("--force",)):
        again = build(root, *args)
        assert again.code == 0, again.stderr
        assert file_hashes(old) == notice
        assert again.site_of(student_id) == new
        assert (new / "index.html").is_file()


def test_names_in_a_notice_are_escaped(small_school: SmallSchool) -> None:
    root = _school(small_school, "ana", NAMES["es"], "es")
    old = build(root).site_of("ana")
    _rotate(root, "ana")
    for page in site_files(old, ".html"):
        text = page.read_text(encoding="utf-8")
        assert html.escape(SCHOOL_NAME) in text
        assert "<Valley>" not in text
        assert not [element for element in parse_html(text).iter() if element.tag == "valley"]


def test_a_second_rotation_adds_another_notice(small_school: SmallSchool) -> None:
    root = _school(small_school, "ana", NAMES["ar"], "ar")
    first_address = build(root).site_of("ana")
    second_address = _rotate(root, "ana").site_of("ana")
    third = _rotate(root, "ana")
    third_address = third.site_of("ana")
    assert len({first_address, second_address, third_address}) == 3
    secrets = [*NAMES["ar"].split(), third_address.name.removeprefix("ana-")]
    for old in (first_address, second_address):
        assert notice_problems(old, "ar", secrets) == []
    assert (third_address / "index.html").is_file()
    folders = sorted(path.name for path in third.site.iterdir() if path.is_dir() and path.name != SHARED_FOLDER)
    assert folders == sorted([first_address.name, second_address.name, third_address.name, third.site_of("other").name])


def test_the_old_address_gets_its_notice_even_when_the_new_site_has_an_error(small_school: SmallSchool) -> None:
    root = _school(small_school, "ana", NAMES["en"], "en")
    old = build(root).site_of("ana")
    (root / "students" / "ana" / "goals" / "robot-arm.md").write_text("---\ntitle: [\n---\n", encoding="utf-8")
    assert run_plp("rotate-link", "--root", root, "ana")[0] == 0
    failed = build(root)
    assert failed.code == 1
    assert notice_problems(old, "en", NAMES["en"].split()) == []
    assert [path.name for path in failed.site.iterdir() if path.name.startswith("ana-")] == [old.name]


def test_archive_and_export_never_ship_a_notice(small_school: SmallSchool, tmp_path: Path) -> None:
    root = _school(small_school, "ana", NAMES["es"], "es")
    old = build(root).site_of("ana")
    rotated = _rotate(root, "ana")
    new = rotated.site_of("ana")
    archive = tmp_path / "archive"
    code, _, stderr = run_plp("archive", "--root", root, "--year", "2025-2026", "--archive-dir", archive)
    assert code == 0, stderr
    archived = sorted(path.name for path in (archive / "2025-2026" / "site").iterdir() if path.name != SHARED_FOLDER)
    assert archived == sorted([new.name, rotated.site_of("other").name])
    assert not list((archive / "2025-2026").rglob("plp-notice.css"))
    assert old.name not in archived

    output = tmp_path / "ana.zip"
    code, _, stderr = run_plp("export", "--root", root, "ana", "--output", output)
    assert code == 0, stderr
    with zipfile.ZipFile(output) as exported:
        names = exported.namelist()
    assert not [name for name in names if "notice" in name or old.name in name]
    assert "ana-portfolio/site/index.html" in names


def test_a_notice_that_cannot_be_written_leaves_the_site_as_it_was(small_school: SmallSchool) -> None:
    root = _school(small_school, "ana", NAMES["en"], "en")
    site = build(root).site_of("ana")
    before = tree_state(site)
    # A notice whose files cannot all be made (a file where a folder would have to be): nothing changes.
    with pytest.raises(WriteError):
        replace_with_notice(site, {"index.html": "notice", "index.html/inner.html": "notice"})
    assert tree_state(site) == before
    assert not (staging_root(site.parent) / site.name).exists()
