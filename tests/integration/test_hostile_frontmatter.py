"""Hostile YAML and front matter through the real `plp check` and `plp build`: every variant is a finding at its
file and line (never a traceback or an "internal error"), no output line starts with a student's text, and a page
is published exactly as `plp check` read it."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import make_school, run_plp, valid_student

from .conftest import SCHOOL_YML, SECRET, Built, build
from .helpers import page_text, read_html

# --- generated payloads --------------------------------------------------------------------------------------


def laughs(levels: int = 9, width: int = 9) -> str:
    """Anchors that each repeat the one before: width ** levels values from a few hundred bytes."""
    lines = ["l0: &l0 [lol, lol, lol, lol]"]
    lines += [f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * width)}]" for n in range(1, levels + 1)]
    return "\n".join(lines) + "\n"


BOMB_USES = {
    "key": "? *l9\n: x\n",
    "implicit-key": "*l9 : x\n",
    "value": "notes: *l9\n",
    "list": "skills: [communication, *l9]\n",
    "merge": "<<: *l9\n",
    "nested-merge": "extra:\n  <<: *l9\n",
}


def nesting(kind: str, depth: int) -> str:
    if kind == "flow-list":
        return "notes: " + "[" * depth + "x" + "]" * depth + "\n"
    if kind == "flow-block":
        return "notes: " + "{a: " * depth + "x" + "}" * depth + "\n"
    if kind == "block-list":
        return "notes:\n  " + "- " * depth + "x\n"
    assert kind == "block-indent"
    return "notes:\n" + "".join(" " * level + f"k{level}:\n" for level in range(1, depth)) + " " * depth + "k: x\n"


def front_matter(fields: str) -> str:
    body = "Body. This page has more than ten words of my own in it."
    return f"---\ntitle: Hostile\nskills: [communication]\n{fields}---\n{body}\n"


# Each evidence page of the student `bombs` holds one hostile front matter; its first line is line 4 of the page.
BOMBS: dict[str, tuple[str, str]] = {
    **{f"laughs-{use}": (laughs() + text, "PLP015") for use, text in BOMB_USES.items()},
    **{
        f"nested-{kind}-{depth}": (nesting(kind, depth), "PLP017")
        for kind in ("flow-list", "flow-block", "block-list", "block-indent")
        for depth in (50, 500, 5000)
        if not (kind == "block-indent" and depth == 5000)  # its indentation alone would be 12 MB
    },
    "alias-in-title": ("notes: *Very* proud\n", "PLP015"),
    "anchor-alone": ("notes: &me text\n", "PLP015"),
    "list-as-key": ("? [a, b]\n: x\n", "PLP004"),
}
# A page whose front matter has one character YAML cannot read, in the middle of a value.
CHARACTERS = [chr(c) for c in (*range(0x20), *range(0x7F, 0xA0)) if chr(c) not in "\t\n\r"] + ["\u2028", "\u2029", "\ufeff"]
# Student text that must never start a line of output: keys (unknown fields, so warnings) written with YAML escapes.
ESCAPES = ["\\n", "\\r", "\\r\\n", "\\v", "\\f", "\\x1c", "\\x1d", "\\x1e", "\\N", "\\L", "\\P", "\\e[2J\\e[31m", "\\0"]
HUGE = {
    "grade-digits": ("grade: " + "9" * 100_000 + "\n", "PLP102"),
    "grade-base-60": ("grade: " + ":".join(["59"] * 30_000) + "\n", "PLP102"),
    "grade-float": ("grade: " + "9" * 100_000 + ".0\n", "PLP102"),
    "bool-maybe": ("grade: !!bool maybe\n", "PLP102"),
    "timestamp-soon": ("grade: !!timestamp soon\n", "PLP102"),
}

# The ways a page's front matter may be closed and its lines ended: MkDocs and plp read them all the same way now.
ENDINGS = {"lf": "\n", "crlf": "\r\n", "cr": "\r"}
CLOSINGS = {"dashes": "---", "dots": "...", "trailing-space": "--- \t"}


@dataclass(frozen=True)
class Variant:
    """One evidence page of the student `agree`: how its front matter is written, and its markers."""

    number: int
    ending: str
    closing: str
    bom: bool
    final_newline: bool

    @property
    def path(self) -> str:
        return f"evidence/v{self.number}.md"

    def content(self) -> bytes:
        eol = ENDINGS[self.ending]
        lines = [
            "--- ",
            f"title: Variant {self.number}",
            "skills: [communication]",
            f"# FMMARK{self.number} a YAML comment, that MkDocs would show as a heading if it read this as text",
            f"description: DESCMARK{self.number}",
            CLOSINGS[self.closing],
        ]
        text = eol.join(lines)
        if self.final_newline:
            text += eol + f"BODYMARK{self.number} is the body.{eol}"
        return (b"\xef\xbb\xbf" if self.bom else b"") + text.encode("utf-8")


def variants() -> Iterator[Variant]:
    number = 0
    for ending in ENDINGS:
        for closing in CLOSINGS:
            for bom in (False, True):
                for final_newline in (False, True):
                    number += 1
                    yield Variant(number, ending, closing, bom, final_newline)


VARIANTS = list(variants())
# Pages whose body plp reads as text, where MkDocs on its own would have found front matter or meta-data.
BODIES = {
    # MkDocs' meta-data reader would take `Summary:` as meta-data and drop the line.
    "postsecondary.md": "Summary: BODYMETA1\n\n# After high school\n\nI want to be an engineer.\n",
    # After the front matter, a second YAML-looking block (with a bomb) is body text to plp.
    "goals/robot-arm.md": (
        "---\ntitle: Build a robot arm\narea: academic\nstatus: in-progress\nskills: [problem-solving]\n---\n"
        "---\n" + laughs() + "lolmark: *l9\n---\n\nBODYMETA2 is the body.\n"
    ),
}


# --- one school, checked and built once ------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """The hostile school after `plp check` in each format and one `plp build`."""

    root: Path
    text: tuple[int, str, str]
    github: tuple[int, str, str]
    json: tuple[int, str, str]
    built: Built


def hostile_files() -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {"mkdocs.yml": SCHOOL_YML}
    bombs = {f"evidence/{name}.md": front_matter(text) for name, (text, _) in BOMBS.items()}
    files |= valid_student("bombs", extra={"student.yml": "name: Ada\ngrade: 9\n" + laughs() + BOMB_USES["key"], **bombs})
    characters = {f"evidence/c{ord(c):04x}.md": front_matter(f"notes: a{c}b\n").encode("utf-8") for c in CHARACTERS}
    surrogate = {"evidence/surrogate.md": front_matter("").encode("utf-8").replace(b"Hostile", b"Host\xed\xa0\x80ile")}
    files |= valid_student("chars", extra={"student.yml": "name: Ada\x00 Lovelace\ngrade: 9\n", **characters, **surrogate})
    keys = "".join(f'"x{escape}::warning::pwned{number}": {number}\n' for number, escape in enumerate(ESCAPES))
    files |= valid_student("keys", extra={"student.yml": "name: Ada\ngrade: 9\n" + keys})
    skills = "".join(f'  - "x{escape}::error::pwned{number}"\n' for number, escape in enumerate(ESCAPES))
    hostile_skills = f"---\ntitle: Arm\nskills:\n{skills}---\nThe arm. It lifted a paper cup at our Friday test, twice.\n"
    files |= valid_student("values", extra={"evidence/arm.md": hostile_skills})
    files |= valid_student("value", extra={"student.yml": 'name: Ada\ngrade: "9\\n::error::pwned\\e[2J"\n'})
    for name, (text, _) in HUGE.items():
        student_yml = text if text.startswith("grade") else "grade: 9\n" + text
        files |= valid_student(f"huge-{name}", extra={"student.yml": "name: Ada\n" + student_yml})
    agree = {variant.path: variant.content() for variant in VARIANTS} | BODIES
    files |= valid_student("agree", extra=agree)
    files |= valid_student("x\n::warning::folder\x1b[31m")
    return files


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    root = make_school(tmp_path_factory.mktemp("hostile"), hostile_files())
    checks = [run_plp("check", "--root", root, "--format", name) for name in ("text", "github", "json")]
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PLP_LINK_SECRET", SECRET)
        built = build(root)
    return Run(root, *checks, built=built)


def findings_of(run: Run) -> list[dict[str, object]]:
    items: list[dict[str, object]] = json.loads(run.json[1])
    return items


def codes_at(run: Run, path: str) -> list[tuple[str, object]]:
    return [(str(item["code"]), item["line"]) for item in findings_of(run) if item["path"] == path]


# --- every kind of YAML problem is a finding at its place -------------------------------------------------------


def test_nothing_raised_anywhere(run: Run) -> None:
    for code, stdout, stderr in (run.text, run.github, run.json, (run.built.code, run.built.stdout, run.built.stderr)):
        assert code == 1
        for output in (stdout, stderr):
            assert "Traceback" not in output
            assert "internal error" not in output
            assert "Error:" not in output


@pytest.mark.parametrize("name", sorted(BOMBS))
def test_each_hostile_front_matter_is_one_finding_at_its_page(run: Run, name: str) -> None:
    found = codes_at(run, f"students/bombs/evidence/{name}.md")
    assert len(found) == 1, found
    code, line = found[0]
    assert code == BOMBS[name][1]
    assert isinstance(line, int)
    assert line >= 4


def test_a_billion_laughs_in_student_yml_is_one_finding_at_the_first_anchor(run: Run) -> None:
    assert codes_at(run, "students/bombs/student.yml") == [("PLP015", 3)]


@pytest.mark.parametrize("character", CHARACTERS, ids=[f"U+{ord(c):04X}" for c in CHARACTERS])
def test_each_character_yaml_cannot_read_is_a_finding_at_its_line(run: Run, character: str) -> None:
    assert codes_at(run, f"students/chars/evidence/c{ord(character):04x}.md") == [("PLP016", 4)]


def test_a_nul_in_student_yml_and_a_lone_surrogate_in_front_matter_are_findings(run: Run) -> None:
    assert codes_at(run, "students/chars/student.yml") == [("PLP016", 1)]
    assert codes_at(run, "students/chars/evidence/surrogate.md") == [("PLP003", 2)]


@pytest.mark.parametrize("name", sorted(HUGE))
def test_huge_and_unbuildable_values_are_short_findings(run: Run, name: str) -> None:
    items = [item for item in findings_of(run) if str(item["path"]).startswith(f"students/huge-{name}/")]
    assert [(item["code"], item["line"]) for item in items] == [(HUGE[name][1], 2)]
    assert len(str(items[0]["message"])) < 200


def test_values_with_line_breaks_and_escapes_are_reported_on_their_line(run: Run) -> None:
    assert codes_at(run, "students/values/evidence/arm.md") == [("PLP204", 3)] * len(ESCAPES)
    assert codes_at(run, "students/value/student.yml") == [("PLP102", 2)]
    assert (
        "students/value/student.yml:2:8: error PLP102 'grade' must be a whole number like 9, got \"9\\n::error::pwned\\x1b[2J\""
        in run.text[1]
    )


def test_keys_with_line_breaks_and_escapes_are_warnings(run: Run) -> None:
    assert [code for code, _ in codes_at(run, "students/keys/student.yml")] == ["PLP105"] * len(ESCAPES)
    assert run.built.records["keys"]["status"] == "built"


# --- no line of output starts with a student's text ---------------------------------------------------------------

SUMMARY = re.compile(r"^\d+ students? checked: \d+ errors?, \d+ warnings?$")


def test_every_line_of_text_output_starts_with_a_path_a_hint_or_the_summary(run: Run) -> None:
    lines = run.text[1].splitlines()
    assert len(lines) > 100
    for line in lines[:-1]:
        assert line.startswith(("students/", "  hint: ")), repr(line)
        assert line.isprintable(), repr(line)
    assert SUMMARY.match(lines[-1])
    assert run.text[1].count("\n") == len(lines)


def test_every_line_of_github_output_is_one_annotation(run: Run) -> None:
    lines = run.github[1].splitlines()
    for line in lines[:-1]:
        assert re.match(r"^::(error|warning) file=students/[^,]*(,line=\d+,col=\d+)?,title=PLP\d{3}::", line), repr(line)
        assert line.isprintable(), repr(line)
        assert "\n::" not in line
    assert SUMMARY.match(lines[-1])
    assert run.github[1].count("\n") == len(lines)


def test_json_output_has_no_raw_line_break_in_a_value(run: Run) -> None:
    output = run.json[1]
    assert output.splitlines() == output.split("\n")[:-1]
    messages = [str(item["message"]) for item in findings_of(run)]
    assert any("::warning::pwned" in message for message in messages)


def test_every_line_of_the_build_output_starts_with_plps_own_words(run: Run) -> None:
    assert run.built.stdout.startswith("built ")
    for line in run.built.stderr.splitlines():
        assert line == "" or line.startswith(("[", "students/", "  hint: ", "plp build: ")), repr(line)
        assert line.isprintable(), repr(line)
    assert "students/x\\n::warning::folder\\x1b[31m was not published" in run.built.stderr


# --- what plp check reads as a page's body is what is published -------------------------------------------------------


def test_check_finds_nothing_wrong_with_any_way_of_writing_front_matter(run: Run) -> None:
    # Some variants are front matter alone: that they hold none of the student's words yet (PLP210) is no fault of
    # the way they are written.
    found = [item for item in findings_of(run) if str(item["path"]).startswith("students/agree/") and item["code"] != "PLP210"]
    assert found == []
    assert run.built.records["agree"]["status"] == "built"


@pytest.mark.parametrize(
    "variant", VARIANTS, ids=[f"{v.ending}-{v.closing}-bom{v.bom:d}-eol{v.final_newline:d}" for v in VARIANTS]
)
def test_the_published_page_is_the_body_plp_read(run: Run, variant: Variant) -> None:
    site = run.built.site_of("agree")
    page = site / "evidence" / f"v{variant.number}" / "index.html"
    html = page.read_text(encoding="utf-8")
    assert f"FMMARK{variant.number} " not in page_text(site)
    assert "title: Variant" not in html
    assert "skills: [" not in html
    assert (f"BODYMARK{variant.number} is the body." in html) == variant.final_newline
    # The meta the theme prints comes from plp's reading of the front matter too.
    assert f'<meta name="description" content="DESCMARK{variant.number}">' in html
    heading = read_html(page).find("h1")
    assert heading.text().strip().startswith(f"Variant {variant.number}")


def test_text_that_mkdocs_alone_would_take_as_meta_data_is_published_as_plp_read_it(run: Run) -> None:
    site = run.built.site_of("agree")
    assert "Summary: BODYMETA1" in page_text(site)
    goal = (site / "goals" / "robot-arm" / "index.html").read_text(encoding="utf-8")
    assert "BODYMETA2 is the body." in goal
    assert "lolmark" in goal
