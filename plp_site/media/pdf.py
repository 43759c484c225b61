"""Publish a cleaned copy of a PDF (no active content, attachments, forms or metadata) with a first-page picture."""

from __future__ import annotations

import io
import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Final

import pikepdf
import pypdfium2
from pikepdf import Array, Dictionary, Name, Stream

from plp_site.media.cache import Stored
from plp_site.media.pipeline import Kind, Produce, corrupt, run
from plp_site.media.result import DEFAULT_LIMITS, MediaLimits, MediaProblem, ProcessedMedia, short_name
from plp_site.media.stills import POSTER_SIDE, write_stills

__all__ = ["process_pdf"]

# PDFium may not be called from two threads at once; builds that use threads take turns here.
_PDFIUM: Final = threading.Lock()
_BAD_INPUT: Final = (pikepdf.PdfError, pypdfium2.PdfiumError, ValueError, RuntimeError, TypeError, KeyError, IndexError)
# Keys that hold code, actions that run by themselves, files, forms, or facts about the author.
_DROP_KEYS: Final = {
    "/JS": "javascript",
    "/JavaScript": "javascript",
    "/AA": "actions",
    "/OpenAction": "actions",
    "/EmbeddedFiles": "attachments",
    "/AF": "attachments",
    "/Collection": "attachments",
    "/AcroForm": "forms",
    "/Metadata": "metadata",
    "/PieceInfo": "metadata",  # editing apps keep private data here, sometimes the whole source file
    "/Perms": "forms",
    "/Thumb": "metadata",  # a stored thumbnail may show an older version of the page
}
_DROP_ANNOTATIONS: Final = {
    "/FileAttachment": "attachments",
    "/Sound": "attachments",
    "/Movie": "attachments",
    "/Screen": "actions",
    "/RichMedia": "actions",
    "/3D": "actions",
    "/Widget": "forms",
}
_LINK_SCHEMES: Final = ("http://", "https://", "mailto:")
# Told to the student: what the website copy leaves out (metadata is always dropped and not worth a word).
_WORTH_TELLING: Final = ("javascript", "actions", "attachments", "forms")
_JPEG_DROPPED: Final = {*range(0xE1, 0xEE), 0xEF, 0xFE}  # APP1-APP13 (EXIF, XMP, ICC, IPTC), APP15 and comments


def _plain_link(action: object) -> bool:
    """True for the only actions kept: a jump inside the document or a web/mail link."""
    if not isinstance(action, Dictionary):
        return False
    kind = action.get("/S")
    if kind == Name.GoTo:
        return True
    uri = action.get("/URI")
    return kind == Name.URI and isinstance(uri, pikepdf.String) and str(uri).strip().lower().startswith(_LINK_SCHEMES)


def _clean_annotations(annots: Array, removed: set[str]) -> None:
    for index in reversed(range(len(annots))):
        annot = annots[index]
        subtype = annot.get("/Subtype") if isinstance(annot, Dictionary) else None
        if subtype is not None and str(subtype) in _DROP_ANNOTATIONS:
            removed.add(_DROP_ANNOTATIONS[str(subtype)])
            del annots[index]


def _clean_dictionary(obj: Dictionary | Stream, removed: set[str]) -> None:
    for key in list(obj.keys()):
        if key in _DROP_KEYS:
            removed.add(_DROP_KEYS[key])
            del obj[key]
        elif key == "/A" and not _plain_link(obj[key]):
            removed.add("javascript" if obj[key].get("/S") == Name.JavaScript else "actions")
            del obj[key]
        elif key == "/A":
            action = obj[key]
            if "/Next" in action:  # a kept link must not chain into another action
                removed.add("actions")
                del action["/Next"]
        elif key == "/Annots":
            annots = obj[key]
            if isinstance(annots, Array):
                _clean_annotations(annots, removed)


def _children(obj: object) -> list[object]:
    if isinstance(obj, Dictionary | Stream):
        return [obj[key] for key in obj.keys()]  # noqa: SIM118  (pikepdf objects iterate differently)
    if isinstance(obj, Array):
        return list(obj)
    return []


def _clean(pdf: pikepdf.Pdf) -> set[str]:
    """Remove active content, attachments, forms and metadata from every reachable object; return what went."""
    removed: set[str] = set()
    if "/Info" in pdf.trailer:
        removed.add("metadata")
        del pdf.trailer["/Info"]
    seen: set[tuple[int, int]] = set()
    stack: list[object] = [pdf.Root]
    while stack:  # a loop, not recursion: a hostile file can nest objects deeper than Python's stack
        obj = stack.pop()
        if isinstance(obj, pikepdf.Object) and obj.is_indirect:
            if obj.objgen in seen:
                continue
            seen.add(obj.objgen)
        if isinstance(obj, Dictionary | Stream):
            _clean_dictionary(obj, removed)
            if isinstance(obj, Stream):
                _strip_jpeg_stream(obj)
        stack.extend(_children(obj))
    return removed


def _strip_jpeg(data: bytes) -> bytes | None:
    """Return a JPEG without its EXIF, XMP, comment and other application segments, or None if it is malformed."""
    if not data.startswith(b"\xff\xd8"):
        return None
    out, i = bytearray(b"\xff\xd8"), 2
    while i + 4 <= len(data) and data[i] == 0xFF:
        marker = data[i + 1]
        if marker == 0xDA:  # start of scan: the picture itself follows
            return bytes(out + data[i:])
        end = i + 2 + int.from_bytes(data[i + 2 : i + 4], "big")
        if marker not in _JPEG_DROPPED:
            out += data[i:end]
        i = end
    return None


def _strip_jpeg_stream(stream: Stream) -> None:
    # A photo placed in a PDF by a scanning or notes app keeps the phone's EXIF (and GPS) inside the page.
    if stream.get("/Subtype") != Name.Image or stream.get("/Filter") not in (Name.DCTDecode, Array([Name.DCTDecode])):
        return
    stripped = _strip_jpeg(stream.read_raw_bytes())
    if stripped is not None:
        parms = stream.get("/DecodeParms")
        stream.write(stripped, filter=Name.DCTDecode, decode_parms=parms if isinstance(parms, Dictionary | Array) else None)


def _render_first_page(document: Path, folder: Path) -> ProcessedMedia:
    with _PDFIUM:
        pdf = pypdfium2.PdfDocument(document)
        try:
            page = pdf[0]
            width, height = page.get_size()
            if not (width > 0 and height > 0):
                raise ValueError("page without size")
            picture = page.render(scale=POSTER_SIDE / max(width, height), may_draw_forms=False).to_pil().copy()
        finally:
            pdf.close()
    poster, thumb = write_stills(picture, folder)
    return ProcessedMedia("pdf", "", folder, "document.pdf", poster.width, poster.height, poster=poster, thumbnail=thumb)


def _too_long(name: str, pages: int, limit: int) -> MediaProblem:
    return MediaProblem(
        "too-long",
        f"{short_name(name)} has {pages} pages, more than the {limit} page limit.",
        "Split it into shorter PDFs, or keep only the pages that show your work.",
    )


def _locked(name: str) -> MediaProblem:
    return MediaProblem(
        "unsupported",
        f"{short_name(name)} is locked with a password, so the website cannot show it.",
        "Save or export the PDF again without a password.",
    )


def _complete(f: io.BufferedReader) -> bool:
    """True when the file still has its end marker: a copy cut short loses it first."""
    size = f.seek(0, io.SEEK_END)
    f.seek(max(0, size - 2048))
    tail = f.read()
    f.seek(0)
    return b"%%EOF" in tail


def _maker(name: str, limits: MediaLimits) -> Produce:
    def make(f: io.BufferedReader, _container: str, folder: Path) -> Stored | MediaProblem:
        if not _complete(f):
            return corrupt(name, "Copy the PDF again, or export it again from the app you made it with.")
        try:
            pdf = pikepdf.open(f)
        except pikepdf.PasswordError:
            return _locked(name)
        with pdf:
            pages = len(pdf.pages)
            if pages == 0:
                return corrupt(name)
            if pages > limits.pdf_pages:
                return _too_long(name, pages, limits.pdf_pages)
            removed = _clean(pdf)
            # Linearized so a browser shows the first page before the whole file arrives.
            pdf.save(folder / "document.pdf", linearize=True, deterministic_id=True, encryption=False, fix_metadata_version=False)
        media = _render_first_page(folder / "document.pdf", folder)
        return Stored(replace(media, pages=pages), {"removed": ",".join(sorted(removed))})

    return make


def _admit(limits: MediaLimits) -> Callable[[Stored, str], MediaProblem | None]:
    def admit(stored: Stored, name: str) -> MediaProblem | None:
        pages = stored.media.pages or 0
        return _too_long(name, pages, limits.pdf_pages) if pages > limits.pdf_pages else None

    return admit


def _notes(stored: Stored, name: str) -> tuple[MediaProblem, ...]:
    removed = [part for part in str(stored.facts.get("removed", "")).split(",") if part in _WORTH_TELLING]
    if not removed:
        return ()
    words = {
        "javascript": "code",
        "actions": "actions that run by themselves",
        "attachments": "attached files",
        "forms": "a form",
    }
    listed = ", ".join(words[part] for part in _WORTH_TELLING if part in removed)
    return (
        MediaProblem(
            "unsafe",
            f"{short_name(name)} contains {listed}; the website shows a copy without them.",
            "Nothing to do if the pages are what matters; share anything else as its own file or as a link.",
            fatal=False,
        ),
    )


def process_pdf(
    source: Path,
    cache: Path,
    limits: MediaLimits = DEFAULT_LIMITS,
    digest: str | None = None,
    *,
    inside: Path | None = None,
) -> ProcessedMedia | MediaProblem:
    """Publish a cleaned copy of a PDF and a picture of its first page, cached by content in cache."""
    kind = Kind("pdf", "PDF documents", limits.pdf_bytes, _BAD_INPUT, _admit(limits), _notes)
    return run(source, cache, kind, digest, _maker(source.name, limits), inside=inside)
