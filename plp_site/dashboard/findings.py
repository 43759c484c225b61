"""A student's findings in plain words: which file, which line, what is wrong and what to do.

students.json keeps each finding as the text `plp check` prints (`path:line:col: severity CODE message` and an
indented `hint:` line); this reads it back, so records written by any earlier plp show the same way. A text that
does not have that shape is shown whole, as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from plp_site.dashboard.words import SEVERITIES, WORDS

__all__ = ["PlainFinding", "plain_findings"]

_LINE = re.compile(
    r"^(?P<path>.*?)(?::(?P<line>\d+):(?P<column>\d+))?: (?P<severity>error|warning|info) (?P<code>[A-Z]+\d+) (?P<message>.*)$"
)


@dataclass(frozen=True)
class PlainFinding:
    """One finding as staff read it."""

    file: str
    """The file inside the student's folder (`about-me.md`), or the path as given when it is elsewhere."""
    line: int | None
    severity: str
    """Error, Warning or Note."""
    code: str
    message: str
    hint: str

    @property
    def where(self) -> str:
        """`about-me.md, line 4`, or the file alone."""
        return WORDS["finding_where_line"].format(file=self.file, line=self.line) if self.line else self.file

    @property
    def sentence(self) -> str:
        """`about-me.md, line 4: the heading 'Strengths' has only 3 of your own words`."""
        return f"{self.where}: {self.message}" if self.file else self.message


def _in_folder(path: str, student_id: str) -> str:
    prefix = f"students/{student_id}/"
    return path[len(prefix) :] if path.startswith(prefix) else path


def plain_findings(findings: tuple[str, ...] | list[str], student_id: str) -> list[PlainFinding]:
    """The findings of one student's record, in plain words, in their order."""
    found = []
    for text in findings:
        first, _, rest = str(text).partition("\n")
        hint = rest.strip().removeprefix("hint:").strip()
        match = _LINE.match(first)
        if match is None:
            found.append(PlainFinding("", None, SEVERITIES["info"], "", first.strip(), hint))
            continue
        line = int(match["line"]) if match["line"] else None
        severity = SEVERITIES[match["severity"]]
        found.append(PlainFinding(_in_folder(match["path"], student_id), line, severity, match["code"], match["message"], hint))
    return found
