"""The browser editor's settings (Decap CMS `admin/config.yml`), written from the same field definitions as
`plp check` and `plp schema` (plp_site.fields), with labels, skill names and prompts in the template's language."""

from __future__ import annotations

import re
from dataclasses import dataclass

from plp_site.fields import FIELDS_BY_KIND, FieldSpec
from plp_site.i18n import Labels, labels_for
from plp_site.requirements import Requirements
from plp_site.scaffold import page_prompts
from plp_site.studentrepo.widgets import decap_widget

__all__ = ["COLLECTIONS", "DECAP_LOCALES", "FIELD_WORDS", "HOSTS", "Backend", "Collection", "editor_config"]

HOSTS = ("github", "gitlab")
"""The Git hosts a template is made for: the editor's backend and the CI file follow it."""
# The interface languages the pinned Decap CMS bundle ships (decap-cms-locales); any other falls back to English.
DECAP_LOCALES = frozenset({
    "bg", "ca", "cs", "da", "de", "en", "es", "fa", "fr", "gr", "he", "hr", "hu", "it", "ja", "ko", "lt", "mk", "nb_no",
    "nl", "nn_no", "pl", "pt", "ro", "ru", "sk", "sl", "sr_Cyrl", "sv", "th", "tr", "ua", "uk", "vi", "zh_Hans", "zh_Hant",
})  # fmt: skip
# Each field's label: a key of plp_site/translations/<language>.yml.
FIELD_WORDS = {
    "title": "editor.title",
    "name": "editor.name",
    "grade": "editor.grade",
    "graduation_year": "editor.graduation_year",
    "advisor": "advisor",
    "pronouns": "pronouns",
    "language": "editor.language",
    "writing_language": "editor.writing_language",
    "photo": "editor.photo",
    "last_conference": "editor.last_conference",
    "area": "area",
    "status": "status",
    "target": "target",
    "skills": "skills_label",
    "agreed_at": "agreed_at",
    "set": "goal_set_on",
    "met": "goal_met_on",
    "date": "date",
    "goal": "goal_label",
    "conference": "editor.conference",
    "attendees": "attendees",
}
_KIND_FIELD_WORDS = {("conference", "language"): "conversation_language"}
_PROMPT_COMMENT = re.compile(r"\n*<!--.*?-->\n*", re.DOTALL)


@dataclass(frozen=True)
class Backend:
    """Where the editor saves: the school's Git host and the student's repository on it."""

    host: str
    """github or gitlab."""
    repo: str
    """OWNER/REPO (GitHub) or GROUP/PROJECT (GitLab)."""
    branch: str = "main"


@dataclass(frozen=True)
class Collection:
    """One part of the portfolio in the editor: a folder of pages, or single files."""

    name: str
    label: str
    """A key of the translations."""
    kind: str
    """The kind of fields (plp_site.fields.FIELDS_BY_KIND)."""
    folder: str = ""
    """The folder of its pages; empty for a single file."""
    file: str = ""
    slug: str = "{{slug}}"
    identifier: str = "title"
    """The field that names a new page's file (the editor asks for it even where plp check does not)."""


# The parts of a PLP, in the order the editor lists them. A kind the fields do not define (yet) is left out.
COLLECTIONS = (
    Collection("student", "editor.student", "student", file="student.yml"),
    Collection("about-me", "editor.about_me", "page", file="about-me.md"),
    Collection("goals", "goals", "goal", folder="goals"),
    Collection("reflections", "reflections", "reflection", folder="reflections", slug="{{fields.date}}-{{slug}}"),
    Collection("evidence", "evidence", "evidence", folder="evidence"),
    Collection("conferences", "conferences", "conference", folder="conferences", slug="{{fields.date}}", identifier="date"),
    Collection("future", "future", "page", file="postsecondary.md"),
)
# The kind of page whose prompts a new page of each collection starts with.
_PROMPTS = {
    "about-me": "about-me",
    "goals": "goal",
    "reflections": "reflection",
    "evidence": "evidence",
    "conferences": "conference",
    "future": "postsecondary",
}


def editor_config(requirements: Requirements, language: str, backend: Backend) -> dict[str, object]:
    """The Decap CMS configuration of a student's repository whose top is the student's folder."""
    labels = labels_for(language, requirements.translations)
    return {
        "backend": {"name": backend.host, "repo": backend.repo, "branch": backend.branch},
        # The editor on this computer saves through `decap-server` (npx decap-server) instead of the Git host.
        "local_backend": True,
        "locale": language if language in DECAP_LOCALES else "en",
        # Photos of about-me.md and student.yml; each folder of pages keeps its own in <folder>/images/.
        "media_folder": "images",
        "public_folder": "images",
        "slug": {"encoding": "unicode", "clean_accents": True, "sanitize_replacement": "-"},
        "editor": {"preview": False},
        "collections": [_collection(c, requirements, labels) for c in COLLECTIONS if c.kind in FIELDS_BY_KIND],
    }


def _collection(collection: Collection, requirements: Requirements, labels: Labels) -> dict[str, object]:
    fields = [_field(spec, collection, requirements, labels) for spec in FIELDS_BY_KIND[collection.kind]]
    if collection.kind != "student":
        fields.append(_body(collection, requirements, labels))
    described: dict[str, object] = {"name": collection.name, "label": labels(collection.label)}
    if collection.file:
        one_file = {"name": collection.name, "label": labels(collection.label), "file": collection.file, "fields": fields}
        described["files"] = [one_file]
        return described
    described.update(
        folder=collection.folder,
        create=True,
        extension="md",
        format="frontmatter",
        slug=collection.slug,
        identifier_field=collection.identifier,
        summary="{{" + collection.identifier + "}}",
        # A page's photos go in images/ beside it and are written as images/<name>, the path from the page.
        media_folder="images",
        public_folder="images",
        fields=fields,
    )
    return described


def _body(collection: Collection, requirements: Requirements, labels: Labels) -> dict[str, object]:
    """The page's text, starting with the template's guiding prompts (without its notes on Markdown: the editor has
    a button for photos); photos only, as plp publishes no code blocks of the editor's own kind."""
    kind = _PROMPTS[collection.name]
    prompts = _PROMPT_COMMENT.sub("\n\n", page_prompts(kind, requirements=requirements, language=labels.language))
    return {
        "name": "body",
        "label": labels("editor.body"),
        "widget": "markdown",
        "required": False,
        "default": prompts.strip("\n") + "\n",
        "editor_components": ["image"],
        "modes": ["rich_text", "raw"],
    }


def _field(spec: FieldSpec, collection: Collection, requirements: Requirements, labels: Labels) -> dict[str, object]:
    key = _KIND_FIELD_WORDS.get((collection.kind, spec.name)) or FIELD_WORDS.get(spec.name, f"editor.{spec.name}")
    required = spec.required or (bool(collection.folder) and spec.name == collection.identifier)
    field: dict[str, object] = {"name": spec.name, "label": labels(key), "required": required}
    field.update(decap_widget(spec, collection.kind, requirements, labels))
    return field
