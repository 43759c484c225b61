"""`plp preview` and the dashboard's links to the sites built here: from any --out/--staff-out layout, each link
opens the student's site over file:// and from the preview server, which serves those two folders and nothing
else; `plp build` ends with the preview command to run; a browser dropping a connection prints no traceback."""

from __future__ import annotations

import contextlib
import functools
import http.client
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, SimpleHTTPRequestHandler
from pathlib import Path
from typing import IO, Any
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from conftest import REPO, make_school, run_plp, run_plp_process, valid_student

from plp_site.preview import LocalServer, PreviewServer, open_preview

from .conftest import SCHOOL_YML, build
from .helpers import parse_html

# (--out, --staff-out) relative to a test folder: side by side, apart, nested deep, names that need escaping.
LAYOUTS = [
    ("site", "staff-site"),
    ("public/www", "private/staff"),
    ("sites", "a/b/c/staff"),
    ("x/y/z/site", "staff"),
    ("with space/site #1", "staff?%20"),
    ("élèves/site", "équipe/tableau"),
]


@dataclass(frozen=True)
class School:
    root: Path
    site: Path
    staff: Path
    slugs: dict[str, str]


@pytest.fixture(scope="module")
def school(tmp_path_factory: pytest.TempPathFactory) -> School:
    files = {"mkdocs.yml": SCHOOL_YML, **valid_student("ada"), **valid_student("bob", name="Bob Okafor")}
    root = make_school(tmp_path_factory.mktemp("preview"), files)
    result = build(root)
    assert result.code == 0, result.stderr
    return School(root, result.site, result.staff, {i: str(r["slug"]) for i, r in result.records.items()})


def _laid_out(school: School, tmp_path: Path, out_name: str, staff_name: str) -> tuple[Path, Path]:
    """The school's sites copied to out, and a dashboard for them written by plp merge into staff_out."""
    out, staff_out = tmp_path / out_name, tmp_path / staff_name
    shutil.copytree(school.site, out)
    code, _, stderr = run_plp("merge", "--root", school.root, school.staff, "--out", out, "--staff-out", staff_out)
    assert code == 0, stderr
    return out, staff_out


def _local_links(dashboard: str) -> dict[str, str]:
    """Each student's link to the site built here, by student id (the row's id)."""
    rows = parse_html(dashboard).find("tbody").elements("tr")
    return {row.attrs["id"]: row.find("a").attrs["href"] for row in rows if "id" in row.attrs}


@contextlib.contextmanager
def serving(server: LocalServer) -> Iterator[str]:
    """The server answering in a thread; yields its address (`http://127.0.0.1:PORT`)."""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def get(address: str, path: str) -> tuple[int, dict[str, str], bytes]:
    """GET a path exactly as written (no normalising by the client): status, headers, body."""
    parts = urlsplit(address)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    try:
        connection.putrequest("GET", path, skip_accept_encoding=True)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


@pytest.mark.parametrize(("out_name", "staff_name"), LAYOUTS)
def test_dashboard_links_open_the_sites_over_file(school: School, tmp_path: Path, out_name: str, staff_name: str) -> None:
    out, staff_out = _laid_out(school, tmp_path, out_name, staff_name)
    links = _local_links((staff_out / "index.html").read_text(encoding="utf-8"))
    assert sorted(links) == sorted(school.slugs)
    for student_id, href in links.items():
        assert not urlsplit(href).scheme, "a relative link, so it works wherever the folders are copied together"
        assert href.endswith("/index.html"), "over file:// a link to a folder shows a listing, not the site"
        target = (staff_out / unquote(href)).resolve()
        assert target == out / school.slugs[student_id] / "index.html"
        assert target.is_file()


@pytest.mark.parametrize(("out_name", "staff_name"), LAYOUTS)
def test_dashboard_links_open_the_sites_from_the_preview(school: School, tmp_path: Path, out_name: str, staff_name: str) -> None:
    out, staff_out = _laid_out(school, tmp_path, out_name, staff_name)
    with serving(open_preview("127.0.0.1", 0, out, staff_out)) as address:
        status, headers, _ = get(address, "/")
        assert status == 302
        dashboard = urljoin(address + "/", headers["Location"])
        status, _, body = get(address, urlsplit(dashboard).path)
        assert (status, body) == (200, (staff_out / "index.html").read_bytes())
        for student_id, href in _local_links(body.decode("utf-8")).items():
            status, headers, page = get(address, urlsplit(urljoin(dashboard, href)).path)
            assert status == 200, href
            assert page == (out / school.slugs[student_id] / "index.html").read_bytes()
            assert headers["Cache-Control"] == "no-store", "after a rebuild the browser must show the new pages"
        assert get(address, urlsplit(urljoin(dashboard, "print/index.html")).path)[0] == 200


def _not_served(school: School) -> list[str]:
    slug = school.slugs["ada"]
    return [
        "/mkdocs.yml",
        "/students/ada/student.yml",
        "/.plp/secret",
        "/site/../mkdocs.yml",
        "/site/%2e%2e/mkdocs.yml",
        "/site/..%2fmkdocs.yml",
        "/site%2f..%2fmkdocs.yml",
        "/../../../etc/passwd",
        "//etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/site/%00",
        "/site-other/",
        "/sitemkdocs.yml",
        f"/site/{slug}/assets/",  # a folder without index.html: no listing
        "/site/.plp-nothing",
    ]


def test_the_preview_serves_only_the_two_folders(school: School) -> None:
    (school.root / ".plp").mkdir(exist_ok=True)
    (school.root / ".plp" / "secret").write_text("not for the browser\n", encoding="utf-8")
    with serving(open_preview("127.0.0.1", 0, school.site, school.staff)) as address:
        assert get(address, "/site/")[0] == 200, "site/index.html, the page for a guessed address"
        assert get(address, f"/site/{school.slugs['ada']}/")[0] == 200
        for path in _not_served(school):
            status, _, body = get(address, path)
            assert status == 404, path
            assert b"not for the browser" not in body
            assert b"Ada Lovelace" not in body


@pytest.mark.parametrize(
    ("root_arg", "out_name", "staff_name"),
    [(None, None, None), ("ROOT", "with space/site", "it's staff")],
)
def test_build_ends_with_a_preview_command_that_works(
    school: School, tmp_path: Path, root_arg: str | None, out_name: str | None, staff_name: str | None
) -> None:
    # Run from the school folder (plp's own defaults) or from elsewhere (--root): the printed line runs as it is.
    here = tmp_path if root_arg else school.root
    args: list[str | Path] = ["build", "--jobs", "1"]
    args += ["--root", school.root] if root_arg else []
    args += ["--out", tmp_path / out_name] if out_name else []
    args += ["--staff-out", tmp_path / staff_name] if staff_name else []
    code, stdout, stderr = run_plp_process(*args, cwd=here)
    assert code == 0, stderr
    last = stdout.splitlines()[-1]
    assert last.startswith("to see the dashboard and the family sites on this computer, run: "), stdout
    command = shlex.split(last.split(": ", 1)[1])
    assert command[:3] == [sys.executable, "-m", "plp_site"], "python -m plp_site ran the build: so it says"
    with previewing([*command, "--dev-addr", "127.0.0.1:0"], here) as (address, _):
        assert get(address, "/")[0] == 302
        status, _, body = get(address, get(address, "/")[1]["Location"])
        assert status == 200
        assert b"PLP staff dashboard" in body


@contextlib.contextmanager
def previewing(command: list[str], cwd: Path) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """`plp preview` running; yields the dashboard's server address and the process (stopped with Ctrl+C after)."""
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
    try:
        first = _line(process.stdout)
        assert first.startswith("staff dashboard: http://"), first + (process.stderr.read() if process.stderr else "")
        parts = urlsplit(first.split(": ", 1)[1])
        yield f"{parts.scheme}://{parts.netloc}", process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
        try:
            process.communicate(timeout=20)
        finally:
            process.kill()
            process.communicate()


def _line(stream: IO[str] | None) -> str:
    assert stream is not None
    return stream.readline().rstrip("\n")


def _preview(school: School, *args: str) -> list[str]:
    return [sys.executable, "-m", "plp_site", "preview", "--root", str(school.root), *args]


def test_preview_stops_on_ctrl_c_and_says_where_everything_is(school: School) -> None:
    with previewing(_preview(school, "--dev-addr", "127.0.0.1:0"), REPO) as (address, process):
        port = urlsplit(address).port
        assert _line(process.stdout).startswith(f"family sites: http://127.0.0.1:{port}/site/")
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=20)
    assert process.returncode == 0, err
    assert out.strip() == "plp preview: stopped"
    assert err == "", "nothing but what plp says: no line per request, no traceback"


def test_preview_warns_when_other_computers_can_reach_it(school: School) -> None:
    with previewing(_preview(school, "--dev-addr", "0.0.0.0:0"), REPO) as (_, process):
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=20)
    assert err.startswith("plp preview: 0.0.0.0 can be reached from other computers: they could open the staff dashboard")


def test_preview_refuses_what_it_cannot_do(school: School, tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        cases = {
            ("--dev-addr", f"127.0.0.1:{port}"): f"plp preview: cannot serve on 127.0.0.1:{port}: ",
            ("--dev-addr", "8000"): "plp preview: --dev-addr must look like HOST:PORT",
            ("--dev-addr", "127.0.0.1:99999"): "plp preview: --dev-addr must look like HOST:PORT",
            ("--staff-out", str(tmp_path / "never-built")): "has no staff dashboard yet: run plp build first",
            ("--staff-out", str(school.site / "staff")): "plp preview: --staff-out must not be inside --out",
        }
        for args, words in cases.items():
            code, stdout, stderr = run_plp("preview", "--root", school.root, *args)
            assert code == 2, args
            assert (stdout, len(stderr.splitlines())) == ("", 1), stderr
            assert words in stderr, (args, stderr)


class _Recording(LocalServer):
    """LocalServer noting each error it was handed, so a test knows the case really happened."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.daemon_threads = False  # server_close() waits for the request being handled
        self.seen: list[BaseException | None] = []

    def handle_error(self, request: Any, client_address: Any) -> None:
        self.seen.append(sys.exception())
        super().handle_error(request, client_address)


def _hang_up_while_sending(address: str, path: str) -> None:
    """Ask for a large file, read the first bytes, then reset the connection (as a browser leaving a page)."""
    parts = urlsplit(address)
    with socket.create_connection((parts.hostname or "", parts.port or 0), timeout=10) as connection:
        connection.sendall(f"GET {path} HTTP/1.0\r\n\r\n".encode())
        assert connection.recv(12).startswith(b"HTTP/1.0 200")
        connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")


def test_a_dropped_connection_prints_no_traceback(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "big.bin").write_bytes(b"\0" * 64_000_000)  # far more than the sockets hold
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(tmp_path))
    server = _Recording(("127.0.0.1", 0), handler)
    with serving(server) as address:
        for _ in range(3):
            _hang_up_while_sending(address, "/big.bin")
    assert server.seen, "the server was not interrupted while sending"
    assert all(isinstance(e, BrokenPipeError | ConnectionResetError) for e in server.seen), server.seen
    err = capfd.readouterr().err
    assert "Traceback" not in err
    assert "Exception occurred" not in err


class _Broken(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        raise RuntimeError("a real bug in a handler")

    def log_message(self, format: str, *args: Any) -> None:
        """No line per request."""


def test_a_real_error_is_still_printed(capfd: pytest.CaptureFixture[str]) -> None:
    server = _Recording(("127.0.0.1", 0), _Broken)
    with serving(server) as address, pytest.raises((http.client.RemoteDisconnected, ConnectionResetError)):
        get(address, "/")
    err = capfd.readouterr().err
    assert "Traceback" in err
    assert "RuntimeError: a real bug in a handler" in err


def test_preview_server_class_is_a_local_server() -> None:
    assert issubclass(PreviewServer, LocalServer)
