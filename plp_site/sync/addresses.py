"""Which repository addresses plp sync passes to git: https://, ssh://, user@host:path, file:/// and absolute paths.

Git reads some addresses as commands: `ext::` runs a program, `fd::` talks to open files, and an address that starts
with `-` is read as an option. Only the forms above are accepted, each checked part by part; git is also told to
allow no other transport (see git.py), so an address changed in a clone's own settings cannot slip past either.
"""

from __future__ import annotations

import re
from urllib.parse import SplitResult, urlsplit

from plp_site.display import clip

__all__ = ["address_problem", "repository_key", "same_repository"]

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_TRANSPORT = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*::")
# git's "scp-like" form: user@host:path, with no / before the first colon.
_SCP = re.compile(r"^(?P<user>[^@/:\s]+)@(?P<host>[^@/:\s\[\]]+|\[[0-9A-Fa-f:.]+\]):(?P<path>.*)$")
_NAME = re.compile(r"^[A-Za-z0-9_.~+%-]+$")
_HOST = re.compile(r"^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\])$")
_SPACE_OR_CONTROL = re.compile(r"[\s\x00-\x1f\x7f-\x9f]")

_FORMS = "write it as https://host/path, ssh://host/path, git@host:path, file:///path or an absolute path like /srv/git/name.git"
_NO_SECRETS = "leave the password or token out: plp sync signs in with this computer's own keys and credential helper"


def address_problem(address: str) -> tuple[str, str] | None:
    """What is wrong with a repository address, as (message, hint); None when plp sync may pass it to git."""
    refused = _refused(address)
    if refused or address.startswith("/"):
        return refused
    if "://" in address:
        return _url_problem(address)
    scp = _SCP.match(address)
    if scp:
        return _scp_problem(scp)
    scheme = _SCHEME.match(address)
    what = f"'{clip(scheme.group(1), 20)}:' is not a kind of address plp sync uses" if scheme else _NOT_AN_ADDRESS
    return what, _FORMS


_NOT_AN_ADDRESS = "this is not a repository address plp sync accepts (a folder is written from the top, like /srv/git/x.git)"


def _refused(address: str) -> tuple[str, str] | None:
    """Addresses that are never passed to git, whatever their form."""
    transport = _TRANSPORT.match(address)
    if not address:
        return "the repository address is empty", _FORMS
    if address.startswith("-"):
        return "a repository address must not start with '-' (git would read it as an option)", _FORMS
    if transport:
        return f"'{clip(transport.group(0), 20)}' addresses make git run a program or open files, so they are never used", _FORMS
    if _SPACE_OR_CONTROL.search(address):
        return "the repository address has a space or an invisible character in it", "write the address without spaces"
    return None


def _url_problem(address: str) -> tuple[str, str] | None:
    try:
        parts = urlsplit(address)
        port = parts.port
    except ValueError:
        return "the repository address cannot be read as a web or ssh address", _FORMS
    scheme = parts.scheme.lower()
    if scheme == "file":
        if parts.netloc or not parts.path.startswith("/"):
            return "a file:// address must name a folder on this computer, like file:///srv/git/name.git", _FORMS
        return None
    if scheme in {"http", "git"}:
        return (
            f"{scheme}:// sends the student's work unencrypted, so plp sync does not use it",
            "use the repository's https:// or ssh address",
        )
    if scheme not in {"https", "ssh"}:
        return f"'{scheme}://' is not a kind of address plp sync uses", _FORMS
    return _server_problem(parts, port)


def _server_problem(parts: SplitResult, port: int | None) -> tuple[str, str] | None:
    if parts.password is not None:
        return "the repository address holds a password or token", _NO_SECRETS
    host = parts.hostname or ""
    if not _HOST.match(f"[{host}]" if ":" in host else host):
        return "the repository address has no usable server name", _FORMS
    if parts.username is not None and not _usable_name(parts.username):
        return "the user name in the repository address is not usable", _FORMS
    del port  # read only so that a port that is not a number is reported above
    if parts.path.strip("/") == "" or parts.path.startswith("/-"):
        return "the repository address names no repository after the server", _FORMS
    return None


def _scp_problem(found: re.Match[str]) -> tuple[str, str] | None:
    user, host, path = found.group("user"), found.group("host"), found.group("path")
    if not _usable_name(user) or not _HOST.match(host):
        return "the user or server name in the repository address is not usable", _FORMS
    if not path or path.startswith("-"):
        return "the repository address names no repository after the ':'", _FORMS
    return None


def _usable_name(name: str) -> bool:
    return bool(_NAME.match(name)) and not name.startswith("-")


def repository_key(address: str) -> str:
    """The address as written, without what makes no difference to git: a final / or .git."""
    return address.strip().rstrip("/").removesuffix(".git").rstrip("/")


def same_repository(first: str, second: str) -> bool:
    """Whether two addresses name the same repository as written (a final / or .git makes no difference)."""
    return repository_key(first) == repository_key(second)
