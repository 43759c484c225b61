"""The files of a student's own repository that belong to the repository, not to the portfolio: never published,
never reported as stray files (PLP009)."""

from __future__ import annotations

__all__ = ["EDITOR_FOLDER", "SETTINGS_FILE", "is_repository_file"]

EDITOR_FOLDER = "admin"
"""The browser editor (Decap CMS): its page, its settings and its script."""
SETTINGS_FILE = ".plp/school.yml"
"""The copy of the school's settings that `plp check` reads in a student's own repository."""
_FILES = frozenset({"README.md"})


def is_repository_file(relative: str) -> bool:
    """Whether a file (relative to the top of a student's folder) is the repository's own: its README or the editor."""
    return relative in _FILES or relative.startswith(f"{EDITOR_FOLDER}/")
