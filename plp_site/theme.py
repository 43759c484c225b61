"""Where the plugin's own templates live, and which interface languages mkdocs-material can show."""

from __future__ import annotations

from pathlib import Path

import material

__all__ = ["MATERIAL_LANGUAGES", "TEMPLATES"]

TEMPLATES = Path(__file__).parent / "templates"


def _languages(folder: Path) -> frozenset[str]:
    return frozenset(path.stem for path in (folder / "partials" / "languages").glob("*.html"))


MATERIAL_LANGUAGES = _languages(Path(material.__file__).parent / "templates") | _languages(TEMPLATES)
"""Languages with a translation of the theme's own words (ours add, e.g., Nepali and Swahili)."""
