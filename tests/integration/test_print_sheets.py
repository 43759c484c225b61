"""The staff dashboard's printable family-link sheets: a page per class, a card and a QR code per student."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Mapping
from pathlib import Path

import segno
from conftest import run_plp, valid_student

from .conftest import build

School = Callable[[Mapping[str, str | bytes]], Path]


def _with_advisor(student_id: str, name: str, advisor: str) -> dict[str, str | bytes]:
    files = valid_student(student_id, name=name)
    files[f"students/{student_id}/student.yml"] = f"name: {name}\ngrade: 9\nadvisor: {advisor}\n"
    return files


def test_one_page_per_advisory_with_a_card_and_qr_code_per_student(small_school: School) -> None:
    root = small_school(
        {
            **_with_advisor("ada", "Ada Lovelace", "Ms. Patel"),
            **_with_advisor("bo", "Bo Chen", "Mr. Okafor"),
            **_with_advisor("cy", "Cy Young", "Ms. Patel"),
        }
    )
    built = build(root)
    assert built.code == 0, built.stderr
    sheet = (built.staff / "print" / "index.html").read_text(encoding="utf-8")
    sections = re.findall(r"<section>(.*?)</section>", sheet, re.DOTALL)
    assert [re.search(r"<h1>(.*?)</h1>", s).group(1) for s in sections] == ["Advisory: Mr. Okafor", "Advisory: Ms. Patel"]  # type: ignore[union-attr]
    assert "Bo Chen" in sections[0]
    assert "Ada Lovelace" in sections[1]
    assert "Cy Young" in sections[1]
    for student in ("ada", "bo", "cy"):
        record = built.records[student]
        link = str(record["link"])
        assert link.startswith("https://")
        assert link in sheet
        card = sheet[sheet.index(str(record["name"])) :]
        qr_file = re.search(r'src="qr/([0-9a-f]+\.svg)"', card).group(1)  # type: ignore[union-attr]
        expected = io.BytesIO()
        segno.make(link, error="m").save(expected, kind="svg", scale=3, xmldecl=False)
        assert (built.staff / "print" / "qr" / qr_file).read_bytes() == expected.getvalue()
    assert "http" not in re.sub(r"https://[^\s<\"]+/[a-z0-9-]+/", "", sheet).replace("http-equiv", "")


def test_a_new_link_gets_a_new_code_and_the_old_one_goes(small_school: School) -> None:
    root = small_school(valid_student("ada"))
    first = build(root)
    before = sorted(p.name for p in (first.staff / "print" / "qr").iterdir())
    assert len(before) == 1
    assert run_plp("rotate-link", "--root", root, "ada")[0] == 0
    second = build(root)
    after = sorted(p.name for p in (second.staff / "print" / "qr").iterdir())
    assert len(after) == 1
    assert after != before
