"""The `plp` plugin's options in mkdocs.yml (checked in full by requirements.parse_requirements)."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

__all__ = ["PlpConfig"]


class PlpConfig(base.Config):
    """Options of `plugins: - plp:`; None means plp-site's default."""

    sections = c.Optional(c.Type(dict))
    """Required single-page sections (about-me, postsecondary): from_grade and headings."""
    minimum = c.Type(dict, default={})
    """Fewest goals, reflections and evidence pages a complete PLP has (default 1 each)."""
    skills = c.Optional(c.Type(list))
    """The skills framework: a list of {id, name}, a name in text or per language; default Vermont's skills."""
    severity = c.Type(dict, default={})
    """Per finding code: error, warning or ignore."""
    language = c.Type(str, default="en")
    """The school's default interface language, for students who set none."""
    limits = c.Type(dict, default={})
    """image_warning_mb (10), page_mb (1), folder_mb (500), build_seconds (180), and for media pdf_mb (20),
    pdf_pages (100), video_mb (200), video_seconds (300), audio_mb (50), audio_seconds (600), drawing_mb (5)."""
    downloads = c.Type(list, default=[])
    """File endings students may offer as downloads as they are, e.g. [stl, zip]; default none."""
    iframe_hosts = c.Type(list, default=[])
    """Hosts whose https iframes (e.g. a video service) students may embed; default none."""
    translations = c.Type(dict, default={})
    """The school's own interface words by language, e.g. {de: {goals: Ziele}}."""
    school_name = c.Optional(c.Type(str))
    """The school's name as families and staff read it (footer, print sheets); default: mkdocs.yml's site_name."""
    completeness = c.Type(dict, default={})
    """min_words (10): the fewest of a student's own words under each required heading and on each page for it to count."""
    attention = c.Type(dict, default={})
    """stale_days (30): after how many days without a new entry the staff dashboard lists a student."""
    school_year_starts = c.Optional(c.Type(str))
    """The month and day the school year starts, e.g. "08-01" (default August 1)."""
    photos = c.Type(dict, default={})
    """max_original_px (4096): `plp photos` makes originals with a longer side than this smaller."""
    conference_record = c.Type(dict, default={})
    """A conference record's headings (each a list of spellings) and which hold the family's words (family_words: 2)
    and the next steps agreed (next_steps: 3); default: What I shared, What my family said, Next steps we agreed."""
    family_link = c.Optional(c.Type(str))
    """Set by `plp build`: this student's family link, shown on the conference page."""
    cache_dir = c.Optional(c.Type(str))
    """Where processed images are cached (default .plp/cache under the school folder)."""
    reuse_theme = c.Type(bool, default=False)
    """Set by `plp build`: share compiled theme templates between the students one process builds."""
    offline = c.Type(bool, default=False)
    """Set by `plp export`: a site that works from the file system (no server), search included."""
