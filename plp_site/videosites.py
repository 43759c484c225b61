"""Videos embedded from a video website, turned into a plain link to the video's own page.

A family member who clicks the link goes to the video; nothing is requested from the video website before that.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import parse_qs, urlsplit

__all__ = ["VIDEO_SITES", "video_link"]

VIDEO_SITES = {
    "youtube.com": "YouTube",
    "youtube-nocookie.com": "YouTube",
    "youtu.be": "YouTube",
    "vimeo.com": "Vimeo",
    "dailymotion.com": "Dailymotion",
    "loom.com": "Loom",
    "ted.com": "TED",
    "wistia.com": "Wistia",
    "screencast.com": "Screencast",
    "flip.com": "Flip",
    "drive.google.com": "Google Drive",
    "docs.google.com": "Google Docs",
    "canva.com": "Canva",
    "edpuzzle.com": "Edpuzzle",
    "khanacademy.org": "Khan Academy",
}
"""Websites whose embeds are videos, and their names as a family knows them."""
_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
_SPACES = re.compile(r"\s+")


def _site(host: str) -> tuple[str, str] | None:
    host = host.lower().rstrip(".")
    for domain, name in VIDEO_SITES.items():
        if host == domain or host.endswith("." + domain):
            return domain, name
    return None


def _watch_address(domain: str, address: str) -> str:
    """The video's own page for the usual embed addresses (YouTube, Vimeo); else the address itself."""
    parts = urlsplit(address)
    segments = [segment for segment in parts.path.split("/") if segment]
    embedded = len(segments) >= 2 and segments[0] in ("embed", "v")
    if domain in ("youtube.com", "youtube-nocookie.com") and embedded and _ID.fullmatch(segments[1]):
        return f"https://www.youtube.com/watch?v={segments[1]}"
    if domain == "youtube.com" and segments[:1] == ["watch"]:
        found = parse_qs(parts.query).get("v", [""])[0]
        if _ID.fullmatch(found):
            return f"https://www.youtube.com/watch?v={found}"
    if domain == "vimeo.com" and segments[:1] == ["video"] and len(segments) >= 2 and segments[1].isdigit():
        return f"https://vimeo.com/{segments[1]}"
    return address


def video_link(attributes: Mapping[str, str | None]) -> tuple[str, str] | None:
    """The address and words of a link that replaces an embed from a video website (None for any other embed).

    Only `https:` addresses are linked; the words are the embed's title, else the website's name."""
    address = "".join((attributes.get("src") or attributes.get("data") or "").split())
    try:
        parts = urlsplit(address)
        host = parts.hostname or ""
    except ValueError:
        return None
    site = _site(host) if parts.scheme.lower() == "https" else None
    if site is None:
        return None
    title = _SPACES.sub(" ", attributes.get("title") or attributes.get("aria-label") or "").strip()[:200]
    return _watch_address(site[0], address), title or f"Video on {site[1]}"
