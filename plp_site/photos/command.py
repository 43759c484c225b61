"""`plp photos PATH...`: clean the photos under the given paths in place, and say what changed in each.

Only photo files (.jpg, .jpeg, .png, .webp, .heic, .heif) under the given paths are touched, and only inside the
school folder. A link is never followed (a link named on the command line, or found in a folder, is refused, and
so is a path that passes through a linked folder); named pipes, devices and other special files are never opened;
hidden folders (such as .git and .plp) are not entered.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from plp_site.files import Kind, is_link, walk
from plp_site.photos.clean import CLEANED_SUFFIXES, Outcome, clean_photo
from plp_site.photos.details import in_words

__all__ = ["PhotosSummary", "clean_photos", "outcome_line", "summary_line"]


@dataclass
class PhotosSummary:
    """Every file's outcome, in the order the files were found."""

    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def failed(self) -> list[Outcome]:
        """Photos left as they are because of a problem."""
        return [o for o in self.outcomes if o.problem]

    @property
    def changed(self) -> list[Outcome]:
        """Photos that were written."""
        return [o for o in self.outcomes if o.changed]


def _refusal(path: Path, real_root: Path) -> str:
    """Why a named path is not cleaned ("" when it may be). The school folder itself may be reached through a
    link (a home folder that is one, say); nothing below it may."""
    if is_link(path):
        return "is a link: plp photos never follows links"
    try:
        real = Path(os.path.realpath(path, strict=True))
    except OSError:
        return "does not exist"
    if not real.is_relative_to(real_root):
        return "is outside the school folder"
    if real == real_root:
        return ""
    folder = path.parent
    while Path(os.path.realpath(folder)) != real_root:
        if is_link(folder) or folder == folder.parent:
            return "is inside a linked folder: plp photos never follows links"
        folder = folder.parent
    return ""


def _found(path: Path, real_root: Path) -> Iterator[Outcome | Path]:
    """The photo files a named path stands for, or an Outcome saying why it is left as it is."""
    refusal = _refusal(path, real_root)
    if refusal:
        yield Outcome(path, problem=refusal)
        return
    mode = os.lstat(path).st_mode
    if stat.S_ISDIR(mode):
        for entry in walk(path):
            if entry.hidden or entry.path.suffix.lower() not in CLEANED_SUFFIXES:
                continue
            if entry.kind is Kind.FILE and not is_link(entry.path):
                yield entry.path
            elif entry.kind is Kind.SPECIAL:
                yield Outcome(entry.path, problem="is not a normal file")
            elif entry.kind is not Kind.DEEP_FOLDER:
                yield Outcome(entry.path, problem="is a link: plp photos never follows links")
    elif not stat.S_ISREG(mode):
        yield Outcome(path, problem="is not a normal file")
    elif path.suffix.lower() in CLEANED_SUFFIXES:
        yield path
    else:
        yield Outcome(path, note="is not a photo plp photos cleans (JPEG, PNG, WebP or HEIC): left as it is")


def clean_photos(paths: Sequence[Path], root: Path, long_side: int | None, report: Callable[[Outcome], None]) -> PhotosSummary:
    """Clean every photo under the paths (absolute) inside root; report each outcome as soon as it is known."""
    real_root = Path(os.path.realpath(root))
    summary, seen = PhotosSummary(), set[Path]()
    for given in paths:
        for found in _found(Path(os.path.abspath(given)), real_root):  # noqa: PTH100 (resolve() would follow links)
            where = found.path if isinstance(found, Outcome) else found
            if where in seen:
                continue
            seen.add(where)
            outcome = found if isinstance(found, Outcome) else clean_photo(found, root, long_side)
            summary.outcomes.append(outcome)
            report(outcome)
    return summary


def outcome_line(outcome: Outcome) -> str | None:
    """What happened to one file, after its name; None when nothing happened and there is nothing to say."""
    if outcome.problem:
        return f"left as it is: it {outcome.problem}"
    said = []
    if outcome.removed:
        said.append(f"removed {in_words(outcome.removed)}")
    if outcome.turned:
        said.append("turned the picture upright")
    if outcome.shrunk:
        (w, h), (new_w, new_h) = outcome.shrunk
        said.append(f"made smaller: {w}x{h} -> {new_w}x{new_h} pixels")
    if outcome.note:
        said.append(f"it {outcome.note}" if outcome.note.startswith("is ") else outcome.note)
    return "; ".join(said) or None


def summary_line(summary: PhotosSummary) -> str:
    """One line for the whole run."""
    photos = [o for o in summary.outcomes if o.problem or o.path.suffix.lower() in CLEANED_SUFFIXES]
    count = len(photos)
    if not count:
        return "plp photos: no photos found under the given paths"
    changed, failed = len(summary.changed), len(summary.failed)
    noun = "photo" if count == 1 else "photos"
    left = f"; {failed} left as {'it was' if failed == 1 else 'they were'} (see above)" if failed else ""
    if not changed:
        return f"plp photos: nothing to change in {count} {noun}{left}"
    return f"plp photos: cleaned {changed} of {count} {noun} ({count - changed - failed} had nothing to remove){left}"
