"""The evidence files a student's pages use besides photos (PDFs, videos, recordings, drawings, downloads), and what
is wrong with each of them, as findings at the page line that uses it.

`plp check` and the build judge these files the same way: both process them with plp_site.media into the
content-addressed cache (the build then publishes what check made), so what check passes never fails in the build.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Final

from plp_site.codes import finding
from plp_site.diagnostics import Finding
from plp_site.display import clip, visible
from plp_site.media import KINDS, MediaProblem, ProcessedMedia, kind_of, process_media
from plp_site.model import ImageRef, Link, Portfolio, SourceLocation
from plp_site.requirements import Requirements

__all__ = ["MEDIA_CACHE", "MediaExamine", "check_files", "file_uses", "is_file_evidence", "media_examiner", "offered"]

MediaExamine = Callable[[Path], ProcessedMedia | MediaProblem | None]
MEDIA_CACHE: Final = Path(".plp", "cache", "media")
"""Where processed media are cached, under the school folder (beside the photos' cache)."""
_CODES: Final = {
    "corrupt": "PLP407",
    "mismatch": "PLP408",
    "too-large": "PLP409",
    "too-long": "PLP410",
    "unsupported": "PLP411",
    "unsafe": "PLP411",
    "missing": "PLP411",
}
_WORDS: Final = {"pdf": "PDF document", "video": "video", "audio": "recording", "drawing": "drawing"}
_NOTE: Final = "PLP412"
_CAPTIONS: Final = ".vtt"


def is_file_evidence(relative: str) -> bool:
    """Whether a file a page uses is published (or refused) as a file: anything but a page or a photo."""
    path = PurePosixPath(relative)
    return path.suffix.lower() != ".md" and kind_of(Path(path.name)) != "image"


def offered(relative: str, requirements: Requirements) -> bool:
    """Whether a file of this kind is published by the school: a media kind, its captions or a download ending."""
    path = Path(PurePosixPath(relative).name)
    ending = path.suffix.lower().removeprefix(".")
    return kind_of(path) in KINDS or path.suffix.lower() == _CAPTIONS or ending in requirements.downloads


def file_uses(portfolio: Portfolio) -> dict[str, list[SourceLocation]]:
    """Each file besides pages and photos that a page shows or links to, with every place that uses it."""
    uses: dict[str, list[SourceLocation]] = {}
    for page in portfolio.pages:
        refs: tuple[ImageRef | Link, ...] = (*page.images, *page.links)
        for ref in refs:
            if ref.resolved and ref.resolved in portfolio.files and is_file_evidence(ref.resolved):
                uses.setdefault(ref.resolved, []).append(ref.location)
    return uses


def media_examiner(root: Path, folder: Path, requirements: Requirements) -> MediaExamine:
    """Examine media by processing them into the school's media cache, as the build does with its default cache."""
    cache = root / MEDIA_CACHE

    def examine(path: Path) -> ProcessedMedia | MediaProblem | None:
        return process_media(
            path, cache, requirements.media_limits, inside=folder, image_cache=root / ".plp" / "cache" / "images"
        )

    return examine


def check_files(portfolio: Portfolio, requirements: Requirements, examine: MediaExamine, folder: Path) -> list[Finding]:
    """A finding for each problem of a media file the pages use, and for each file of a kind the school does not
    publish."""
    findings: list[Finding] = []
    for relative, places in sorted(file_uses(portfolio).items()):
        kind = kind_of(Path(PurePosixPath(relative).name))
        if kind in KINDS:
            result = examine(folder / relative)  # once per file, however many pages use it
            problems = (result,) if isinstance(result, MediaProblem) else result.problems if result else ()
            # Said at every line that uses the file: each of those pages would otherwise be broken.
            findings.extend(_media_finding(p, kind or "", relative, where) for where in places for p in problems)
        elif not offered(relative, requirements):
            findings.extend(_not_offered(relative, where) for where in places)
    return findings


def _media_finding(problem: MediaProblem, kind: str, relative: str, where: SourceLocation) -> Finding:
    code = _CODES.get(problem.kind, "PLP411") if problem.fatal else _NOTE
    message = f"the {_WORDS.get(kind, 'file')} '{clip(visible(relative))}': {problem.message.rstrip('.')}"
    return finding(code, where, message, problem.hint.rstrip("."))


def _not_offered(relative: str, where: SourceLocation) -> Finding:
    ending = PurePosixPath(relative).suffix.lower()
    kind = f"{clip(visible(ending), 12)} files" if ending else "files without an ending"
    return finding(
        "PLP413",
        where,
        f"'{clip(visible(relative))}' is not published: {kind} are not shown on the website by your school",
        "export it as a PDF (or a picture) and link to that, or put it on the school's file service and link to it; "
        "your teacher can also ask for this kind of file to be offered as a download",
    )
