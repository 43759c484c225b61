"""The `plp` command: argument parsing, printing and exit codes; wires the modules together."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from plp_site.checker import check_school
from plp_site.links import load_link_keys
from plp_site.publish import BuildLocked
from plp_site.report import FORMATS, format_finding
from plp_site.requirements import ConfigError
from plp_site.runner import BuildOptions, build_school, print_progress
from plp_site.school import School, load_school

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


def command_check(args: argparse.Namespace) -> int:
    """`plp check`: report every finding; exit 1 on errors (or warnings with --strict)."""
    school = load_school(args.root)
    student_ids = _select(school, args.students)
    report = check_school(school, student_ids)
    FORMATS[args.format](report, sys.stdout, len(student_ids))
    failed = bool(report.errors) or (args.strict and bool(report.warnings))
    return EXIT_FINDINGS if failed else EXIT_OK


def _folder(root: Path, given: Path) -> Path:
    return (given if given.is_absolute() else root / given).resolve()


def _output_folders(args: argparse.Namespace, root: Path) -> tuple[Path, Path]:
    out, staff_out = _folder(root, args.out), _folder(root, args.staff_out)
    if staff_out == out or staff_out.is_relative_to(out) or out.is_relative_to(staff_out):
        raise UsageError("--staff-out must not be inside --out (or the other way round): staff pages must never be published")
    if out.is_relative_to(root / "students") or staff_out.is_relative_to(root / "students"):
        raise UsageError("the output folders must not be inside students/")
    return out, staff_out


def command_build(args: argparse.Namespace) -> int:
    """`plp build`: build and publish every student's site (or the named ones) and the staff dashboard."""
    school = load_school(args.root)
    student_ids = _select(school, args.students)
    out, staff_out = _output_folders(args, school.root)
    keys = load_link_keys(school.root)
    if keys.created_secret:
        print(
            f"plp build: created the school's link secret in {keys.created_secret}; keep it safe and out of Git "
            "(CI: set PLP_LINK_SECRET instead). Family links depend on it.",
            file=sys.stderr,
        )
    options = BuildOptions(out, staff_out, all_students=not args.students)
    results = build_school(school, student_ids, keys, options, print_progress)
    failed = [r for r in results if r.status == "failed"]
    for result in failed:
        print(f"\n{result.student_id} was not published: {result.reason}", file=sys.stderr)
        for found in result.findings:
            if found.is_error:
                print(format_finding(found), file=sys.stderr)
    built = len(results) - len(failed)
    print(f"built {built} of {len(results)} students into {out}; staff dashboard: {staff_out / 'index.html'}")
    return EXIT_FINDINGS if failed else EXIT_OK


def command_serve(args: argparse.Namespace) -> int:
    """`plp serve`: preview one student's site with live reload."""
    from mkdocs.commands.serve import serve

    school = load_school(args.root)
    (student_id,) = _select(school, [args.student])
    serve(
        config_file=str(school.config_file),
        docs_dir=str(school.students_dir / student_id),
        dev_addr=args.dev_addr,
        open_in_browser=False,
        livereload=True,
    )
    return EXIT_OK


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
    check.add_argument("students", nargs="*", metavar="STUDENT_ID", help="students to check (default: all)")

    build = add("build", command_build, "build every student's site (or the named ones) and the staff dashboard")
    build.add_argument("--out", type=Path, default=Path("site"), help="folder for the family sites (default: site)")
    build.add_argument(
        "--staff-out", type=Path, default=Path("staff-site"), help="folder for the staff dashboard (default: staff-site)"
    )
    build.add_argument("students", nargs="*", metavar="STUDENT_ID", help="students to build (default: all)")

    serve = add("serve", command_serve, "preview one student's site with live reload")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", help="address to serve on (default: 127.0.0.1:8000)")
    serve.add_argument("student", metavar="STUDENT_ID")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the `plp` command line; return the exit code."""
    args = _parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except (UsageError, ConfigError, BuildLocked) as error:
        print(f"plp {args.command}: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(f"plp {args.command}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
