"""`plp preview`: the family sites and the staff dashboard served together on this computer, each at the place
the dashboard's relative links expect, so every link on the dashboard opens the site it names.

The folders keep their places relative to each other: with `site/` and `staff-site/` side by side, the dashboard
is at `/staff-site/index.html` and a family site at `/site/<folder>/`. Nothing else is served: not the school
folder, not students/, not the link secret.
"""

from __future__ import annotations

import ipaddress
import os
import posixpath
import socket
import sys
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO
from pathlib import Path
from typing import Any, cast
from urllib.parse import quote, unquote

__all__ = ["LocalServer", "PreviewServer", "is_loopback", "open_preview"]

# A browser drops a connection it no longer needs (a page left while loading, a video it stopped reading): the
# server's next write to it fails. That is no error of the server's.
_DROPPED = (BrokenPipeError, ConnectionResetError, ConnectionAbortedError)


class LocalServer(ThreadingHTTPServer):
    """A threaded HTTP server that stays quiet when a browser drops a connection; other errors are printed."""

    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Print the traceback of a real error (the standard behaviour), nothing for a dropped connection."""
        if isinstance(sys.exception(), _DROPPED):
            return
        super().handle_error(request, client_address)


class PreviewServer(LocalServer):
    """Serves each folder under its path relative to the folders' common parent, and only those folders."""

    def __init__(self, address: tuple[str, int], out: Path, staff_out: Path) -> None:
        common = Path(os.path.commonpath([out, staff_out]))
        self.mounts = {"/" + folder.relative_to(common).as_posix(): folder for folder in (out, staff_out)}
        """Each served folder by its path in the address (`/site`, `/staff-site`), unquoted."""
        self.dashboard = quote("/" + staff_out.relative_to(common).as_posix() + "/index.html")
        self.sites = quote("/" + out.relative_to(common).as_posix() + "/")
        super().__init__(address, _Handler)


class _PreviewServer6(PreviewServer):
    address_family = socket.AF_INET6


class _Handler(SimpleHTTPRequestHandler):
    """Files of the mounted folders; `/` leads to the dashboard; no folder listings; no line per request."""

    def translate_path(self, path: str) -> str:
        server = cast(PreviewServer, self.server)
        address = unquote(path.split("?", 1)[0].split("#", 1)[0])
        if "\x00" in address:  # no file name holds one; open() would raise
            return ""
        trailing = address.endswith("/")
        # normpath folds `..` away before the folder is chosen, so no address leaves the mounted folders.
        address = "/" + posixpath.normpath(address).lstrip("/")
        for prefix, folder in server.mounts.items():
            if address == prefix or address.startswith(prefix + "/"):
                words = [w for w in address[len(prefix) :].split("/") if w not in ("", ".", "..") and Path(w).name == w]
                return str(folder.joinpath(*words)) + ("/" if trailing else "")
        return ""  # not served: the caller answers 404

    def send_head(self) -> BytesIO | Any:
        if self.path.split("?", 1)[0] == "/":
            self.send_response(HTTPStatus.FOUND)
            self.send_header("Location", cast(PreviewServer, self.server).dashboard)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        return super().send_head()

    def list_directory(self, path: str | os.PathLike[str]) -> BytesIO | None:
        # A folder without index.html is not shown: a listing of site/ would show every family's folder.
        del path
        self.send_error(HTTPStatus.NOT_FOUND, "File not found")
        return None

    def end_headers(self) -> None:
        # After the next build the browser must show the new pages, not ones it kept.
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        """No line per request: the terminal shows only what plp preview says and real errors."""


def is_loopback(host: str) -> bool:
    """Whether an address is reachable from this computer only."""
    if host.casefold() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def open_preview(host: str, port: int, out: Path, staff_out: Path) -> PreviewServer:
    """A server bound to host:port (port 0: a free one) for the two folders; raise OSError when it cannot bind."""
    server_class = _PreviewServer6 if ":" in host else PreviewServer
    return server_class((host.strip("[]"), port), out, staff_out)
