"""Families and privacy: unguessable site folders, nothing that lists students, robots kept out, no request to
another host from a built page."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Mapping
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import valid_student

from plp_site.sharedassets import SHARED_FOLDER

from .conftest import DemoBuild, build
from .helpers import Element, parse_html, read_html, site_files
from .test_rotate_link import notice_problems

SmallSchool = Callable[[Mapping[str, str | bytes]], Path]

_URL_ATTRIBUTES = ("src", "href", "srcset", "imagesrcset", "poster", "data", "action", "formaction", "background", "xlink:href")
_CSS_REMOTE = re.compile(r"""(?:@import\s+(?:url\(\s*)?|url\(\s*)['"]?\s*(?:https?:)?//[^'")\s;]+""", re.IGNORECASE)
# Hosts that serve fonts and scripts to other sites: a built page must never load from them.
_CDN = re.compile(
    r"""(?:https?:)?//(?:[\w-]+\.)*(?:fonts\.googleapis\.com|fonts\.gstatic\.com|unpkg\.com|cdn\.jsdelivr\.net|"""
    r"""cdnjs\.cloudflare\.com|[\w.-]*cdn[\w.-]*\.[a-z]{2,})[^'"`\s)]*""",
    re.IGNORECASE,
)


def _external(url: str) -> bool:
    url = url.strip()
    return url.startswith("//") or urlsplit(url).scheme in ("http", "https")


def _urls(attribute: str, value: str) -> list[str]:
    if attribute.endswith("srcset"):
        return [candidate.split()[0] for candidate in value.split(",") if candidate.strip()]
    return [value]


def _html_loads(page: Element) -> list[str]:
    """Every attribute of the page that makes a browser fetch from another host."""
    found = []
    for element in page.iter():
        for attribute in _URL_ATTRIBUTES:
            for url in _urls(attribute, element.attrs.get(attribute, "")):
                if not _external(url):
                    continue
                if element.tag == "a" and attribute == "href":
                    continue  # a link someone may follow, not a load
                if element.tag == "link" and element.attrs.get("rel") == "canonical":
                    continue  # names the page's own address, loads nothing
                found.append(f"<{element.tag} {attribute}={url!r}>")
        found += [f"style={m.group(0)!r}" for m in _CSS_REMOTE.finditer(element.attrs.get("style", ""))]
    return found


def remote_loads(site: Path) -> list[str]:
    """Everything in a built site's HTML, CSS and JavaScript that would load from another host."""
    problems = []
    for path in site_files(site, ".html", ".css", ".js"):
        text = path.read_text(encoding="utf-8", errors="replace")
        name = path.relative_to(site).as_posix()
        found = _html_loads(parse_html(text)) if path.suffix == ".html" else []
        found += [m.group(0) for m in _CSS_REMOTE.finditer(text)]
        found += [m.group(0) for m in _CDN.finditer(text)]
        problems += [f"{name}: {item}" for item in dict.fromkeys(found)]
    return problems


def test_family_sites_live_in_unguessable_folders(demo: DemoBuild) -> None:
    folders = sorted(p.name for p in demo.site.iterdir() if p.is_dir() and p.name != SHARED_FOLDER)
    assert folders == sorted(str(r["slug"]) for r in demo.records.values())
    for student_id, record in demo.records.items():
        slug = str(record["slug"])
        token = slug.removeprefix(f"{student_id}-")
        assert slug.startswith(f"{student_id}-")
        assert re.fullmatch(r"[a-z0-9]{10,}", token), slug
        assert student_id not in token
        assert (demo.site / slug / "index.html").is_file()


def test_token_depends_on_the_secret(small_school: SmallSchool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = small_school(valid_student("ada"))
    first = build(root)
    assert first.code == 0, first.stderr
    slug = str(first.records["ada"]["slug"])

    again = build(root, "--force")
    assert again.code == 0, again.stderr
    assert again.records["ada"]["slug"] == slug, "the same secret gives the same folder"
    assert (again.site / slug / "index.html").is_file()

    monkeypatch.setenv("PLP_LINK_SECRET", "a-completely-different-secret")
    rotated = build(root)
    assert rotated.code == 0, rotated.stderr
    new_slug = str(rotated.records["ada"]["slug"])
    assert new_slug.startswith("ada-")
    assert new_slug != slug, "the token must come from the secret, not from the id alone"
    assert (rotated.site / new_slug / "index.html").is_file()
    # The folder of the old secret stops working: it only says that the link has changed.
    assert notice_problems(rotated.site / slug, "en", ["Ada", "Lovelace", new_slug], school="Test School") == []
    conference = read_html(rotated.site / new_slug / "conference" / "index.html")
    assert conference.find("p", cls="plp-family-link").find("a").attrs["href"] == f"https://portfolios.example.org/{new_slug}/"


def test_same_secret_same_slug_in_another_checkout(small_school: SmallSchool, tmp_path: Path) -> None:
    root = small_school(valid_student("ada"))
    slug = build(root).records["ada"]["slug"]
    # A fresh clone elsewhere (as in CI), with the same secret in the environment: the same family link.
    clone = tmp_path / "clone"
    shutil.copytree(root / "students", clone / "students")
    shutil.copy(root / "mkdocs.yml", clone / "mkdocs.yml")
    assert build(clone).records["ada"]["slug"] == slug


def test_top_of_the_site_lists_no_one(demo: DemoBuild) -> None:
    text = (demo.site / "index.html").read_text(encoding="utf-8")
    page = parse_html(text)
    for student_id, record in demo.records.items():
        for secret in (student_id, str(record["name"]), str(record["slug"])):
            assert secret not in text, f"site/index.html gives away {secret!r}"
    assert not [a for a in page.find_all("a") if a.attrs.get("href")], "site/index.html links to no site"
    robots = (demo.site / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert "User-agent: *" in robots
    assert "Disallow: /" in robots


def test_every_page_asks_robots_to_stay_away(demo: DemoBuild) -> None:
    pages = site_files(demo.site, ".html")
    assert len(pages) > 6 * 15
    without = []
    for path in pages:
        robots = read_html(path).find("head").find_all("meta", name="robots")
        if [m.attrs.get("content") for m in robots] != ["noindex, nofollow"]:
            without.append(path.relative_to(demo.site).as_posix())
    assert not without, f"pages without <meta name=robots content='noindex, nofollow'>: {without}"


def test_no_sitemap_anywhere(demo: DemoBuild) -> None:
    names = {p.name for p in site_files(demo.site)}
    assert not names & {"sitemap.xml", "sitemap.xml.gz"}
    for path in site_files(demo.site, ".html", ".txt"):
        assert "sitemap" not in path.read_text(encoding="utf-8").lower(), path.relative_to(demo.site)


def test_staff_pages_are_not_published(demo: DemoBuild) -> None:
    assert not demo.staff.is_relative_to(demo.site)
    names = {p.name for p in site_files(demo.site)}
    assert "students.json" not in names
    for path in site_files(demo.site, ".html"):
        assert "PLP staff dashboard" not in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("student_id", sorted(p.name for p in (Path(__file__).parents[2] / "students").iterdir() if p.is_dir()))
def test_no_page_loads_anything_from_another_host(demo: DemoBuild, student_id: str) -> None:
    site = demo.site_of(student_id)
    # The site's own pages, and the theme's styles and scripts it shares with the other sites.
    shared = demo.site / SHARED_FOLDER
    assert len(site_files(site, ".html")) > 10
    assert len(site_files(shared, ".css", ".js")) > 10
    problems = remote_loads(site) + remote_loads(shared)
    assert not problems, "\n".join(problems)


def test_top_of_the_site_loads_nothing_from_another_host(demo: DemoBuild) -> None:
    assert not _html_loads(read_html(demo.site / "index.html"))


def test_student_links_to_other_websites_stay_plain_links(small_school: SmallSchool) -> None:
    about = (
        "# About me\n\n## Strengths\n\nI read [a great article](https://example.org/article).\n\n"
        "## Interests\n\nBooks.\n\n## How I learn best\n\nBy reading.\n"
    )
    root = small_school(valid_student("ada", extra={"about-me.md": about}))
    result = build(root)
    assert result.code == 0, result.stderr
    home = read_html(result.site_of("ada") / "index.html")
    assert [a.attrs["href"] for a in home.find("article").find_all("a") if _external(a.attrs.get("href", ""))] == [
        "https://example.org/article"
    ]
    assert not _html_loads(home)


def test_student_html_cannot_make_the_theme_fetch_a_script(small_school: SmallSchool) -> None:
    # mkdocs-material renders <pre class="mermaid"> by loading mermaid.js from unpkg.com. A student can write that
    # element as raw HTML; the published page must not end up asking a CDN for a script.
    evidence = (
        "---\ntitle: My flow chart\ndate: 2026-10-03\nskills: [problem-solving]\n---\n"
        'How my robot decides.\n\n<pre class="mermaid">graph TD; Start --> Stop</pre>\n'
    )
    root = small_school(valid_student("ada", extra={"evidence/flow.md": evidence}))
    result = build(root)
    assert result.code == 0, result.stderr
    site = result.site_of("ada")
    page = read_html(site / "evidence" / "flow" / "index.html").find("article")
    mermaid = [pre for pre in page.find_all("pre") if "mermaid" in pre.classes]
    theme_fetches_mermaid = any("unpkg.com/mermaid" in p.read_text(encoding="utf-8") for p in site_files(site, ".js"))
    assert not (mermaid and theme_fetches_mermaid), "the page would load https://unpkg.com/mermaid in the family's browser"
