"""Read one student's folder into a Portfolio. The only module that reads students/; a bad file is a finding."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from plp_site.codes import finding
from plp_site.diagnostics import Finding
from plp_site.fields import EVIDENCE_FIELDS, GOAL_FIELDS, PAGE_FIELDS, REFLECTION_FIELDS, STUDENT_FIELDS, FieldSpec, read_fields
from plp_site.frontmatter import Document, Problem, decode_text, parse_document, parse_yaml_mapping
from plp_site.images import ImageProblem, inspect_image
from plp_site.model import Evidence, Goal, Heading, ImageRef, Link, Page, Portfolio, Reflection, SourceLocation, Student
from plp_site.requirements import Requirements
from plp_site.scan import is_external, resolve, scan_markdown
from plp_site.school import STUDENT_ID

__all__ = ["LoadResult", "load_portfolio"]

Examine = Callable[[Path], ImageProblem | None]
_REFLECTION_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})-(.+)\.md$")
_SECTIONS = ("goals", "reflections", "evidence")


@dataclass
class LoadResult:
    """A portfolio and the findings met while reading it."""

    portfolio: Portfolio
    findings: list[Finding] = field(default_factory=list)


@dataclass
class _Reader:
    """Reads the files of one student folder, collecting findings as it goes."""

    folder: Path
    portfolio: Portfolio
    requirements: Requirements
    findings: list[Finding] = field(default_factory=list)

    def at(self, relative: str, line: int = 0, column: int = 0) -> SourceLocation:
        return self.portfolio.location(relative, line, column)

    def add_problems(self, relative: str, problems: tuple[Problem, ...] | list[Problem]) -> None:
        for problem in problems:
            self.findings.append(
                finding(problem.code, self.at(relative, problem.line, problem.column), problem.message, problem.hint)
            )

    def text(self, relative: str) -> str | None:
        """The decoded text of a file, or None when it is too large to read."""
        path = self.folder / relative
        size = path.stat().st_size
        limit = self.requirements.page_limit_bytes
        if size > limit:
            self.findings.append(
                finding(
                    "PLP007",
                    self.at(relative),
                    f"this page is {size / 1_048_576:.2f} MB, more than the {limit / 1_048_576:g} MB a page may have",
                    "split it into several pages, and put pictures in image files instead of pasting them into the text",
                )
            )
            return None
        text, problem = decode_text(path.read_bytes())
        if problem:
            self.add_problems(relative, [problem])
        return text

    def document(self, relative: str) -> Document | None:
        text = self.text(relative)
        if text is None:
            return None
        document = parse_document(text)
        self.add_problems(relative, document.problems)
        return document

    def fields(self, relative: str, specs: tuple[FieldSpec, ...], document: Document) -> dict[str, object]:
        values, findings = read_fields(
            specs, document.fields, lambda line, column: self.at(relative, line, column), document.key_lines
        )
        unreadable = any(p.code in ("PLP004", "PLP005") for p in document.problems)
        # When the front matter cannot be read at all, "missing field" findings would only repeat that.
        self.findings.extend(f for f in findings if not (unreadable and f.code == "PLP101"))
        return values

    def page(self, relative: str, document: Document, title: object) -> Page:
        found = scan_markdown(document.body, document.body_line)
        headings = tuple(Heading(f.level, f.text, self.at(relative, f.line, f.column)) for f in found if f.kind == "heading")
        first_heading = next((h.text for h in headings if h.level == 1), None)
        images = tuple(
            ImageRef(
                f.text,
                f.target,
                self.at(relative, f.line, f.column),
                None if is_external(f.target) else resolve(f.target, relative),
            )
            for f in found
            if f.kind == "image"
        )
        links = tuple(
            Link(f.target, self.at(relative, f.line, f.column), resolve(f.target, relative))
            for f in found
            if f.kind == "link" and not is_external(f.target) and not f.target.startswith("#")
        )
        name = str(title) if title else first_heading or _title_from_slug(relative)
        field_lines = tuple(sorted(document.key_lines.items()))
        return Page(relative, self.at(relative), name, document.body, document.body_line, headings, images, links, field_lines)


def _title_from_slug(relative: str) -> str:
    stem = relative.rsplit("/", 1)[-1].removesuffix(".md")
    stem = _REFLECTION_NAME.sub(r"\2", stem + ".md") if _REFLECTION_NAME.match(stem + ".md") else stem
    return stem.replace("-", " ").replace("_", " ").strip().capitalize() or stem


def load_portfolio(root: Path, student_id: str, requirements: Requirements, examine: Examine = inspect_image) -> LoadResult:
    """Read students/<student_id> under root into a Portfolio and the findings about it.

    `examine` looks at each image a page shows and says what is wrong with it, if anything: `plp check` decodes
    it cheaply; a build processes it (so an image already in the cache is not decoded at all)."""
    folder = root / "students" / student_id
    reader = _Reader(folder, Portfolio(student_id, f"students/{student_id}"), requirements)
    if not STUDENT_ID.match(student_id):
        reader.findings.append(
            finding(
                "PLP002",
                reader.at(""),
                f"'{student_id}' is not a valid student id",
                "rename the folder using only lowercase letters, digits and hyphens, e.g. jordan-lee",
            )
        )
    files = _walk(reader)
    reader.portfolio = Portfolio(student_id, reader.portfolio.folder, files=frozenset(files))
    student = _student(reader, files)
    pages = {name: _single(reader, f"{name}.md", files) for name in ("about-me", "postsecondary")}
    goals = tuple(g for g in (_goal(reader, f) for f in _in_section(files, "goals")) if g)
    reflections = tuple(r for r in (_reflection(reader, f) for f in _in_section(files, "reflections")) if r)
    evidence = tuple(e for e in (_evidence(reader, f) for f in _in_section(files, "evidence")) if e)
    _report_stray_files(reader, files)
    portfolio = Portfolio(
        student_id,
        reader.portfolio.folder,
        student,
        pages["about-me"],
        pages["postsecondary"],
        goals,
        tuple(sorted(reflections, key=lambda r: (r.date, r.page.path))),
        evidence,
        frozenset(files),
    )
    _inspect_images(reader, portfolio, examine)
    return LoadResult(portfolio, reader.findings)


def _walk(reader: _Reader) -> list[str]:
    """Every file in the folder (relative, with /); links that point outside are findings, not files."""
    files: list[str] = []
    total = 0
    inside = reader.folder.resolve()
    for directory, dirnames, filenames in os.walk(reader.folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames) + [d for d in dirnames if (Path(directory) / d).is_symlink()]:
            path = Path(directory) / name
            relative = path.relative_to(reader.folder).as_posix()
            if name.startswith(".") and not path.is_symlink():
                continue
            if path.is_symlink() and not _points_inside(path, inside):
                reader.findings.append(
                    finding(
                        "PLP010",
                        reader.at(relative),
                        f"'{relative}' is a link to something outside your folder; it is not published",
                        "replace the link with a copy of the file inside your folder",
                    )
                )
                continue
            if path.is_file():
                files.append(relative)
                total += path.stat().st_size
    if total > reader.requirements.folder_limit_bytes:
        limit = reader.requirements.folder_limit_bytes // 1_048_576
        reader.findings.append(
            finding(
                "PLP007",
                reader.at(""),
                f"this folder holds {total / 1_048_576:.0f} MB, more than the school's limit of {limit} MB",
                "make photos smaller (about 2000 pixels wide) and move videos to the school's video service",
            )
        )
    return files


def _points_inside(path: Path, inside: Path) -> bool:
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return False
    return target == inside or inside in target.parents


def _in_section(files: list[str], section: str) -> list[str]:
    return [f for f in files if f.startswith(f"{section}/") and f.count("/") == 1 and f.endswith(".md")]


IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".gif", ".webp", ".heic", ".heif"})


def _report_stray_files(reader: _Reader, files: list[str]) -> None:
    known = {"about-me.md", "postsecondary.md", "student.yml"}
    pages = {f for section in _SECTIONS for f in _in_section(files, section)}
    for relative in files:
        suffix = Path(relative).suffix.lower()
        if relative in known or relative in pages or suffix in IMAGE_SUFFIXES:
            continue
        what = "page" if suffix == ".md" else "file"
        hint = (
            "pages go directly in goals/, reflections/ or evidence/ (not in a folder inside them), or put the text in about-me.md"
            if suffix == ".md"
            else "only pages (.md) and photos (.jpg, .png, .heic, .gif, .webp) are published"
        )
        reader.findings.append(
            finding("PLP009", reader.at(relative), f"'{relative}' is not a {what} of the portfolio, so it is not published", hint)
        )


_IMAGE_CODES = {"bomb": "PLP403", "corrupt": "PLP401", "mismatch": "PLP402", "unsupported": "PLP406", "animated": "PLP404"}


def _image_uses(portfolio: Portfolio) -> dict[str, SourceLocation]:
    """Each image file a page or student.yml shows, with the place it is first shown."""
    uses: dict[str, SourceLocation] = {}
    for page in portfolio.pages:
        for image in page.images:
            if image.resolved in portfolio.files:
                uses.setdefault(image.resolved, image.location)
    photo = portfolio.student.photo if portfolio.student else None
    if photo and photo in portfolio.files:
        uses.setdefault(photo, portfolio.location("student.yml"))
    return uses


def _inspect_images(reader: _Reader, portfolio: Portfolio, examine: Examine) -> None:
    """Every image that will be published must decode safely; very large files slow Git down."""
    limit = reader.requirements.image_warning_bytes
    for relative, where in sorted(_image_uses(portfolio).items()):
        path = reader.folder / relative
        problem = examine(path)
        if problem is not None and problem.kind in _IMAGE_CODES:
            reader.findings.append(finding(_IMAGE_CODES[problem.kind], where, f"{relative}: {problem.message}", problem.hint))
        size = path.stat().st_size
        if size > limit:
            reader.findings.append(
                finding(
                    "PLP405",
                    where,
                    f"{relative} is {size / 1_048_576:.1f} MB; files over {limit // 1_048_576} MB make your "
                    "portfolio slow to download and save",
                    "export a smaller copy (about 2000 pixels on the long side, JPEG quality 85) and replace the file",
                )
            )


def _student(reader: _Reader, files: list[str]) -> Student | None:
    if "student.yml" not in files:
        reader.findings.append(
            finding(
                "PLP001",
                reader.at("student.yml"),
                "student.yml is missing",
                "create student.yml with two lines: `name: Your Name` and `grade: 9`",
            )
        )
        return None
    text = reader.text("student.yml")
    if text is None:
        return None
    fields, problems, key_lines = parse_yaml_mapping(text)
    reader.add_problems("student.yml", problems)
    values, findings = read_fields(STUDENT_FIELDS, fields, lambda line, col: reader.at("student.yml", line, col), key_lines)
    # An unreadable file would otherwise also be reported as missing every required field.
    reader.findings.extend(f for f in findings if not (problems and f.code == "PLP101"))
    if "name" not in values or "grade" not in values:
        return None
    return Student(
        id=reader.portfolio.student_id,
        location=reader.at("student.yml"),
        field_lines=tuple(sorted(key_lines.items())),
        **values,  # type: ignore[arg-type]
    )


def _single(reader: _Reader, relative: str, files: list[str]) -> Page | None:
    if relative not in files:
        return None
    document = reader.document(relative)
    if document is None:
        return None
    values = reader.fields(relative, PAGE_FIELDS, document)
    return reader.page(relative, document, values.get("title"))


def _goal(reader: _Reader, relative: str) -> Goal | None:
    document = reader.document(relative)
    if document is None:
        return None
    values = reader.fields(relative, GOAL_FIELDS, document)
    page = reader.page(relative, document, values.pop("title", None))
    return Goal(page, str(values.pop("area", "other")), str(values.pop("status", "not-started")), **values)  # type: ignore[arg-type]


def _reflection(reader: _Reader, relative: str) -> Reflection | None:
    name = _REFLECTION_NAME.match(relative.rsplit("/", 1)[-1])
    if not name:
        reader.findings.append(
            finding(
                "PLP008",
                reader.at(relative),
                f"'{relative}' must be named YEAR-MONTH-DAY-title.md",
                "rename it, e.g. reflections/2026-10-03-robot-build.md",
            )
        )
    document = reader.document(relative)
    if document is None:
        return None
    values = reader.fields(relative, REFLECTION_FIELDS, document)
    page = reader.page(relative, document, values.pop("title", None))
    if "date" not in values:
        # The date is reported already; keep the reflection so it still counts and its page is still checked.
        values["date"] = _date_in_name(relative) or dt.date.min
    return Reflection(page, **values)  # type: ignore[arg-type]


def _date_in_name(relative: str) -> dt.date | None:
    name = _REFLECTION_NAME.match(relative.rsplit("/", 1)[-1])
    try:
        return dt.date.fromisoformat(name.group(1)) if name else None
    except ValueError:
        return None


def _evidence(reader: _Reader, relative: str) -> Evidence | None:
    document = reader.document(relative)
    if document is None:
        return None
    values = reader.fields(relative, EVIDENCE_FIELDS, document)
    page = reader.page(relative, document, values.pop("title", None))
    return Evidence(page, **values)  # type: ignore[arg-type]
