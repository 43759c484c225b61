"""plp_site.frontmatter: decoding, splitting front matter from the body, and YAML with exact positions."""

from __future__ import annotations

import datetime as dt

import pytest

from plp_site.frontmatter import Problem, Value, decode_text, parse_document, parse_yaml_mapping


def one_problem(problems: tuple[Problem, ...]) -> Problem:
    assert len(problems) == 1, problems
    return problems[0]


# --- decoding ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        b"title: Caf\xc3\xa9\nline two\n",
        b"\xef\xbb\xbftitle: Caf\xc3\xa9\nline two\n",
        b"title: Caf\xc3\xa9\r\nline two\r\n",
        b"\xef\xbb\xbftitle: Caf\xc3\xa9\r\nline two\r\n",
        b"title: Caf\xc3\xa9\rline two\r",
    ],
    ids=["utf8", "bom", "crlf", "bom-crlf", "old-mac-cr"],
)
def test_utf8_with_or_without_bom_and_any_line_ending_reads_the_same(data: bytes) -> None:
    assert decode_text(data) == ("title: Café\nline two\n", None)


def test_latin1_byte_is_reported_with_its_line_column_and_how_to_resave() -> None:
    data = "line one\nline two\nMi maestra de espa\u00f1ol\n".encode("latin-1")
    text, problem = decode_text(data)
    assert problem is not None
    assert (problem.code, problem.line, problem.column) == ("PLP003", 3, 19)
    assert "0xF1" in problem.message
    assert "line 3" in problem.message
    assert "UTF-8" in problem.hint
    assert "Save with Encoding" in problem.hint
    # The rest of the file is still read, so other findings about it are not lost.
    assert text.splitlines()[:2] == ["line one", "line two"]


def test_bad_byte_after_crlf_lines_counts_lines_correctly() -> None:
    _, problem = decode_text(b"a\r\nb\r\nc\xe9\r\n")
    assert problem is not None
    assert (problem.line, problem.column) == (3, 2)
    assert "0xE9" in problem.message


def test_bad_byte_in_a_file_with_a_bom_names_the_right_byte_and_column() -> None:
    """BUG: with a UTF-8 BOM the error offset is taken from the text after the BOM but applied to the bytes
    with it: the message names the wrong byte (0xBF, part of the BOM) and the column is off by 3."""
    _, problem = decode_text(b"\xef\xbb\xbfab\xe9cd\n")
    assert problem is not None
    assert "0xE9" in problem.message
    assert (problem.line, problem.column) == (1, 3)


def test_bad_byte_in_a_file_with_a_bom_on_a_later_line() -> None:
    """BUG: same cause: on line 2 the byte reported is 0x63 ('c') at column 8 instead of 0xE9 at column 11."""
    _, problem = decode_text(b"\xef\xbb\xbf---\ntitle: caf\xe9\n---\n")
    assert problem is not None
    assert "0xE9" in problem.message
    assert (problem.line, problem.column) == (2, 11)


def test_bad_byte_column_counts_characters_not_bytes() -> None:
    """BUG: the column counts bytes, so each correct UTF-8 letter before the bad byte (é is 2 bytes) adds one.
    Editors count characters: in `café ñ` the bad ñ is the 6th character."""
    _, problem = decode_text("café ".encode() + b"\xf1\n")
    assert problem is not None
    assert problem.column == 6


def test_a_file_with_a_bom_and_a_bad_byte_still_has_its_front_matter() -> None:
    """BUG: when a byte is bad, the BOM is kept in the text, so `---` on line 1 is not seen as front matter and
    every field of the page is then reported missing."""
    text, problem = decode_text(b"\xef\xbb\xbf---\r\ntitle: caf\xe9\r\n---\r\nbody\r\n")
    assert problem is not None
    assert text.startswith("---\n")
    assert "\r" not in text
    assert "title" in parse_document(text).fields


# --- splitting front matter from the body -----------------------------------------------------------------


def test_no_front_matter_means_the_whole_text_is_body() -> None:
    document = parse_document("# Title\n\ntext\n")
    assert document.fields == {}
    assert document.body == "# Title\n\ntext\n"
    assert document.body_line == 1
    assert document.problems == ()


def test_front_matter_fields_have_whole_file_lines_and_the_body_starts_after_the_fence() -> None:
    document = parse_document("---\ntitle: Robots\nskills: [communication, self-direction]\n---\n## Why\n")
    assert document.problems == ()
    assert document.fields["title"] == Value("Robots", 2, 8, "Robots")
    assert document.fields["skills"].value == ["communication", "self-direction"]
    assert (document.fields["skills"].line, document.fields["skills"].column) == (3, 9)
    assert document.key_lines == {"title": 2, "skills": 3}
    assert document.body == "## Why\n"
    assert document.body_line == 5


def test_front_matter_may_end_with_dots_and_fences_may_have_trailing_spaces() -> None:
    document = parse_document("--- \ntitle: Robots\n... \nBody\n")
    assert document.fields["title"].value == "Robots"
    assert (document.body, document.body_line) == ("Body\n", 4)


def test_empty_front_matter() -> None:
    document = parse_document("---\n---\nBody\n")
    assert (document.fields, document.problems, document.body_line) == ({}, (), 3)


def test_front_matter_never_closed() -> None:
    document = parse_document("---\ntitle: Robots\n\n## Why\nBecause.\n")
    problem = one_problem(document.problems)
    assert (problem.code, problem.line, problem.column) == ("PLP005", 1, 1)
    assert "never closed" in problem.message
    assert "---" in problem.hint
    assert document.fields == {}


def test_a_horizontal_rule_later_in_the_body_is_not_front_matter() -> None:
    document = parse_document("Intro\n---\ntitle: no\n---\n")
    assert document.fields == {}
    assert document.problems == ()


# --- YAML errors and their lines -----------------------------------------------------------------------


def test_yaml_error_in_front_matter_is_on_the_line_of_the_mistake() -> None:
    text = "---\ntitle: Robot arm\narea: academic\nstatus: in-progress\nsummary: Robots: my first build\n---\nBody\n"
    problem = one_problem(parse_document(text).problems)
    assert (problem.code, problem.line, problem.column) == ("PLP004", 5, 16)
    assert "': '" in problem.message
    assert problem.hint.startswith("put the value in quotes")


def test_yaml_error_in_a_crlf_file_with_a_bom_has_the_same_line() -> None:
    data = b"\xef\xbb\xbf---\r\ntitle: ok\r\nsummary: Robots: my build\r\n---\r\n"
    text, decoding = decode_text(data)
    assert decoding is None
    problem = one_problem(parse_document(text).problems)
    assert (problem.line, problem.column) == (3, 16)


def test_yaml_error_in_student_yml_counts_from_line_1() -> None:
    fields, problems, _ = parse_yaml_mapping("name: Ada\ngrade: 9\nadvisor: Mr. O: science\n")
    assert fields == {}
    problem = one_problem(problems)
    assert (problem.code, problem.line, problem.column) == ("PLP004", 3, 15)


def test_tab_indentation_is_explained_as_a_tab() -> None:
    """BUG: the 'tab' explanation never matches (PyYAML writes the tab as '\\t'), so a tab is reported as
    'a character YAML keeps for itself' with the hint 'put the value in quotes', which does not help."""
    _, problems, _ = parse_yaml_mapping("name: Ada\n\tgrade: 9\n")
    problem = one_problem(problems)
    assert (problem.line, problem.column) == (2, 1)
    assert "tab" in problem.message
    assert "spaces" in problem.hint


def test_unclosed_quote_points_at_the_opening_quote() -> None:
    """BUG: a quote never closed is reported at the end of the file (line 4 here), in PyYAML's words
    ('while scanning a quoted scalar found unexpected end of stream'); the mistake is the quote on line 2."""
    _, problems, _ = parse_yaml_mapping('name: Ada\nadvisor: "Mr. Okafor\ngrade: 9\n')
    problem = one_problem(problems)
    assert problem.line == 2
    assert "scalar" not in problem.message
    assert "stream" not in problem.message


def test_unclosed_bracket_points_at_the_bracket() -> None:
    """BUG: `skills: [communication` with the `]` forgotten is reported on the next line, in PyYAML's words
    ('while parsing a flow sequence expected ...'), which a student cannot act on."""
    text = "---\ntitle: ok\nskills: [communication\nstatus: met\n---\n"
    problem = one_problem(parse_document(text).problems)
    assert (problem.line, problem.column) == (3, 9)
    assert "flow sequence" not in problem.message


def test_front_matter_that_is_not_key_value_lines() -> None:
    problem = one_problem(parse_document("---\n- one\n- two\n---\n").problems)
    assert (problem.code, problem.line, problem.column) == ("PLP004", 2, 1)
    assert "`key: value`" in problem.message


# --- duplicate keys and values -------------------------------------------------------------------------


def test_duplicate_key_names_both_lines_and_keeps_the_first_value() -> None:
    fields, problems, key_lines = parse_yaml_mapping("name: Ada\ngrade: 9\nadvisor: Mr. O\ngrade: 10\n")
    problem = one_problem(problems)
    assert (problem.code, problem.line, problem.column) == ("PLP006", 4, 1)
    assert problem.message == "'grade' is written twice (lines 2 and 4)"
    assert problem.hint == "keep only one `grade:` line"
    assert fields["grade"].value == 9
    assert key_lines["grade"] == 2


def test_duplicate_key_in_front_matter_uses_whole_file_lines() -> None:
    problem = one_problem(parse_document("---\ntitle: a\nstatus: met\nstatus: in-progress\n---\n").problems)
    assert (problem.code, problem.line) == ("PLP006", 4)
    assert problem.message == "'status' is written twice (lines 3 and 4)"


def test_values_keep_their_type_text_and_position() -> None:
    fields, problems, _ = parse_yaml_mapping("date: 2026-10-03\ngrade: 9\nconference: true\nname:   Ada  \n")
    assert problems == ()
    assert fields["date"] == Value(dt.date(2026, 10, 3), 1, 7, "2026-10-03")
    assert fields["grade"] == Value(9, 2, 8, "9")
    assert fields["conference"].value is True
    assert (fields["name"].value, fields["name"].column) == ("Ada", 9)


def test_a_date_yaml_cannot_build_is_kept_as_written() -> None:
    fields, problems, _ = parse_yaml_mapping("date: 2026-13-45\n")
    assert problems == ()
    assert fields["date"].value == "2026-13-45"
    assert fields["date"].text == "2026-13-45"


def test_empty_yaml_has_no_fields_and_no_problems() -> None:
    assert parse_yaml_mapping("") == ({}, (), {})
    assert parse_yaml_mapping("# only a comment\n") == ({}, (), {})
