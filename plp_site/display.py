"""How a student's text is shown in a message: shortened, and with every invisible character written out.

A finding's message quotes what a student wrote. Printed to a terminal or a CI log, a line break in it would let
the student's text start a line of its own (where GitHub Actions reads `::warning::` as a command), and an escape
sequence would drive the terminal. So every printer of text output passes it through `visible`.
"""

from __future__ import annotations

import re

__all__ = ["clip", "visible"]

# Control characters (C0, DEL, C1), the line and paragraph separators, text-direction controls, the byte order
# mark and surrogates (half a character, which a UTF-8 stream cannot even write).
_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff\ud800-\udfff]")
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _written_out(match: re.Match[str]) -> str:
    character = match.group(0)
    code = ord(character)
    return _NAMED.get(character) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def visible(text: str) -> str:
    """The text on one line, every control or invisible character written as an escape like `\\n` or `\\x1b`."""
    return _INVISIBLE.sub(_written_out, text)


def clip(text: str, limit: int = 60) -> str:
    """At most `limit` characters of the text, with `…` when some were left out."""
    return text if len(text) <= limit else text[:limit].rstrip() + "…"
