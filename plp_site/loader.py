"""Read one student's folder into a Portfolio. The only module that reads students/; a bad file is a finding."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from plp_site.codes import finding
from plp_site.conferences.records import FOLDER as CONFERENCES
from plp_site.conferences.records import date_in_name, record_sections
from plp_site.diagnostics import Finding
from plp_site.display import clip, visible
from plp_site.evidence_files import MediaExamine, check_files, file_uses, is_file_evidence, media_examiner, offered
from plp_site.fields import (
    CONFERENCE_FIELDS,
    EVIDENCE_FIELDS,
    GOAL_FIELDS,
    PAGE_FIELDS,
    REFLECTION_FIELDS,
    STUDENT_FIELDS,
    FieldSpec,
    read_fields,
)
from plp_site.files import MAX_DEPTH, Kind, NotReadable, Refused, TooLarge, is_link, read_bytes, walk
from plp_site.frontmatter import UNREADABLE, Document, Problem, decode_text, parse_document, parse_yaml_mapping
from plp_site.images import ImageProblem, inspect_image
from plp_site.model import (
    ConferenceRecord,
    Evidence,
    Goal,
    Heading,
    ImageRef,
    Link,
    Page,
    Portfolio,
    Reflection,
    Removed,
    SourceLocation,
    Student,
)
from plp_site.render import render_page
from plp_site.requirements import Requirements
from plp_site.safety import PageMarkup, page_markup
from plp_site.scan import is_external, resolve, scan_markdown
from plp_site.school import STUDENT_ID
from plp_site.studentrepo.layout import is_repository_file
from plp_site.transcripts import transcript_of, transcripts_beside_media

__all__ = ["LoadResult", "load_portfolio"]

Examine = Callable[[Path], ImageProblem | None]
Progress = Callable[[str], None]
_REFLECTION_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})-(.+)\.md$")
_SECTIONS = ("goals", "reflections", "evidence", CONFERENCES)


@dataclass
class LoadResult:
    """A portfolio and the findings met while reading it."""

    portfolio: Portfolio
    findings: list[Finding] = field(default_factory=list)
    readable: bool = True
    """False when the folder was not read at all (so rules about its content have nothing to say)."""


@dataclass
class _Reader:
    """Reads the files of one student folder, collecting findings as it goes."""

    folder: Path
    portfolio: Portfolio
    requirements: Requirements
    findings: list[Finding] = field(default_factory=list)
    progress: Progress | None = None
    """Told the path of each page before it is read (plp build names the page a build over its time was on)."""
    sizes: dict[str, int] = field(default_factory=dict)
    """The size of each file found in the folder, by its path in it."""

    def at(self, relative: str, line: int = 0, column: int = 0) -> SourceLocation:
        return self.portfolio.location(relative, line, column)

    def add_problems(self, relative: str, problems: tuple[Problem, ...] | list[Problem]) -> None:
        for problem in problems:
            self.findings.append(
                finding(problem.code, self.at(relative, problem.line, problem.column), problem.message, problem.hint)
            )

    def text(self, relative: str) -> str | None:
        """The decoded text of a file, or None when it is too large or cannot be read safely."""
        limit = self.requirements.page_limit_bytes
        try:
            data = read_bytes(self.folder / relative, self.folder, limit)
        except TooLarge as error:
            self.findings.append(
                finding(
                    "PLP007",
                    self.at(relative),
                    f"this page is {error.size / 1_048_576:.2f} MB, more than the {limit / 1_048_576:g} MB a page may have",
                    "split it into several pages, and put pictures in image files instead of pasting them into the text",
                )
            )
            return None
        except NotReadable as error:
            self.findings.append(_not_readable(self.at(relative), relative, error.kind))
            return None
        except (Refused, OSError):
            self.findings.append(_not_readable(self.at(relative), relative, None))
            return None
        text, problem = decode_text(data)
        if problem:
            self.add_problems(relative, [problem])
        return text

    def document(self, relative: str) -> Document | None:
        if self.progress is not None:
            self.progress(relative)
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
        unreadable = any(p.code in UNREADABLE for p in document.problems)
        # When the front matter cannot be read at all, "missing field" findings would only repeat that.
        self.findings.extend(f for f in findings if not (unreadable and f.code == "PLP101"))
        return values

    def page(self, relative: str, document: Document, title: object) -> Page:
        found = scan_markdown(document.body, document.body_line)
        headings = tuple(Heading(f.level, f.text, self.at(relative, f.line, f.column)) for f in found if f.kind == "heading")
        first_heading = next((h.text for h in headings if h.level == 1), None)
        markup = self.markup(relative, document)
        images = tuple(
            ImageRef(
                found.alt,
                found.target,
                self.at(relative, found.line, found.column),
                None if is_external(found.target) else resolve(found.target, relative),
            )
            for found in markup.images
        )
        links = tuple(
            Link(found.target, self.at(relative, found.line, found.column), resolve(found.target, relative))
            for found in markup.links
        )
        removed = tuple(Removed(r.what, self.at(relative, r.line, r.column), r.hint) for r in markup.removals)
        name = str(title) if title else first_heading or _title_from_slug(relative)
        field_lines = tuple(sorted(document.key_lines.items()))
        meta = tuple((key, v.value) for key, v in document.fields.items() if isinstance(v.value, str | bool))
        return Page(
            relative, self.at(relative), name, document.body, document.body_line, headings, images, links, field_lines, meta,
            removed, markup.anchors, bool(title) or first_heading is not None,
        )  # fmt: skip

    def markup(self, relative: str, document: Document) -> PageMarkup:
        """The page as the build renders it: its images, links and what the sanitizer removes (empty, with a
        finding, when it cannot be rendered)."""
        settings = self.requirements
        rendered = render_page(document.body, document.body_line, settings.markdown_extensions, settings.markdown_configs)
        self.add_problems(relative, rendered.problems)
        if rendered.html is None:
            return PageMarkup()
        return page_markup(rendered.html, document.body, document.body_line, settings.iframe_hosts)


def _title_from_slug(relative: str) -> str:
    stem = relative.rsplit("/", 1)[-1].removesuffix(".md")
    stem = _REFLECTION_NAME.sub(r"\2", stem + ".md") if _REFLECTION_NAME.match(stem + ".md") else stem
    return stem.replace("-", " ").replace("_", " ").strip().capitalize() or stem


def load_portfolio(
    root: Path,
    student_id: str,
    requirements: Requirements,
    examine: Examine = inspect_image,
    progress: Progress | None = None,
    *,
    examine_media: MediaExamine | None = None,
    repository: bool = False,
) -> LoadResult:
    """Read students/<student_id> under root into a Portfolio and the findings about it (with `repository`, root
    is a student's own repository, whose top is the student's folder, and paths are given from there).

    `examine` looks at each image a page shows and says what is wrong with it, if anything: `plp check` decodes
    it cheaply; a build processes it (so an image already in the cache is not decoded at all). `examine_media`
    processes each PDF, video, recording and drawing (default: into the school's media cache, as a build does)."""
    folder = root if repository else root / "students" / student_id
    shown = "" if repository else f"students/{student_id}"
    reader = _Reader(folder, Portfolio(student_id, shown), requirements, progress=progress)
    if not repository and is_link(folder):
        # Read nothing through it: it would publish the folder it points to (another student's) under this name.
        reader.findings.append(
            finding(
                "PLP012",
                reader.at(""),
                f"students/{clip(visible(student_id))} is a link to another folder, not a student's own folder; "
                "it is not published",
                "delete the link; a student folder must be a real folder holding that student's own files",
            )
        )
        return LoadResult(reader.portfolio, reader.findings, readable=False)
    # In a student's own repository the school names the student (roster.yml), not the folder.
    if not repository and not STUDENT_ID.match(student_id):
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
    conferences = tuple(c for c in (_conference(reader, f) for f in _in_section(files, CONFERENCES)) if c)
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
        tuple(sorted(conferences, key=lambda c: (c.date, c.page.path))),
    )
    used = file_uses(portfolio)
    _report_stray_files(reader, files, set(used) | transcripts_beside_media(files))
    _inspect_images(reader, portfolio, examine)
    media = examine_media or media_examiner(root, folder, requirements)
    reader.findings.extend(check_files(portfolio, requirements, media, folder))
    _read_transcripts(reader, used)
    return LoadResult(portfolio, reader.findings)


def _walk(reader: _Reader) -> list[str]:
    """Every file in the folder (relative, with /); links that leave it, links to folders and special files are
    findings, never files. Hidden files are not part of the portfolio, but hidden links and special files are
    reported too: MkDocs walks hidden folders and follows links to folders."""
    files: list[str] = []
    for entry in walk(reader.folder):
        if entry.kind is Kind.FILE:
            if not entry.hidden:
                files.append(entry.relative)
                reader.sizes[entry.relative] = entry.size
        else:
            reader.findings.append(_not_readable(reader.at(entry.relative), entry.relative, entry.kind))
    total = sum(reader.sizes.values())
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


_NOT_READABLE: dict[Kind | None, tuple[str, str, str]] = {
    Kind.SPECIAL: (
        "PLP011",
        "'{name}' is not a normal file (it is a named pipe, a device or a socket); it is never opened or published",
        "this is not a normal file; delete it",
    ),
    None: (
        "PLP011",
        "'{name}' could not be opened, so it is not published",
        "check that the file is still there and that you may open it; if it is not a normal file, delete it",
    ),
    Kind.LINK_OUTSIDE: (
        "PLP010",
        "'{name}' is a link to something outside your folder; it is not published",
        "replace the link with a copy of the file inside your folder",
    ),
    Kind.LINK_NOWHERE: (
        "PLP013",
        "'{name}' is a link that leads nowhere (to a missing file, or round in a circle); it is not followed",
        "delete the link, and put a copy of the file it should show in its place",
    ),
    Kind.DEEP_FOLDER: (
        "PLP007",
        "'{name}' is more than " + str(MAX_DEPTH) + " folders deep inside your folder; nothing in it is read",
        "move the files up, into goals/, reflections/ or evidence/ (and evidence/images/ for photos)",
    ),
    Kind.LINK_FOLDER: (
        "PLP014",
        "'{name}' is a link to a folder; links to folders are never followed, so nothing in it is published",
        "delete the link and put the files themselves in your folder",
    ),
}


def _not_readable(where: SourceLocation, relative: str, kind: Kind | None) -> Finding:
    code, message, hint = _NOT_READABLE[kind]
    return finding(code, where, message.format(name=clip(visible(relative))), hint)


def _in_section(files: list[str], section: str) -> list[str]:
    return [f for f in files if f.startswith(f"{section}/") and f.count("/") == 1 and f.endswith(".md")]


IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".gif", ".webp", ".heic", ".heif"})


def _report_stray_files(reader: _Reader, files: list[str], used: set[str]) -> None:
    """PLP009 for each file that is neither a page nor a file a page uses (`used` holds those, and the transcripts
    beside recordings): a file a page uses has its own finding when it is not published, never a second one."""
    known = {"about-me.md", "postsecondary.md", "student.yml"}
    pages = {f for section in _SECTIONS for f in _in_section(files, section)}
    for relative in files:
        suffix = Path(relative).suffix.lower()
        # Photos, media, captions and downloads are published only when a page shows them (and checked then); a
        # README.md and the browser editor (admin/) are the student's repository's own, never published.
        skipped = relative in known or relative in pages or relative in used or is_repository_file(relative)
        if skipped or suffix in IMAGE_SUFFIXES or offered(relative, reader.requirements):
            continue
        what = "page" if suffix == ".md" else "file"
        hint = (
            "pages go directly in goals/, reflections/, evidence/ or conferences/ (not in a folder inside them), "
            "or put the text in about-me.md"
            if suffix == ".md"
            else "only pages (.md) and the photos, PDFs, videos, recordings and drawings your pages show are published"
        )
        reader.findings.append(
            finding(
                "PLP009",
                reader.at(relative),
                f"'{clip(visible(relative))}' is not a {what} of the portfolio, so it is not published",
                hint,
            )
        )


def _read_transcripts(reader: _Reader, used: dict[str, list[SourceLocation]]) -> None:
    """A transcript beside a recording or video a page shows is the student's text: read like a page (its size, its
    UTF-8), with its findings at the transcript itself."""
    files = reader.portfolio.files
    for relative in sorted(used):
        transcript = transcript_of(relative, files)
        if transcript is not None:
            reader.text(transcript)


_IMAGE_CODES = {"bomb": "PLP403", "corrupt": "PLP401", "mismatch": "PLP402", "unsupported": "PLP406", "animated": "PLP404"}


def _image_uses(portfolio: Portfolio) -> dict[str, SourceLocation]:
    """Each image file a page or student.yml shows, with the place it is first shown."""
    uses: dict[str, SourceLocation] = {}
    for page in portfolio.pages:
        for image in page.images:
            # PDFs, videos, recordings and drawings are examined by evidence_files instead.
            if image.resolved in portfolio.files and not is_file_evidence(image.resolved):
                uses.setdefault(image.resolved, image.location)
        # A link to a photo (a click-to-enlarge) opens its largest processed copy, so that photo is published too.
        for link in page.links:
            if link.resolved in portfolio.files and Path(link.resolved).suffix.lower() in IMAGE_SUFFIXES:
                uses.setdefault(link.resolved, link.location)
    photo = portfolio.student.photo if portfolio.student else None
    if photo and photo in portfolio.files:
        uses.setdefault(photo, portfolio.location("student.yml"))
    return uses


def _inspect_images(reader: _Reader, portfolio: Portfolio, examine: Examine) -> None:
    """Every image that will be published must decode safely; very large files slow Git down."""
    limit = reader.requirements.image_warning_bytes
    for relative, where in sorted(_image_uses(portfolio).items()):
        size = reader.sizes.get(relative, 0)
        if size > reader.requirements.folder_limit_bytes:
            # Never decoded: some decoders read the whole file into memory first.
            reader.findings.append(_image_too_large(where, relative, size, reader.requirements.folder_limit_bytes))
            continue
        problem = examine(reader.folder / relative)
        if problem is not None and problem.kind in _IMAGE_CODES:
            reader.findings.append(finding(_IMAGE_CODES[problem.kind], where, f"{relative}: {problem.message}", problem.hint))
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


def _image_too_large(where: SourceLocation, relative: str, size: int, limit: int) -> Finding:
    return finding(
        "PLP007",
        where,
        f"{clip(visible(relative))} is {size / 1_048_576:.0f} MB, more than the {limit // 1_048_576} MB your whole "
        "folder may hold, so it is not opened",
        "export a smaller copy (about 2000 pixels on the long side, JPEG quality 85) and replace the file",
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
    # `set` and `met` are the words a student writes; the model names them as days.
    values["set_on"], values["met_on"] = values.pop("set", None), values.pop("met", None)
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


def _conference(reader: _Reader, relative: str) -> ConferenceRecord | None:
    """A conference record: its front matter and its sections under the school's headings (a name that is not a
    date, PLP701, is reported by the record rules; the record is still read)."""
    document = reader.document(relative)
    if document is None:
        return None
    values = reader.fields(relative, CONFERENCE_FIELDS, document)
    page = reader.page(relative, document, None)
    # Without a readable date the record keeps the file name's, so it is still listed and checked.
    date = values.pop("date", None) or date_in_name(relative) or dt.date.min
    sections = record_sections(page, reader.requirements)
    return ConferenceRecord(page, date, sections=sections, **values)  # type: ignore[arg-type]
