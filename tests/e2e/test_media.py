"""The demo school's media evidence in Chromium: the video plays (its metadata loads from the site), the captions
track is there, and the drawing shows as a picture."""

from __future__ import annotations

from .browser import Tab
from .conftest import DemoSite

_VIDEO_JS = """
async () => {
  const video = document.querySelector("article video, .md-content video");
  if (!video) return null;
  video.preload = "metadata";  // what pressing play starts: the page itself asks for nothing until then
  video.load();
  await Promise.race([
    new Promise((done) => video.addEventListener("loadedmetadata", done, {once: true})),
    new Promise((done) => video.addEventListener("error", done, {once: true})),
    new Promise((done) => setTimeout(done, 15000)),
  ]);
  const track = video.querySelector("track");
  return {readyState: video.readyState, duration: video.duration, error: video.error && video.error.code,
          width: video.videoWidth, track: track && track.getAttribute("kind")};
}
"""
_DRAWING_JS = """
async () => {
  const img = Array.from(document.images).find((i) => (i.getAttribute("alt") || "").startsWith("A plan of the sorting"));
  if (!img) return null;
  img.scrollIntoView({block: "center"});
  await img.decode().catch(() => null);
  return img.naturalWidth;
}
"""


def test_demo_video_loads_and_drawing_shows(desktop: Tab, demo_site: DemoSite) -> None:
    """maya-chen's talk: the published MP4 loads its metadata in Chromium, with captions; the drawing decodes."""
    url = demo_site.address + demo_site.paths["maya-chen"] + "evidence/compost-crew-talk/"
    with desktop.visit(url) as opened:
        video = opened.page.evaluate(_VIDEO_JS)
        drawing_width = opened.page.evaluate(_DRAWING_JS)
        # Chromium aborts a media request itself once it has what it asked for, so only other hosts count here.
        foreign = list(opened.foreign_requests)
    assert video is not None, "no <video> on the evidence page"
    assert video["error"] is None, f"the video failed to load: {video}"
    assert video["readyState"] >= 1, video
    assert video["duration"] > 0, video
    assert video["width"] > 0, video
    assert video["track"] == "captions", video
    assert drawing_width, "the drawing did not load"
    assert not foreign, foreign
