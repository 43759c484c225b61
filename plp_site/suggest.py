"""Did-you-mean hints, computed on a bounded amount of text whatever a student wrote."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from itertools import islice

__all__ = ["did_you_mean"]

# difflib compares every pair of characters: a hint must never cost more than a few short words do.
_LONGEST = 64
_CANDIDATES = 500


def did_you_mean(word: str, candidates: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The candidate closest to `word`, if one is close enough; None for a long word or when none is close."""
    if len(word) > _LONGEST:
        return None
    short = [candidate for candidate in islice(candidates, _CANDIDATES) if len(candidate) <= _LONGEST]
    close = difflib.get_close_matches(word, short, n=1, cutoff=cutoff)
    return close[0] if close else None
