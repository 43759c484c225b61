"""`plp new`: a student folder or a page from templates with guiding prompts, in the school's language."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from importlib import resources
from pathlib import Path

import yaml

from plp_site.conferences.rule import DEFAULT_RECORD_RULE
from plp_site.i18n import is_language_code
from plp_site.requirements import Requirements

__all__ = ["PROMPT", "ScaffoldError", "id_from_name", "new_conference", "new_page", "new_student", "page_prompts"]

PROMPT = re.compile(r"^[ \t]*_✎ [^\n]*_[ \t]*$", re.MULTILINE)
"""A guiding prompt line of a template: `_✎ ..._`. `plp check` warns while one is still in place."""
_FALLBACK = "en"
_KINDS = ("goal", "reflection", "evidence")
# The titles of a new student's first goal, reflection and evidence, in each language plp ships templates for.
_FIRST_TITLES = {
    "en": ("My first goal", "My first reflection", "My first evidence"),
    "es": ("Mi primera meta", "Mi primera reflexión", "Mi primera evidencia"),
    "fr": ("Mon premier objectif", "Ma première réflexion", "Ma première preuve"),
    "ne": ("मेरो पहिलो लक्ष्य", "मेरो पहिलो विचार", "मेरो पहिलो प्रमाण"),
    "ar": ("هدفي الأول", "تأملي الأول", "دليلي الأول"),
    "sw": ("Lengo langu la kwanza", "Tafakari yangu ya kwanza", "Ushahidi wangu wa kwanza"),
}


class ScaffoldError(Exception):
    """The file or folder cannot be made (it exists, or the name is unusable)."""


def id_from_name(name: str) -> str:
    """A student id from a name: "Sofía Ramírez" -> sofia-ramirez."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")


def _slug(title: str) -> str:
    return id_from_name(title)[:60].strip("-") or "untitled"


def _template(language: str, kind: str) -> str:
    folder = resources.files("plp_site") / "scaffold"
    # The language is looked up among the shipped folders by name, never joined into a path unchecked.
    shipped = {item.name for item in folder.iterdir() if item.is_dir()}
    chosen = language if is_language_code(language) and language in shipped else _FALLBACK
    return (folder / chosen / f"{kind}.md").read_text(encoding="utf-8")


def _fill(text: str, **values: str) -> str:
    for key, value in values.items():
        text = text.replace("{" + key + "}", value)
    return text


def _yaml_text(value: str) -> str:
    # Titles may hold ':' or '#'; YAML quoting keeps them as written.
    return yaml.safe_dump(value, allow_unicode=True, default_style=None).removesuffix("\n...\n").strip()


def _write_new(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        shown = "/".join(path.parts[-4:])
        raise ScaffoldError(f"{shown} already exists; choose another title") from None


def new_page(
    folder: Path, kind: str, title: str, *, requirements: Requirements, language: str, today: dt.date, slug: str | None = None
) -> Path:
    """Add a goal, reflection or evidence page to a student folder (named from its title unless `slug` is given)."""
    slug = slug or _slug(title)
    names = {
        "goal": f"goals/{slug}.md",
        "reflection": f"reflections/{today.isoformat()}-{slug}.md",
        "evidence": f"evidence/{slug}.md",
    }
    values = {
        "title": _yaml_text(title),
        "date": today.isoformat(),
        "target": dt.date(today.year + (today.month >= 6), 6, 1).isoformat(),
        "skill": requirements.skill_ids[0],
    }
    path = folder / names[kind]
    _refuse_links(folder, path)
    _write_new(path, _fill(_template(language, kind), **values))
    return path


def _refuse_links(folder: Path, path: Path) -> None:
    """A page is written only inside the student's own folder, never through a link to somewhere else."""
    inside = folder.resolve()
    if folder.is_symlink() or not path.parent.resolve().is_relative_to(inside) or path.is_symlink():
        shown = "/".join(path.parts[-3:])
        raise ScaffoldError(
            f"{shown} would be written through a link that leaves the student's folder; replace the link with a folder"
        )


def _record_body(language: str, requirements: Requirements) -> str:
    """A conference record's template: the shipped one, or with the school's own headings (each with the
    template's prompt when the template has that heading, else a general one)."""
    from plp_site.completeness import heading_key

    template = _template(language, "conference")
    rule = requirements.conference_record
    if rule.headings == DEFAULT_RECORD_RULE.headings:
        return template
    head, _, body = template.partition("\n## ")
    blocks = {heading_key(block.split("\n", 1)[0]): "## " + block for block in ("## " + body).split("\n## ")}
    parts = []
    for choices in rule.headings:
        found = next((blocks[heading_key(c)] for c in choices if heading_key(c) in blocks), None)
        parts.append((found or _fill(_template(language, "conference-section"), heading=choices[0])).strip("\n"))
    return head + "\n" + "\n\n".join(parts) + "\n"


def new_conference(folder: Path, *, requirements: Requirements, language: str, family_language: str, date: dt.date) -> Path:
    """Add a conference record (`conferences/<date>.md`) with prompts in `language`; its `language:` is the
    family's, the language the conversation is usually in."""
    path = folder / "conferences" / f"{date.isoformat()}.md"
    _refuse_links(folder, path)
    text = _fill(_record_body(language, requirements), date=date.isoformat(), language=family_language)
    try:
        _write_new(path, text)
    except ScaffoldError:
        raise ScaffoldError(f"conferences/{date.isoformat()}.md already exists; give another date with --date") from None
    return path


def new_student(
    students_dir: Path, name: str, grade: int, student_id: str, *, requirements: Requirements, language: str, today: dt.date
) -> Path:
    """Create a student folder: student.yml, about-me, a first goal, reflection and evidence page, and
    postsecondary plans from the grade the school requires them."""
    folder = students_dir / student_id
    if folder.exists():
        raise ScaffoldError(f"students/{student_id} already exists")
    info = {"name": name, "grade": grade}
    if language != requirements.language:
        info["language"] = language
    folder.mkdir(parents=True)
    _write_new(folder / "student.yml", yaml.safe_dump(info, allow_unicode=True, sort_keys=False))
    _write_new(folder / "about-me.md", _template(language, "about-me"))
    titles = _FIRST_TITLES.get(language, _FIRST_TITLES[_FALLBACK])
    for kind, title, english in zip(_KINDS, titles, _FIRST_TITLES[_FALLBACK], strict=True):
        # A title in a script without Latin letters gives no file name: the English one names the file instead.
        slug = _slug(title) if id_from_name(title) else _slug(english)
        new_page(folder, kind, title, requirements=requirements, language=language, today=today, slug=slug)
    rule = requirements.section("postsecondary")
    if rule and grade >= rule.from_grade:
        _write_new(folder / "postsecondary.md", _template(language, "postsecondary"))
    return folder


def page_prompts(kind: str, *, requirements: Requirements, language: str) -> str:
    """A new page's text without its front matter (about-me, goal, reflection, evidence, postsecondary or
    conference): the guiding prompts the browser editor starts a new page with."""
    text = _record_body(language, requirements) if kind == "conference" else _template(language, kind)
    if text.startswith("---\n"):
        text = text.split("\n---\n", 1)[1]
    return text
