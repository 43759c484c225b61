"""The `plp` MkDocs plugin: each hook hands one MkDocs event to the modules that do the work."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.utils.templates import TemplateContext

from plp_site.addresses import PageAddress, RawAddresses
from plp_site.checker import Checked, check_student
from plp_site.evidence_files import file_uses
from plp_site.files import Refused, read_bytes, regular_inside
from plp_site.i18n import interface_language, labels_for
from plp_site.images import ImageProblem, ProcessedImage, process_image
from plp_site.lightbox import ZoomWords, zoom_links
from plp_site.markup import theme_text
from plp_site.media import MediaProblem, ProcessedMedia, process_media
from plp_site.mediahtml import MEDIA_FOLDER, MediaView, media_elements, readable_name
from plp_site.model import Page
from plp_site.pagehtml import ImageSizes, responsive_images, sanitize
from plp_site.plugin_config import PlpConfig
from plp_site.render import PLUGIN_EXTENSIONS, PLUGIN_SETTINGS
from plp_site.report import format_finding
from plp_site.requirements import ConfigError, Requirements, parse_requirements
from plp_site.site import PublishedImage, PublishedMedia, SiteInput, generated_pages, navigation, page_titles, student_page
from plp_site.theme import MATERIAL_LANGUAGES, TEMPLATES, escape_stripped_text, local_only, share_environment
from plp_site.themefiles import SharedTheme
from plp_site.transcripts import read_transcript, transcript_of

__all__ = ["PlpPlugin"]

log = get_plugin_logger(__name__)
IMAGES_FOLDER = "assets/images/"
_OFFLINE_SHIM = "assets/plp/vendor/iframe-worker-shim.js"
_LIGHTBOX = "assets/plp/lightbox.js"


class PlpPlugin(BasePlugin[PlpConfig]):
    """Turns one student's folder (the docs_dir) into a PLP portfolio site."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.checked: Checked | None = None
        self.requirements: Requirements | None = None
        self.site: SiteInput | None = None
        self.image_sizes: dict[str, ImageSizes] = {}
        self.images_processed = 0
        self.cache = Path(".plp", "cache", "images")
        self.processed: dict[Path, ProcessedImage] = {}
        self.media_cache = Path(".plp", "cache", "media")
        self.media: dict[Path, ProcessedMedia] = {}
        """PDFs, videos, recordings and drawings the pages use, as processed while checking."""
        self.media_views: dict[str, MediaView] = {}
        self.known_digests: dict[str, str] = {}
        """Digests of the student's files that plp build computed already (for the image cache key)."""
        self.docs_dir = Path()
        self.page_address: PageAddress | None = None
        """The page being rendered, for the local addresses of its raw HTML (addresses.py)."""
        self.failure: str | None = None
        """Why the plugin stopped the build, in the student's terms (MkDocs reports only that it stopped)."""
        self.on_page: Callable[[str], None] | None = None
        self.shared_theme: SharedTheme | None = None
        """Set by plp build: the theme's files go to the published folder's shared copy, not into the site."""
        """Told the path of each page as its building starts ("" for a generated page), by plp build."""

    def _stop(self, message: str) -> PluginError:
        self.failure = message.removeprefix("plp: ")
        return PluginError(message)

    # Runs before the search plugin's on_config (default priority 0), so search sees the student's language.
    @event_priority(100)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Check the student's folder, stop on errors, and set language, navigation and theme for the student."""
        docs_dir = Path(config.docs_dir)
        if docs_dir.parent.name != "students" or not docs_dir.is_dir():
            raise self._stop(f"plp: docs_dir must be a student folder like students/jordan-lee, got {config.docs_dir}")
        try:
            options = {k: v for k, v in self.config.items() if v is not None}
            # Read before the site name becomes the student's: the school's name is shown in every page's footer.
            self.requirements = parse_requirements(options, config.site_name)
            # The student's pages are checked with the Markdown extensions and settings they are built with.
            self.requirements = replace(
                self.requirements,
                markdown_extensions=tuple(name for name in config.markdown_extensions if isinstance(name, str)),
                markdown_configs=dict(config.mdx_configs),
            )
        except ConfigError as error:
            raise self._stop(f"plp: {error}") from None
        root = docs_dir.parent.parent
        self.docs_dir = docs_dir
        self.cache = Path(self.config.cache_dir) if self.config.cache_dir else root / ".plp" / "cache" / "images"
        self.media_cache = self.cache.parent / "media"
        # Images and media are examined by processing them: a file already in the cache is not decoded again.
        self.checked = check_student(
            root, docs_dir.name, self.requirements, self._examine, self._at, examine_media=self._examine_media
        )
        self._at("")
        _log_findings(self.checked)
        if self.checked.report.errors:
            count = len(self.checked.report.errors)
            raise self._stop(
                f"plp: {self.checked.portfolio.folder} has {count} error{'s' * (count != 1)}; "
                f"fix {'it' if count == 1 else 'them'} and build again (plp check {docs_dir.name})"
            )
        student = self.checked.portfolio.student
        # Only a known language code is ever used, even when a school turned the finding about it off.
        language = interface_language(
            student.language if student else None, self.requirements.language, school_words=self.requirements.translations
        )
        labels = labels_for(language, self.requirements.translations)
        self.site = SiteInput(self.checked.portfolio, self.requirements, labels, {}, self.config.family_link, self.checked.today)
        _set_theme(config, language)
        if self.config.reuse_theme:
            # Compiled templates are kept beside the image cache: a new worker loads them instead of compiling.
            share_environment(config.theme, self.cache.parent / "templates")
        if self.config.offline:
            # Opened from the file system: page.html links instead of folders, and a local stand-in for web
            # workers (the search) that browsers refuse to start from file:// addresses.
            config.use_directory_urls = False
            config.extra["polyfills"] = [_OFFLINE_SHIM]
            # No server, so no address on the school's server.
            config.site_url = None
        # The theme prints the site name without escaping it, in text and in attributes.
        config.site_name = theme_text(student.name if student else docs_dir.name)
        config.nav = navigation(self.site)
        # plp check reports missing link targets with a line and a hint (PLP301, PLP305); MkDocs would say it again.
        config.validation.links.not_found = logging.INFO
        for extension in PLUGIN_EXTENSIONS:
            if extension not in config.markdown_extensions:
                config.markdown_extensions.append(extension)
        for extension, settings in PLUGIN_SETTINGS.items():
            config.mdx_configs.setdefault(extension, {}).update(settings)
        # MkDocs makes Markdown's addresses work from each page's web address; this does it for raw HTML.
        config.markdown_extensions.append(RawAddresses(lambda: self.page_address))
        # A screen reader reads the heading links' title: in the family's language, not the toc's English.
        config.mdx_configs.setdefault("toc", {})["permalink_title"] = labels("permalink")
        return config

    # The theme's environment is ready here, before any template renders (and again for each build that shares it).
    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        """Make the theme's templates print stripped text escaped."""
        escape_stripped_text(env)
        if self.shared_theme is not None:
            self.shared_theme.link(env)
        return env

    # After MkDocs has listed the docs and theme files: drop the student's originals, add processed images
    # and the generated pages.
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Publish only the student's pages, processed images and the generated pages."""
        assert self.site is not None
        assert self.checked is not None
        docs_dir = Path(config.docs_dir)
        portfolio = self.checked.portfolio
        published = {p.path for p in portfolio.pages if p.path.count("/") == 1 or p is portfolio.postsecondary}
        if self.shared_theme is not None:
            # Before the theme's unused search languages are dropped: the shared copy holds every language.
            self.shared_theme.take(files, docs_dir)
        for file in list(files):
            source = Path(file.abs_src_path) if file.abs_src_path else None
            from_student = source is not None and source.is_relative_to(docs_dir)
            # MkDocs lists docs_dir following links: keep only the pages plp read, and only while each is still a
            # regular file inside the student's folder (never a pipe, nor a file reached through a link out).
            kept = source is not None and file.src_uri in published and regular_inside(source, docs_dir)
            # With sitemap.xml out of the static templates, MkDocs would copy its raw template instead.
            if (from_student and not kept) or file.src_uri == "sitemap.xml" or _unused(file, config):
                files.remove(file)
        images = self._published_images(docs_dir, files, config)
        media = self._published_media(docs_dir, files, config, images)
        self.site = SiteInput(
            self.site.portfolio,
            self.site.requirements,
            self.site.labels,
            images,
            self.site.family_link,
            self.site.today,
            media,
        )
        for path, markdown in generated_pages(self.site).items():
            files.append(File.generated(config, path, content=markdown))
        return files

    def _at(self, relative: str) -> None:
        if self.on_page is not None:
            self.on_page(relative)

    def _examine(self, path: Path) -> ImageProblem | None:
        relative = path.relative_to(self.docs_dir).as_posix()
        self._at(relative)
        result = process_image(path, self.cache, digest=self.known_digests.get(relative))
        if isinstance(result, ImageProblem):
            return result
        self.processed[path] = result
        return result.problems[0] if result.problems else None

    def _examine_media(self, path: Path) -> ProcessedMedia | MediaProblem | None:
        assert self.requirements is not None
        relative = path.relative_to(self.docs_dir).as_posix()
        self._at(relative)
        digest = self.known_digests.get(relative)
        limits = self.requirements.media_limits
        result = process_media(path, self.media_cache, limits, digest, inside=self.docs_dir, image_cache=self.cache)
        if isinstance(result, ProcessedMedia):
            self.media[path] = result
        return result

    def _published_media(
        self, docs_dir: Path, files: Files, config: MkDocsConfig, images: dict[str, PublishedImage]
    ) -> dict[str, PublishedMedia]:
        """Add the processed copies of every PDF, video, recording and drawing, and the downloads, the pages use."""
        published: dict[str, PublishedMedia] = {}
        for path, media in sorted(self.media.items()):
            relative = path.relative_to(docs_dir).as_posix()
            if media.image is not None:  # a drawing: shown like a photo
                images[relative] = self._publish(media.image, files, config)
                published[relative] = PublishedMedia("drawing", images[relative].src, images[relative].thumbnail)
            else:
                published[relative] = self._publish_media(relative, media, files, config)
        published.update(self._published_downloads(docs_dir, files, config))
        return published

    def _publish_media(self, relative: str, media: ProcessedMedia, files: Files, config: MkDocsConfig) -> PublishedMedia:
        key = media.key[:20]
        folder = f"{MEDIA_FOLDER}{key}/"
        if key not in self.media_views:
            # Published under the student's own name for the file (readable in a download), never the original.
            name = readable_name(relative, {"pdf": ".pdf", "video": ".mp4", "audio": ".m4a"}[media.kind])
            captions = readable_name(relative, ".vtt") if media.captions else None
            copies = {name: media.file, captions: media.captions}
            copies.update({still.file: still.file for still in (media.poster, media.thumbnail) if still is not None})
            for published, cached in copies.items():
                if published and cached:
                    files.append(File.generated(config, folder + published, abs_src_path=str(media.folder / cached)))
            self.media_views[key] = self._view(media, name, captions, relative)
        view = self.media_views[key]
        thumbnail = folder + media.thumbnail.file if media.thumbnail else None
        return PublishedMedia(media.kind, folder + view.file, thumbnail, media.pages, media.duration)

    def _view(self, media: ProcessedMedia, name: str, captions: str | None, relative: str) -> MediaView:
        assert self.site is not None
        student = self.site.portfolio.student
        poster, thumbnail = media.poster, media.thumbnail
        beside = transcript_of(relative, self.site.portfolio.files)
        limit = self.site.requirements.page_limit_bytes
        transcript = read_transcript(self.docs_dir, beside, limit) if beside else None
        return MediaView(
            media.kind,
            name,
            media.width,
            media.height,
            poster.file if poster else None,
            (poster.width, poster.height) if poster else None,
            captions,
            (student.writing_language if student else None) or self.site.labels.language,
            self.site.labels("captions"),
            (thumbnail.file, thumbnail.width, thumbnail.height) if thumbnail else None,
            transcript,
            self.site.labels("transcript"),
        )

    def _published_downloads(self, docs_dir: Path, files: Files, config: MkDocsConfig) -> dict[str, PublishedMedia]:
        """Files of the kinds the school offers as downloads, published as they are under a readable name."""
        assert self.site is not None
        requirements = self.site.requirements
        published: dict[str, PublishedMedia] = {}
        taken: set[str] = set()
        for relative in sorted(file_uses(self.site.portfolio)):
            ending = Path(relative).suffix.lower().removeprefix(".")
            if ending not in requirements.downloads:
                continue
            try:
                data = read_bytes(docs_dir / relative, docs_dir, requirements.folder_limit_bytes)
            except (Refused, OSError):
                continue  # gone or changed since it was checked: not published
            name = readable_name(relative, f".{ending}")
            for number in range(2, 10_000):
                if name not in taken:
                    break
                name = readable_name(relative, f"-{number}.{ending}")
            taken.add(name)
            files.append(File.generated(config, f"downloads/{name}", content=data))
            published[relative] = PublishedMedia("download", f"downloads/{name}")
        return published

    def _published_images(self, docs_dir: Path, files: Files, config: MkDocsConfig) -> dict[str, PublishedImage]:
        """Add the processed copies of every image the student's pages show, by its path in the folder."""
        return {
            path.relative_to(docs_dir).as_posix(): self._publish(result, files, config)
            for path, result in sorted(self.processed.items())
        }

    def _publish(self, image: ProcessedImage, files: Files, config: MkDocsConfig) -> PublishedImage:
        self.images_processed += not image.from_cache
        key = image.key[:20]
        folder = f"{IMAGES_FOLDER}{key}/"
        if key not in self.image_sizes:
            for rendition in (*image.renditions, image.thumbnail):
                files.append(File.generated(config, folder + rendition.file, abs_src_path=str(image.folder / rendition.file)))
            self.image_sizes[key] = ImageSizes(
                tuple((r.file, r.width, r.height) for r in image.renditions),
                (image.thumbnail.file, image.thumbnail.width, image.thumbnail.height),
            )
        middle = next((r for r in image.renditions if r.width >= 960 or r.height >= 960), image.renditions[-1])
        return PublishedImage(folder + middle.file, folder + image.thumbnail.file, folder + image.renditions[-1].file)

    @property
    def school_name(self) -> Markup:
        """The school's name for the theme's templates (the footer): a school's text, escaped once."""
        return theme_text(self.requirements.school_name if self.requirements else "")

    def title_language(self, page: MkDocsPage) -> str | None:
        """For the templates: the language a page's title is in, when it is not the interface's (a student's own
        title on a site in another language), so that a link showing it is read in the right voice."""
        own = self._own_page(page) if self.site is not None else None
        return self.site.title_language(own) if self.site is not None and own is not None else None

    def _own_page(self, page: MkDocsPage) -> Page | None:
        """The student's page as plp read it, for a page from the student's folder."""
        assert self.site is not None
        if page.file.generated_by:
            return None
        return next((p for p in self.site.portfolio.pages if p.path == page.file.src_uri), None)

    # The first event of a page, and the first before its templates render: plp build stops a student's build that
    # takes too long from outside the process, and names the page it was on.
    @event_priority(100)
    def on_pre_page(self, page: MkDocsPage, *, config: MkDocsConfig, files: Files) -> MkDocsPage:
        """Say which page is being read and rendered."""
        self._building(page)
        return page

    @event_priority(100)
    def on_page_context(
        self, context: TemplateContext, *, page: MkDocsPage, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        """Say which page's templates are rendered."""
        self._building(page)
        return context

    def _building(self, page: MkDocsPage) -> None:
        self._at("" if page.file.generated_by else page.file.src_uri)

    # MkDocs would read each file itself, with its own front matter rules (a closing `---` needs a line break after
    # it) and its own YAML loader: every page is given as plp read it instead, so what plp checked is what is
    # published, and no student's YAML is ever read by MkDocs.
    def on_page_read_source(self, *, page: MkDocsPage, config: MkDocsConfig) -> str:
        """A student's page: the body plp read and checked (nothing when plp did not read it); else the generated text."""
        if page.file.generated_by:
            source = page.file.content_string
        else:
            own = self._own_page(page)
            source = own.body if own else ""
        # Led by an empty line, the text holds nothing MkDocs' meta-data reader (mkdocs.utils.meta) takes as meta.
        return "\n" + source

    def on_page_markdown(self, markdown: str, *, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
        """Give the student's own pages their facts header and processed images; keep only harmless meta."""
        assert self.site is not None
        self.page_address = PageAddress(page.file.src_uri, page.file.url, lambda path: _url_of(files, path))
        own = self._own_page(page)
        # The body and the meta plp read, whatever an earlier hook or MkDocs' own reading made of the file.
        markdown = own.body if own else markdown
        meta = own.meta if own else ()
        if page.file.generated_by:
            page.meta = _theme_meta({}, page_titles(self.site).get(page.file.src_uri) or page.file.name)
            return markdown
        page.meta = _theme_meta(dict(meta), (self.site.title(own) if own else "") or page.file.name)
        return student_page(self.site, page.file.src_uri, markdown)

    # The last content hook: everything a student wrote has become HTML here, so sanitizing now covers it all.
    @event_priority(-100)
    def on_page_content(self, html: str, *, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
        """Sanitize the page body, then make its images responsive and show its PDFs, videos and recordings."""
        assert self.requirements is not None
        assert self.site is not None
        frame_title = self.site.labels("video_from", host="{host}")
        cleaned = sanitize(html, self.requirements.iframe_hosts, frame_title)
        page_html = responsive_images(cleaned, self.image_sizes, IMAGES_FOLDER)
        # After sanitizing: media elements are built by plp from its own facts, never taken from a student's HTML.
        page_html = media_elements(page_html, self.media_views)
        own = self._own_page(page)
        if own is None or all(evidence.page is not own for evidence in self.site.portfolio.evidence):
            return page_html
        # An evidence page's photos open larger (lightbox.js); without scripts the link opens the picture itself.
        labels = self.site.labels
        words = ZoomWords(labels("zoom_open"), labels("zoom_close"), labels("zoom_dialog"), labels.language)
        return zoom_links(page_html, self.image_sizes, words, IMAGES_FOLDER)

    # Last, after the search plugin has written its index.
    @event_priority(-100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Finish the site: keep robots off the 404 page, cut the theme's fallbacks to other hosts, and for an
        offline site give the search index as a script, which browsers load from the file system."""
        site = Path(config.site_dir)
        not_found = site / "404.html"
        if not_found.is_file():
            not_found.write_text(_no_robots(not_found.read_text(encoding="utf-8")), encoding="utf-8")
        local_only(site)
        index = site / "search" / "search_index.json"
        if self.config.offline and index.is_file():
            (index.parent / "search_index.js").write_text("var __index = " + index.read_text(encoding="utf-8"), encoding="utf-8")

    def on_post_page(self, output: str, *, page: MkDocsPage, config: MkDocsConfig) -> str:
        """Ask search engines to stay away: these are children's portfolios."""
        return _no_robots(output)


_LUNR_LANGUAGE = re.compile(r"^assets/javascripts/lunr/min/lunr\.([a-z]{2})\.min\.js$")


def _url_of(files: Files, path: str) -> str | None:
    found = files.get_file_from_path(path)
    return found.url if found is not None else None


def _unused(file: File, config: MkDocsConfig) -> bool:
    """The theme's search stemmers for languages this site's search does not use (thirty files a site)."""
    language = _LUNR_LANGUAGE.match(file.src_uri)
    if language is None:
        return False
    search = config.plugins.get("material/search") or config.plugins.get("search")
    wanted = search.config.get("lang") if search is not None else None
    return isinstance(wanted, list) and language.group(1) not in wanted


def _theme_meta(meta: dict[str, object], title: str) -> dict[str, object]:
    """The only front matter the theme reads, escaped for its templates, which print it without escaping: the
    title (never empty, or the theme would print the page's title through `striptags`, which unescapes) and the
    description. Nothing else: the search plugin, for one, fails on a `search:` that is not a mapping."""
    kept: dict[str, object] = {"title": theme_text(title)}
    description = meta.get("description")
    if isinstance(description, str):
        kept["description"] = theme_text(description)
    return kept


def _no_robots(output: str) -> str:
    return output.replace("<head>", '<head>\n    <meta name="robots" content="noindex, nofollow">', 1)


def _log_findings(checked: Checked) -> None:
    for finding in checked.report.findings:
        (log.error if finding.is_error else log.warning)(format_finding(finding))


def _set_theme(config: MkDocsConfig, language: str) -> None:
    theme: Any = config.theme
    theme["language"] = language if language in MATERIAL_LANGUAGES else "en"
    theme.dirs.insert(1 if theme.custom_dir else 0, str(TEMPLATES))
    # Every page links to the previous and the next one in the menu's order (partials/footer.html names them in
    # the family's language), whatever features the school's mkdocs.yml lists.
    features = list(theme["features"] or []) if "features" in theme else []
    theme["features"] = [*features, *(["navigation.footer"] if "navigation.footer" not in features else [])]
    # No web fonts: a page must not make a request to another host.
    theme["font"] = False
    # No sitemap: nothing should help anyone list a child's pages. No 404 page either: web servers show the one at
    # the top of the published folder, never one inside a student's.
    theme.static_templates.discard("sitemap.xml")
    theme.static_templates.discard("404.html")
    css = "assets/plp/plp.css"
    if css not in config.extra_css:
        config.extra_css.insert(0, css)
    if _LIGHTBOX not in (str(script) for script in config.extra_javascript):
        config.extra_javascript.append(_LIGHTBOX)
