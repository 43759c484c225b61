"""The steps every media kind shares: cache look-up, safe open, content check, produce once, store atomically."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from plp_site.media import cache
from plp_site.media.cache import Stored
from plp_site.media.result import MediaProblem, ProcessedMedia, short_name
from plp_site.media.sniff import check_content, open_source, too_large

__all__ = ["Kind", "Produce", "corrupt", "run"]

# make(open_file, container, temp_folder): the container is what the file's first bytes showed (see sniff).
Produce = Callable[[io.BufferedReader, str, Path], Stored | MediaProblem]


@dataclass(frozen=True)
class Kind:
    """How one kind of evidence is limited, made and judged again when it comes from the cache."""

    name: str  # one of result.KINDS
    what: str  # the kind in words, plural, for messages: "videos"
    max_bytes: int
    bad_input: tuple[type[BaseException], ...]  # what the kind's decoders raise for malformed input
    admit: Callable[[Stored, str], MediaProblem | None]  # limits that may have changed since the entry was made
    notes: Callable[[Stored, str], tuple[MediaProblem, ...]] = lambda _stored, _name: ()
    key_parts: tuple[str, ...] = ()  # more inputs of the entry besides the file, e.g. a captions file's digest


def corrupt(name: str, hint: str = "Copy it again from where you made it, or export it again from the app.") -> MediaProblem:
    """Return the problem of a damaged or incomplete file."""
    return MediaProblem("corrupt", f"{short_name(name)} seems to be damaged or incomplete.", hint)


def _finish(stored: Stored, kind: Kind, name: str) -> ProcessedMedia | MediaProblem:
    size = stored.facts.get("bytes")
    if not isinstance(size, int) or size > kind.max_bytes:
        # The entry was made under a larger limit than the school's current one.
        return too_large(name, size if isinstance(size, int) else 0, kind.max_bytes, kind.what)
    problem = kind.admit(stored, name)
    if problem is not None:
        return problem
    return replace(stored.media, problems=stored.media.problems + kind.notes(stored, name))


def _produce(f: io.BufferedReader, container: str, kind: Kind, make: Produce, *, name: str, size: int) -> cache.Produce:
    def produce(tmp: Path) -> Stored | MediaProblem:
        try:
            made = make(f, container, tmp)
        except kind.bad_input:
            return corrupt(name)
        if isinstance(made, MediaProblem):
            return made
        return replace(made, facts={**made.facts, "bytes": size})

    return produce


def run(
    source: Path, cache_dir: Path, kind: Kind, digest: str | None, make: Produce, *, inside: Path | None = None
) -> ProcessedMedia | MediaProblem:
    """Return the cached entry for source, making it with make(open_file, container, temp_folder) when there is none.

    With a digest (the file's sha256, hex) a cache hit does not even open the file. `inside` is the student's
    folder: the file is never read through a link that leaves it."""
    name = source.name
    if digest is not None:
        hit = cache.load(cache_dir, cache.entry_key(kind.name, digest, *kind.key_parts), kind.name)
        if hit is not None:
            return _finish(hit, kind, name)
    opened = open_source(source, kind.max_bytes, kind.what, inside)
    if isinstance(opened, MediaProblem):
        return opened
    with opened as f:
        found = check_content(f, source)
        if isinstance(found, MediaProblem):
            return found
        size = f.seek(0, io.SEEK_END)
        key = cache.entry_key(kind.name, digest or cache.file_digest(f), *kind.key_parts)
        hit = cache.load(cache_dir, key, kind.name)
        if hit is not None:
            return _finish(hit, kind, name)
        f.seek(0)
        made = cache.store(cache_dir, key, kind.name, _produce(f, found, kind, make, name=name, size=size))
    return made if isinstance(made, MediaProblem) else _finish(made, kind, name)
