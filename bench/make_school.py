"""Write a synthetic school for benchmarks and tests, the same for the same seed.

    python bench/make_school.py OUT_DIR --students N [--seed S] [--photos-per-student 8] [--shared-photos]

OUT_DIR gets mkdocs.yml (the demo school's settings), theme/ (a copy of the demo's) and students/<id>/, each with
about-me.md, postsecondary.md, 3 goals, 6 reflections and 4 evidence pages of about 600 words, and the photos
(3000x2000 JPEG by default) spread over the evidence pages.

Photos: a pool of 64 photos (noise and gradients, so they compress like real ones) is made once per seed; each
student takes 8 of them. By default each student's copy gets its own JPEG comment segment, so its bytes (and
so its image cache key) differ from every other student's, as with real students, at the cost of a byte copy.
With --shared-photos the copies are hard links instead: faster and smaller, but the same photo then appears
in several students' folders and the image cache processes each pool photo only once.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import struct
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

__all__ = [
    "SchoolSpec",
    "make_photo",
    "mkdocs_yml",
    "photo_pool",
    "student_ids",
    "student_pages",
    "write_school",
    "write_student",
]

REPO = Path(__file__).resolve().parent.parent
SKILLS = ("communication", "self-direction", "problem-solving", "citizenship", "integrative-thinking")
AREAS = ("academic", "personal", "career", "civic")
STATUSES = ("not-started", "in-progress", "met")
FIRST = (
    "ada", "ben", "carmen", "dev", "elena", "farah", "gus", "hana", "ivan", "jada", "kofi", "lena", "malik",
    "nora", "omar", "priya", "quinn", "rosa", "sam", "tariq", "uma", "vera", "wes", "xiomara", "yusuf", "zoe",
)  # fmt: skip
LAST = (
    "abbott", "baker", "chen", "diaz", "evans", "fischer", "garcia", "haddad", "ito", "jensen", "kim", "lopez",
    "moreau", "nguyen", "okafor", "patel", "quist", "rossi", "silva", "tran", "usman", "varga", "wong", "young",
)  # fmt: skip
TOPICS = (
    "robotics", "compost", "debate", "soil", "bridges", "poetry", "coding", "gardening", "music", "history",
    "chemistry", "woodworking", "photography", "nutrition", "journalism", "maps", "solar panels", "bird counts",
)  # fmt: skip
NOUNS = (
    "project", "plan", "draft", "notebook", "schedule", "team", "prototype", "presentation", "question", "chart",
    "experiment", "budget", "interview", "poster", "design", "survey", "checklist", "mentor", "deadline", "habit",
)  # fmt: skip
VERBS = (
    "tested", "rewrote", "measured", "explained", "planned", "built", "shared", "fixed", "compared", "organized",
    "practiced", "questioned", "sketched", "revised", "recorded", "finished", "started", "presented",
)  # fmt: skip
ADJECTIVES = (
    "careful", "messy", "useful", "slow", "surprising", "difficult", "clear", "honest", "small", "ambitious",
    "practical", "confusing", "steady", "new", "better", "late", "early", "quiet",
)  # fmt: skip
SENTENCES = (
    "This week I {verb} the {noun} for my {topic} work, and it went better than I expected.",
    "At first the {noun} felt {adjective}, so I {verb} it again with my advisor.",
    "I learned that a {adjective} {noun} is easier to fix than a perfect one that never gets {verb}.",
    "My {topic} {noun} taught me to ask for help before the {noun} becomes a problem.",
    "When I {verb} my {noun}, I wrote down what worked and what did not.",
    "The most {adjective} part was explaining the {noun} to people who do not care about {topic} yet.",
    "Next time I will start the {noun} earlier and keep a {adjective} list of questions.",
    "My mentor said the {noun} was {adjective}, which made me look at it again.",
    "I {verb} three versions of the {noun} before one of them made sense to the group.",
    "Working on {topic} showed me that I like {adjective} problems with real people in them.",
    "I kept a {noun} every day, even the days when the {topic} part felt {adjective}.",
    "Our team {verb} the {noun} together, and I was the one who kept track of the {noun}.",
)  # fmt: skip
WORDS_PER_PAGE = 600


@dataclass(frozen=True)
class SchoolSpec:
    """What to generate: how many students, the seed, and the photos."""

    students: int
    seed: int = 0
    photos_per_student: int = 8
    photo_size: tuple[int, int] = (3000, 2000)
    pool_size: int = 64
    shared_photos: bool = False
    words_per_page: int = WORDS_PER_PAGE


def make_photo(rng: random.Random, size: tuple[int, int]) -> Image.Image:
    """Gradients, soft blobs, mid detail and fine noise: compresses roughly like a real photo."""
    width, height = size
    red = Image.linear_gradient("L").rotate(rng.randrange(360)).resize(size)
    green = Image.linear_gradient("L").rotate(rng.randrange(360)).resize(size)
    base = Image.merge("RGB", (red, green, Image.radial_gradient("L").resize(size)))
    blobs = Image.frombytes("RGB", (48, 32), rng.randbytes(48 * 32 * 3)).resize(size, Image.Resampling.BICUBIC)
    small = (max(1, width // 8), max(1, height // 8))
    detail = Image.frombytes("RGB", small, rng.randbytes(small[0] * small[1] * 3)).resize(size)
    fine = Image.frombytes("RGB", size, rng.randbytes(width * height * 3))
    return Image.blend(Image.blend(Image.blend(base, blobs, 0.5), detail, 0.25), fine, 0.1)


def photo_pool(folder: Path, count: int, seed: int, size: tuple[int, int]) -> list[Path]:
    """The pool of photos for a seed and size, made in folder (photos already there are reused)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        path = folder / f"pool-{seed}-{size[0]}x{size[1]}-{index:03}.jpg"
        if not path.is_file():
            rng = random.Random(f"photo:{seed}:{size}:{index}")
            temporary = path.with_suffix(".tmp")
            make_photo(rng, size).save(temporary, "JPEG", quality=90)
            temporary.replace(path)
        paths.append(path)
    return paths


def _with_comment(jpeg: bytes, comment: str) -> bytes:
    # A COM segment right after the start-of-image marker: other bytes, same picture, no re-encoding.
    text = comment.encode("ascii")
    return jpeg[:2] + b"\xff\xfe" + struct.pack(">H", len(text) + 2) + text + jpeg[2:]


def student_ids(count: int, seed: int) -> list[str]:
    """Distinct, valid student ids (first-last, with a number when the name is taken)."""
    rng = random.Random(f"ids:{seed}")
    seen: set[str] = set()
    ids = []
    while len(ids) < count:
        base = f"{rng.choice(FIRST)}-{rng.choice(LAST)}"
        candidate, number = base, 2
        while candidate in seen:
            candidate, number = f"{base}-{number}", number + 1
        seen.add(candidate)
        ids.append(candidate)
    return ids


def _paragraphs(rng: random.Random, topic: str, words: int) -> str:
    """Plain prose of about `words` words, in paragraphs of four to six sentences."""
    paragraphs, sentences, total = [], [], 0
    while total < words:
        sentence = rng.choice(SENTENCES).format(
            verb=rng.choice(VERBS), noun=rng.choice(NOUNS), adjective=rng.choice(ADJECTIVES), topic=topic
        )
        sentences.append(sentence)
        total += len(sentence.split())
        if len(sentences) >= rng.randint(4, 6):
            paragraphs.append(" ".join(sentences))
            sentences = []
    if sentences:
        paragraphs.append(" ".join(sentences))
    return "\n\n".join(paragraphs) + "\n"


def _sections(rng: random.Random, topic: str, headings: Sequence[str], words: int) -> str:
    share = max(1, words // len(headings))
    return "\n".join(f"## {heading}\n\n{_paragraphs(rng, topic, share)}" for heading in headings)


def _front_matter(fields: dict[str, object]) -> str:
    def shown(value: object) -> str:
        if isinstance(value, list | tuple):
            return "[" + ", ".join(str(v) for v in value) + "]"
        return str(value).lower() if isinstance(value, bool) else str(value)

    return "---\n" + "".join(f"{key}: {shown(value)}\n" for key, value in fields.items()) + "---\n"


def _skills(rng: random.Random) -> list[str]:
    return sorted(rng.sample(SKILLS, rng.randint(1, 3)))


def _goals(rng: random.Random, topics: list[str], words: int) -> dict[str, str]:
    pages = {}
    for number, topic in enumerate(topics, 1):
        slug = f"{topic.replace(' ', '-')}-goal-{number}"
        head = {
            "title": f"Get better at {topic}",
            "area": rng.choice(AREAS),
            "status": rng.choice(STATUSES),
            "target": dt.date(2027, rng.randint(1, 12), rng.randint(1, 28)).isoformat(),
            "skills": _skills(rng),
        }
        body = _sections(rng, topic, ("Why this goal matters", "Steps", "Progress notes"), words)
        pages[f"goals/{slug}.md"] = _front_matter(head) + body
    return pages


def _reflections(rng: random.Random, goals: list[str], topics: list[str], words: int) -> dict[str, str]:
    pages = {}
    day = dt.date(2025, 9, 1) + dt.timedelta(days=rng.randint(0, 30))
    for number in range(6):
        day += dt.timedelta(days=rng.randint(14, 50))  # the last one by July 2026: no date after the build's
        topic = rng.choice(topics)
        goal = rng.choice(goals)
        head = {"date": day.isoformat(), "title": f"What I learned about {topic}", "skills": _skills(rng), "goal": goal}
        body = _paragraphs(rng, topic, words - 20)
        body += f"\nThis is part of [my goal](../goals/{goal}.md); reflection {number + 1} of the year.\n"
        pages[f"reflections/{day.isoformat()}-{topic.replace(' ', '-')}-{number + 1}.md"] = _front_matter(head) + body
    return pages


def _evidence(rng: random.Random, goals: list[str], topics: list[str], photos: list[str], words: int) -> dict[str, str]:
    pages = {}
    for number in range(4):
        topic = rng.choice(topics)
        head = {
            "title": f"My {topic} {rng.choice(NOUNS)}",
            "date": dt.date(2026, rng.randint(1, 8), rng.randint(1, 28)).isoformat(),
            "skills": _skills(rng),
            "goal": rng.choice(goals),
            "conference": number == 0,
        }
        shown = photos[number::4]
        half = max(1, (words - 20 * len(shown)) // 2)
        images = "".join(f"![A photo of my {topic} work, picture {i + 1}](images/{name})\n\n" for i, name in enumerate(shown))
        body = _paragraphs(rng, topic, half) + "\n" + images + _paragraphs(rng, topic, half)
        pages[f"evidence/{topic.replace(' ', '-')}-evidence-{number + 1}.md"] = _front_matter(head) + body
    return pages


def _student_yml(rng: random.Random, student_id: str) -> str:
    first, last = student_id.split("-")[:2]
    grade = rng.randint(9, 12)
    return (
        f"name: {first.title()} {last.title()}\ngrade: {grade}\ngraduation_year: {2027 + 12 - grade}\n"
        f"advisor: Ms. {rng.choice(LAST).title()}\nlanguage: en\n"
    )


def student_pages(student_id: str, spec: SchoolSpec) -> dict[str, str]:
    """Every text file of one student (paths relative to the student folder), from the seed and the id."""
    rng = random.Random(f"student:{spec.seed}:{student_id}")
    words = spec.words_per_page
    topics = rng.sample(TOPICS, 3)
    goals = _goals(rng, topics, words)
    goal_slugs = [Path(path).stem for path in goals]
    photos = [f"photo-{index + 1}.jpg" for index in range(spec.photos_per_student)]
    return {
        "student.yml": _student_yml(rng, student_id),
        "about-me.md": _paragraphs(rng, topics[0], words // 4)
        + "\n"
        + _sections(rng, topics[1], ("Strengths", "Interests", "How I learn best"), words * 3 // 4),
        "postsecondary.md": _sections(rng, topics[2], ("After high school", "Why this path", "My plan"), words),
        **goals,
        **_reflections(rng, goal_slugs, topics, words),
        **_evidence(rng, goal_slugs, topics, photos, words),
    }


def write_student(folder: Path, student_id: str, spec: SchoolSpec, pool: Sequence[Path]) -> None:
    """Write one student's folder: its pages, and its photos taken from the pool."""
    for relative, text in student_pages(student_id, spec).items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    images = folder / "evidence" / "images"
    images.mkdir(parents=True, exist_ok=True)
    rng = random.Random(f"photos:{spec.seed}:{student_id}")
    chosen = rng.sample(list(pool), min(spec.photos_per_student, len(pool)))
    for index in range(spec.photos_per_student):
        source, target = chosen[index % len(chosen)], images / f"photo-{index + 1}.jpg"
        if spec.shared_photos:
            os.link(source, target)
        else:
            target.write_bytes(_with_comment(source.read_bytes(), f"plp-bench {student_id} photo {index + 1}"))


MKDOCS_YML = """\
# A synthetic school made by bench/make_school.py (same shape as the demo school's mkdocs.yml).
site_name: {site_name}
docs_dir: !ENV [PLP_STUDENT_DIR, students/{first_student}]
site_dir: !ENV [PLP_SITE_DIR, build/preview]
site_url: https://portfolios.bench.example.org/

theme:
  name: material
  custom_dir: theme
  font: false
  logo: assets/school-logo.svg
  favicon: assets/school-logo.svg
  features:
    - navigation.indexes
    - navigation.top
    - search.highlight
  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
      primary: green
      accent: indigo
      toggle:
        icon: material/weather-night
        name: Switch to dark mode
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      primary: green
      accent: light blue
      toggle:
        icon: material/weather-sunny
        name: Switch to light mode

extra_css:
  - assets/school.css

markdown_extensions:
  - admonition
  - attr_list
  - md_in_html
  - tables
  - toc:
      permalink: true

plugins:
  - search
{plugins}"""

PLP_PLUGIN = """\
  - plp:
      sections:
        about-me:
          from_grade: 5
          headings:
            - [Strengths, Fortalezas]
            - [Interests, Intereses]
            - [How I learn best, Cómo aprendo mejor]
        postsecondary:
          from_grade: 9
      minimum:
        goals: 1
        reflections: 1
        evidence: 1
      skills:
        - id: communication
          name: Clear and Effective Communication
        - id: self-direction
          name: Self-Direction
        - id: problem-solving
          name: Creative and Practical Problem Solving
        - id: citizenship
          name: Responsible and Involved Citizenship
        - id: integrative-thinking
          name: Informed and Integrative Thinking
      language: en
"""


def mkdocs_yml(first_student: str, site_name: str = "Bench Union High School", *, plp: bool = True) -> str:
    """The school's mkdocs.yml; without the plp plugin it is the plain mkdocs-material equivalent."""
    return MKDOCS_YML.format(site_name=site_name, first_student=first_student, plugins=PLP_PLUGIN if plp else "")


def write_school(out: Path, spec: SchoolSpec, pool_dir: Path | None = None) -> list[str]:
    """Write the whole school into out (which must not hold a school yet); return the student ids."""
    ids = student_ids(spec.students, spec.seed)
    pool = photo_pool(pool_dir or out / ".photo-pool", spec.pool_size, spec.seed, spec.photo_size)
    (out / "students").mkdir(parents=True)
    (out / "mkdocs.yml").write_text(mkdocs_yml(ids[0] if ids else "none"), encoding="utf-8")
    shutil.copytree(REPO / "theme", out / "theme")
    for student_id in ids:
        write_student(out / "students" / student_id, student_id, spec, pool)
    if pool_dir is None:
        shutil.rmtree(out / ".photo-pool")  # hard links to it stay valid
    return ids


def _size(text: str) -> tuple[int, int]:
    width, _, height = text.partition("x")
    return int(width), int(height)


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the command line and write the school."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, metavar="OUT_DIR", help="the new school folder")
    parser.add_argument("--students", type=int, required=True, help="how many students")
    parser.add_argument("--seed", type=int, default=0, help="the same seed gives the same school (default 0)")
    parser.add_argument("--photos-per-student", type=int, default=8, help="photos per student (default 8)")
    parser.add_argument("--photo-size", type=_size, default=(3000, 2000), help="WIDTHxHEIGHT (default 3000x2000)")
    parser.add_argument("--pool", type=int, default=64, help="distinct photos to draw from (default 64)")
    parser.add_argument("--pool-dir", type=Path, help="where to keep the photo pool, to reuse it between schools")
    parser.add_argument("--shared-photos", action="store_true", help="hard-link pool photos instead of distinct copies")
    args = parser.parse_args(argv)
    if args.out.exists() and any(args.out.iterdir()):
        parser.error(f"{args.out} is not empty")
    spec = SchoolSpec(args.students, args.seed, args.photos_per_student, args.photo_size, args.pool, args.shared_photos)
    ids = write_school(args.out.resolve(), spec, args.pool_dir)
    print(f"wrote {len(ids)} students into {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
