"""A language is a known code, never a path: a bad `language` in student.yml is a finding of `plp check` and the
build refuses that student with the same finding; a bad school `language:` or `translations:` is a settings error.
Whatever a student writes, no file other than plp-site's own translations is ever read as interface words."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from conftest import make_school, run_plp, valid_student

from plp_site.sharedassets import SHARED_FOLDER

from .conftest import SCHOOL_YML, Built, build
from .helpers import read_html, site_files

SmallSchool = Callable[[Mapping[str, str | bytes]], Path]

# What a student might write instead of a language code, as YAML (strings are written quoted).
_TEXT = [
    "../../x",
    "../" * 40 + "etc/passwd",
    "/etc/passwd",
    "en/../../students/bob/student",
    "../../../students/bob/student",
    "es.yml",
    "es/",
    "..",
    "..\\..\\windows\\win.ini",
    "https://evil.example/es",
    '"><script>alert(1)</script>',
    'en" onmouseover="alert(1)',
    "en<b>",
    "e" * 5000,
    "en-" + "-".join(["abcdefgh"] * 12),
    "español",
    "日本語",
    "en\u200b",
    "en\nfr",
    "",
    " ",
    "EN",
    "pt_BR",
    "de",
    "xyz",
    "zz-ZZ",
]
BAD_LANGUAGES = {f"text-{index}": json.dumps(text, ensure_ascii=False) for index, text in enumerate(_TEXT)} | {
    "number": "5",
    "list": "[en]",
    "mapping": "{en: 1}",
    "boolean": "no",
    "nothing": "",
}
BOB_SECRET = "Bob's secret words"


def student_yml(language_line: str) -> str:
    return f"name: Ada Lovelace\ngrade: 9\n{language_line}\n"


def school_with(languages: Mapping[str, str], field: str = "language") -> dict[str, str | bytes]:
    """One student per language value (by id), and bob, whose student.yml holds words another student might load."""
    files: dict[str, str | bytes] = {}
    for student_id, written in languages.items():
        files.update(valid_student(student_id, extra={"student.yml": student_yml(f"{field}: {written}")}))
    bob = f"name: Bob\ngrade: 9\nhome: {BOB_SECRET}\ngoals: {BOB_SECRET}\n"
    files.update(valid_student("bob", extra={"student.yml": bob}))
    return files


def findings_about(output: str, student_id: str) -> list[str]:
    """The finding lines (with their hint) of `plp check` about a student's student.yml."""
    lines = output.splitlines()
    return [
        f"{line}\n{lines[number + 1]}"
        for number, line in enumerate(lines)
        if line.startswith(f"students/{student_id}/student.yml:")
    ]


@pytest.fixture(scope="module")
def bad_school(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, Built]:
    """A school of students with bad languages: `plp check`'s output, and the build."""
    root = make_school(tmp_path_factory.mktemp("languages"), {"mkdocs.yml": SCHOOL_YML, **school_with(BAD_LANGUAGES)})
    code, out, err = run_plp("check", "--root", root)
    assert code == 1, err
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PLP_LINK_SECRET", "language-test-secret")
        built = build(root)
    return root, out, built


@pytest.mark.parametrize("student_id", sorted(BAD_LANGUAGES))
def test_a_bad_language_is_a_finding_and_the_build_refuses_it(bad_school: tuple[Path, str, Built], student_id: str) -> None:
    _, out, built = bad_school
    found = findings_about(out, student_id)
    assert len(found) == 1, out
    finding, hint = found[0].split("\n")
    assert finding.startswith(f"students/{student_id}/student.yml:3:")
    assert " error PLP106 " in finding or " error PLP107 " in finding, finding
    assert len(finding) < 200, "a long value is shortened in the message"
    assert hint.startswith("  hint: ")
    assert "Traceback" not in built.stderr + built.stdout
    record = built.records[student_id]
    assert record["status"] == "failed"
    assert isinstance(record["findings"], list)
    assert found[0] in record["findings"], "the build gives the same finding as plp check"
    assert f"{student_id} was not published" in built.stderr


def test_the_other_students_are_built_and_bob_never_reaches_a_site(bad_school: tuple[Path, str, Built]) -> None:
    _, _, built = bad_school
    assert built.records["bob"]["status"] == "built"
    assert [p.name for p in built.site.iterdir() if p.is_dir() and p.name != SHARED_FOLDER] == [str(built.records["bob"]["slug"])]


@pytest.mark.parametrize("written", ["English", "../es", '"es"><b>', "en us"])
def test_a_bad_writing_language_is_a_finding(school: Callable[..., Path], written: str) -> None:
    root = school(valid_student("ada", extra={"student.yml": student_yml(f"writing_language: {json.dumps(written)}")}))
    code, out, _ = run_plp("check", "--root", root)
    assert code == 1
    assert out.startswith("students/ada/student.yml:3:19: error PLP106 'writing_language' must be a language code"), out


def test_case_and_underscore_get_a_hint_with_the_code(school: Callable[..., Path]) -> None:
    root = school({**valid_student("ada", extra={"student.yml": student_yml("language: ES")})})
    _, out, _ = run_plp("check", "--root", root)
    assert "  hint: write `language: es`" in out


def test_ignored_findings_still_never_read_a_file_as_words(small_school: SmallSchool) -> None:
    """With the findings turned off, a bad language gives the school's language: no path is ever built from it."""
    root = small_school({})
    (root / "evil.yml").write_text(f"home: {BOB_SECRET}\ngoals: {BOB_SECRET}\n", encoding="utf-8")
    languages = {
        "absolute": json.dumps(str(root / "evil")),
        "relative": json.dumps("../../../../students/bob/student"),
        "unknown": "de",
    }
    for student_id, written in school_with(languages).items():
        (root / student_id).parent.mkdir(parents=True, exist_ok=True)
        (root / student_id).write_bytes(written if isinstance(written, bytes) else written.encode("utf-8"))
    settings = (root / "mkdocs.yml").read_text(encoding="utf-8")
    settings = settings.replace("  - plp\n", "  - plp:\n      severity: {PLP106: ignore, PLP107: ignore}\n")
    (root / "mkdocs.yml").write_text(settings, encoding="utf-8")
    built = build(root)
    assert built.code == 0, built.stderr
    for student_id in languages:
        site = built.site_of(student_id)
        home = read_html(site / "index.html")
        assert home.find("html").attrs["lang"] == "en"
        assert "Home" in [link.text() for link in home.find_all("a", cls="md-nav__link")]
        for page in site_files(site, ".html", ".json"):
            assert BOB_SECRET not in page.read_text(encoding="utf-8"), page


# --- the school's settings ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "named"),
    [
        ("language: ../../students/bob/student", "plugins.plp.language"),
        ("language: /etc/passwd", "plugins.plp.language"),
        ("language: de", "plugins.plp.language"),
        ('language: "es\\"><b>"', "plugins.plp.language"),
        ("translations:\n  ../../x:\n    home: Casa", "plugins.plp.translations"),
        ("translations:\n  /etc/passwd:\n    home: Casa", "plugins.plp.translations"),
        ('translations:\n  "de\\"><b>":\n    home: Casa', "plugins.plp.translations"),
        ("translations:\n  5:\n    home: Casa", "plugins.plp.translations"),
    ],
)
def test_a_bad_school_language_is_a_settings_error(school: Callable[..., Path], options: str, named: str) -> None:
    root = school(valid_student("ada"), options)
    for arguments in (("check", "--root", root), ("build", "--root", root, "--jobs", "1")):
        code, out, err = run_plp(*arguments)
        command = arguments[0]
        assert code == 2, (command, out, err)
        assert named in err, err
        assert "Traceback" not in err


def test_a_school_language_with_its_own_words(small_school: SmallSchool) -> None:
    root = small_school(valid_student("ada", extra={"student.yml": student_yml("language: de")}))
    settings = (root / "mkdocs.yml").read_text(encoding="utf-8")
    words = "  - plp:\n      translations:\n        de:\n          home: Startseite\n          goals: Ziele <b>&</b>\n"
    (root / "mkdocs.yml").write_text(settings.replace("  - plp\n", words), encoding="utf-8")
    code, out, _ = run_plp("check", "--root", root)
    assert code == 0, out
    built = build(root)
    assert built.code == 0, built.stderr
    home = read_html(built.site_of("ada") / "index.html")
    assert home.find("html").attrs["lang"] == "de"
    navigation = [link.text() for link in home.find_all("a", cls="md-nav__link")]
    navigation += [label.text() for label in home.find_all("label", cls="md-nav__link")]
    assert {"Startseite", "Ziele <b>&</b>"} <= set(navigation)
    assert not home.find_all("b")
