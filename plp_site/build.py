"""Build many students' sites: one MkDocs build per student, isolated, each published only when complete."""

from __future__ import annotations

import contextlib
import logging
import re
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from plp_site.checker import Checked
from plp_site.codes import finding
from plp_site.dates import build_date
from plp_site.diagnostics import Finding
from plp_site.diskerrors import WriteError, plain_words
from plp_site.facts import progress_facts
from plp_site.i18n import interface_language
from plp_site.model import Portfolio
from plp_site.plugin import PlpPlugin
from plp_site.publish import discard, install_site, new_staging, staging_root
from plp_site.qrcodes import qr_file
from plp_site.requirements import Requirements
from plp_site.scaffold import new_student
from plp_site.school import load_school
from plp_site.themefiles import SharedTheme

__all__ = ["StudentJob", "StudentResult", "WarmUp", "build_student", "warm_up"]

_OWN_LOGGER = "mkdocs.plugins.plp_site"


@dataclass(frozen=True)
class StudentJob:
    """What one student's build needs (plain data, so it can go to a worker process)."""

    root: Path
    config_file: Path
    student_id: str
    slug: str
    out: Path
    family_link: str | None = None
    cache_dir: Path | None = None
    fingerprint: str = ""
    offline: bool = False
    digests: dict[str, str] = field(default_factory=dict)
    """sha256 of each file of the student's folder, by path in it, when the caller hashed them already."""
    shared_assets: bool = False
    """The theme's files go to the shared copy in `out` (plp_site.sharedassets), not into the site."""
    qr_folder: Path | None = None
    """Where the print sheets keep the family links' QR codes: the family link's code is made there once the site
    is published (plp_site.qrcodes)."""


@dataclass(frozen=True)
class StudentResult:
    """How one student's build went, and the facts the staff dashboard shows."""

    student_id: str
    slug: str
    status: str
    """built, failed or unchanged."""
    name: str | None = None
    grade: int | None = None
    advisor: str | None = None
    findings: tuple[Finding, ...] = ()
    reason: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    """Goals, reflections and evidence pages that count (with the school's min_words of the student's own words)."""
    sections: dict[str, bool] = field(default_factory=dict)
    """Each section the school names: whether it counts."""
    latest_entry: str | None = None
    """The newest reflection's or evidence page's date, never one after the build's date."""
    images_processed: int = 0
    drafts: dict[str, int] = field(default_factory=dict)
    """Goals, reflections and evidence pages that do not count yet."""
    prompts: int = 0
    """Guiding prompts of the templates still in place."""
    incomplete: tuple[str, ...] = ()
    """What is missing: section:about-me, section:postsecondary, goals, reflections, evidence."""
    overdue_goals: tuple[str, ...] = ()
    """Goals (file names without .md) whose target date has passed and that are not met."""
    last_conference: str | None = None
    last_record: str | None = None
    """The newest conference record (YYYY-MM-DD), if the student wrote one."""
    recheck_on: str | None = None
    """The first day a date of the portfolio changes these facts: the student is built again from then."""
    language: str | None = None
    """The family's interface language (the student's, else the school's), when the student's folder was read."""

    @property
    def errors(self) -> int:
        """How many findings are errors."""
        return sum(f.is_error for f in self.findings)

    @property
    def warnings(self) -> int:
        """How many findings are warnings."""
        return sum(not f.is_error for f in self.findings)


class _Collect(logging.Handler):
    """Keeps MkDocs' own warnings of one student's build, so they reach that student's summary only."""

    def __init__(self, folder: str) -> None:
        super().__init__(logging.WARNING)
        self.folder = folder
        self.findings: list[Finding] = []

    def emit(self, record: logging.LogRecord) -> None:
        # The plugin's findings are taken from its report, with their codes; errors are MkDocs saying that the
        # build stopped, which the result's reason already says.
        if record.name.startswith(_OWN_LOGGER) or record.levelno > logging.WARNING:
            return
        message = record.getMessage().splitlines()[0]
        named = re.search(r"Doc file '([^']+)'", message)
        where = Portfolio("", self.folder).location(named.group(1) if named else "")
        self.findings.append(finding("PLP901", where, message, "see MkDocs' documentation"))


@contextlib.contextmanager
def _collected(folder: str) -> Iterator[_Collect]:
    # While a student builds, MkDocs' log goes to that student's collector only (and not to the terminal).
    logger = logging.getLogger("mkdocs")
    handler = _Collect(folder)
    saved = logger.handlers[:], logger.propagate, logger.level
    logger.handlers[:] = [handler]
    logger.propagate = False
    logger.setLevel(logging.WARNING)
    try:
        yield handler
    finally:
        logger.handlers[:], logger.propagate = saved[0], saved[1]
        logger.setLevel(saved[2])


def _facts(checked: Checked | None, requirements: Requirements | None) -> dict[str, object]:
    if checked is None or requirements is None:
        return {}
    portfolio = checked.portfolio
    own = portfolio.student.language if portfolio.student else None
    return {
        "name": portfolio.student.name if portfolio.student else None,
        "grade": portfolio.student.grade if portfolio.student else None,
        "advisor": portfolio.student.advisor if portfolio.student else None,
        "language": interface_language(own, requirements.language, school_words=requirements.translations),
        # The same assessment and the same day as the findings of `plp check`, so the two always agree.
        **progress_facts(portfolio, requirements, checked.today),
    }


def _make_qr(job: StudentJob) -> None:
    """The family link's QR code for the print sheets, made here, side by side with the other workers; should it
    fail (a full disk), the print sheets make it."""
    if job.qr_folder is None or not job.family_link:
        return
    with contextlib.suppress(OSError, WriteError):
        job.qr_folder.mkdir(parents=True, exist_ok=True)
        qr_file(job.qr_folder, job.family_link)


def build_student(job: StudentJob, on_page: Callable[[str], None] | None = None) -> StudentResult:
    """Build one student's site into a staging folder and publish it only if the build succeeds.

    `on_page` is told the path (in the student's folder) of each page as its building starts, "" for a page plp
    made; a supervisor that stops a build that takes too long names that page."""
    folder = f"students/{job.student_id}"
    plugin: PlpPlugin | None = None
    staging: Path | None = None
    status, reason = "failed", ""
    with _collected(folder) as collector:
        try:
            staging = new_staging(job.out, job.slug)
            config = load_config(
                config_file=str(job.config_file),
                docs_dir=str(job.root / folder),
                site_dir=str(staging),
                site_url=job.family_link or None,
                strict=False,
            )
            found = config.plugins["plp"]
            assert isinstance(found, PlpPlugin)
            plugin = found
            plugin.config.update(family_link=job.family_link, reuse_theme=True, offline=job.offline)
            plugin.known_digests = job.digests
            plugin.on_page = on_page
            if job.shared_assets:
                plugin.shared_theme = SharedTheme(job.out, staging_root(job.out) / f".assets-{job.slug}")
            if job.cache_dir:
                plugin.config.cache_dir = str(job.cache_dir)
            mkdocs_build(config)
            assets = plugin.shared_theme.version if plugin.shared_theme else ""
            install_site(staging, job.out / job.slug, job.student_id, job.fingerprint, assets=assets)
            status = "built"
            _make_qr(job)
        except MkDocsException as error:
            # MkDocs reports only that the build stopped; the plugin knows why.
            reason = (plugin.failure if plugin and plugin.failure else None) or str(error)
        except OSError as error:
            # A full disk, a quota, no permission: the machine's problem, said in plain words.
            reason = plain_words(error, job.out / job.slug, job.root)
        except Exception as error:  # a bug must fail this student only, never the others
            reason = f"internal error: {error.__class__.__name__}: {error}"
            logging.getLogger("plp_site").debug("".join(traceback.format_exception(error)))
    if staging is not None:
        discard(staging)
    checked = plugin.checked if plugin else None
    own = checked.report.findings if checked else ()
    return StudentResult(
        job.student_id,
        job.slug,
        status,
        findings=tuple(own) + tuple(collector.findings),
        reason=reason,
        images_processed=plugin.images_processed if plugin else 0,
        **_facts(checked, plugin.requirements if plugin else None),  # type: ignore[arg-type]
    )


@dataclass(frozen=True)
class WarmUp:
    """What a worker needs to warm up while the supervisor is still looking at the school (plp_site.workers)."""

    root: Path
    """The school."""
    folder: Path
    """An empty scratch folder; the supervisor removes it, also when it stops the worker halfway."""
    cache_dir: Path | None = None
    """The school's image cache (the compiled templates are kept beside it), as its jobs have it."""


def warm_up(request: WarmUp) -> None:
    """Build a made-up student (the pages `plp new student` writes, in the school's language) into the scratch
    folder and throw it away. A worker's first student costs about 0.1 s more than the next ones (MkDocs' plugins
    found, the theme's templates loaded, the search's words translated); this pays it before that student comes,
    while the supervisor fingerprints the school. It never fails: what goes wrong only leaves the worker cold."""
    try:
        school = load_school(request.root)
        requirements = school.requirements
        name = "warm-up"
        new_student(
            request.folder / "students",
            "Warm Up",
            12,
            name,
            requirements=requirements,
            language=requirements.language,
            today=build_date(),
        )
        cache = request.cache_dir or school.root / ".plp" / "cache" / "images"
        build_student(
            StudentJob(
                request.folder, school.config_file, name, name, request.folder / "site", cache_dir=cache, shared_assets=True
            )
        )
    except Exception as error:
        logging.getLogger("plp_site").debug("warm-up: %s", error)
