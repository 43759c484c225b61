"""The `plp` command: argument parsing, printing and exit codes; wires the modules together."""

from __future__ import annotations

import argparse
import datetime as dt
import io
import logging
import os
import shlex
import shutil
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from mkdocs.exceptions import MkDocsException

from plp_site.archive import ArchiveError, archive_year
from plp_site.checker import check_school
from plp_site.diskerrors import WriteError, plain_words
from plp_site.display import visible
from plp_site.export import export_student
from plp_site.i18n import is_language_code
from plp_site.links import load_link_keys, rotate_link, slug_for
from plp_site.loader import load_portfolio
from plp_site.photos.clean import Outcome
from plp_site.photos.command import clean_photos, outcome_line, summary_line
from plp_site.preview import is_loopback, open_preview
from plp_site.progress import ProgressReporter
from plp_site.publish import BuildLocked
from plp_site.report import FORMATS, format_finding
from plp_site.requirements import ConfigError
from plp_site.runner import BuildOptions, build_school, in_shard
from plp_site.scaffold import ScaffoldError, id_from_name, new_conference, new_page, new_student
from plp_site.schema import write_schemas
from plp_site.school import STUDENT_ID, School, load_school
from plp_site.shards import ShardError, read_shard
from plp_site.staff import StaffRecord, write_staff
from plp_site.studentrepo.editor import HOSTS
from plp_site.studentrepo.repository import StudentRepository, check_repository, open_student_repository
from plp_site.studentrepo.template import TemplateOptions, write_student_repo
from plp_site.sync.git import find_git
from plp_site.sync.pool import SyncOptions, open_school, select, sync_school
from plp_site.sync.roster import RosterError, roster_entries
from plp_site.sync.summary import summary_line as sync_summary_line

__all__ = ["main"]

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A problem with the command line or the school's settings: exit 2 with a one-line reason."""


def _select(school: School, requested: Sequence[str]) -> list[str]:
    """The named students (all when none are named); an unknown id is a usage error."""
    known = school.student_ids()
    for student_id in requested:
        if student_id not in known:
            raise UsageError(f"there is no student folder students/{student_id}")
    return list(dict.fromkeys(requested)) if requested else known


def _students_of_paths(school: School, paths: Sequence[str]) -> list[str]:
    """The students that changed files belong to (for pre-commit, which passes file names)."""
    found = []
    for given in paths:
        path = _folder(school.root, Path(given))
        if path.is_relative_to(school.students_dir) and path != school.students_dir:
            found.append(path.relative_to(school.students_dir).parts[0])
    return [s for s in dict.fromkeys(found) if (school.students_dir / s).is_dir()]


def command_check(args: argparse.Namespace) -> int:
    """`plp check`: report every finding; exit 1 on errors (or warnings with --strict)."""
    repository = open_student_repository(args.root)
    if repository is not None:
        # A student's own repository: its top is the student's folder, the school's settings in .plp/school.yml.
        if args.students and not args.paths:
            raise UsageError("this folder is one student's repository: run plp check without student ids")
        if args.paths and not repository.holds(args.students):
            return EXIT_OK
        report, count = check_repository(repository), 1
    else:
        school = load_school(args.root)
        student_ids = _students_of_paths(school, args.students) if args.paths else _select(school, args.students)
        if args.paths and not student_ids:
            return EXIT_OK
        report, count = check_school(school, student_ids), len(student_ids)
    FORMATS[args.format](report, sys.stdout, count)
    failed = bool(report.errors) or (args.strict and bool(report.warnings))
    return EXIT_FINDINGS if failed else EXIT_OK


def _folder(root: Path, given: Path) -> Path:
    return (given if given.is_absolute() else root / given).resolve()


def _shown(path: Path) -> str:
    """A path as the user sees it: relative to the current folder when it is inside it."""
    here = Path.cwd()
    return str(path.relative_to(here)) if path.is_relative_to(here) and path != here else str(path)


def _here(text: str) -> Path:
    """A folder or file named on the command line: relative to the current folder, like any command's paths.

    Only the defaults (never typed, so never passed here) are relative to the school root."""
    return Path(text).resolve()


def _output_folders(args: argparse.Namespace, root: Path) -> tuple[Path, Path]:
    out, staff_out = _folder(root, args.out), _folder(root, args.staff_out)
    if staff_out == out or staff_out.is_relative_to(out) or out.is_relative_to(staff_out):
        raise UsageError("--staff-out must not be inside --out (or the other way round): staff pages must never be published")
    if out.is_relative_to(root / "students") or staff_out.is_relative_to(root / "students"):
        raise UsageError("the output folders must not be inside students/")
    return out, staff_out


def _shard(text: str | None) -> tuple[int, int] | None:
    if text is None:
        return None
    try:
        shard, shards = (int(part) for part in text.split("/"))
    except ValueError:
        raise UsageError(f"--shard must look like K/N, e.g. 2/4, got {text!r}") from None
    if not 1 <= shard <= shards:
        raise UsageError(f"--shard K/N needs 1 <= K <= N, got {text}")
    return shard, shards


def command_build(args: argparse.Namespace) -> int:
    """`plp build`: build and publish every student's site (or the named ones) and the staff dashboard."""
    school = load_school(args.root)
    student_ids = _select(school, args.students)
    shard = _shard(args.shard)
    if shard:
        student_ids = [s for s in student_ids if in_shard(s, *shard)]
    out, staff_out = _output_folders(args, school.root)
    if args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    no_secret = not os.environ.get("PLP_LINK_SECRET", "").strip() and not (school.root / ".plp" / "secret").is_file()
    if os.environ.get("CI") == "true" and no_secret:
        raise UsageError(
            "PLP_LINK_SECRET is not set: in CI a new secret would change every family link; set it from the CI's secret store"
        )
    if not school.site_url:
        print(
            "plp build: mkdocs.yml has no site_url, so family links are only folder names; set site_url to the "
            "address where site/ is published",
            file=sys.stderr,
        )
    keys = load_link_keys(school.root)
    if keys.created_secret:
        print(
            f"plp build: created the school's link secret in {keys.created_secret}; keep it safe and out of Git "
            "(in CI set PLP_LINK_SECRET instead). Family links depend on it.",
            file=sys.stderr,
        )
    options = BuildOptions(out, staff_out, args.jobs, args.force, all_students=not args.students and not shard)
    progress = ProgressReporter(len(student_ids), sys.stderr, sys.stderr.isatty())
    summary = build_school(school, student_ids, keys, options, progress)
    for result in summary.failed:
        # Folder names and reasons can hold a student's text: each stays on a line that plp starts.
        print(f"\nstudents/{visible(result.student_id)} was not published: {visible(result.reason)}", file=sys.stderr)
        for found in result.findings:
            if found.is_error:
                print(format_finding(found), file=sys.stderr)
    built = len(summary.results) - len(summary.failed)
    print(
        f"built {built} of {len(student_ids)} students ({len(summary.unchanged)} unchanged, {len(summary.failed)} failed) "
        f"into {out}; staff dashboard: {staff_out / 'index.html'}"
    )
    print(f"to see the dashboard and the family sites on this computer, run: {_preview_command(school.root, out, staff_out)}")
    return EXIT_FINDINGS if summary.failed else EXIT_OK


def command_merge(args: argparse.Namespace) -> int:
    """`plp merge`: combine the staff data of shard builds into one dashboard."""
    school = load_school(args.root)
    out, staff_out = _output_folders(args, school.root)
    records: dict[str, StaffRecord] = {}
    problems = []
    for given in args.shards:
        folder = _folder(school.root, given)
        try:
            records.update((r.id, r) for r in read_shard(folder, visible(_shown(folder))))
        except ShardError as error:
            problems.append(str(error))
    if problems:
        # Every broken shard is named at once; the dashboard is left as it was, never written half-empty.
        for problem in problems:
            print(f"plp merge: {problem}", file=sys.stderr)
        print("plp merge: nothing was written; give the right folders or build those shards again, then merge", file=sys.stderr)
        return EXIT_USAGE
    write_staff(staff_out, out, list(records.values()), school.requirements)
    failed = sum(r.status == "failed" for r in records.values())
    print(f"merged {len(records)} students from {len(args.shards)} shards ({failed} failed) into {staff_out / 'index.html'}")
    return EXIT_FINDINGS if failed else EXIT_OK


def _program() -> list[str]:
    """How to run plp again from the current folder: `plp` when the PATH finds this plp, else the path that ran."""
    ran = Path(sys.argv[0]).absolute()
    if ran.name == "__main__.py":
        return [_shown(Path(sys.executable).absolute()), "-m", "plp_site"]
    on_path = shutil.which("plp")
    return ["plp"] if on_path and Path(on_path).resolve() == ran.resolve() else [_shown(ran)]


def _preview_command(root: Path, out: Path, staff_out: Path) -> str:
    """The `plp preview` command line that serves these folders, as one line to copy."""
    words = [*_program(), "preview"]
    if root != Path.cwd().resolve():
        words += ["--root", _shown(root)]
    for option, folder, default in (("--out", out, "site"), ("--staff-out", staff_out, "staff-site")):
        if folder != root / default:
            words += [option, _shown(folder)]
    return visible(shlex.join(words))


def _address(text: str) -> tuple[str, int]:
    host, _, port = text.rpartition(":")
    if not host or not port.isdigit() or int(port) > 65535:
        raise UsageError(f"--dev-addr must look like HOST:PORT, e.g. 127.0.0.1:8000, got {text!r}")
    return host, int(port)


def command_preview(args: argparse.Namespace) -> int:
    """`plp preview`: serve the built family sites and the staff dashboard together, on this computer."""
    school = load_school(args.root)
    out, staff_out = _output_folders(args, school.root)
    if not (staff_out / "index.html").is_file():
        raise UsageError(f"{_shown(staff_out)} has no staff dashboard yet: run plp build first")
    host, port = _address(args.dev_addr)
    try:
        server = open_preview(host, port, out, staff_out)
    except OSError as error:
        raise UsageError(f"cannot serve on {args.dev_addr}: {error.strerror}; choose another with --dev-addr") from None
    if not is_loopback(host):
        print(f"plp preview: {host} can be reached from other computers: they could open the staff dashboard", file=sys.stderr)
    bound_host, bound_port = str(server.server_address[0]), server.server_address[1]
    base = f"http://{f'[{bound_host}]' if ':' in bound_host else bound_host}:{bound_port}"
    try:
        print(f"staff dashboard: {base}{server.dashboard}", flush=True)
        print(f"family sites: {base}{server.sites}<folder>/ (follow the dashboard's links); press Ctrl+C to stop", flush=True)
        server.serve_forever()
    except KeyboardInterrupt:
        print("plp preview: stopped")
    finally:
        server.server_close()
    return EXIT_OK


def command_export(args: argparse.Namespace) -> int:
    """`plp export`: the student's graduation archive, a zip that opens without a server."""
    school = load_school(args.root)
    (student_id,) = _select(school, [args.student])
    output = (args.output or Path(f"{student_id}-portfolio.zip")).resolve()
    if output.is_relative_to(school.students_dir):
        raise UsageError("the zip must not be written inside students/")
    result = export_student(school, student_id, output)
    if result.status != "built":
        print(f"plp export: {student_id} could not be built: {visible(result.reason)}", file=sys.stderr)
        for found in result.findings:
            if found.is_error:
                print(format_finding(found), file=sys.stderr)
        return EXIT_FINDINGS
    print(f"wrote {output} (open {student_id}-portfolio/site/index.html from the unzipped folder)")
    return EXIT_OK


def command_new(args: argparse.Namespace) -> int:
    """`plp new`: a new student folder, or a new goal, reflection or evidence page, from templates."""
    today = dt.date.today()
    repository = open_student_repository(args.root)
    if repository is not None:
        return _new_in_repository(repository, args, today)
    school = load_school(args.root)
    if args.kind == "student":
        if args.grade is None:
            raise UsageError('give the grade: plp new student "Jordan Lee" --grade 9')
        if not 5 <= args.grade <= 12:
            raise UsageError("--grade must be from 5 to 12")
        student_id = args.id or id_from_name(args.name)
        if not STUDENT_ID.match(student_id):
            raise UsageError(f"'{student_id}' is not a usable id; give one with --id, e.g. --id jordan-lee")
        language = args.language or school.requirements.language
        folder = new_student(
            school.students_dir,
            args.name,
            args.grade,
            student_id,
            requirements=school.requirements,
            language=language,
            today=today,
        )
        print(f"created {folder.relative_to(school.root)}/ -- replace the prompts (lines starting with ✎) with your own words,")
        print(f"then run: plp check {student_id}")
        return EXIT_OK
    if args.kind == "conference":
        return _new_conference(school, args, today)
    if args.kind == "student-repo":
        return _new_student_repo(school, args, today)
    if args.title is None:
        raise UsageError(f'give the student and a title: plp new {args.kind} jordan-lee "My title"')
    (student_id,) = _select(school, [args.name])
    student = load_portfolio(school.root, student_id, school.requirements).portfolio.student
    language = args.language or (student.language if student and student.language else school.requirements.language)
    path = new_page(
        school.students_dir / student_id, args.kind, args.title, requirements=school.requirements, language=language, today=today
    )
    print(f"created {path.relative_to(school.root)}")
    return EXIT_OK


def _new_conference(school: School, args: argparse.Namespace, today: dt.date) -> int:
    """`plp new conference STUDENT_ID [--date DAY]`: a conference record with prompts, for today or the day given."""
    if args.title is not None:
        raise UsageError(f"a conference record has no title; give its day with --date, e.g. --date {today.isoformat()}")
    try:
        date = dt.date.fromisoformat(args.date) if args.date else today
    except ValueError:
        raise UsageError(f"--date must be a day like {today.isoformat()}, got {args.date!r}") from None
    if date > today:
        raise UsageError(f"--date {date.isoformat()} is after today: write the record after the conference")
    (student_id,) = _select(school, [args.name])
    student = load_portfolio(school.root, student_id, school.requirements).portfolio.student
    family = student.language if student and student.language else school.requirements.language
    path = new_conference(
        school.students_dir / student_id,
        requirements=school.requirements,
        language=args.language or family,
        family_language=family,
        date=date,
    )
    print(f"created {path.relative_to(school.root)} -- replace the prompts (lines starting with ✎) with what was said")
    return EXIT_OK


def _new_in_repository(repository: StudentRepository, args: argparse.Namespace, today: dt.date) -> int:
    """`plp new goal|reflection|evidence STUDENT_ID TITLE` in a student's own repository (as plp check's hints say)."""
    if args.kind not in ("goal", "reflection", "evidence"):
        raise UsageError(f"in a student's repository, plp new makes a goal, reflection or evidence page, not a {args.kind}")
    if args.name != repository.student_id or args.title is None:
        raise UsageError(f'give this repository\'s student and a title: plp new {args.kind} {repository.student_id} "My title"')
    loaded = load_portfolio(repository.root, repository.student_id, repository.requirements, repository=True)
    student = loaded.portfolio.student
    language = args.language or (student.language if student and student.language else repository.requirements.language)
    path = new_page(repository.root, args.kind, args.title, requirements=repository.requirements, language=language, today=today)
    print(f"created {path.relative_to(repository.root).as_posix()}")
    return EXIT_OK


def _new_student_repo(school: School, args: argparse.Namespace, today: dt.date) -> int:
    """`plp new student-repo OUT_DIR --grade N`: the repository template a school gives each student."""
    if args.grade is None or not 5 <= args.grade <= 12:
        raise UsageError("give the students' grade (5-12): plp new student-repo plp-template --grade 9")
    language = args.language or school.requirements.language
    if not is_language_code(language):
        raise UsageError(f"--language must be a language code like es, got {args.language!r}")
    options = TemplateOptions(args.grade, language, args.host, args.repo, args.package)
    out = write_student_repo(_here(args.name), school, options, today)
    print(f"created {_shown(out)}/: the student's folder at its top, the school's settings in .plp/school.yml,")
    print("the check in CI and pre-commit, and the browser editor in admin/ (see the README's section for IT staff)")
    return EXIT_OK


def command_schema(args: argparse.Namespace) -> int:
    """`plp schema`: JSON Schemas of student.yml and the front matter, for editors."""
    school = load_school(args.root)
    for path in write_schemas(_folder(school.root, args.out), school.requirements):
        print(f"wrote {path}")
    return EXIT_OK


def command_archive(args: argparse.Namespace) -> int:
    """`plp archive`: keep a read-only copy of a school year's sites and sources."""
    school = load_school(args.root)
    out = _folder(school.root, args.out)
    archive_dir = _folder(school.root, args.archive_dir)
    if archive_dir.is_relative_to(school.students_dir):
        raise UsageError("the archive must not be inside students/")
    keys = (
        load_link_keys(school.root, create=False)
        if (school.root / ".plp" / "secret").is_file() or os.environ.get("PLP_LINK_SECRET")
        else None
    )
    if keys is None:
        raise UsageError("no link secret (set PLP_LINK_SECRET or build first): the archive needs the sites' folders")
    archived, missing = archive_year(
        args.year, school.student_ids(), students_dir=school.students_dir, out=out, archive_dir=archive_dir, keys=keys
    )
    print(f"archived {len(archived)} student{'' if len(archived) == 1 else 's'} into {archive_dir / args.year} (read-only)")
    for student_id in missing:
        # A folder name can hold a student's text: the line starts with plp's own words.
        where = f"students/{visible(student_id)}"
        print(f"  {where}: no published site in {out}; only built sites are archived (run plp build first)")
    return EXIT_OK


def command_rotate_link(args: argparse.Namespace) -> int:
    """`plp rotate-link`: give one student a new family link; at the next build the old address only says that
    the link has changed."""
    school = load_school(args.root)
    (student_id,) = _select(school, [args.student])
    keys = load_link_keys(school.root)
    old = slug_for(student_id, keys)
    generation = rotate_link(school.root, student_id)
    new = slug_for(student_id, load_link_keys(school.root))
    print(
        f"{student_id}: new link folder {new}/ (was {old}/, generation {generation}); "
        "run plp build to publish it (the old address then only says that the link has changed "
        "and to ask the school for the new one). Commit links.yml."
    )
    return EXIT_OK


class _Visible(logging.Formatter):
    """MkDocs' messages can quote a student's text: each is printed on one line that starts with its level."""

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        # The plugin's findings are made visible already, with their own `  hint:` line (report.format_finding).
        return text if record.name.startswith("mkdocs.plugins.plp_site") else visible(text)


def command_sync(args: argparse.Namespace) -> int:
    """`plp sync`: clone or bring forward each student's folder from their own repository (roster.yml)."""
    program = find_git()
    if program is None:
        raise UsageError("plp sync needs git: install it (e.g. apt-get install git), then run plp sync again")
    if args.jobs < 1 or args.timeout <= 0:
        raise UsageError("--jobs must be at least 1 and --timeout more than 0 seconds")
    school = open_school(args.root)
    try:
        entries = select(roster_entries(school.root), args.students)
    except RosterError as error:
        for found in error.findings:
            print(format_finding(found))
        raise UsageError(f"{error}; nothing was synced") from None
    summary = sync_school(school, entries, SyncOptions(program, args.jobs, args.timeout))
    for found in summary.report.findings:
        print(format_finding(found))
    print(sync_summary_line(summary))
    return EXIT_FINDINGS if summary.need_a_teacher else EXIT_OK


def command_photos(args: argparse.Namespace) -> int:
    """`plp photos`: remove location and other details from photos in place, upright and within the size limit."""
    school = load_school(args.root)
    long_side = None if args.no_shrink else school.requirements.max_original_px

    def report(outcome: Outcome) -> None:
        line = outcome_line(outcome)
        if line:
            # A file name can hold a student's text: each stays on a line that plp starts.
            print(f"{visible(_shown(outcome.path))}: {line}", flush=True)

    summary = clean_photos([Path(path) for path in args.paths], school.root, long_side, report)
    print(summary_line(summary))
    return EXIT_FINDINGS if summary.failed else EXIT_OK


def command_serve(args: argparse.Namespace) -> int:
    """`plp serve`: preview one student's site with live reload."""
    from mkdocs.commands.serve import serve

    school = load_school(args.root)
    (student_id,) = _select(school, [args.student])
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_Visible("%(levelname)-7s -  %(message)s"))
    logging.getLogger("mkdocs").addHandler(handler)
    logging.getLogger("mkdocs").setLevel(logging.INFO)
    try:
        serve(
            config_file=str(school.config_file),
            docs_dir=str(school.students_dir / student_id),
            dev_addr=args.dev_addr,
            open_in_browser=False,
            livereload=True,
        )
    except OSError as error:
        raise UsageError(f"cannot serve on {args.dev_addr}: {error.strerror}; choose another with --dev-addr") from None
    except MkDocsException as error:
        print(f"plp serve: {student_id} cannot be shown: {visible(str(error))}", file=sys.stderr)
        return EXIT_FINDINGS
    return EXIT_OK


def _new_arguments(new: argparse.ArgumentParser) -> None:
    new.add_argument("kind", choices=["student", "goal", "reflection", "evidence", "conference", "student-repo"])
    new.add_argument(
        "name",
        metavar="NAME_OR_STUDENT_ID",
        help='the student\'s name ("Jordan Lee"), for a page the student id, for student-repo the new folder',
    )
    new.add_argument("title", nargs="?", help="the page title (for goal, reflection, evidence)")
    new.add_argument("--grade", type=int, help="the student's grade (5-12), for `new student` and `new student-repo`")
    new.add_argument("--id", help="the student id (default: the name in lower case with hyphens)")
    new.add_argument("--language", help="language of the prompts (default: the school's, or the student's)")
    new.add_argument("--date", help="the day of the conference, for `new conference` (default: today), e.g. 2026-04-02")
    new.add_argument("--host", choices=HOSTS, default="github", help="for `new student-repo`: the Git host (default: github)")
    new.add_argument("--repo", default="OWNER/REPO", help="for `new student-repo`: the repository the editor saves to")
    new.add_argument("--package", help="for `new student-repo`: where CI installs plp-site from (a pip requirement)")


def _sync_arguments(sync: argparse.ArgumentParser) -> None:
    sync.add_argument("--jobs", type=int, default=4, help="repositories at once (default: 4)")
    sync.add_argument("--timeout", type=float, default=300, help="seconds each repository may take (default: 300)")
    sync.add_argument("students", nargs="*", metavar="STUDENT_ID", help="students to sync (default: all in roster.yml)")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="plp", description="Personalized Learning Plan portfolios as static websites.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, handler: Callable[[argparse.Namespace], int], summary: str) -> argparse.ArgumentParser:
        command = commands.add_parser(name, help=summary, description=summary)
        command.add_argument(
            "--root", type=Path, default=Path.cwd(), help="the school folder (mkdocs.yml and students/); default: here"
        )
        command.set_defaults(handler=handler)
        return command

    check = add("check", command_check, "check students' portfolios and report every problem")
    check.add_argument("--format", choices=sorted(FORMATS), default="text", help="output format (default: text)")
    check.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    check.add_argument("--paths", action="store_true", help="the arguments are changed files; check their students")
    check.add_argument("students", nargs="*", metavar="STUDENT_ID", help="students to check (default: all)")

    build = add("build", command_build, "build every student's site (or the named ones) and the staff dashboard")
    build.add_argument("--out", type=_here, default=Path("site"), help="folder for the family sites (default: site)")
    build.add_argument(
        "--staff-out", type=_here, default=Path("staff-site"), help="folder for the staff dashboard (default: staff-site)"
    )
    build.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes (default: the number of cores)")
    build.add_argument("--force", action="store_true", help="rebuild every student, changed or not")
    build.add_argument("--shard", metavar="K/N", help="build only share K of N (for a CI job matrix)")
    build.add_argument("students", nargs="*", metavar="STUDENT_ID", help="students to build (default: all)")

    merge = add("merge", command_merge, "combine the staff dashboards of shard builds into one")
    merge.add_argument("--out", type=_here, default=Path("site"), help="folder of the family sites (default: site)")
    merge.add_argument("--staff-out", type=_here, default=Path("staff-site"), help="folder for the merged dashboard")
    merge.add_argument("shards", nargs="+", type=_here, metavar="SHARD_STAFF_DIR", help="the shards' --staff-out folders")

    preview = add("preview", command_preview, "serve the built sites and the staff dashboard on this computer")
    preview.add_argument("--out", type=_here, default=Path("site"), help="folder of the family sites (default: site)")
    preview.add_argument(
        "--staff-out", type=_here, default=Path("staff-site"), help="folder of the staff dashboard (default: staff-site)"
    )
    preview.add_argument("--dev-addr", default="127.0.0.1:8000", help="address to serve on (default: 127.0.0.1:8000)")

    export = add("export", command_export, "write a student's portfolio as a zip that opens without a server")
    export.add_argument("--output", type=_here, help="the zip file (default: STUDENT_ID-portfolio.zip here)")
    export.add_argument("student", metavar="STUDENT_ID")

    new = add(
        "new", command_new, "create a student folder, or a goal, reflection, evidence page or conference record, with prompts"
    )
    _new_arguments(new)

    schema = add("schema", command_schema, "write JSON Schemas of student.yml and front matter for editors")
    schema.add_argument("--out", type=_here, default=Path(".plp/schemas"), help="folder (default: .plp/schemas)")

    archive = add("archive", command_archive, "keep a read-only copy of a school year's sites and sources")
    archive.add_argument("--year", required=True, help="the school year, e.g. 2025-2026")
    archive.add_argument("--out", type=_here, default=Path("site"), help="folder of the published sites (default: site)")
    archive.add_argument("--archive-dir", type=_here, default=Path("archive"), help="where archives go (default: archive)")

    rotate = add("rotate-link", command_rotate_link, "give one student a new family link (e.g. it was shared too widely)")
    rotate.add_argument("student", metavar="STUDENT_ID")

    _sync_arguments(add("sync", command_sync, "clone or update each student's folder from their own repository (roster.yml)"))
    serve = add("serve", command_serve, "preview one student's site with live reload")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", help="address to serve on (default: 127.0.0.1:8000)")
    serve.add_argument("student", metavar="STUDENT_ID")

    photos = add("photos", command_photos, "remove location and other details from photos, in place (only when asked)")
    photos.add_argument("--no-shrink", action="store_true", help="never make photos smaller (default: to photos.max_original_px)")
    # Made absolute without resolving links: plp photos must see a link to refuse it.
    photos.add_argument(
        "paths", nargs="+", type=os.path.abspath, metavar="PATH", help="photo files or folders (inside the school folder)"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the `plp` command line; return the exit code."""
    args = _parser().parse_args(argv)
    for stream in (sys.stdout, sys.stderr):
        # A terminal or log that cannot show a character gets an escape for it, never a traceback.
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    try:
        return int(args.handler(args))
    except (UsageError, ConfigError, BuildLocked, ScaffoldError, ArchiveError, WriteError) as error:
        print(f"plp {args.command}: {visible(str(error))}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        # The reader (e.g. `| head`) stopped early; say nothing more.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except OSError as error:
        # A full disk, a used-up quota, a read-only or forbidden folder: one plain line, never a traceback.
        print(f"plp {args.command}: {plain_words(error)}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(f"plp {args.command}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
