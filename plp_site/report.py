"""Format a Report as text, JSON or GitHub workflow annotations, to a given stream.

Messages quote what students wrote. In every format, a student's text stays on its finding's line: no line break,
escape sequence or other control character of theirs reaches the stream as itself (see display.visible).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from typing import TextIO

from plp_site.diagnostics import Finding, Report
from plp_site.display import visible

__all__ = ["FORMATS", "format_finding", "summary_line", "write_github", "write_gitlab", "write_json", "write_text"]


def format_finding(finding: Finding) -> str:
    """`path:line:col: severity CODE message` and an indented hint line; no other line starts in them."""
    where = visible(finding.location.path)
    if finding.location.line:
        where += f":{finding.location.line}:{finding.location.column or 1}"
    return f"{where}: {finding.severity.value} {finding.code} {visible(finding.message)}\n  hint: {visible(finding.hint)}"


def summary_line(report: Report, students: int) -> str:
    """One line that counts students, errors and warnings."""
    errors, warnings = len(report.errors), len(report.warnings)

    def plural(count: int, word: str) -> str:
        return f"{count} {word}{'' if count == 1 else 's'}"

    return f"{plural(students, 'student')} checked: {plural(errors, 'error')}, {plural(warnings, 'warning')}"


def write_text(report: Report, stream: TextIO, students: int) -> None:
    """Every finding, then the summary line."""
    for finding in report.findings:
        print(format_finding(finding), file=stream)
    print(summary_line(report, students), file=stream)


def write_json(report: Report, stream: TextIO, students: int) -> None:
    """A JSON list of findings: path, line, column, severity, code, message, hint."""
    items = [
        {
            "path": f.location.path,
            "line": f.location.line,
            "column": f.location.column,
            "severity": f.severity.value,
            "code": f.code,
            "message": f.message,
            "hint": f.hint,
        }
        for f in report.findings
    ]
    # JSON escapes control characters below U+0020 itself; the other line breaks and controls are escaped here, so
    # that a tool that reads the output line by line sees one line where JSON has one.
    stream.write(_JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", json.dumps(items, indent=2, ensure_ascii=False)))
    stream.write("\n")


_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff\ud800-\udfff]")


def _escape(text: str, *, in_property: bool = False) -> str:
    # GitHub's workflow-command escaping: % and newlines always, and , and : inside properties; then every other
    # control character made visible, so the command stays on its line whatever the runner counts as a line break.
    text = visible(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))
    return text.replace(":", "%3A").replace(",", "%2C") if in_property else text


def write_github(report: Report, stream: TextIO, students: int) -> None:
    """GitHub Actions annotations (`::error file=...,line=...::message`), then the summary line."""
    for f in report.findings:
        properties = [f"file={_escape(f.location.path, in_property=True)}"]
        if f.location.line:
            properties += [f"line={f.location.line}", f"col={f.location.column or 1}"]
        properties.append(f"title={f.code}")
        print(f"::{f.severity.value} {','.join(properties)}::{_escape(f.message + chr(10) + 'hint: ' + f.hint)}", file=stream)
    print(summary_line(report, students), file=stream)


def write_gitlab(report: Report, stream: TextIO, students: int) -> None:
    """A GitLab Code Quality report (JSON): each finding on its file and line in the merge request."""
    items = []
    seen: dict[str, int] = {}
    for f in report.findings:
        # A fingerprint per finding that the same finding keeps from one run to the next (GitLab compares them);
        # two identical findings are told apart by their order.
        key = "\0".join((f.code, f.location.path, str(f.location.line), str(f.location.column), f.message))
        seen[key] = seen.get(key, 0) + 1
        key += f"\0{seen[key]}"
        items.append(
            {
                "description": f"{f.code} {f.message} (hint: {f.hint})",
                "check_name": f.code,
                "fingerprint": hashlib.sha256(key.encode("utf-8", "backslashreplace")).hexdigest(),
                "severity": "major" if f.is_error else "minor",
                "location": {"path": f.location.path, "lines": {"begin": f.location.line or 1}},
            }
        )
    stream.write(_JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", json.dumps(items, indent=2, ensure_ascii=False)))
    stream.write("\n")


FORMATS: dict[str, Callable[[Report, TextIO, int], None]] = {
    "text": write_text,
    "json": write_json,
    "github": write_github,
    "gitlab": write_gitlab,
}
