"""A student's page rendered for checking: the same Markdown extensions and settings as the build, after the
limits that keep Python-Markdown fast and within its stack (pagelimits.py)."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import markdown

from plp_site.frontmatter import Problem
from plp_site.pagelimits import page_limits

__all__ = [
    "BUILTIN_EXTENSIONS",
    "PLUGIN_EXTENSIONS",
    "PLUGIN_SETTINGS",
    "Rendered",
    "extension_settings",
    "markdown_extensions",
    "render_page",
    "with_plugin_settings",
]

BUILTIN_EXTENSIONS = ("toc", "tables", "fenced_code")
"""The extensions MkDocs always uses, before the school's own."""
PLUGIN_EXTENSIONS = ("attr_list", "md_in_html", "tables", "toc")
"""The extensions the plp plugin adds after the school's own."""
PLUGIN_SETTINGS: Mapping[str, Mapping[str, object]] = {"tables": {"use_align_attribute": True}}
"""Settings the plp plugin gives extensions over the school's: a column's alignment as `align`, which the sanitizer
keeps (a `style` it removes)."""


_local = threading.local()


@dataclass(frozen=True)
class Rendered:
    """A page body as HTML (None when it cannot be rendered), and why not."""

    html: str | None
    problems: tuple[Problem, ...] = ()


def markdown_extensions(school: Iterable[object]) -> tuple[str, ...]:
    """Every extension a page is built with, in MkDocs' order: its own, the school's, then the plugin's."""
    names: list[str] = []
    for name in (*BUILTIN_EXTENSIONS, *school, *PLUGIN_EXTENSIONS):
        if isinstance(name, str) and name not in names:
            names.append(name)
    return tuple(names)


def with_plugin_settings(configs: Mapping[str, Mapping[str, object]]) -> dict[str, dict[str, object]]:
    """The extensions' settings with the plugin's own over the school's."""
    merged = {name: dict(values) for name, values in configs.items()}
    for name, values in PLUGIN_SETTINGS.items():
        merged.setdefault(name, {}).update(values)
    return merged


def _frozen(value: object) -> object:
    if isinstance(value, Mapping):
        return tuple(sorted((str(key), _frozen(item)) for key, item in value.items()))
    if isinstance(value, list | tuple):
        return tuple(_frozen(item) for item in value)
    return value if isinstance(value, str | int | float | bool | None) else repr(value)


def render_page(
    body: str,
    first_line: int,
    extensions: tuple[str, ...] = (),
    configs: Mapping[str, Mapping[str, object]] | None = None,
) -> Rendered:
    """The HTML a page body becomes with these extensions (BUILTIN and PLUGIN ones are always added)."""
    problems = page_limits(body, first_line)
    if problems:
        return Rendered(None, tuple(problems))
    names = markdown_extensions(extensions)
    settings = with_plugin_settings(configs or {})
    key = tuple((name, _frozen(settings.get(name, {}))) for name in names)
    converter = _converter(key, settings)
    converter.reset()
    try:
        return Rendered(converter.convert(body))
    except RecursionError:
        return Rendered(None, (_cannot_render(first_line, "it is nested too deeply"),))
    except Exception:
        return Rendered(None, (_cannot_render(first_line, "the school's Markdown extensions failed on it"),))


def _converter(key: tuple[tuple[str, object], ...], configs: Mapping[str, Mapping[str, object]]) -> markdown.Markdown:
    # Building a converter loads every extension (tens of milliseconds); one per set of settings and thread is
    # reused, and reset before each page, so nothing of one page reaches the next.
    converters: dict[object, markdown.Markdown] = _local.__dict__.setdefault("converters", {})
    if key not in converters:
        if len(converters) >= 4:
            converters.clear()
        names = [name for name, _ in key]
        chosen = {name: dict(configs[name]) for name in names if isinstance(configs.get(name), Mapping)}
        try:
            converters[key] = markdown.Markdown(extensions=names, extension_configs=chosen)
        except Exception:
            converters[key] = markdown.Markdown(extensions=list(markdown_extensions(())))
    return converters[key]


def _cannot_render(line: int, why: str) -> Problem:
    return Problem(
        "PLP505",
        line,
        1,
        f"this page cannot be made into a web page: {why}",
        "make the page simpler: fewer lists inside lists, fewer HTML blocks inside each other; then check again",
    )


def extension_settings(listed: object) -> tuple[tuple[str, ...], dict[str, Mapping[str, object]]]:
    """The names and settings of mkdocs.yml's `markdown_extensions:` list (`- name` or `- name: {settings}`)."""
    names: list[str] = []
    configs: dict[str, Mapping[str, object]] = {}
    for item in listed if isinstance(listed, list) else []:
        entries = item.items() if isinstance(item, dict) else [(item, None)]
        for name, config in entries:
            if isinstance(name, str):
                names.append(name)
                if isinstance(config, Mapping):
                    configs[name] = config
    return tuple(names), configs
