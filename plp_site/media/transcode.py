"""What videos and recordings share: opening them safely with FFmpeg (PyAV), bounded decoding, and AAC sound."""

from __future__ import annotations

import io
from fractions import Fraction
from typing import Final

import av
from av.audio.fifo import AudioFifo
from av.audio.frame import AudioFrame
from av.audio.resampler import AudioResampler
from av.audio.stream import AudioStream
from av.container import InputContainer, OutputContainer

from plp_site.media.result import MediaProblem, minutes, short_name

__all__ = ["BAD_INPUT", "AudioOut", "open_input", "too_long", "truncated"]

BAD_INPUT: Final = (av.FFmpegError, ValueError, EOFError, IndexError, TypeError, ZeroDivisionError, OverflowError)
# The demuxer is named, never guessed: FFmpeg then never treats a student's file as a playlist or another format.
_DEMUXERS: Final = {"isobmff": "mov,mp4,m4a,3gp,3g2,mj2", "ebml": "matroska,webm", "mp3": "mp3", "wav": "wav", "ogg": "ogg"}
_AUDIO_RATE: Final = 48_000
_AAC_FRAME: Final = 1024
_MAX_BOXES: Final = 100_000


def open_input(f: io.BufferedReader, container: str) -> InputContainer:
    """Open a file that sniff found to be `container` with only that container's demuxer."""
    f.seek(0)
    # enable_drefs off: a movie must never make FFmpeg open other files it names.
    return av.open(f, "r", format=_DEMUXERS[container], options={"enable_drefs": "0"})


def truncated(f: io.BufferedReader, container: str) -> bool:
    """True when an MP4/MOV file's boxes run past its end, which is what a copy cut short looks like."""
    if container != "isobmff":
        return False  # WebM and Ogg recorders write unknown sizes, so only the decoder can tell
    size = f.seek(0, io.SEEK_END)
    position = 0
    for _box in range(_MAX_BOXES):
        if position == size:
            return False
        f.seek(position)
        header = f.read(16)
        if len(header) < 8:
            return True
        length = int.from_bytes(header[:4], "big")
        if length == 0:  # the last box runs to the end of the file
            return False
        if length == 1:
            length = int.from_bytes(header[8:16], "big") if len(header) == 16 else 0
        if length < 8:
            return True
        position += length
    return position > size


def too_long(name: str, what: str, limit: float, seconds: float | None = None) -> MediaProblem:
    """Return the problem of a video or recording over the school's length limit."""
    # Decoding stops at the limit, so the true length is known only when a header announced it.
    found = f"is {minutes(seconds)} long, more than" if seconds is not None else "is longer than"
    service = "video service" if what == "videos" else "file service"
    return MediaProblem(
        "too-long",
        f"{short_name(name)} {found} the {minutes(limit)} limit for {what}.",
        f"Trim it to under {minutes(limit)}, or put it on the school's {service} and link to it.",
    )


class AudioOut:
    """Resample any decoded sound to 48 kHz and encode it as AAC into an output container."""

    def __init__(self, out: OutputContainer, channels: int) -> None:
        layout = "mono" if channels == 1 else "stereo"
        self._out = out
        self.stream: AudioStream = out.add_stream("aac", rate=_AUDIO_RATE)
        self.stream.layout = layout
        self.stream.bit_rate = 96_000 if layout == "mono" else 128_000
        self._resampler = AudioResampler(format="fltp", layout=layout, rate=_AUDIO_RATE)
        self._fifo = AudioFifo()
        self._written = 0
        self._held: list[av.Packet[AudioStream]] | None = None
        self.seconds = 0.0  # of sound decoded so far, counted from the samples, not from any header

    def hold(self) -> None:
        """Keep encoded sound back until release(): the file's header is written at the first packet, after every stream."""
        self._held = []

    def release(self) -> None:
        """Write the sound held back so far and from now on write as it comes."""
        held, self._held = self._held or [], None
        self._out.mux(held)

    def _mux(self, packets: list[av.Packet[AudioStream]]) -> None:
        if self._held is not None:
            self._held.extend(packets)
        else:
            self._out.mux(packets)

    def push(self, frame: AudioFrame | None) -> None:
        """Encode one decoded frame, or finish the stream with None."""
        if frame is not None:
            self.seconds += frame.samples / max(frame.sample_rate, 1)
        for resampled in self._resampler.resample(frame):
            resampled.pts = None  # the FIFO checks that timestamps follow on; our own count replaces them
            self._fifo.write(resampled)
        while self._fifo.samples >= _AAC_FRAME or (frame is None and self._fifo.samples):
            chunk = self._fifo.read(min(_AAC_FRAME, self._fifo.samples))
            if chunk is None:
                break
            chunk.pts, chunk.time_base = self._written, Fraction(1, _AUDIO_RATE)
            self._written += chunk.samples
            self._mux(self.stream.encode(chunk))
        if frame is None:
            self._mux(self.stream.encode(None))
