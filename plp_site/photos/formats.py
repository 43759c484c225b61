"""The picture formats plp reads: file endings, what the first bytes say, and the one decoder for each."""

from __future__ import annotations

import struct
from collections.abc import Callable
from typing import BinaryIO, Final

import pillow_heif
from PIL import GifImagePlugin, ImageFile, JpegImagePlugin, PngImagePlugin, WebPImagePlugin

__all__ = ["BAD_INPUT", "FORMAT_OF_SUFFIX", "OPENERS", "SUFFIX_OF_FORMAT", "sniff"]

pillow_heif.register_heif_opener()
# Only the main picture is ever used: libheif need not list thumbnails, depth maps or auxiliary images (such as an
# iPhone's HDR gain map) for every file it opens.
pillow_heif.options.THUMBNAILS = False
pillow_heif.options.DEPTH_IMAGES = False
pillow_heif.options.AUX_IMAGES = False

FORMAT_OF_SUFFIX: Final = {
    ".jpg": "JPEG",
    ".jpeg": "JPEG",
    ".png": "PNG",
    ".gif": "GIF",
    ".webp": "WEBP",
    ".heic": "HEIF",
    ".heif": "HEIF",
}
SUFFIX_OF_FORMAT: Final = {"JPEG": ".jpg", "PNG": ".png", "GIF": ".gif", "WEBP": ".webp", "HEIF": ".heic"}
# Plugin classes are used directly instead of Image.open: only these decoders ever see untrusted bytes,
# and the header size is judged by our limit before Pillow's own check can raise without the size.
OPENERS: Final[dict[str, Callable[[BinaryIO], ImageFile.ImageFile]]] = {
    "JPEG": JpegImagePlugin.JpegImageFile,
    "PNG": PngImagePlugin.PngImageFile,
    "GIF": GifImagePlugin.GifImageFile,
    "WEBP": WebPImagePlugin.WebPImageFile,
    "HEIF": pillow_heif.HeifImageFile,
}
# What Pillow and its plugins raise for malformed input (Image.open itself treats the same set as "not this format").
BAD_INPUT: Final = (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError, struct.error)


def sniff(head: bytes) -> str | None:
    """The format the first bytes of a file show (JPEG, PNG, GIF, WEBP, HEIF), or None."""
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "GIF"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    if head[4:8] == b"ftyp" and pillow_heif.get_file_mimetype(head[:12]).startswith("image/hei"):
        return "HEIF"
    return None
