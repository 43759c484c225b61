"""`plp serve` previews one student's site over HTTP, the way a student sees it while writing."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import urllib.request
from collections.abc import Callable, Mapping
from pathlib import Path

from conftest import valid_student

School = Callable[[Mapping[str, str | bytes]], Path]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_serve_shows_the_students_site_and_says_where(small_school: School) -> None:
    root = small_school({**valid_student("ada", name="Ada Lovelace"), **valid_student("bo", name="Bo Chen")})
    address = f"127.0.0.1:{_free_port()}"
    command = [sys.executable, "-m", "plp_site", "serve", "--root", str(root), "--dev-addr", address, "ada"]
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with subprocess.Popen(command, stderr=subprocess.PIPE, text=True, env=environment) as server:
        try:
            assert server.stderr is not None
            # MkDocs says where it serves once the site is built and the server listens.
            for line in server.stderr:
                if "Serving on" in line:
                    break
            else:
                raise AssertionError("plp serve ended without serving")
            with urllib.request.urlopen(f"http://{address}/goals/", timeout=10) as response:
                page = response.read().decode("utf-8")
            assert "Ada Lovelace" in page
            assert "Bo Chen" not in page
        finally:
            server.terminate()
    assert not (root / "site").exists()  # a preview publishes nothing
