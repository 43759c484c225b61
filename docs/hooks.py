"""MkDocs hooks of the teacher's guide: the parts of the guide that plp-site itself knows are generated from it
while the guide builds, so they cannot drift from the code.

A generated part is asked for with a marker, an HTML comment alone on a line of a page:

    <!-- plp:finding-codes -->        every finding code of plp_site.codes.CODES (the troubleshooting page)
    <!-- plp:fields KIND -->          the fields of student.yml (KIND student) or of a goal, reflection or evidence page
    <!-- plp:help COMMAND -->         the output of `plp COMMAND --help`
    <!-- plp:include PATH -->         a file of the repository (PATH from the repository's top), as a code block
    <!-- plp:languages -->            the languages plp-site ships words and templates for
    <!-- plp:translation-keys -->     the interface words a school can translate with the `translations:` option

An unknown marker, a missing file or a troubleshooting page without its marker stops the build.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any
from unittest import mock

import yaml
from babel import Locale, UnknownLocaleError
from mkdocs.exceptions import PluginError

from plp_site.cli import main as plp_main
from plp_site.codes import CODES, Code
from plp_site.fields import FIELDS_BY_KIND, FieldSpec
from plp_site.i18n import RIGHT_TO_LEFT, available_languages
from plp_site.theme import MATERIAL_LANGUAGES

__all__ = ["on_page_markdown"]

TROUBLESHOOTING = "troubleshooting.md"
_MARKER = re.compile(r"^<!-- plp:(?P<name>[a-z-]+)(?: (?P<argument>\S+))? -->$", re.MULTILINE)
_GROUPS = {
    "0": "Folders and files",
    "1": "Fields in student.yml and front matter",
    "2": "What a complete PLP has",
    "3": "Images and links",
    "4": "Image files",
    "5": "Safety",
    "6": "Students' own repositories (plp sync)",
    "7": "Conference records",
    "9": "Building the site",
}
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|])")
_HELP_WIDTH = "100"


def _inline(text: str) -> str:
    """Text for Markdown: `code spans` stay code, everything else is shown exactly as written."""
    parts = re.split(r"(`[^`]+`)", text)
    return "".join(part if part.startswith("`") else _escape(part) for part in parts)


def _escape(text: str) -> str:
    # `<` has no backslash escape in Markdown, and raw HTML would be read as a tag.
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text).replace("<", "&lt;")


def _code_block(text: str, language: str = "text") -> str:
    """A fenced code block whose fence is longer than any run of backticks in the text."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{language}\n{text.rstrip()}\n{fence}"


def _severity_words(code: Code) -> str:
    if code.severity.value == "error":
        return "error. The student's site is not published until it is fixed"
    return "warning. The site is still published, but the student should fix it"


def _code_section(code: Code) -> str:
    return "\n\n".join(
        [
            f"### {code.code}: {_inline(code.summary)} {{ #{code.code.lower()} }}",
            f"**Severity:** {_severity_words(code)}.",
            "**What triggers it**, for example:",
            _code_block(code.example),
            f"**Fix:** {_inline(code.fix)}.",
        ]
    )


def finding_codes(argument: str | None, repository: Path) -> str:
    """Every code of the catalogue: a table to find one quickly, then a section per code, grouped by kind."""
    rows = ["| Code | Severity | What it means |", "| --- | --- | --- |"]
    rows += [f"| [{c.code}](#{c.code.lower()}) | {c.severity.value} | {_inline(c.summary)} |" for c in CODES.values()]
    sections, group = [], None
    for code in CODES.values():
        if code.code[3] != group:
            group = code.code[3]
            sections.append(f"## {_GROUPS.get(group, 'Other findings')}")
        sections.append(_code_section(code))
    return "\n".join(rows) + "\n\n" + "\n\n".join(sections)


def _example_text(spec: FieldSpec) -> str:
    if isinstance(spec.example, bool):
        return "true" if spec.example else "false"
    if isinstance(spec.example, list):
        return "[" + ", ".join(str(item) for item in spec.example) + "]"
    return str(spec.example)


def _kind_words(spec: FieldSpec) -> str:
    if spec.kind == "integer":
        low = "" if spec.minimum is None else f" from {spec.minimum}"
        high = "" if spec.maximum is None else f" to {spec.maximum}"
        return f"a whole number{low}{high}"
    if spec.kind == "date":
        return "a date, YEAR-MONTH-DAY"
    if spec.kind == "boolean":
        return "`true` or `false`"
    if spec.kind == "choice":
        return "one of " + ", ".join(f"`{choice}`" for choice in spec.choices)
    if spec.kind == "list":
        return "a list of the school's skill ids" if spec.name == "skills" else "a list"
    return "text"


def fields(argument: str | None, repository: Path) -> str:
    """The table of one kind's fields: name, required or not, kind of value, example and meaning."""
    if argument not in FIELDS_BY_KIND:
        raise PluginError(f"plp:fields needs one of {', '.join(FIELDS_BY_KIND)}, got {argument!r}")
    rows = ["| Field | Required | Value | Example | What it is |", "| --- | --- | --- | --- | --- |"]
    for spec in FIELDS_BY_KIND[argument]:
        example = f"`{spec.name}: {_example_text(spec)}`"
        required = "yes" if spec.required else "no"
        rows.append(f"| `{spec.name}` | {required} | {_kind_words(spec)} | {example} | {_inline(spec.description)} |")
    return "\n".join(rows)


def help_text(argument: str | None, repository: Path) -> str:
    """What `plp COMMAND --help` prints, at a fixed width so the guide is the same on every machine."""
    arguments = [argument, "--help"] if argument else ["--help"]
    output = io.StringIO()
    with mock.patch.dict(os.environ, {"COLUMNS": _HELP_WIDTH}), contextlib.redirect_stdout(output):
        try:
            plp_main(arguments)
        except SystemExit as stop:
            if stop.code not in (0, None):
                raise PluginError(f"plp:help: `plp {' '.join(arguments)}` failed") from None
    return _code_block(output.getvalue())


_LANGUAGE_OF_SUFFIX = {".yml": "yaml", ".yaml": "yaml", ".toml": "toml", ".json": "json", ".py": "python"}


def include(argument: str | None, repository: Path) -> str:
    """A file of the repository as a code block, so the guide shows exactly what a school copies."""
    if not argument:
        raise PluginError("plp:include needs a path, e.g. <!-- plp:include examples/ci/gitlab-ci.yml -->")
    path = (repository / argument).resolve()
    if not path.is_relative_to(repository) or not path.is_file():
        raise PluginError(f"plp:include: there is no file {argument} in {repository}")
    text = path.read_text(encoding="utf-8")
    return f"{_code_block(text, _LANGUAGE_OF_SUFFIX.get(path.suffix, 'text'))}\n\n<small>This is `{argument}`.</small>"


def _language_name(code: str) -> str:
    try:
        locale = Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return code
    english, own = locale.get_display_name("en") or code, locale.get_display_name()
    return english if not own or own == english else f"{english} ({own})"


def _scaffold_languages() -> list[str]:
    folder = resources.files("plp_site") / "scaffold"
    return sorted(item.name for item in folder.iterdir() if item.is_dir() and not item.name.startswith(("_", ".")))


def languages(argument: str | None, repository: Path) -> str:
    """Each language plp-site ships words for: its name, `plp new` templates, the theme's words, direction."""
    templates = set(_scaffold_languages())
    rows = [
        "| Code | Language | plp-site's words | `plp new` prompts | Theme's words (search, menus) | Writing |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for code in sorted(set(available_languages()) | templates):
        rows.append(
            f"| `{code}` | {_language_name(code)} | {'yes' if code in available_languages() else 'no'} | "
            f"{'yes' if code in templates else 'no (English prompts)'} | "
            f"{'yes' if code in MATERIAL_LANGUAGES else 'no (English)'} | "
            f"{'right to left' if code in RIGHT_TO_LEFT else 'left to right'} |"
        )
    return "\n".join(rows)


def translation_keys(argument: str | None, repository: Path) -> str:
    """plp-site's English interface words, key by key: what a school translates under `translations:`."""
    english = resources.files("plp_site") / "translations" / "en.yml"
    words = yaml.safe_load(english.read_text(encoding="utf-8")) or {}
    rows = ["| Key | English |", "| --- | --- |"]
    rows += [f"| `{key}` | {_inline(str(text))} |" for key, text in words.items()]
    return "\n".join(rows)


_GENERATORS: dict[str, Callable[[str | None, Path], str]] = {
    "finding-codes": finding_codes,
    "fields": fields,
    "help": help_text,
    "include": include,
    "languages": languages,
    "translation-keys": translation_keys,
}


# on_page_markdown, not on_files: the pages stay ordinary hand-written Markdown and only the markers in them are
# replaced, so a page reads naturally in the repository too and `mkdocs serve` rebuilds it when it changes.
def on_page_markdown(markdown: str, *, page: Any, config: Any, files: Any) -> str:
    """Replace each plp: marker of a page with what it generates."""
    repository = Path(config.config_file_path).resolve().parent.parent
    if page.file.src_uri == TROUBLESHOOTING and "<!-- plp:finding-codes -->" not in markdown:
        raise PluginError(f"{TROUBLESHOOTING} must hold the marker <!-- plp:finding-codes -->")

    def generate(match: re.Match[str]) -> str:
        generator = _GENERATORS.get(match.group("name"))
        if generator is None:
            raise PluginError(f"{page.file.src_uri}: unknown marker {match.group(0)} (markers: {', '.join(_GENERATORS)})")
        return generator(match.group("argument"), repository)

    return _MARKER.sub(generate, markdown)
