"""The browser editor's folder (admin/): its page, its settings, plp's small addition and the pinned Decap CMS
script, copied from this package (never loaded from another host) after checking its SHA-256 sums."""

from __future__ import annotations

import hashlib
from importlib import resources
from importlib.resources.abc import Traversable

import yaml

from plp_site.i18n import labels_for
from plp_site.markup import attr
from plp_site.requirements import Requirements
from plp_site.scaffold import ScaffoldError
from plp_site.studentrepo.editor import DECAP_LOCALES, Backend, editor_config

__all__ = ["DecapDamaged", "admin_files", "decap_files"]

_CONFIG_HEADER = """\
# The browser editor's settings (Decap CMS), written by `plp new student-repo` from the same field definitions as
# plp check. backend: where the editor saves (the school's choice: github, gitlab, git-gateway ...; see
# https://decapcms.org/docs/backends-overview/). local_backend: on this computer, `npx decap-server` in the
# repository lets the editor at http://localhost:.../admin/ save straight into the folder.
"""
# The page runs scripts from its own site only: the editor never runs code from another host ('unsafe-eval' is for
# the settings' validator, which compiles its checks).
_PAGE = """\
<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta http-equiv="Content-Security-Policy" content="script-src 'self' 'unsafe-eval'; object-src 'none'; base-uri 'self'">
<title lang="{title_lang}">{title}</title>
</head>
<body>
<script src="plp-editor.js" data-owner="{owner}"></script>
<script src="decap-cms.js"></script>
</body>
</html>
"""


class _Dumper(yaml.SafeDumper):
    """Writes text of several lines (a new page's prompts) as a block, line by line as the page will have it, and
    every value in full (no YAML anchors)."""

    def ignore_aliases(self, data: object) -> bool:
        """Never write an alias: the file is read by people too."""
        return True


def _text(dumper: yaml.SafeDumper, text: str) -> yaml.Node:
    style = "|" if "\n" in text and not any(line != line.rstrip() for line in text.split("\n")) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _text)


class DecapDamaged(ScaffoldError):
    """The vendored Decap CMS files do not match their recorded SHA-256 sums (a broken installation)."""


def _vendored() -> Traversable:
    return resources.files("plp_site") / "studentrepo" / "decap"


def decap_files(folder: Traversable | None = None) -> dict[str, bytes]:
    """The vendored Decap CMS script and its licences by file name (from `folder`, default: the package's), each
    checked against SHA256SUMS."""
    folder = folder or _vendored()
    files: dict[str, bytes] = {}
    for line in (folder / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        digest, name = line.split(maxsplit=1)
        data = (folder / name).read_bytes()
        if hashlib.sha256(data).hexdigest() != digest:
            raise DecapDamaged(f"the browser editor's {name} in plp-site is damaged; reinstall plp-site")
        files[name] = data
    return files


def admin_files(requirements: Requirements, language: str, backend: Backend) -> dict[str, bytes]:
    """Every file of admin/ by its name in that folder."""
    labels = labels_for(language, requirements.translations)
    config = editor_config(requirements, language, backend)
    text = yaml.dump(config, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=120)
    # The page speaks the editor's language (the template's where Decap CMS has it, else English); its title the
    # template's.
    interface = language if language in DECAP_LOCALES else "en"
    page = _PAGE.format(
        lang=attr(interface),
        title_lang=attr(labels.language),
        title=attr(labels("editor.page_title")),
        owner=attr(backend.repo.rpartition("/")[0]),
    )
    script = (resources.files("plp_site") / "studentrepo" / "files" / "plp-editor.js").read_bytes()
    return {
        "config.yml": (_CONFIG_HEADER + text).encode("utf-8"),
        "index.html": page.encode("utf-8"),
        "plp-editor.js": script,
        **decap_files(),
    }
