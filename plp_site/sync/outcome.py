"""What plp sync did for one student: cloned, updated, unchanged, or kept as it was with findings for a teacher."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from plp_site.diagnostics import Finding

__all__ = ["Outcome", "Status"]


class Status(StrEnum):
    """What happened to a student's folder."""

    CLONED = "cloned"
    """The folder did not exist: the repository was copied into it."""
    UPDATED = "updated"
    """The folder was brought forward to the repository's newest version."""
    UNCHANGED = "unchanged"
    """The folder already had the repository's newest version."""
    KEPT = "kept"
    """Something needs a teacher (see the findings): the folder was left exactly as it was (or not made)."""


@dataclass(frozen=True)
class Outcome:
    """One student's result."""

    student_id: str
    status: Status
    findings: tuple[Finding, ...] = ()
