"""Progress of a build: a bar with done/total, failures and time left on a terminal; plain lines elsewhere."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TextIO

from plp_site.build import StudentResult
from plp_site.display import clip, visible

__all__ = ["ProgressReporter"]

_BAR = 24


@dataclass
class ProgressReporter:
    """Called once per finished student."""

    total: int
    stream: TextIO
    interactive: bool
    done: int = 0
    failed: int = 0
    started: float = field(default_factory=time.monotonic)

    def _eta(self) -> str:
        elapsed = time.monotonic() - self.started
        left = int(elapsed / self.done * (self.total - self.done)) if self.done else 0
        return f"{left // 60}:{left % 60:02d}"

    def __call__(self, result: StudentResult) -> None:
        """Count one student and show the new state."""
        self.done += 1
        self.failed += result.status == "failed"
        summary = f"{self.done}/{self.total} students, {self.failed} failed, about {self._eta()} left"
        if self.interactive:
            filled = _BAR * self.done // max(self.total, 1)
            self.stream.write(f"\r[{'#' * filled}{'.' * (_BAR - filled)}] {summary}  ")
            if self.done == self.total:
                self.stream.write("\n")
        else:
            # A folder name and a reason can hold a student's text: kept on this line (see display.visible).
            reason = f" ({visible(clip(result.reason, 200))})" if result.status == "failed" else ""
            student = visible(result.student_id)
            self.stream.write(f"[{self.done}/{self.total}] {student}: {result.status}{reason}; {self.failed} failed so far\n")
        self.stream.flush()
