"""Turn image files into small, metadata-free web renditions, cached by content."""

from __future__ import annotations

import errno
import hashlib
import io
import json
import os
import re
import shutil
import tempfile
import warnings
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Final, TypeVar

from PIL import Image, ImageFile

from plp_site.files import Refused, open_file
from plp_site.photos.formats import BAD_INPUT, FORMAT_OF_SUFFIX, OPENERS, SUFFIX_OF_FORMAT, sniff
from plp_site.photos.keys import is_git_key
from plp_site.photos.resize import encode, scaled

__all__ = [
    "PIPELINE_VERSION",
    "ImageProblem",
    "ImageSettings",
    "ProcessedImage",
    "Rendition",
    "discard_entry",
    "inspect_image",
    "install_entry",
    "process_image",
]

# Bump whenever the files written for the same input and settings could change.
PIPELINE_VERSION: Final = "4"

_T = TypeVar("_T")
_SAFE_FILE: Final = re.compile(r"(?:\d+|thumb)\.(?:jpg|png)")
_TEXTS: Final = {
    "missing": (
        "{name} could not be {what}.",
        "Check that the file is still in the folder, has the same name and is not still being copied.",
    ),
    "unsupported": (
        "{name} {why}.",
        "Open it in any photo app and export it again as JPEG (or PNG if it has see-through parts).",
    ),
    "mismatch": (
        "{name} is really a {actual} picture, but its name ends in {suffix}.",
        "Rename it to {better}, or open it in a photo app and export it again as JPEG.",
    ),
    "bomb": (
        "{name} {claim}, more than the {limit} megapixel limit.",
        "Open the photo in any photo app and export it again smaller, for example 4000 pixels wide.",
    ),
    "corrupt": (
        "{name} seems to be damaged or incomplete.",
        "Copy it again from the phone or camera, or open it in a photo app and export it again as JPEG.",
    ),
    "animated": (
        "{name} is animated, but only its first picture will be shown on the website.",
        "If another picture of the animation matters more, export that one as a JPEG or PNG.",
    ),
}


@dataclass(frozen=True)
class ImageSettings:
    """Sizes and quality of the published renditions."""

    widths: tuple[int, ...] = (480, 960, 1600)
    thumbnail: int = 320
    jpeg_quality: int = 82
    max_pixels: int = 40_000_000

    def __post_init__(self) -> None:
        if not self.widths or min(*self.widths, self.thumbnail, self.max_pixels) < 1 or not 1 <= self.jpeg_quality <= 100:
            raise ValueError(f"invalid image settings: {self!r}")
        object.__setattr__(self, "widths", tuple(sorted(set(self.widths))))

    def fingerprint(self) -> str:
        """Return a stable text of the settings, used as part of the cache key."""
        widths = ",".join(str(w) for w in self.widths)
        return f"widths={widths};thumbnail={self.thumbnail};jpeg_quality={self.jpeg_quality};max_pixels={self.max_pixels}"


@dataclass(frozen=True)
class ImageProblem:
    """Something wrong with an image file, explained for a child and their family."""

    kind: str
    message: str
    hint: str
    fatal: bool


@dataclass(frozen=True)
class Rendition:
    """One published file inside a cache entry folder."""

    file: str
    width: int
    height: int


@dataclass(frozen=True)
class ProcessedImage:
    """A finished cache entry: stripped, upright, resized copies of one image."""

    key: str
    folder: Path
    format: str
    width: int
    height: int
    renditions: tuple[Rendition, ...]
    thumbnail: Rendition
    problems: tuple[ImageProblem, ...]
    from_cache: bool = False


@dataclass(frozen=True)
class _Entry:
    """What meta.json records; problems as kinds only, so no file name ever lands in the cache."""

    format: str
    renditions: tuple[Rendition, ...]
    thumbnail: Rendition
    problem_kinds: tuple[str, ...]


@dataclass(frozen=True)
class _Identity:
    format: str
    key: str
    from_git: bool  # keyed by Git's blob id: an entry made under the content's own key may exist too
    size: int  # of the file, to prove cheaply that no output is a byte copy of it


@dataclass(frozen=True)
class _Rendered:
    entry: _Entry
    files: tuple[tuple[str, bytes], ...]


def _problem(kind: str, name: str, **details: str) -> ImageProblem:
    message, hint = _TEXTS[kind]
    return ImageProblem(kind, message.format(name=name, **details), hint.format(**details), fatal=kind != "animated")


def _megapixels(pixels: int) -> str:
    return f"{pixels / 1_000_000:.1f}".removesuffix(".0")


def _bomb(name: str, size: tuple[int, int] | None, limit: int) -> ImageProblem:
    claim = "is too big to open safely"
    if size is not None:
        claim = f"claims to be {size[0]} x {size[1]} pixels ({_megapixels(size[0] * size[1])} megapixels)"
    return _problem("bomb", name, claim=claim, limit=_megapixels(limit))


def _pixel_limit(settings: ImageSettings) -> int:
    # Pillow's own limit stays a ceiling: a generous setting must never reach an allocation Pillow refuses.
    return min(settings.max_pixels, Image.MAX_IMAGE_PIXELS or settings.max_pixels)


def _guarded(name: str, settings: ImageSettings, work: Callable[[], _T]) -> _T | ImageProblem:
    """Run decoding work, turning every kind of bad input into an ImageProblem."""
    # catch_warnings swaps process-wide filters (until Python 3.14): run images in parallel with processes, not threads.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # Pillow's complaints about odd metadata we throw away anyway
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            return work()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            return _bomb(name, None, _pixel_limit(settings))
        except BAD_INPUT:
            return _problem("corrupt", name)


def _open_file(path: Path) -> io.BufferedReader | ImageProblem:
    # Through the one safe opener: a named pipe or device named like a photo is refused before it is opened.
    try:
        return open_file(path)
    except Refused:
        return _problem("unsupported", path.name, why="is not a normal file")
    except OSError as exc:
        found = not isinstance(exc, FileNotFoundError | NotADirectoryError)
        return _problem("missing", path.name, what="opened" if found else "found")


def _check_kind(f: io.BufferedReader, path: Path) -> str | ImageProblem:
    """Return the format of the content if the file name allows it."""
    expected = FORMAT_OF_SUFFIX.get(path.suffix.lower())
    if expected is None:
        why = f"is not a kind of picture the website can show ({path.suffix or 'no ending'})"
        return _problem("unsupported", path.name, why=why)
    f.seek(0)
    head = f.read(32)
    actual = sniff(head)
    if not head or (actual is None and head.startswith(b"\0" * len(head))):  # what an interrupted copy leaves
        return _problem("corrupt", path.name)
    if actual is None:
        return _problem("unsupported", path.name, why="is not a kind of picture the website can show")
    if actual != expected:
        better = path.stem + SUFFIX_OF_FORMAT[actual]
        return _problem("mismatch", path.name, actual=actual, suffix=path.suffix, better=better)
    return actual


def _open_image(f: io.BufferedReader, fmt: str, name: str, settings: ImageSettings) -> ImageFile.ImageFile | ImageProblem:
    """Read only the header and refuse sizes over the limit before any pixel is decoded."""
    f.seek(0)
    img = OPENERS[fmt](f)
    if img.width * img.height > _pixel_limit(settings):
        return _bomb(name, img.size, _pixel_limit(settings))
    return img


def _is_animated(img: ImageFile.ImageFile, fmt: str) -> bool:
    # Multi-image HEIF files are bursts or depth maps, not animations.
    return fmt in ("GIF", "PNG", "WEBP") and bool(getattr(img, "is_animated", False))


def _inspect(f: io.BufferedReader, path: Path, settings: ImageSettings) -> ImageProblem | None:
    fmt = _check_kind(f, path)
    img = fmt if isinstance(fmt, ImageProblem) else _open_image(f, fmt, path.name, settings)
    if isinstance(img, ImageProblem):
        return img
    animated = _is_animated(img, img.format or "")
    if img.format == "JPEG":
        img.draft("RGB", (1, 1))  # 1/8 scale: every byte is still entropy-decoded, so truncation shows, but cheaply
    img.load()
    return _problem("animated", path.name) if animated else None


def inspect_image(path: Path, settings: ImageSettings = ImageSettings()) -> ImageProblem | None:
    """Cheaply check that a file exists, matches its extension, is not too big and decodes fully."""
    opened = _open_file(path)
    if isinstance(opened, ImageProblem):
        return opened
    with opened as f:
        return _guarded(path.name, settings, lambda: _inspect(f, path, settings))


def _render(f: io.BufferedReader, ident: _Identity, name: str, settings: ImageSettings) -> _Rendered | ImageProblem:
    img = _open_image(f, ident.format, name, settings)
    if isinstance(img, ImageProblem):
        return img
    kinds = ("animated",) if _is_animated(img, ident.format) else ()
    long_side = max(img.size)
    # Every web size smaller than the photo, and the photo's own size when it is below the largest web size,
    # so a 700 px drawing is published at 700 px, not only at 480.
    kept = [w for w in settings.widths if w < long_side]
    if long_side <= settings.widths[-1]:
        kept.append(long_side)
    thumb = min(settings.thumbnail, long_side)
    copies = scaled(img, sorted({*kept, thumb}, reverse=True))
    fmt, ext = ("png", "png") if copies[thumb].mode in ("RGBA", "LA") else ("jpeg", "jpg")

    def is_original(data: bytes) -> bool:
        if len(data) != ident.size:
            return False
        f.seek(0)
        return f.read() == data

    data = {side: encode(im, fmt, settings.jpeg_quality, is_original) for side, im in copies.items()}
    renditions = tuple(Rendition(f"{side}.{ext}", *copies[side].size) for side in kept)
    thumbnail = Rendition(f"thumb.{ext}", *copies[thumb].size)
    files = (*((f"{side}.{ext}", data[side]) for side in kept), (thumbnail.file, data[thumb]))
    return _Rendered(_Entry(fmt, renditions, thumbnail, kinds), files)


def _key(digest: str, settings: ImageSettings) -> str:
    return hashlib.sha256(f"{digest}\0{settings.fingerprint()}\0{PIPELINE_VERSION}".encode()).hexdigest()


def _content_key(f: io.BufferedReader, settings: ImageSettings) -> str:
    f.seek(0)
    return _key(hashlib.file_digest(f, "sha256").hexdigest(), settings)


def _identify(f: io.BufferedReader, path: Path, settings: ImageSettings, digest: str | None) -> _Identity | ImageProblem:
    fmt = _check_kind(f, path)
    if isinstance(fmt, ImageProblem):
        return fmt
    size = os.fstat(f.fileno()).st_size
    if digest is None:
        return _Identity(fmt, _content_key(f, settings), from_git=False, size=size)
    return _Identity(fmt, _key(digest, settings), from_git=is_git_key(digest), size=size)


def _entry_folder(cache_dir: Path, key: str) -> Path:
    return cache_dir.resolve() / key[:2] / key


def _entry_json(entry: _Entry, key: str) -> str:
    def rendition(r: Rendition) -> dict[str, object]:
        return {"file": r.file, "width": r.width, "height": r.height}

    return json.dumps(
        {
            "pipeline": PIPELINE_VERSION,
            "key": key,
            "format": entry.format,
            "renditions": [rendition(r) for r in entry.renditions],
            "thumbnail": rendition(entry.thumbnail),
            "problems": list(entry.problem_kinds),
        },
        indent=1,
    )


def _rendition_from(obj: object, folder: Path) -> Rendition | None:
    if not isinstance(obj, dict):
        return None
    file, width, height = obj.get("file"), obj.get("width"), obj.get("height")
    if not (isinstance(file, str) and _SAFE_FILE.fullmatch(file)):  # a tampered meta.json must not point elsewhere
        return None
    if type(width) is not int or type(height) is not int or min(width, height) < 1:
        return None
    path = folder / file
    return Rendition(file, width, height) if path.is_file() and path.stat().st_size > 0 else None


def _entry_from(meta: object, folder: Path, key: str) -> _Entry | None:
    if not isinstance(meta, dict) or meta.get("pipeline") != PIPELINE_VERSION or meta.get("key") != key:
        return None
    fmt, items, kinds = meta.get("format"), meta.get("renditions"), meta.get("problems")
    if fmt not in ("jpeg", "png") or not isinstance(items, list) or not items or kinds not in ([], ["animated"]):
        return None
    renditions = [_rendition_from(item, folder) for item in items]
    thumbnail = _rendition_from(meta.get("thumbnail"), folder)
    if thumbnail is None or None in renditions:
        return None
    return _Entry(str(fmt), tuple(r for r in renditions if r is not None), thumbnail, ("animated",) if kinds else ())


def _result(entry: _Entry, folder: Path, key: str, name: str, from_cache: bool) -> ProcessedImage:
    problems = tuple(_problem(kind, name) for kind in entry.problem_kinds)
    largest = entry.renditions[-1]
    return ProcessedImage(
        key, folder, entry.format, largest.width, largest.height, entry.renditions, entry.thumbnail, problems, from_cache
    )


def _load_entry(folder: Path, key: str, name: str) -> ProcessedImage | None:
    """Return the finished entry, or None if it is absent, half-written or damaged."""
    try:
        meta: object = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    entry = _entry_from(meta, folder, key)
    return None if entry is None else _result(entry, folder, key, name, from_cache=True)


def _write_temp(shard: Path, key: str, rendered: _Rendered) -> Path:
    shard.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".partial-", dir=shard))
    try:
        for file, data in rendered.files:
            (tmp / file).write_bytes(data)
        # meta.json last: its presence is what marks an entry as finished.
        (tmp / "meta.json").write_text(_entry_json(rendered.entry, key), encoding="utf-8")
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return tmp


def install_entry(tmp: Path, folder: Path) -> bool:
    """Atomically move a finished temp folder into place; False if the place is taken or the cache vanished."""
    try:
        tmp.rename(folder)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        if exc.errno in (errno.EEXIST, errno.ENOTEMPTY, errno.ENOENT):
            return False
        raise
    return True


def discard_entry(folder: Path) -> None:
    # Move aside first so no reader ever sees a half-deleted entry under the real name.
    trash = Path(tempfile.mkdtemp(prefix=".trash-", dir=folder.parent))
    try:
        folder.rename(trash / "old")
    except FileNotFoundError:
        pass  # another process already cleared it
    finally:
        shutil.rmtree(trash, ignore_errors=True)


def _publish(folder: Path, key: str, rendered: _Rendered, name: str) -> ProcessedImage:
    for _attempt in range(3):
        try:
            tmp = _write_temp(folder.parent, key, rendered)
        except FileNotFoundError:
            continue  # the cache was deleted while we wrote: write again
        if install_entry(tmp, folder):
            return _result(rendered.entry, folder, key, name, from_cache=False)
        theirs = _load_entry(folder, key, name)
        if theirs is not None:
            return replace(theirs, from_cache=False)
        if folder.exists():
            discard_entry(folder)
    raise OSError(f"could not store {name} in the image cache at {folder.parent.parent}")


def _cached(f: io.BufferedReader, cache_dir: Path, ident: _Identity, name: str, settings: ImageSettings) -> ProcessedImage | None:
    cached = _load_entry(_entry_folder(cache_dir, ident.key), ident.key, name)
    if cached is None and ident.from_git:
        # Processed before it was committed (or while it was changed): found under its content's key.
        content = _content_key(f, settings)
        cached = _load_entry(_entry_folder(cache_dir, content), content, name)
    return cached


def process_image(
    path: Path, cache_dir: Path, settings: ImageSettings = ImageSettings(), *, digest: str | None = None
) -> ProcessedImage | ImageProblem:
    """Decode, orient, strip metadata, resize into renditions + thumbnail, cached by content in cache_dir.

    `digest` identifies the file's content when the caller knows it already, so the file is not read twice: its
    sha256 (hex), or Git's blob id of a tracked, unmodified file (plp_site.photos.keys), so a fresh clone of a
    school's repository finds its photos in a restored cache without reading them."""
    opened = _open_file(path)
    if isinstance(opened, ImageProblem):
        return opened
    with opened as f:
        ident = _guarded(path.name, settings, lambda: _identify(f, path, settings, digest))
        if isinstance(ident, ImageProblem):
            return ident
        cached = _cached(f, cache_dir, ident, path.name, settings)
        if cached is not None:
            return cached
        rendered = _guarded(path.name, settings, lambda: _render(f, ident, path.name, settings))
    if isinstance(rendered, ImageProblem):
        return rendered
    return _publish(_entry_folder(cache_dir, ident.key), ident.key, rendered, path.name)
