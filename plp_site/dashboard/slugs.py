"""Folder names for the advisors' pages: safe on every disk and in an address, the same from build to build."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable

__all__ = ["advisor_slugs", "slugify"]

_RESERVED = {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)), *(f"lpt{n}" for n in range(10))}
_LIMIT = 48


def slugify(name: str) -> str:
    """Lowercase ASCII letters, digits and hyphens from a name; a name with none of them (in another script, say)
    gets `advisor-` and a short fingerprint of the name, so it is still its own folder."""
    ascii_only = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_only.lower()).strip("-")[:_LIMIT].strip("-")
    if not slug:
        slug = "advisor-" + hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{slug}-advisor" if slug in _RESERVED else slug


def advisor_slugs(names: Iterable[str]) -> dict[str, str]:
    """Each distinct name's folder name; names with the same slug get -2, -3 ... in the order of the names
    (sorted), so two advisors never share a page and a name keeps its page while the others stay."""
    slugs: dict[str, str] = {}
    used: set[str] = set()
    for name in sorted(set(names), key=lambda n: (n.casefold(), n)):
        base = slugify(name)
        slug, number = base, 1
        while slug in used:
            number += 1
            slug = f"{base}-{number}"
        used.add(slug)
        slugs[name] = slug
    return slugs
