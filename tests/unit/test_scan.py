"""plp_site.scan: headings, images and links of Markdown with lines and columns, and resolving targets."""

from __future__ import annotations

import pytest

from plp_site.render import render_page
from plp_site.safety import page_markup
from plp_site.scan import Found, blank_code, is_external, resolve, scan_markdown


def kinds(found: list[Found], kind: str) -> list[Found]:
    return [f for f in found if f.kind == kind]


def test_headings_with_levels_lines_and_text() -> None:
    body = "# About me\n\nIntro\n\n## Strengths ##\n   ### How I learn best  \n#not a heading\n"
    headings = kinds(scan_markdown(body, first_line=4), "heading")
    assert [(h.level, h.text, h.line, h.column) for h in headings] == [
        (1, "About me", 4, 1),
        (2, "Strengths", 8, 1),
        (3, "How I learn best", 9, 1),
    ]


def found(body: str, first_line: int = 1) -> list[Found]:
    """Images and links as `plp check` finds them: in the page rendered as the build renders it."""
    rendered = render_page(body, first_line)
    assert rendered.html is not None
    markup = page_markup(rendered.html, body, first_line)
    return [Found("image", i.line, i.column, i.alt, i.target) for i in markup.images] + [
        Found("link", link.line, link.column, "", link.target) for link in markup.links
    ]


def test_images_with_alt_target_line_and_column() -> None:
    body = 'Intro\n\nSee ![a robot arm](images/arm.png) and ![](images/side.jpg "Side view").\n'
    images = kinds(found(body, first_line=6), "image")
    assert [(i.text, i.target, i.line, i.column) for i in images] == [
        ("a robot arm", "images/arm.png", 8, 20),
        ("", "images/side.jpg", 8, 44),
    ]


def test_image_target_in_angle_brackets_may_have_spaces() -> None:
    (image,) = kinds(found("![me](<my photo.jpg>)\n"), "image")
    assert image.target == "my photo.jpg"


def test_html_images_and_links() -> None:
    body = '<p>\n  <img alt="the arm" src="images/arm.png"> <IMG SRC=\'b.png\'>\n<a href="goals/x.md">x</a>\n'
    assert [(f.kind, f.text, f.target, f.line, f.column) for f in found(body, first_line=10)] == [
        ("image", "the arm", "images/arm.png", 11, 27),
        ("image", "", "b.png", 11, 54),
        ("link", "", "goals/x.md", 12, 10),
    ]


def test_links_are_not_images_and_escaped_brackets_are_not_links() -> None:
    body = "Read [my goal](goals/robot-arm.md#why) and \\[not](a-link.md).\n"
    assert [(f.kind, f.target, f.column) for f in found(body)] == [("link", "goals/robot-arm.md#why", 16)]


def test_code_blocks_and_inline_code_are_skipped() -> None:
    body = (
        "Write `![words](file.png)` to show a picture.\n"  # 1
        "\n"  # 2
        "```markdown\n"  # 3
        "# Not a heading\n"  # 4
        "![in code](x.png)\n"  # 5
        "~~~\n"  # 6: another kind of fence does not close the block
        "```\n"  # 7
        "\n"  # 8
        "~~~~\n"  # 9
        '<img src="/etc/passwd">\n'  # 10
        "~~~~\n"  # 11
        "![after](after.png)\n"  # 12
    )
    assert [(f.kind, f.target, f.line) for f in found(body)] == [("image", "after.png", 12)]
    assert kinds(scan_markdown(body), "heading") == []


def test_html_comments_are_skipped_but_keep_lines() -> None:
    body = "<!-- ![old](old.png)\n# old -->\n![new](new.png)\n"
    assert [(f.kind, f.target, f.line) for f in found(body)] == [("image", "new.png", 3)]
    assert scan_markdown(body) == []


def test_indented_code_blocks_are_skipped() -> None:
    """BUG: a block indented by 4 spaces after a blank line is code in Markdown (MkDocs shows it as code), but
    its `![x](missing.png)` is read as an image and reported as missing."""
    body = "To show a picture, write:\n\n    ![words](missing.png)\n\nDone.\n"
    assert kinds(found(body), "image") == []


def test_reference_style_images_are_found_where_their_address_is() -> None:
    """`![alt][ref]` with `[ref]: photo.png` (even with the address on the next line) is an image MkDocs shows."""
    body = "![my robot][robot]\n\n[robot]: images/robot.png\n\n![arm][]\n\n[arm]:\n  images/arm.png\n"
    images = kinds(found(body), "image")
    assert [(i.text, i.target, i.line) for i in images] == [("my robot", "images/robot.png", 3), ("arm", "images/arm.png", 8)]


def test_blank_code_keeps_every_line() -> None:
    body = "a `b` c\n```\ncode\n```\nd\n"
    blanked = blank_code(body)
    assert blanked.split("\n") == ["a     c", "", "", "", "d", ""]


# --- targets --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("images/arm.png", "evidence/images/arm.png"),
        ("./images/arm.png", "evidence/images/arm.png"),
        ("images/../arm.png", "evidence/arm.png"),
        ("../about-me.md", "about-me.md"),
        ("../goals/robot-arm.md#why", "goals/robot-arm.md"),
        ("images/arm.png?v=2", "evidence/images/arm.png"),
        ("my%20photo.jpg", "evidence/my photo.jpg"),
        ("images\\arm.png", "evidence/images/arm.png"),
        ("", "evidence/arm.md"),
        ("#top", "evidence/arm.md"),
        # Decoded once, as a web server would: the result is a strange name inside the folder, not a way out.
        ("%252e%252e/x.png", "evidence/%2e%2e/x.png"),
    ],
)
def test_targets_inside_the_folder(target: str, expected: str) -> None:
    assert resolve(target, "evidence/arm.md") == expected


@pytest.mark.parametrize(
    "target",
    [
        "../../bo/about-me.md",
        "../../../../etc/passwd",
        "/etc/passwd",
        "/students/bo/about-me.md",
        "%2e%2e/%2e%2e/bo/photo.jpg",
        "%2E%2E%2F%2E%2E%2Fbo%2Fphoto.jpg",
        "images/%2e%2e/%2e%2e/%2e%2e/x.png",
        "..\\..\\bo\\photo.jpg",
        "C:/Users/ada/photo.jpg",
        "C:\\Users\\ada\\photo.jpg",
        "%2Fetc%2Fpasswd",
    ],
)
def test_targets_that_leave_the_folder(target: str) -> None:
    assert resolve(target, "evidence/arm.md") is None


def test_a_target_just_inside_the_top_of_the_folder() -> None:
    assert resolve("../photo.jpg", "evidence/arm.md") == "photo.jpg"
    assert resolve("../photo.jpg", "about-me.md") is None


@pytest.mark.parametrize(
    ("target", "external"),
    [
        ("https://example.org/x.png", True),
        ("http://example.org", True),
        ("//example.org/x.png", True),
        ("mailto:ada@example.org", True),
        ("javascript:alert(1)", True),
        ("images/arm.png", False),
        ("../about-me.md", False),
        ("#top", False),
    ],
)
def test_is_external(target: str, external: bool) -> None:
    assert is_external(target) is external
