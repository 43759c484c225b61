"""The browser editor's settings (admin/config.yml) follow plp's field definitions: every field of every kind of
page, its choices and whether it is required, with labels and skill names in the template's language."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from plp_site.fields import FIELDS_BY_KIND, FieldSpec
from plp_site.i18n import available_languages, known_languages, labels_for
from plp_site.requirements import Requirements, parse_requirements
from plp_site.school import load_school
from plp_site.studentrepo.admin import admin_files
from plp_site.studentrepo.editor import COLLECTIONS, DECAP_LOCALES, FIELD_WORDS, Backend, editor_config

REPO = Path(__file__).resolve().parents[2]
TRANSLATIONS = REPO / "plp_site" / "translations"

_OWN_FRAMEWORK = {
    "skills": [
        {"id": "makers", "name": "Making things"},
        {"id": "voice", "name": {"en": "Speaking up", "es": "Alzar la voz", "ar": "التعبير عن الرأي"}},
        {"id": "care", "name": {"fr": "Prendre soin"}},
    ],
    "language": "es",
    "translations": {"de": {"goals": "Ziele", "editor.title": "Titel"}, "es": {"editor.body": "Mi texto"}},
}


def _schools() -> dict[str, Requirements]:
    return {
        "defaults": Requirements(),
        "own framework": parse_requirements(_OWN_FRAMEWORK, "Escuela Libre"),
        "demo school": load_school(REPO).requirements,
    }


SCHOOLS = _schools()
LANGUAGES = [*available_languages(), "de"]


def _collection_of(config: dict[str, Any], name: str) -> dict[str, Any]:
    return next(c for c in config["collections"] if c["name"] == name)


def _fields(collection: dict[str, Any]) -> list[dict[str, Any]]:
    return collection["files"][0]["fields"] if "files" in collection else collection["fields"]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("school", SCHOOLS)
def test_every_field_of_every_kind_is_in_the_editor_as_plp_check_reads_it(school: str, language: str) -> None:
    requirements = SCHOOLS[school]
    config = editor_config(requirements, language, Backend("github", "gmuhs/ada"))
    labels = labels_for(language, requirements.translations)
    for collection in COLLECTIONS:
        described = _collection_of(config, collection.name)
        fields = _fields(described)
        specs = FIELDS_BY_KIND[collection.kind]
        names = [field["name"] for field in fields]
        body = ["body"] if collection.kind != "student" else []
        assert names == [spec.name for spec in specs] + body, collection.name
        for spec, field in zip(specs, fields, strict=False):
            identifier = bool(collection.folder) and spec.name == collection.identifier
            # The field that names a new page's file is asked for even where plp check does not require it.
            assert field["required"] is (spec.required or identifier), (collection.name, spec.name)
            assert field["label"] == labels(_word(collection.kind, spec)), (collection.name, spec.name)
            _assert_widget(spec, collection.kind, field, requirements, language)


def _word(kind: str, spec: FieldSpec) -> str:
    return "conversation_language" if (kind, spec.name) == ("conference", "language") else FIELD_WORDS[spec.name]


def _assert_widget(spec: FieldSpec, kind: str, field: dict[str, Any], requirements: Requirements, language: str) -> None:
    labels = labels_for(language, requirements.translations)
    if spec.kind == "date":
        assert field["widget"] == "datetime"
        assert (field["format"], field["date_format"], field["time_format"]) == ("YYYY-MM-DD", "YYYY-MM-DD", False)
        assert ("default" in field) is spec.required
    elif spec.kind == "choice":
        assert field["widget"] == "select"
        assert [option["value"] for option in field["options"]] == list(spec.choices)
        assert [option["label"] for option in field["options"]] == [labels(f"{spec.name}.{c}") for c in spec.choices]
    elif spec.name == "skills":
        assert (field["widget"], field["multiple"]) == ("select", True)
        assert [option["value"] for option in field["options"]] == list(requirements.skill_ids)
        names = [skill.name_in(labels.language, requirements.language)[0] for skill in requirements.skills]
        assert [option["label"] for option in field["options"]] == names
        assert field.get("min") == (1 if spec.required else None)
    elif spec.kind == "integer":
        assert (field["widget"], field["value_type"]) == ("number", "int")
        assert (field.get("min"), field.get("max")) == (spec.minimum, spec.maximum)
    elif spec.kind == "boolean":
        assert (field["widget"], field["default"]) == ("boolean", False)
    elif spec.kind == "language" and (kind, spec.name) == ("student", "language"):
        assert [option["value"] for option in field["options"]] == known_languages(requirements.translations)
    elif spec.kind == "language":
        assert field["widget"] == "string"
        assert field["pattern"][1] == labels("editor.language_code")
    elif spec.name == "goal":
        assert (field["widget"], field["collection"], field["value_field"]) == ("relation", "goals", "{{slug}}")
    elif spec.name == "photo":
        assert field["widget"] == "image"
    elif spec.kind == "list":
        assert field["widget"] == "list"
    else:
        assert field["widget"] == "string", (spec.name, field)


def test_the_own_framework_names_skills_in_the_template_language_where_the_school_gave_one() -> None:
    requirements = SCHOOLS["own framework"]
    for language, expected in {
        "es": ["Making things", "Alzar la voz", "Prendre soin"],
        "ar": ["Making things", "التعبير عن الرأي", "Prendre soin"],
        "fr": ["Making things", "Speaking up", "Prendre soin"],
    }.items():
        config = editor_config(requirements, language, Backend("github", "gmuhs/ada"))
        skills = next(f for f in _fields(_collection_of(config, "evidence")) if f["name"] == "skills")
        assert [option["label"] for option in skills["options"]] == expected


@pytest.mark.parametrize("language", LANGUAGES)
def test_collections_save_where_plp_reads_pages_and_photos(language: str) -> None:
    config = editor_config(Requirements(), language, Backend("gitlab", "school/plp/ada", "trunk"))
    assert config["backend"] == {"name": "gitlab", "repo": "school/plp/ada", "branch": "trunk"}
    assert config["local_backend"] is True
    assert config["locale"] == (language if language in DECAP_LOCALES else "en")
    assert (config["media_folder"], config["public_folder"]) == ("images", "images")
    files = {c["files"][0]["file"] for c in config["collections"] if "files" in c}
    assert files == {"student.yml", "about-me.md", "postsecondary.md"}
    folders = {c["folder"]: c for c in config["collections"] if "folder" in c}
    assert set(folders) == {"goals", "reflections", "evidence", "conferences"}
    for folder in folders.values():
        # Photos go beside the pages (goals/images/...) and are written as the path from the page, images/x.jpg.
        assert (folder["media_folder"], folder["public_folder"], folder["extension"]) == ("images", "images", "md")
    # A reflection's file starts with its date (PLP008), a conference record is named by its date alone.
    assert folders["reflections"]["slug"] == "{{fields.date}}-{{slug}}"
    assert (folders["conferences"]["slug"], folders["conferences"]["identifier_field"]) == ("{{fields.date}}", "date")


@pytest.mark.parametrize("language", available_languages())
def test_new_pages_start_with_the_guiding_prompts_of_the_template_language(language: str) -> None:
    config = editor_config(Requirements(), language, Backend("github", "o/r"))
    for name in ("about-me", "goals", "reflections", "evidence", "future"):
        body = next(f for f in _fields(_collection_of(config, name)) if f["name"] == "body")
        assert "✎" in body["default"], name
        assert "<!--" not in body["default"], name
        assert body["editor_components"] == ["image"]


def test_every_editor_word_is_translated_in_every_shipped_language() -> None:
    english = yaml.safe_load((TRANSLATIONS / "en.yml").read_text(encoding="utf-8"))
    ours = [key for key in english if key.startswith(("editor.", "template."))]
    assert len(ours) >= 20
    used = set(FIELD_WORDS.values()) | {"conversation_language", "editor.body", "editor.student", "editor.about_me"}
    assert used <= set(english), used - set(english)
    for language in available_languages():
        words = yaml.safe_load((TRANSLATIONS / f"{language}.yml").read_text(encoding="utf-8"))
        missing = [key for key in ours if not str(words.get(key) or "").strip()]
        assert not missing, (language, missing)


@pytest.mark.parametrize("language", ["en", "es", "ar", "ne"])
def test_the_written_config_is_plain_yaml_that_reads_back_to_the_same_settings(language: str) -> None:
    requirements = SCHOOLS["demo school"]
    backend = Backend("github", "gmuhs/ada")
    files = admin_files(requirements, language, backend)
    text = files["config.yml"].decode("utf-8")
    assert "&id" not in text
    assert "*id" not in text
    assert "!!" not in text
    assert yaml.safe_load(text) == editor_config(requirements, language, backend)


def test_the_editor_page_loads_scripts_from_its_own_folder_only() -> None:
    page = admin_files(Requirements(), "es", Backend("github", "o/r"))["index.html"].decode("utf-8")
    # plp's start comes first, so the editor starts once the page has loaded (with ?repo=NAME of this owner).
    assert '<script src="plp-editor.js" data-owner="o"></script>\n<script src="decap-cms.js"></script>' in page
    assert "script-src 'self' 'unsafe-eval'" in page
    assert "http" not in page.lower().replace('http-equiv="content-security-policy"', "")
    assert '<html lang="es">' in page
    assert '<title lang="es">Editar mi portafolio</title>' in page


def test_every_kind_of_page_has_a_place_in_the_editor() -> None:
    assert {collection.kind for collection in COLLECTIONS} == set(FIELDS_BY_KIND)
