"""Publish a recording as a tag-free AAC file in an .m4a, which every current browser plays."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Final

import av
from av.audio.frame import AudioFrame
from av.audio.stream import AudioStream
from av.container import InputContainer

from plp_site.media.cache import Stored
from plp_site.media.pipeline import Kind, Produce, corrupt, run
from plp_site.media.result import DEFAULT_LIMITS, MediaLimits, MediaProblem, ProcessedMedia, short_name
from plp_site.media.transcode import BAD_INPUT, AudioOut, open_input, too_long, truncated

__all__ = ["process_audio"]

_SLACK: Final = 0.5
_M4A: Final = {"movflags": "+faststart", "fflags": "+bitexact"}  # playable while it loads; no encoder tag


def _no_sound(name: str) -> MediaProblem:
    return MediaProblem(
        "unsupported", f"{short_name(name)} has no sound in it.", "Record it again, or export it again as M4A or MP3."
    )


def _encode(inp: InputContainer, sound: AudioStream, out_path: Path, name: str, limits: MediaLimits) -> float | MediaProblem:
    with av.open(str(out_path), "w", format="mp4", container_options=dict(_M4A)) as out:
        encoder = AudioOut(out, sound.channels)
        for packet in inp.demux(sound):
            for frame in packet.decode():
                if isinstance(frame, AudioFrame):
                    encoder.push(frame)
                if encoder.seconds > limits.audio_seconds + _SLACK:  # counted from samples: headers can lie
                    return too_long(name, "recordings", limits.audio_seconds)
        if encoder.seconds == 0:
            return corrupt(name)
        encoder.push(None)
    return round(encoder.seconds, 3)


def _maker(name: str, limits: MediaLimits) -> Produce:
    def make(f: io.BufferedReader, container: str, folder: Path) -> Stored | MediaProblem:
        if truncated(f, container):
            return corrupt(name, "Copy the recording again from the phone or computer, or export it again.")
        with open_input(f, container) as inp:
            if not inp.streams.audio:
                return _no_sound(name)
            claimed = inp.duration / 1_000_000 if inp.duration else None
            if claimed is not None and claimed > limits.audio_seconds + _SLACK:
                return too_long(name, "recordings", limits.audio_seconds, claimed)
            seconds = _encode(inp, inp.streams.audio[0], folder / "audio.m4a", name, limits)
        if isinstance(seconds, MediaProblem):
            return seconds
        return Stored(ProcessedMedia("audio", "", folder, "audio.m4a", duration=seconds))

    return make


def _admit(limits: MediaLimits) -> Callable[[Stored, str], MediaProblem | None]:
    def admit(stored: Stored, name: str) -> MediaProblem | None:
        seconds = stored.media.duration or 0.0
        over = seconds > limits.audio_seconds + _SLACK
        return too_long(name, "recordings", limits.audio_seconds, seconds) if over else None

    return admit


def process_audio(
    source: Path,
    cache: Path,
    limits: MediaLimits = DEFAULT_LIMITS,
    digest: str | None = None,
    *,
    inside: Path | None = None,
) -> ProcessedMedia | MediaProblem:
    """Publish a web-playable AAC (.m4a) copy of a recording without its tags or cover picture, cached by content."""
    kind = Kind("audio", "recordings", limits.audio_bytes, BAD_INPUT, _admit(limits))
    return run(source, cache, kind, digest, _maker(source.name, limits), inside=inside)
