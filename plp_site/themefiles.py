"""MkDocs' side of the shared theme files (plp_site.sharedassets): take the theme's files out of a site, and make
the templates link to the shared copy instead."""

from __future__ import annotations

from pathlib import Path

import jinja2
from markupsafe import Markup
from mkdocs.structure.files import Files
from mkdocs.utils.templates import TemplateContext

from plp_site.sharedassets import PREFIX, ensure_assets, shared_address, theme_version
from plp_site.theme import cut_other_hosts

__all__ = ["SharedTheme"]


class SharedTheme:
    """One build's use of the shared theme files of the published folder `out`."""

    def __init__(self, out: Path, staging: Path) -> None:
        self.out = out
        self.staging = staging
        """A new folder on out's file system, where a missing version is put together."""
        self.version = ""
        self.addresses: frozenset[str] = frozenset()

    def take(self, files: Files, docs_dir: Path) -> None:
        """Remove the theme's files under assets/ from the site, and make sure the shared copy of them is there."""
        theme = {
            file.src_uri: Path(file.abs_src_path)
            for file in files
            if file.abs_src_path
            and not file.generated_by
            and file.src_uri.startswith(PREFIX)
            and not Path(file.abs_src_path).is_relative_to(docs_dir)
        }
        if not theme:
            return
        self.version = theme_version(theme)
        ensure_assets(self.out, self.version, theme, self.staging, (cut_other_hosts,))
        for uri in theme:
            found = files.get_file_from_path(uri)
            if found is not None:
                files.remove(found)
        self.addresses = frozenset(theme)

    def link(self, env: jinja2.Environment) -> None:
        """Make the templates' `url` and `script_tag` filters give the shared copy's address of a theme file."""
        if not self.version:
            return
        url, script_tag = env.filters["url"], env.filters["script_tag"]
        version, addresses = self.version, self.addresses

        @jinja2.pass_context
        def shared_url(context: TemplateContext, value: object) -> str:
            resolved = str(url(context, value))
            text = str(value)
            return shared_address(text, resolved, version) if text in addresses else resolved

        @jinja2.pass_context
        def shared_script_tag(context: TemplateContext, script: object) -> Markup:
            tag: Markup = script_tag(context, script)
            text = str(script)
            if text not in addresses:
                return tag
            resolved = str(url(context, text))
            before = Markup('src="{0}"').format(resolved)
            after = Markup('src="{0}"').format(shared_address(text, resolved, version))
            return tag.replace(before, after, 1)

        env.filters["url"] = shared_url
        env.filters["script_tag"] = shared_script_tag
