"""students.csv: the dashboard's table as a spreadsheet, one row per student, safe to open in Excel."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from plp_site.dashboard.model import Row

__all__ = ["HEADER", "csv_text", "safe_cell"]

HEADER = (
    "id", "name", "grade", "advisor", "status", "completeness", "latest entry", "last conference",
    "latest conference record", "errors", "warnings", "attention keys", "family link",
)  # fmt: skip

# A spreadsheet reads a cell starting with one of these as a formula (a name like "=HYPERLINK(...)" would run).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str | int:
    """A cell's value: numbers as they are, text with a leading ' when a spreadsheet would read it as a formula."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _cells(row: Row) -> list[object]:
    record = row.record
    return [
        record.id,
        record.name or "",
        record.grade,
        record.advisor or "",
        record.status,
        "" if row.percent is None else f"{row.percent}%",
        record.latest_entry or "",
        record.last_conference or "",
        record.last_record or "",
        record.errors,
        record.warnings,
        " ".join(row.attention),
        record.link if record.published else "",
    ]


def csv_text(rows: Sequence[Row]) -> str:
    """The spreadsheet: a byte order mark (so Excel reads UTF-8), the header, then a row per student; CRLF line
    ends and quotes where a cell holds a comma, a quote or a line break."""
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows([safe_cell(cell) for cell in _cells(row)] for row in rows)
    return "\ufeff" + stream.getvalue()
