"""Where the plugin's own templates live, and which interface languages mkdocs-material can show."""

from __future__ import annotations

import contextlib
import re
from pathlib import Path
from typing import Any

import jinja2
import material
from jinja2.filters import do_striptags
from markupsafe import Markup
from mkdocs.theme import Theme

__all__ = [
    "MATERIAL_LANGUAGES",
    "TEMPLATES",
    "cut_other_hosts",
    "escape_stripped_text",
    "keep_compiled",
    "local_only",
    "share_environment",
]

TEMPLATES = Path(__file__).parent / "templates"


def _languages(folder: Path) -> frozenset[str]:
    return frozenset(path.stem for path in (folder / "partials" / "languages").glob("*.html"))


MATERIAL_LANGUAGES = _languages(Path(material.__file__).parent / "templates") | _languages(TEMPLATES)
"""Languages with a translation of the theme's own words (ours add, e.g., Nepali and Swahili)."""


# One Jinja environment per theme setup in this process, shared by the students a worker builds one after
# another: templates are parsed and compiled once, and the theme's file listing is read once. It holds
# nothing of any student (pages and settings reach templates only as render context).
_ENVIRONMENTS: dict[tuple[str, ...], tuple[jinja2.Environment, dict[str, Any], dict[str, Any]]] = {}


class _CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Jinja's bytecode cache, for a cache that may be missing, read-only, full or damaged: then templates are
    compiled as if there were none."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # a damaged file fails pickle or marshal in many ways: compile instead
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def keep_compiled(env: jinja2.Environment, compiled: Path | None) -> None:
    """Load env's compiled templates from the cache folder `compiled` and keep newly compiled ones there (a
    folder that cannot be made leaves templates compiled each time, as without a cache)."""
    if compiled is None:
        return
    with contextlib.suppress(OSError):
        compiled.mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = _CompiledTemplates(str(compiled))


def share_environment(theme: Theme, compiled: Path | None = None) -> None:
    """Make theme.get_env() return this process's shared environment for the same theme directories.

    With `compiled` (a cache folder), templates compiled by an earlier process are loaded from there instead of
    being compiled again (Jinja's bytecode cache: keyed by each template's name and source, written atomically)."""
    create = theme.get_env
    key = (*theme.dirs, str(theme.locale))

    def get_env() -> jinja2.Environment:
        if key not in _ENVIRONMENTS:
            env = create()
            keep_compiled(env, compiled)
            # Hidden paths (the theme's thousands of .icons) are never copied into a site, so leave them out.
            listing = [name for name in env.loader.list_templates() if not name.startswith(".")] if env.loader else []
            if env.loader:
                env.loader.list_templates = lambda: listing  # type: ignore[method-assign]
            _ENVIRONMENTS[key] = (env, dict(env.globals), dict(env.filters))
        env, globals_, filters = _ENVIRONMENTS[key]
        # Whatever another build's plugins added to the environment is dropped before this build uses it.
        env.globals.clear()
        env.globals.update(globals_)
        env.filters.clear()
        env.filters.update(filters)
        return env

    theme.get_env = get_env  # type: ignore[method-assign]


def _striptags(value: object) -> Markup:
    return Markup.escape(do_striptags(str(value)))


def escape_stripped_text(env: jinja2.Environment) -> None:
    """Make the templates' `striptags` give escaped text. Jinja's own turns `&lt;` back into `<`, and the theme
    prints its result without escaping (a page's title in <title>) or escapes it after (`striptags | e`, which
    leaves escaped text as it is)."""
    env.filters["striptags"] = _striptags


_OTHER_HOSTS = re.compile(rb"https://unpkg\.com/[^\"'`\s)]+")


def local_only(site: Path) -> None:
    """Cut the theme scripts' fallbacks that fetch code from another host (a ResizeObserver polyfill for
    browsers older than 2020, a diagram library) so that no page ever makes such a request."""
    cut_other_hosts(site / "assets")


def cut_other_hosts(assets: Path) -> None:
    """local_only for a folder of the theme's assets (a site's assets/, or the shared copy of sharedassets)."""
    for script in (assets / "javascripts").glob("bundle.*.js"):
        code = script.read_bytes()
        cut = _OTHER_HOSTS.sub(b"data:text/javascript,", code)
        if cut != code:
            script.write_bytes(cut)
