"""A content-addressed cache of finished media entries, written atomically and safe under concurrent builds."""

from __future__ import annotations

import hashlib
import io
import json
import math
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Final

from plp_site.images import Rendition, discard_entry, install_entry
from plp_site.media.result import KINDS, MediaProblem, ProcessedMedia

__all__ = ["PIPELINE_VERSION", "Stored", "entry_key", "file_digest", "load", "store"]

# Bump whenever the files written for the same input could change.
PIPELINE_VERSION: Final = "1"
# Only these names are ever trusted from a meta.json, so a tampered entry cannot point elsewhere.
_SAFE_FILE: Final = re.compile(r"(?:document\.pdf|video\.mp4|audio\.m4a|drawing\.png|poster\.jpg|thumb\.jpg|captions\.vtt)")


@dataclass(frozen=True)
class Stored:
    """What meta.json records: the entry's media (folder and cache flag aside) and small facts about it."""

    media: ProcessedMedia
    facts: dict[str, str | int] = field(default_factory=dict)  # kind-specific, e.g. the source's size


def entry_key(kind: str, *parts: str) -> str:
    """Return the cache key of an entry made from these inputs (digests and settings) by this pipeline."""
    return hashlib.sha256("\0".join((kind, PIPELINE_VERSION, *parts)).encode()).hexdigest()


def file_digest(f: io.BufferedReader) -> str:
    """Return the sha256 (hex) of an open file, read from its start."""
    f.seek(0)
    return hashlib.file_digest(f, "sha256").hexdigest()


def _folder(cache: Path, key: str) -> Path:
    return cache.resolve() / key[:2] / key


def _rendition_json(r: Rendition | None) -> dict[str, object] | None:
    return None if r is None else {"file": r.file, "width": r.width, "height": r.height}


def _meta_json(stored: Stored) -> str:
    m = stored.media
    return json.dumps(
        {
            "pipeline": PIPELINE_VERSION,
            "key": m.key,
            "kind": m.kind,
            "file": m.file,
            "size": [m.width, m.height],
            "duration": m.duration,
            "pages": m.pages,
            "poster": _rendition_json(m.poster),
            "thumbnail": _rendition_json(m.thumbnail),
            "captions": m.captions,
            "facts": stored.facts,
        },
        indent=1,
    )


def _file_ok(name: object, folder: Path) -> bool:
    return isinstance(name, str) and bool(_SAFE_FILE.fullmatch(name)) and (folder / name).is_file()


def _positive_int(value: object) -> bool:
    return type(value) is int and value > 0


def _rendition_from(obj: object, folder: Path) -> Rendition | None:
    if not isinstance(obj, dict) or not _file_ok(obj.get("file"), folder):
        raise ValueError("bad rendition")
    width, height = obj.get("width"), obj.get("height")
    if not (_positive_int(width) and _positive_int(height)):
        raise ValueError("bad rendition size")
    return Rendition(str(obj["file"]), int(str(width)), int(str(height)))


def _optional(value: object, check: Callable[[object], bool]) -> object:
    if value is not None and not check(value):
        raise ValueError("bad value")
    return value


def _media_from(meta: dict[str, object], folder: Path, key: str) -> Stored:
    size = meta.get("size")
    if not isinstance(size, list) or len(size) != 2 or not _file_ok(meta.get("file"), folder):
        raise ValueError("bad entry")
    width, height = (_optional(side, _positive_int) for side in size)
    duration = _optional(meta.get("duration"), lambda v: isinstance(v, int | float) and math.isfinite(v) and v >= 0)
    pages = _optional(meta.get("pages"), _positive_int)
    captions = _optional(meta.get("captions"), lambda v: _file_ok(v, folder))
    poster, thumbnail = (_optional(meta.get(n), lambda v: True) for n in ("poster", "thumbnail"))
    facts = meta.get("facts")
    if not isinstance(facts, dict) or not all(isinstance(v, str | int) for v in facts.values()):
        raise ValueError("bad facts")
    media = ProcessedMedia(
        kind=str(meta["kind"]),
        key=key,
        folder=folder,
        file=str(meta["file"]),
        width=width if isinstance(width, int) else None,
        height=height if isinstance(height, int) else None,
        duration=float(duration) if isinstance(duration, int | float) else None,
        pages=pages if isinstance(pages, int) else None,
        poster=None if poster is None else _rendition_from(poster, folder),
        thumbnail=None if thumbnail is None else _rendition_from(thumbnail, folder),
        captions=captions if isinstance(captions, str) else None,
        from_cache=True,
    )
    return Stored(media, {str(k): v for k, v in facts.items()})


def load(cache: Path, key: str, kind: str) -> Stored | None:
    """Return the finished entry for key, or None if it is absent, half-written or damaged."""
    folder = _folder(cache, key)
    try:
        meta: object = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(meta, dict) or meta.get("pipeline") != PIPELINE_VERSION or meta.get("key") != key:
        return None
    if meta.get("kind") != kind or kind not in KINDS:
        return None
    try:
        return _media_from(meta, folder, key)
    except (ValueError, KeyError, TypeError):
        return None


Produce = Callable[[Path], Stored | MediaProblem]


def _write_temp(shard: Path, key: str, produce: Produce) -> tuple[Path, Stored | MediaProblem]:
    shard.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".partial-", dir=shard))
    try:
        made = produce(tmp)
        if isinstance(made, Stored):
            made = replace(made, media=replace(made.media, key=key))
            # meta.json last: its presence is what marks an entry as finished.
            (tmp / "meta.json").write_text(_meta_json(made), encoding="utf-8")
            return tmp, made
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    shutil.rmtree(tmp, ignore_errors=True)
    return tmp, made


def store(cache: Path, key: str, kind: str, produce: Produce) -> Stored | MediaProblem:
    """Make an entry with produce(temp_folder) and move it into place, or return the problem produce found."""
    folder = _folder(cache, key)
    for _attempt in range(3):
        try:
            tmp, made = _write_temp(folder.parent, key, produce)
        except FileNotFoundError:
            continue  # the cache was deleted while we wrote: write again
        if isinstance(made, MediaProblem):
            return made
        if install_entry(tmp, folder):
            return replace(made, media=replace(made.media, folder=folder, from_cache=False))
        theirs = load(cache, key, kind)
        if theirs is not None:
            return replace(theirs, media=replace(theirs.media, from_cache=False))
        if folder.exists():
            discard_entry(folder)
    raise OSError(f"could not store a {kind} entry in the media cache at {cache}")
