"""The browser editor end to end: a student's repository from `plp new student-repo`, Decap CMS served from its
admin/ folder and saving through decap-server (the pinned tools/cms install), a reflection with a photo made
through the form in Chromium, then plp check and a school build of that repository. Nothing leaves 127.0.0.1."""

from __future__ import annotations

import contextlib
import functools
import io
import json
import os
import re
import select
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from typing import Any, ClassVar

import pytest
import yaml
from PIL import Image
from playwright.sync_api import Browser, Page, Route, expect

from plp_site.frontmatter import parse_document
from plp_site.preview import LocalServer

from .conftest import DESKTOP, SCREENSHOTS, build_school
from .demo import REPO

DECAP_SERVER = REPO / "tools" / "cms" / "node_modules" / "decap-server" / "dist" / "index.js"
STUDENT = "ada-lee"
TITLE = "Robots: my first build"
WORDS = "This week our team finally got the arm to lift a cup. It was hard, and we learned a lot about patience."
ALT = "our robot arm lifting a red cup"
ENTRY = "2026-10-03-robots-my-first-build"


def _require(path: Path | None, what: str) -> Path:
    if path is not None and path.is_file():
        return path
    reason = f"{what} is missing: install Debian's nodejs and npm, then run npm ci --prefix tools/cms"
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def decap_server(repository: Path) -> Iterator[str]:
    """decap-server saving into `repository`, on a free port of 127.0.0.1; yields its API address, stops it after."""
    node = _require(Path(shutil.which("node") or shutil.which("nodejs") or "/nonexistent"), "node")
    port = _free_port()
    environment = {**os.environ, "PORT": str(port), "BIND_HOST": "127.0.0.1", "GIT_REPO_DIRECTORY": str(repository), "MODE": "fs"}
    command = [str(node), str(_require(DECAP_SERVER, str(DECAP_SERVER.relative_to(REPO))))]
    process = subprocess.Popen(command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, bufsize=0)
    try:
        _wait_for_line(process, b"listening", deadline=time.monotonic() + 60)
        yield f"http://127.0.0.1:{port}/api/v1"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        if process.stdout:
            process.stdout.close()


def _wait_for_line(process: subprocess.Popen[bytes], word: bytes, deadline: float) -> None:
    """Read what the server says, straight from its pipe (a buffered reader could hold the line back), until `word`."""
    said = b""
    assert process.stdout is not None
    pipe = process.stdout.fileno()
    while word not in said and time.monotonic() < deadline:
        ready, _, _ = select.select([pipe], [], [], max(0.0, deadline - time.monotonic()))
        chunk = os.read(pipe, 65536) if ready else b""
        said += chunk
        if ready and not chunk:
            break  # the server ended
    if word not in said:
        pytest.fail(f"decap-server did not start: {said.decode('utf-8', 'replace')}")


class _Files(SimpleHTTPRequestHandler):
    # The editor reads its settings as YAML; quiet: no line per request.
    extensions_map: ClassVar[dict[str, str]] = {**SimpleHTTPRequestHandler.extensions_map, ".yml": "text/yaml"}

    def log_message(self, format: str, *args: Any) -> None:
        """No line per request."""


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """The folder over HTTP on a free port of 127.0.0.1; yields its address ending in /."""
    server = LocalServer(("127.0.0.1", 0), functools.partial(_Files, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, name="cms-files", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    """A new student repository of the demo school (git init), its editor saving through the local proxy."""
    out = tmp_path / STUDENT
    command = ["new", "student-repo", str(out), "--root", str(REPO), "--grade", "9", "--repo", "gmuhs/ada-lee"]
    result = subprocess.run(
        [sys.executable, "-m", "plp_site", *command], capture_output=True, text=True, encoding="utf-8", check=False, timeout=120
    )
    assert result.returncode == 0, result.stderr
    subprocess.run(["git", "init", "-q", str(out)], check=True, timeout=60)
    return out


def _use_proxy(repository: Path, api: str) -> None:
    """Point the editor's local_backend at this test's decap-server (the template asks for the default port)."""
    config_file = repository / "admin" / "config.yml"
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    assert config["local_backend"] is True
    config["local_backend"] = {"url": api}
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _only_here(page: Page, attempted: list[str]) -> None:
    def route(found: Route) -> None:
        if found.request.url.startswith("http://127.0.0.1:"):
            found.continue_()
        else:
            attempted.append(found.request.url)
            found.abort("blockedbyclient")

    page.context.route("**/*", route)


def _write_reflection(page: Page, photo: Path) -> None:
    page.get_by_role("button", name="Login").click()
    page.get_by_role("link", name="Reflections").click()
    page.get_by_role("link", name="Create entry of type Reflections").click()
    page.locator("[id^=date-field]").fill("2026-10-03")
    page.locator("[id^=title-field]").fill(TITLE)
    page.locator("[aria-label='select field']").click()
    page.get_by_text("Clear and Effective Communication", exact=True).click()
    page.keyboard.press("Escape")
    text = page.locator("[aria-label='markdown field']")
    # The student's words replace the prompts, typed as Markdown; the photo is added with the editor's button.
    text.get_by_role("switch").click()
    editor = text.locator("[data-slate-editor]")
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.type(WORDS)
    text.get_by_role("switch").click()
    # Back in rich text: a new paragraph after the words, for the photo.
    words = editor.get_by_text(WORDS)
    expect(words).to_be_visible()
    words.click()
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.get_by_title("Add Component").click()
    page.get_by_text("Image", exact=True).click()
    page.get_by_role("button", name="Choose an image").click()
    with page.expect_file_chooser() as chooser:
        page.get_by_text("Upload", exact=True).click()
    chooser.value.set_files(str(photo))
    choose = page.get_by_role("button", name="Choose selected")
    expect(choose).to_be_enabled()
    choose.click()
    page.locator("[id^=alt-field]").fill(ALT)
    page.screenshot(path=SCREENSHOTS / "cms" / "reflection-form.png", full_page=True)
    page.get_by_role("button", name="Publish").first.click()
    page.get_by_text("Publish now").click()
    page.wait_for_url(re.compile(f"/entries/{ENTRY}$"))
    expect(page.get_by_text("Changes saved").or_(page.get_by_text("Entry published"))).to_be_visible()


def test_a_reflection_with_a_photo_written_in_the_editor_is_checked_and_published(
    browser: Browser, repository: Path, tmp_path: Path
) -> None:
    (SCREENSHOTS / "cms").mkdir(parents=True, exist_ok=True)
    photo = tmp_path / "robot-arm.jpg"
    photo.write_bytes(_photo())
    attempted: list[str] = []
    with decap_server(repository) as api, serve(repository) as address:
        _use_proxy(repository, api)
        context = browser.new_context(**DESKTOP)
        try:
            page = context.new_page()
            _only_here(page, attempted)
            page.goto(address + "admin/")
            _write_reflection(page, photo)
        finally:
            context.close()
    assert attempted == []

    page_file = repository / "reflections" / f"{ENTRY}.md"
    document = parse_document(page_file.read_text(encoding="utf-8"))
    assert not document.problems
    values = {name: value.value for name, value in document.fields.items()}
    assert str(values.pop("date")) == "2026-10-03"
    assert values == {"title": TITLE, "skills": ["communication"], "conference": False}
    assert WORDS in document.body
    assert f"![{ALT}](images/robot-arm.jpg)" in document.body
    assert (repository / "reflections" / "images" / "robot-arm.jpg").read_bytes() == photo.read_bytes()

    result = subprocess.run(
        [sys.executable, "-m", "plp_site", "check", "--format", "json"],
        cwd=repository,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert [f for f in json.loads(result.stdout) if f["path"].startswith(f"reflections/{ENTRY}")] == []

    _assert_school_build(browser, repository, tmp_path / "school")


def _photo() -> bytes:
    """A real 640x480 JPEG, as a phone's photo would be (smaller)."""
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (200, 40, 40)).save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def _assert_school_build(browser: Browser, repository: Path, root: Path) -> None:
    """The school (the demo's mkdocs.yml and theme) builds the repository as students/<id>: the reflection is on
    the site with its photo, and the photo loads in the browser."""
    (root / "students").mkdir(parents=True)
    shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "theme", root / "theme")
    shutil.copytree(repository, root / "students" / STUDENT, ignore=shutil.ignore_patterns(".git"))
    out, staff_out = root / "site", root / "staff-site"
    build_school(out, staff_out, root)
    (record,) = json.loads((staff_out / "students.json").read_text(encoding="utf-8"))
    assert record["status"] == "built"
    site = out / record["path"]
    assert not list(site.rglob("admin")), "the editor is never published"
    pages = [p for p in site.rglob("index.html") if TITLE in p.read_text(encoding="utf-8") and ENTRY in p.parent.name]
    assert pages, "the reflection's page is on the site"
    attempted: list[str] = []
    with serve(out) as address:
        context = browser.new_context(**DESKTOP)
        try:
            page = context.new_page()
            _only_here(page, attempted)
            page.goto(address + pages[0].relative_to(out).parent.as_posix() + "/")
            expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
            image = page.get_by_role("img", name=ALT)
            expect(image).to_be_visible()
            assert image.evaluate("(img) => img.complete && img.naturalWidth > 0")
            page.screenshot(path=SCREENSHOTS / "cms" / "reflection-published.png", full_page=True)
        finally:
            context.close()
    assert attempted == []


# Records the options the page starts the editor with (the real CMS.init runs as always).
_RECORD_INIT = """
Object.defineProperty(window, "CMS", {
  configurable: true,
  set(cms) {
    const init = cms.init;
    cms.init = (options) => { window.plpInitOptions = options; return init(options); };
    Object.defineProperty(window, "CMS", { value: cms, writable: true, configurable: true });
  },
});
"""


@pytest.mark.parametrize(
    ("query", "repo"),
    [("?repo=plp-2026-ada", "gmuhs/plp-2026-ada"), ("?repo=../other/x", None), ("?repo=..", None), ("", None)],
)
def test_one_copy_of_the_editor_saves_to_the_repository_its_address_names(
    browser: Browser, repository: Path, query: str, repo: str | None
) -> None:
    attempted: list[str] = []
    with decap_server(repository) as api, serve(repository) as address:
        _use_proxy(repository, api)
        context = browser.new_context(**DESKTOP)
        try:
            page = context.new_page()
            _only_here(page, attempted)
            page.add_init_script(_RECORD_INIT)
            page.goto(address + "admin/" + query)
            expect(page.get_by_role("button", name="Login")).to_be_visible()
            options = page.evaluate("window.plpInitOptions")
        finally:
            context.close()
    assert attempted == []
    assert options == ({"config": {"backend": {"repo": repo}}} if repo else {})
