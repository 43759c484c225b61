"""Publish a video as a web-playable MP4 (H.264 + AAC, at most 1280 px, no metadata) with a poster frame."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, replace
from fractions import Fraction
from pathlib import Path
from typing import Final

import av
import av.filter
from av.audio.frame import AudioFrame
from av.audio.stream import AudioStream
from av.container import InputContainer, OutputContainer
from av.video.frame import VideoFrame
from av.video.stream import VideoStream

from plp_site.media.cache import Stored
from plp_site.media.captions import Captions, read_captions
from plp_site.media.pipeline import Kind, Produce, corrupt, run
from plp_site.media.result import DEFAULT_LIMITS, MediaLimits, MediaProblem, ProcessedMedia, short_name
from plp_site.media.stills import write_stills
from plp_site.media.transcode import BAD_INPUT, AudioOut, open_input, too_long, truncated

__all__ = ["MAX_SIDE", "process_video"]

MAX_SIDE: Final = 1280
_MAX_RATE: Final = Fraction(30)
_FASTEST_CAMERA: Final = 240  # frames a second of a phone's slow motion: a bound on frames that no timestamp can lift
_SLACK: Final = 0.5  # seconds over the limit still accepted, for rounding in phones' trimming
_POSTER_AT: Final = 1.0  # seconds in: the first frame is often black or blurred
# CRF 23 with a ceiling on the rate: good for a talk or a robot at 720p, and a 5 minute clip stays near 50 MB.
_X264: Final = {"crf": "23", "preset": "veryfast", "profile": "high", "maxrate": "2500k", "bufsize": "5000k"}
_MP4: Final = {"movflags": "+faststart", "fflags": "+bitexact"}  # moov first for streaming; bitexact: no encoder tag


@dataclass(frozen=True)
class _Shape:
    """The published picture: rotation to undo, size and frame rate."""

    rotation: int
    width: int
    height: int
    rate: Fraction


def _even(value: float) -> int:
    return max(2, 2 * round(value / 2))


def _shape(frame: VideoFrame, stream: VideoStream) -> _Shape:
    rotation = round(frame.rotation / 90) * 90 % 360  # counter-clockwise degrees the phone asks the player to turn
    sar = stream.sample_aspect_ratio
    width = frame.width * (float(sar) if sar and sar > 0 else 1.0)  # non-square pixels become square ones
    height = float(frame.height)
    if rotation in (90, 270):
        width, height = height, width
    scale = min(1.0, MAX_SIDE / max(width, height))
    rate = stream.average_rate or stream.guessed_rate or _MAX_RATE
    rate = min(Fraction(rate).limit_denominator(1001), _MAX_RATE) if rate > 0 else _MAX_RATE
    return _Shape(rotation, _even(width * scale), _even(height * scale), rate)


def _graph(frame: VideoFrame, stream: VideoStream, shape: _Shape) -> av.filter.Graph:
    graph = av.filter.Graph()
    nodes = [graph.add_buffer(width=frame.width, height=frame.height, format=frame.format, time_base=stream.time_base)]
    turns = {90: [("transpose", "cclock")], 180: [("hflip", ""), ("vflip", "")], 270: [("transpose", "clock")]}
    for name, args in turns.get(shape.rotation, []):
        nodes.append(graph.add(name, args or None))
    nodes.append(graph.add("scale", f"{shape.width}:{shape.height}"))
    nodes.append(graph.add("setsar", "1"))
    nodes.append(graph.add("fps", str(shape.rate)))  # also turns a phone's variable frame rate into a steady one
    nodes.append(graph.add("format", "yuv420p"))
    nodes.append(graph.add("buffersink"))
    graph.link_nodes(*nodes).configure()
    return graph


def _too_big_picture(name: str, frame: VideoFrame, limit: int) -> MediaProblem:
    return MediaProblem(
        "too-large",
        f"{short_name(name)} is {frame.width} x {frame.height} pixels, more than the website accepts "
        f"({limit / 1_000_000:.1f} megapixels).",
        "Export the video again at 1080p or 720p.",
    )


class _Job:
    """One video's decode-filter-encode run, stopped as soon as a limit is passed."""

    def __init__(self, out: OutputContainer, video: VideoStream, audio: AudioStream | None) -> None:
        self.out, self.video, self.sound = out, video, audio
        self.audio = AudioOut(out, audio.channels) if audio is not None else None
        if self.audio is not None:
            self.audio.hold()  # until the video stream exists, since it is made from the first picture
        self.graph: av.filter.Graph | None = None
        self.encoder: VideoStream | None = None
        self.shape: _Shape | None = None
        self.frames = self.encoded = 0
        self.first: float | None = None
        self.seconds = 0.0
        self.last_pts = -1
        self.poster: VideoFrame | None = None

    def start(self, frame: VideoFrame) -> None:
        self.shape = _shape(frame, self.video)
        self.graph = _graph(frame, self.video, self.shape)
        self.encoder = self.out.add_stream("libx264", rate=self.shape.rate, options=dict(_X264))
        self.encoder.width, self.encoder.height, self.encoder.pix_fmt = self.shape.width, self.shape.height, "yuv420p"
        if self.audio is not None:
            self.audio.release()

    def picture(self, frame: VideoFrame, name: str, limits: MediaLimits) -> MediaProblem | None:
        self.frames += 1
        if frame.width * frame.height > limits.video_pixels:
            return _too_big_picture(name, frame, limits.video_pixels)
        if frame.time is not None:
            self.first = frame.time if self.first is None else self.first
            self.seconds = max(self.seconds, frame.time - self.first)
        if self.seconds > limits.video_seconds + _SLACK or self.frames > _FASTEST_CAMERA * (limits.video_seconds + 1):
            return too_long(name, "videos", limits.video_seconds)
        if self.graph is None:
            self.start(frame)
        if frame.pts is None or frame.pts <= self.last_pts:  # the fps filter needs timestamps that go forward
            frame.pts = self.last_pts + 1
        self.last_pts = frame.pts
        assert self.graph is not None
        self.graph.push(frame)
        self.drain()
        return None

    def drain(self) -> None:
        assert self.graph is not None
        assert self.encoder is not None
        while True:
            try:
                frame = self.graph.pull()
            except (av.error.BlockingIOError, av.error.EOFError):
                return
            assert isinstance(frame, VideoFrame)
            if self.poster is None or (frame.time is not None and frame.time <= _POSTER_AT):
                self.poster = frame  # the last frame up to one second in
            self.encoded += 1
            self.out.mux(self.encoder.encode(frame))

    def finish(self) -> None:
        assert self.graph is not None
        assert self.encoder is not None
        self.graph.push(None)
        self.drain()
        self.out.mux(self.encoder.encode(None))
        if self.audio is not None:
            self.audio.push(None)


def _decode(inp: InputContainer, job: _Job, name: str, limits: MediaLimits) -> MediaProblem | None:
    streams: list[VideoStream | AudioStream] = [job.video] if job.sound is None else [job.video, job.sound]
    for packet in inp.demux(streams):
        for frame in packet.decode():
            problem = None
            if isinstance(frame, VideoFrame):
                problem = job.picture(frame, name, limits)
            elif isinstance(frame, AudioFrame) and job.audio is not None:
                job.audio.push(frame)
                over = job.audio.seconds > limits.video_seconds + _SLACK
                problem = too_long(name, "videos", limits.video_seconds) if over else None
            if problem is not None:
                return problem
    if job.graph is None:
        return corrupt(name)
    job.finish()
    return None


def _pick_video(inp: InputContainer) -> VideoStream | None:
    # A cover picture is stored as a one-frame video stream: it is not the video.
    return next((s for s in inp.streams.video if not s.disposition & av.stream.Disposition.attached_pic), None)


def _no_video(name: str) -> MediaProblem:
    return MediaProblem(
        "unsupported",
        f"{short_name(name)} has no picture, only sound.",
        "If it is a recording, rename it to end in .m4a; otherwise export the video again as MP4.",
    )


def _transcode(inp: InputContainer, folder: Path, name: str, limits: MediaLimits) -> _Job | MediaProblem:
    video = _pick_video(inp)
    if video is None:
        return _no_video(name)
    claimed = inp.duration / 1_000_000 if inp.duration else None
    if claimed is not None and claimed > limits.video_seconds + _SLACK:  # a cheap early no; a yes is checked frame by frame
        return too_long(name, "videos", limits.video_seconds, claimed)
    sound = inp.streams.audio[0] if inp.streams.audio else None
    with av.open(str(folder / "video.mp4"), "w", format="mp4", container_options=dict(_MP4)) as out:
        job = _Job(out, video, sound)
        problem = _decode(inp, job, name, limits)
        if problem is not None:
            return problem
    return job


def _maker(name: str, limits: MediaLimits, captions: Captions | None) -> Produce:
    def make(f: io.BufferedReader, container: str, folder: Path) -> Stored | MediaProblem:
        if truncated(f, container):
            return corrupt(name, "Copy the video again from the phone or camera, or export it again.")
        with open_input(f, container) as inp:
            job = _transcode(inp, folder, name, limits)
        if isinstance(job, MediaProblem):
            return job
        if job.poster is None or job.shape is None:
            return corrupt(name)
        poster, thumb = write_stills(job.poster.to_image(), folder)  # type: ignore[no-untyped-call]
        if captions is not None:
            (folder / "captions.vtt").write_bytes(captions.text)
        seconds = round(float(job.encoded / job.shape.rate), 3)
        media = ProcessedMedia(
            "video",
            "",
            folder,
            "video.mp4",
            job.shape.width,
            job.shape.height,
            seconds,
            poster=poster,
            thumbnail=thumb,
            captions="captions.vtt" if captions is not None else None,
        )
        return Stored(media)

    return make


def _admit(limits: MediaLimits) -> Callable[[Stored, str], MediaProblem | None]:
    def admit(stored: Stored, name: str) -> MediaProblem | None:
        seconds = stored.media.duration or 0.0
        return too_long(name, "videos", limits.video_seconds, seconds) if seconds > limits.video_seconds + _SLACK else None

    return admit


def process_video(
    source: Path,
    cache: Path,
    limits: MediaLimits = DEFAULT_LIMITS,
    digest: str | None = None,
    *,
    inside: Path | None = None,
) -> ProcessedMedia | MediaProblem:
    """Publish a web-playable, metadata-free MP4 of a video with a poster frame (and its captions), cached by content."""
    captions = read_captions(source, limits.captions_bytes, inside)
    ready = captions if isinstance(captions, Captions) else None
    parts = (ready.digest if ready is not None else "no captions",)
    kind = Kind("video", "videos", limits.video_bytes, BAD_INPUT, _admit(limits), key_parts=parts)
    result = run(source, cache, kind, digest, _maker(source.name, limits, ready), inside=inside)
    if isinstance(result, ProcessedMedia) and isinstance(captions, MediaProblem):
        result = replace(result, problems=(*result.problems, captions))
    return result
