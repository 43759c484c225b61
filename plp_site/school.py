"""The school: its root folder, its mkdocs.yml and the `plp` plugin options in it."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from plp_site.render import extension_settings
from plp_site.requirements import ConfigError, Requirements, parse_requirements

__all__ = ["STUDENT_ID", "School", "load_school", "plugin_options", "read_settings", "school_requirements"]

STUDENT_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class School:
    """A school root: the folder with mkdocs.yml and students/."""

    root: Path
    config_file: Path
    requirements: Requirements
    site_url: str | None = None
    """Where the published sites will live (mkdocs.yml's site_url); family links start with it."""
    theme_dir: Path | None = None
    """The school's theme overrides (mkdocs.yml's theme.custom_dir), if any."""

    @property
    def students_dir(self) -> Path:
        """The folder that holds one folder per student."""
        return self.root / "students"

    def student_ids(self) -> list[str]:
        """Every student folder's name, sorted (hidden folders are not students).

        A link to a folder is listed too, so that it is reported (and never read): it would show another
        folder's files under this name."""
        with os.scandir(self.students_dir) as entries:
            return sorted(entry.name for entry in entries if not entry.name.startswith((".", "_")) and _is_folder(entry))


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()  # follows a link, so a link to a folder counts
    except OSError:
        return False


class _SettingsLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without MkDocs: understands !ENV and ignores Python tags the theme uses."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> object:
    # Same meaning as MkDocs' !ENV: `!ENV NAME` or `!ENV [NAME, OTHER, default]`.
    if isinstance(node, yaml.ScalarNode):
        return os.environ.get(str(loader.construct_scalar(node)))
    items = loader.construct_sequence(node)  # type: ignore[arg-type]
    for name in items[:-1]:
        if isinstance(name, str) and name in os.environ:
            return os.environ[name]
    return items[-1] if items else None


def _ignore(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> object:
    return None


_SettingsLoader.add_constructor("!ENV", _env)
_SettingsLoader.add_multi_constructor("!", _ignore)
_SettingsLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore)


def plugin_options(settings: object) -> dict[str, object] | None:
    """The `plp` plugin's options in parsed mkdocs.yml settings, or None when the plugin is not listed."""
    plugins = settings.get("plugins") if isinstance(settings, dict) else None
    entries = (
        plugins.items()
        if isinstance(plugins, dict)
        else [next(iter(item.items())) if isinstance(item, dict) and item else (item, {}) for item in plugins or []]
    )
    for name, options in entries:
        if name == "plp":
            if options is not None and not isinstance(options, dict):
                raise ConfigError("plugins.plp: the options must be `key: value` lines")
            return options or {}
    return None


def read_settings(config_file: Path, shown: str = "mkdocs.yml") -> object:
    """The parsed YAML of a settings file as MkDocs reads it (`!ENV` understood, Python tags ignored); raise
    ConfigError naming `shown` and the line when it is not valid YAML."""
    try:
        return yaml.load(config_file.read_text(encoding="utf-8-sig"), Loader=_SettingsLoader)  # noqa: S506
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        mark = getattr(error, "problem_mark", None)
        where = f":{mark.line + 1}" if mark else ""
        raise ConfigError(f"{shown}{where}: not valid YAML ({getattr(error, 'problem', None) or error})") from None


def school_requirements(settings: object, shown: str = "mkdocs.yml") -> Requirements:
    """The school's requirements from parsed settings: the `plp` plugin's options, site_name and the Markdown
    extensions pages are built with."""
    options = plugin_options(settings)
    if options is None:
        raise ConfigError(f"{shown}: the `plp` plugin is not listed under `plugins:`")
    site_name = settings.get("site_name") if isinstance(settings, dict) else None
    return _with_markdown(parse_requirements(options, site_name), settings)


def load_school(root: Path) -> School:
    """Read the school at root; raise ConfigError with a one-line reason when it cannot be used."""
    root = root.resolve()
    config_file = root / "mkdocs.yml"
    if not (root / "students").is_dir():
        raise ConfigError(f"{root} has no students/ folder (use --root to name the school folder)")
    if not config_file.is_file():
        raise ConfigError(f"{root} has no mkdocs.yml (the school settings)")
    settings = read_settings(config_file)
    requirements = school_requirements(settings)
    site_url = settings.get("site_url") if isinstance(settings, dict) else None
    theme = settings.get("theme") if isinstance(settings, dict) else None
    custom_dir = theme.get("custom_dir") if isinstance(theme, dict) else None
    return School(
        root,
        config_file,
        requirements,
        site_url if isinstance(site_url, str) and site_url else None,
        root / custom_dir if isinstance(custom_dir, str) and custom_dir else None,
    )


def _with_markdown(requirements: Requirements, settings: object) -> Requirements:
    # Pages are checked with the Markdown extensions they are built with, so check and build agree.
    listed = settings.get("markdown_extensions") if isinstance(settings, dict) else None
    names, configs = extension_settings(listed)
    return replace(requirements, markdown_extensions=names, markdown_configs=configs)
