"""The school's PLP requirements and skills framework, read from the `plp` plugin's options in mkdocs.yml."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from plp_site.codes import CODES
from plp_site.conferences.rule import DEFAULT_RECORD_RULE, RecordRule
from plp_site.diagnostics import Severity
from plp_site.display import clip
from plp_site.i18n import is_language_code, known_languages
from plp_site.media.result import DEFAULT_LIMITS, MediaLimits
from plp_site.skills import VERMONT_SKILLS, Skill

__all__ = ["VERMONT_SKILLS", "ConfigError", "Requirements", "SectionRule", "Skill", "parse_requirements"]


class ConfigError(Exception):
    """The school's settings are wrong; the message is one line that says what and where."""


@dataclass(frozen=True)
class SectionRule:
    """A single-page section (about-me, postsecondary): from which grade it is required and its headings.

    Each heading is a tuple of accepted spellings, e.g. ("Strengths", "Fortalezas").
    """

    name: str
    from_grade: int
    headings: tuple[tuple[str, ...], ...] = ()


_ABOUT_ME_HEADINGS = (
    ("Strengths", "Fortalezas", "Mis fortalezas", "Forces", "Mes forces", "मेरा क्षमताहरू", "نقاط قوتي", "Uwezo wangu"),
    ("Interests", "Intereses", "Mis intereses", "Centres d'intérêt", "Intérêts", "मेरा रुचिहरू", "اهتماماتي", "Mambo ninayopenda"),
    (
        "How I learn best",
        "Cómo aprendo mejor",
        "Como aprendo mejor",
        "Comment j'apprends le mieux",
        "म कसरी राम्रोसँग सिक्छु",
        "كيف أتعلم على أفضل وجه",
        "Jinsi ninavyojifunza vizuri zaidi",
    ),
)
_DEFAULT_SECTIONS = (
    SectionRule("about-me", 5, _ABOUT_ME_HEADINGS),
    SectionRule("postsecondary", 9),
)
_SECTION_NAMES = ("about-me", "postsecondary")
_KINDS = ("goals", "reflections", "evidence")
_MB = 1024 * 1024
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Requirements:
    """Everything a school decides about what a complete PLP is."""

    sections: tuple[SectionRule, ...] = _DEFAULT_SECTIONS
    minimum: Mapping[str, int] = field(default_factory=lambda: dict.fromkeys(_KINDS, 1))
    skills: tuple[Skill, ...] = VERMONT_SKILLS
    severity: Mapping[str, Severity] = field(default_factory=dict)
    language: str = "en"
    image_warning_bytes: int = 10 * _MB
    page_limit_bytes: int = 1 * _MB
    folder_limit_bytes: int = 500 * _MB
    build_seconds: int = 180
    """How long one student's site may take to build before plp build stops it (PLP902)."""
    iframe_hosts: tuple[str, ...] = ()
    translations: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    """The school's own interface words by language code, over plp-site's."""
    media_limits: MediaLimits = DEFAULT_LIMITS
    """Size and length limits of PDFs, videos, recordings and drawings (limits.pdf_mb, limits.video_seconds...)."""
    downloads: tuple[str, ...] = ()
    """File endings (without the dot, lowercase) that students may offer as downloads as they are, e.g. stl, zip."""
    markdown_extensions: tuple[str, ...] = ()
    """mkdocs.yml's markdown_extensions by name: pages are checked with the extensions they are built with."""
    markdown_configs: Mapping[str, Mapping[str, object]] = field(default_factory=dict)
    """The settings of those extensions (mkdocs.yml's `- toc: {permalink: true}`), by extension name."""
    school_name: str = ""
    """The school's name as families and staff read it: the `school_name` option, else mkdocs.yml's site_name
    (plain text: escape it for where it is printed)."""
    min_words: int = 10
    """The fewest of a student's own words under each required heading and on each goal, reflection and evidence
    page for it to count (`completeness: {min_words: 10}`)."""
    stale_days: int = 30
    """After how many days without a new reflection or evidence page a student needs attention
    (`attention: {stale_days: 30}`)."""
    school_year_starts: tuple[int, int] = (8, 1)
    """The month and day the school year starts (`school_year_starts: 08-01`)."""
    max_original_px: int = 4096
    """`plp photos` makes originals with a longer side than this smaller (`photos: {max_original_px: 4096}`)."""
    conference_record: RecordRule = DEFAULT_RECORD_RULE
    """The headings of a conference record and which hold the family's words and the next steps
    (`conference_record: {headings: [...], family_words: 2, next_steps: 3}`)."""

    @property
    def skill_ids(self) -> tuple[str, ...]:
        """The ids of the framework's skills, in order."""
        return tuple(skill.id for skill in self.skills)

    def section(self, name: str) -> SectionRule | None:
        """The rule for a section, if the school has one."""
        return next((rule for rule in self.sections if rule.name == name), None)


_BUILD_OPTIONS = ("cache_dir", "family_link", "reuse_theme", "offline")
_MEDIA_MB = 1_000_000  # media messages speak of megabytes of a million bytes, as phones and file managers do
# Media limits in mkdocs.yml by name, the MediaLimits field each sets, and how many of its units one step is.
_MEDIA_LIMITS = {
    "pdf_mb": ("pdf_bytes", _MEDIA_MB),
    "pdf_pages": ("pdf_pages", 1),
    "video_mb": ("video_bytes", _MEDIA_MB),
    "video_seconds": ("video_seconds", 1),
    "audio_mb": ("audio_bytes", _MEDIA_MB),
    "audio_seconds": ("audio_seconds", 1),
    "drawing_mb": ("drawing_bytes", _MEDIA_MB),
}
_LIMITS = ("image_warning_mb", "page_mb", "folder_mb", "build_seconds", *_MEDIA_LIMITS)
_OPTIONS = (
    "sections", "minimum", "skills", "severity", "language", "limits", "iframe_hosts", "translations", "downloads",
    "school_name", "completeness", "attention", "school_year_starts", "conference_record",
    "photos",
)  # fmt: skip
_ENDING = re.compile(r"^[a-z0-9]{1,10}$")
# Never offered as they are: pages a browser would run (scripts, HTML, SVG) and kinds published as cleaned copies.
_NEVER_DOWNLOADS = frozenset(
    {"html", "htm", "xhtml", "xht", "shtml", "svg", "svgz", "xml", "xsl", "js", "mjs", "css", "php", "md", "yml", "yaml"}
    | {"pdf", "mp4", "m4v", "mov", "webm", "m4a", "mp3", "wav", "ogg", "vtt"}
    | {"jpg", "jpeg", "png", "gif", "webp", "heic", "heif"}
)


def parse_requirements(options: Mapping[str, object], site_name: object = None) -> Requirements:
    """Read the plugin options (and mkdocs.yml's site_name, the school's name when `school_name` is not given);
    raise ConfigError naming the first wrong option."""
    # Options about how a site is built (cache_dir, and those `plp build` sets) are the plugin's, not requirements.
    unknown = sorted(set(options) - set(_OPTIONS) - set(_BUILD_OPTIONS))
    if unknown:
        raise ConfigError(f"plugins.plp: unknown option '{unknown[0]}' (the options are: {', '.join(_OPTIONS)})")
    limits = _mapping(options.get("limits", {}), "limits")
    misspelled = sorted(str(name) for name in limits if name not in _LIMITS)
    if misspelled:
        raise ConfigError(f"plugins.plp: unknown limit 'limits.{misspelled[0]}' (the limits are: {', '.join(_LIMITS)})")
    translations = _translations(options.get("translations", {}))
    return Requirements(
        sections=_sections(options.get("sections")),
        minimum=_minimum(options.get("minimum", {})),
        skills=_skills(options.get("skills")),
        severity=_severity(options.get("severity", {})),
        language=_language(options.get("language", "en"), translations),
        image_warning_bytes=_megabytes(limits, "image_warning_mb", 10),
        page_limit_bytes=_megabytes(limits, "page_mb", 1),
        folder_limit_bytes=_megabytes(limits, "folder_mb", 500),
        build_seconds=_number(limits.get("build_seconds", 180), "limits.build_seconds", low=1),
        iframe_hosts=tuple(_text(host, "iframe_hosts") for host in _list(options.get("iframe_hosts", []), "iframe_hosts")),
        translations=translations,
        media_limits=_media_limits(limits),
        downloads=_downloads(options.get("downloads", [])),
        school_name=_school_name(options.get("school_name"), site_name),
        min_words=_setting(options, "completeness", "min_words", 10, low=1),
        stale_days=_setting(options, "attention", "stale_days", 30, low=1),
        school_year_starts=_month_day(options.get("school_year_starts", "08-01")),
        conference_record=_record_rule(options.get("conference_record", {})),
        # Never below the largest web copy (1600 px), so plp photos cannot make the published photos smaller.
        max_original_px=_setting(options, "photos", "max_original_px", 4096, low=1600),
    )


def _setting(options: Mapping[str, object], group: str, name: str, default: int, *, low: int) -> int:
    """A whole number inside one of the option groups with a single setting (`completeness: {min_words: 10}`)."""
    given = _mapping(options.get(group, {}), group)
    unknown = sorted(str(key) for key in given if key != name)
    if unknown:
        raise ConfigError(f"plugins.plp.{group}: unknown setting '{unknown[0]}' (the setting is: {name})")
    return _number(given.get(name, default), f"{group}.{name}", low=low)


def _month_day(value: object) -> tuple[int, int]:
    """A day of the year written MM-DD, e.g. 08-01 for August 1."""
    text = value if isinstance(value, str) else ""
    match = re.fullmatch(r"(\d{1,2})-(\d{1,2})", text.strip())
    try:
        if match is None:
            raise ValueError
        dt.date(2001, int(match.group(1)), int(match.group(2)))  # not a leap year: every school year has the day
    except ValueError:
        raise ConfigError(
            f'plugins.plp.school_year_starts must be a month and day like "08-01" (August 1), got {value!r}'
        ) from None
    return int(match.group(1)), int(match.group(2))


def _school_name(value: object, site_name: object) -> str:
    if value is not None:
        return " ".join(_text(value, "school_name").split())
    return " ".join(site_name.split()) if isinstance(site_name, str) else ""


def _language(value: object, translations: Mapping[str, object]) -> str:
    language = _text(value, "language")
    known = known_languages(translations)
    if language not in known:
        raise ConfigError(
            f"plugins.plp.language: '{clip(language)}' is not a language the sites have words for "
            f"(the languages are: {', '.join(known)}; add others under `translations:`)"
        )
    return language


def _translations(value: object) -> dict[str, dict[str, str]]:
    result = {}
    for language, words in _mapping(value, "translations").items():
        # The code names the language of the pages: it is printed in attributes and never read as a path.
        if not is_language_code(language):
            raise ConfigError(f"plugins.plp.translations: '{clip(str(language))}' is not a language code like es or pt-BR")
        entries = _mapping(words, f"translations.{language}")
        result[str(language)] = {str(key): _text(text, f"translations.{language}.{key}") for key, text in entries.items()}
    return result


def _mapping(value: object, name: str) -> Mapping[str, object]:
    if not isinstance(value, Mapping):
        raise ConfigError(f"plugins.plp.{name} must be a mapping of `key: value` lines")
    return value


def _list(value: object, name: str) -> list[object]:
    if not isinstance(value, list):
        raise ConfigError(f"plugins.plp.{name} must be a list")
    return value


def _text(value: object, name: str) -> str:
    if value is None:
        raise ConfigError(f"plugins.plp.{name} must be text, and it is missing")
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"plugins.plp.{name} must be text, got {value!r}")
    return value.strip()


def _number(value: object, name: str, low: int = 0) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < low:
        raise ConfigError(f"plugins.plp.{name} must be a whole number of at least {low}, got {value!r}")
    return value


def _sections(value: object) -> tuple[SectionRule, ...]:
    if value is None:
        return _DEFAULT_SECTIONS
    # Sections the school does not name keep their defaults; `name: false` makes a section optional.
    rules = {rule.name: rule for rule in _DEFAULT_SECTIONS}
    for name, raw in _mapping(value, "sections").items():
        if name not in _SECTION_NAMES:
            raise ConfigError(f"plugins.plp.sections: unknown section '{name}' (sections: {', '.join(_SECTION_NAMES)})")
        if raw is False:
            rules.pop(str(name), None)
            continue
        settings = _mapping(raw or {}, f"sections.{name}")
        default = next(rule for rule in _DEFAULT_SECTIONS if rule.name == name)
        grade = _number(settings.get("from_grade", default.from_grade), f"sections.{name}.from_grade")
        headings = default.headings
        if "headings" in settings:
            where = f"sections.{name}.headings"
            headings = tuple(_heading(item, where) for item in _list(settings["headings"], where))
        rules[str(name)] = SectionRule(str(name), grade, headings)
    return tuple(rules.values())


_RECORD_SETTINGS = ("headings", "family_words", "next_steps")


def _record_rule(value: object) -> RecordRule:
    """The headings of a conference record, as `sections:` headings are written, and which of them (counted from
    1) holds the family's own words and which the next steps agreed."""
    given = _mapping(value, "conference_record")
    unknown = sorted(str(key) for key in given if key not in _RECORD_SETTINGS)
    if unknown:
        raise ConfigError(
            f"plugins.plp.conference_record: unknown setting '{unknown[0]}' (the settings are: {', '.join(_RECORD_SETTINGS)})"
        )
    headings = DEFAULT_RECORD_RULE.headings
    if "headings" in given:
        where = "conference_record.headings"
        headings = tuple(_heading(item, where) for item in _list(given["headings"], where))
    if len(headings) < 2:
        raise ConfigError("plugins.plp.conference_record.headings must list at least two headings")
    places: dict[str, int] = {}
    for name in ("family_words", "next_steps"):
        place = _number(given.get(name, getattr(DEFAULT_RECORD_RULE, name)), f"conference_record.{name}", low=1)
        if place > len(headings):
            raise ConfigError(
                f"plugins.plp.conference_record.{name} is {place}, but there are only {len(headings)} headings "
                f"(write the number of the heading that holds the {name.replace('_', ' ')}, from 1)"
            )
        places[name] = place
    if places["family_words"] == places["next_steps"]:
        raise ConfigError("plugins.plp.conference_record: family_words and next_steps must be two different headings")
    return RecordRule(headings, places["family_words"], places["next_steps"])


def _heading(item: object, where: str) -> tuple[str, ...]:
    """One heading: its spelling, or a list of its accepted spellings (`where` names the option in messages)."""
    if isinstance(item, list):
        if not item:
            raise ConfigError(f"plugins.plp.{where}: a heading must have at least one spelling, got []")
        return tuple(_text(text, where) for text in item)
    return (_text(item, where),)


def _minimum(value: object) -> dict[str, int]:
    given = _mapping(value, "minimum")
    unknown = sorted(set(given) - set(_KINDS))
    if unknown:
        raise ConfigError(f"plugins.plp.minimum: unknown kind '{unknown[0]}' (kinds: {', '.join(_KINDS)})")
    return {kind: _number(given.get(kind, 1), f"minimum.{kind}") for kind in _KINDS}


def _skills(value: object) -> tuple[Skill, ...]:
    if value is None:
        return VERMONT_SKILLS
    skills: list[Skill] = []
    for item in _list(value, "skills"):
        entry = _mapping(item, "skills[]")
        skill_id = _text(entry.get("id"), "skills[].id")
        if not _ID.match(skill_id):
            raise ConfigError(f"plugins.plp.skills: id '{skill_id}' must be lowercase letters, digits and hyphens")
        if any(skill.id == skill_id for skill in skills):
            raise ConfigError(f"plugins.plp.skills: the id '{skill_id}' is listed twice")
        skills.append(_skill(skill_id, entry.get("name")))
    if not skills:
        raise ConfigError("plugins.plp.skills must list at least one skill")
    return tuple(skills)


def _skill(skill_id: str, name: object) -> Skill:
    """A skill named in plain text, or per language: `name: {en: Self-Direction, es: Autodirección}`."""
    if not isinstance(name, Mapping):
        return Skill(skill_id, _text(name, "skills[].name"))
    where = f"skills[{skill_id}].name"
    names: list[tuple[str, str]] = []
    for code, text in name.items():
        if not is_language_code(code):
            raise ConfigError(f"plugins.plp.{where}: {clip(str(code))!r} is not a language code like en or es")
        names.append((str(code), _text(text, f"{where}.{code}")))
    if not names:
        raise ConfigError(f"plugins.plp.{where} must give the skill's name in at least one language")
    return Skill(skill_id, dict(names).get("en", names[0][1]), tuple(names))


# Findings that stop a build before MkDocs lists the folder: MkDocs follows links to folders (round a circle, or
# through the whole disk) and would publish what a linked student folder holds.
_ALWAYS_ERRORS = frozenset({"PLP011", "PLP012", "PLP013", "PLP014"})


def _severity(value: object) -> dict[str, Severity]:
    result = {}
    for code, level in _mapping(value, "severity").items():
        if code not in CODES:
            raise ConfigError(f"plugins.plp.severity: unknown finding code '{code}'")
        if code in _ALWAYS_ERRORS and str(level) != "error":
            summary = CODES[code].summary
            raise ConfigError(f"plugins.plp.severity.{code} cannot be changed: a folder where {summary} is never built")
        try:
            result[str(code)] = Severity(str(level))
        except ValueError:
            raise ConfigError(f"plugins.plp.severity.{code} must be error, warning or ignore, got {level!r}") from None
    return result


def _megabytes(limits: Mapping[str, object], name: str, default: int) -> int:
    return _number(limits.get(name, default), f"limits.{name}", low=1) * _MB


def _media_limits(limits: Mapping[str, object]) -> MediaLimits:
    values: dict[str, int | float] = {}
    for name, (field_name, unit) in _MEDIA_LIMITS.items():
        if name in limits:
            values[field_name] = _number(limits[name], f"limits.{name}", low=1) * unit
    return replace(DEFAULT_LIMITS, **values)  # type: ignore[arg-type]


def _downloads(value: object) -> tuple[str, ...]:
    endings: list[str] = []
    for item in _list(value, "downloads"):
        ending = _text(item, "downloads").strip().lower().removeprefix(".")
        if not _ENDING.match(ending):
            raise ConfigError(f"plugins.plp.downloads: {ending[:20]!r} is not a file ending like stl or zip")
        if ending in _NEVER_DOWNLOADS:
            raise ConfigError(
                f"plugins.plp.downloads: .{ending} files are never offered as they are "
                "(pages, photos and media are published as cleaned copies; web pages and scripts never)"
            )
        endings.append(ending)
    return tuple(dict.fromkeys(endings))
