"""Family links: a slug per student that cannot be guessed from the name, stable for one school secret.

slug = <student id>-<token>, token = the first 60 bits of HMAC-SHA256(secret, "<id>:<generation>") in
base32. The generation starts at 0 and goes up by one with each `plp rotate-link`; it is kept in
`links.yml` at the school root (no secret in it, safe to commit).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

import yaml

__all__ = ["LinkKeys", "load_link_keys", "rotate_link", "slug_for"]

SECRET_ENV = "PLP_LINK_SECRET"
_TOKEN_CHARACTERS = 12  # 12 base32 characters = 60 bits


@dataclass(frozen=True)
class LinkKeys:
    """The school secret and each student's link generation."""

    secret: bytes
    generations: dict[str, int]
    created_secret: Path | None = None
    """The secret file, when this run had to create it."""


def slug_for(student_id: str, keys: LinkKeys) -> str:
    """The folder name of a student's site: id plus an unguessable token."""
    message = f"{student_id}:{keys.generations.get(student_id, 0)}".encode()
    digest = hmac.new(keys.secret, message, hashlib.sha256).digest()
    token = base64.b32encode(digest).decode("ascii").lower()[:_TOKEN_CHARACTERS]
    return f"{student_id}-{token}"


def _generations(root: Path) -> dict[str, int]:
    path = root / "links.yml"
    if not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(k): int(v) for k, v in data.items()} if isinstance(data, dict) else {}


def load_link_keys(root: Path, *, create: bool = True) -> LinkKeys:
    """The secret from $PLP_LINK_SECRET or .plp/secret (created when missing and create is true)."""
    from_env = os.environ.get(SECRET_ENV, "").strip()
    if from_env:
        return LinkKeys(from_env.encode(), _generations(root))
    path = root / ".plp" / "secret"
    if path.is_file():
        return LinkKeys(path.read_text(encoding="ascii").strip().encode(), _generations(root))
    if not create:
        raise FileNotFoundError(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(32)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(value + "\n")
    return LinkKeys(value.encode(), _generations(root), created_secret=path)


def rotate_link(root: Path, student_id: str) -> int:
    """Give one student a new link (the next generation); return the new generation."""
    generations = _generations(root)
    generations[student_id] = generations.get(student_id, 0) + 1
    text = "# Family link generations (plp rotate-link). No secret here; keep this file in Git.\n"
    text += yaml.safe_dump(dict(sorted(generations.items())), sort_keys=True)
    temporary = root / "links.yml.tmp"
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(root / "links.yml")
    return generations[student_id]
