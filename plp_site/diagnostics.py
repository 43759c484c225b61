"""Findings (what is wrong, where, and how to fix it) and the report that collects them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from enum import StrEnum

from plp_site.model import SourceLocation

__all__ = ["Finding", "Report", "Severity"]


class Severity(StrEnum):
    """How serious a finding is; a school may change it per code in mkdocs.yml."""

    ERROR = "error"
    WARNING = "warning"
    IGNORE = "ignore"


@dataclass(frozen=True)
class Finding:
    """One problem: a stable code, where it is, what is wrong in a student's words, and the fix."""

    code: str
    severity: Severity
    location: SourceLocation
    message: str
    hint: str

    @property
    def is_error(self) -> bool:
        """True for an error (it stops the student's site from being published)."""
        return self.severity is Severity.ERROR


@dataclass(frozen=True)
class Report:
    """The findings of one run, sorted by place, with the school's severity overrides applied."""

    findings: tuple[Finding, ...]

    @classmethod
    def of(cls, findings: Iterable[Finding], overrides: Mapping[str, Severity] | None = None) -> Report:
        """Apply overrides, drop ignored findings, and sort by file, line, column and code."""
        overrides = overrides or {}
        kept = []
        for finding in findings:
            severity = overrides.get(finding.code, finding.severity)
            if severity is not Severity.IGNORE:
                kept.append(replace(finding, severity=severity))
        kept.sort(key=lambda f: (f.location, f.code, f.message))
        return cls(tuple(dict.fromkeys(kept)))

    @property
    def errors(self) -> tuple[Finding, ...]:
        """The findings that are errors."""
        return tuple(f for f in self.findings if f.is_error)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        """The findings that are warnings."""
        return tuple(f for f in self.findings if not f.is_error)

    def for_folder(self, folder: str) -> Report:
        """The findings under one student folder."""
        prefix = folder.rstrip("/") + "/"
        return Report(tuple(f for f in self.findings if f.location.path == folder or f.location.path.startswith(prefix)))
