"""Cache keys from Git (plp_site.photos.keys): a tracked, unmodified file is keyed by its blob id, without reading
it; a changed, untracked or link file by its content. Real git repositories in temporary folders, no user or
system git settings."""

from __future__ import annotations

import hashlib
import io
import os
import random
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from PIL import Image

from plp_site.fingerprint import GIT_MIN_BYTES, DigestCache
from plp_site.images import ProcessedImage, process_image
from plp_site.photos.keys import GIT_BLOB, is_git_key, tracked_blobs

pytestmark = pytest.mark.filterwarnings("error")
GIT = shutil.which("git")


@pytest.fixture(autouse=True)
def quiet_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No system or user git settings: each test's git sees only what the test sets."""
    assert GIT, "these tests need git on the PATH"
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)


def git(folder: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def photo_bytes(seed: int, suffix: str) -> bytes:
    """A small generated photo, different for each seed."""
    rng = random.Random(seed)
    img = Image.frombytes("RGB", (8, 6), rng.randbytes(8 * 6 * 3)).resize((120 + seed, 90), Image.Resampling.BICUBIC)
    out = io.BytesIO()
    img.save(out, "PNG" if suffix == ".png" else "JPEG")
    return out.getvalue()


def repository(tmp_path: Path, files: dict[str, bytes]) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    for relative, content in files.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_bytes(content)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "photos")
    age(root)
    return root


def age(root: Path) -> None:
    """The work tree's files an hour old, as in a clone made before the build: a file written in the seconds
    before git is asked may have changed after git looked, and is read instead."""
    hour_ago = time.time() - 3600
    for path in root.rglob("*"):
        if ".git" not in path.relative_to(root).parts and path.is_file():
            os.utime(path, (hour_ago, hour_ago))


NAMES = ["a.jpg", "sub folder/b é.png", "students/ada/evidence/images/c.jpg", "students/bo/d.png"]


@pytest.mark.parametrize("changed", NAMES)
def test_blob_ids_for_clean_files_and_nothing_for_changed_ones(tmp_path: Path, changed: str) -> None:
    root = repository(tmp_path, {name: photo_bytes(i, Path(name).suffix) for i, name in enumerate(NAMES)})
    (root / changed).write_bytes(photo_bytes(99, Path(changed).suffix))  # modified
    (root / "new.jpg").write_bytes(photo_bytes(7, ".jpg"))  # untracked
    touched = next(name for name in NAMES if name != changed)
    os.utime(root / touched, ns=(1, 1))  # a new time, the same bytes: still unmodified
    found = tracked_blobs(root)
    expected = {str(root / name): GIT_BLOB + git(root, "hash-object", name) for name in NAMES if name != changed}
    assert found == expected
    assert all(is_git_key(key) for key in found.values())
    assert not any(len(key) == 64 and all(c in "0123456789abcdef" for c in key) for key in found.values())


def test_links_staged_changes_and_assumed_files(tmp_path: Path) -> None:
    root = repository(tmp_path, {"a.jpg": photo_bytes(1, ".jpg"), "b.jpg": photo_bytes(2, ".jpg")})
    (root / "link.jpg").symlink_to("a.jpg")
    (root / "staged.jpg").write_bytes(photo_bytes(3, ".jpg"))
    git(root, "add", "link.jpg", "staged.jpg")
    git(root, "update-index", "--assume-unchanged", "b.jpg")
    (root / "b.jpg").write_bytes(photo_bytes(4, ".jpg"))  # git is told not to look: it must not be trusted
    found = tracked_blobs(root)
    assert str(root / "link.jpg") not in found  # a link's blob is its target's name, not a picture
    assert str(root / "b.jpg") not in found
    assert found[str(root / "staged.jpg")] == GIT_BLOB + git(root, "hash-object", "staged.jpg")
    assert found[str(root / "a.jpg")] == GIT_BLOB + git(root, "hash-object", "a.jpg")


def test_a_school_below_the_repositorys_top(tmp_path: Path) -> None:
    top = repository(tmp_path, {"school/students/ada/a.jpg": photo_bytes(1, ".jpg"), "elsewhere/b.jpg": photo_bytes(2, ".jpg")})
    found = tracked_blobs(top / "school")
    assert list(found) == [str(top / "school" / "students" / "ada" / "a.jpg")]


def test_no_repository_and_no_git_give_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "a.jpg").write_bytes(photo_bytes(1, ".jpg"))
    assert tracked_blobs(plain) == {}
    root = repository(tmp_path, {"a.jpg": photo_bytes(1, ".jpg")})
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs-here"))
    assert tracked_blobs(root) == {}


def test_a_hook_s_git_variables_do_not_point_elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = repository(tmp_path, {"a.jpg": photo_bytes(1, ".jpg")})
    other = tmp_path / "other"
    other.mkdir()
    git(other, "init", "-q")
    monkeypatch.setenv("GIT_DIR", str(other / ".git"))
    assert list(tracked_blobs(root)) == [str(root / "a.jpg")]


def test_digest_cache_uses_git_keys_and_hashes_the_rest(tmp_path: Path) -> None:
    root = repository(tmp_path, {"a.jpg": photo_bytes(1, ".jpg"), "b.jpg": photo_bytes(2, ".jpg")})
    (root / "b.jpg").write_bytes(photo_bytes(3, ".jpg"))
    digests = DigestCache.load(tmp_path / "state" / "digests.json", git_root=root, git_min_bytes=0)
    assert digests.digest(root / "a.jpg") == GIT_BLOB + git(root, "hash-object", "a.jpg")
    assert digests.digest(root / "b.jpg") == hashlib.sha256((root / "b.jpg").read_bytes()).hexdigest()
    hashed = {path for path, entry in digests.entries.items() if not is_git_key(str(entry[2]))}
    assert hashed == {str(root / "b.jpg")}, "only the file git could not vouch for was read"


def test_git_is_asked_only_about_files_the_cache_does_not_know(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = repository(tmp_path, {f"p{i}.jpg": photo_bytes(i, ".jpg") for i in range(4)})
    state = tmp_path / "state" / "digests.json"
    first = DigestCache.load(state, git_root=root, git_min_bytes=0)
    keys = {path.name: first.digest(path) for path in sorted(root.glob("*.jpg"))}
    first.save()
    assert all(is_git_key(key) for key in keys.values())
    # Without git on the PATH, the remembered keys are still given: git was not needed.
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs-here"))
    again = DigestCache.load(state, git_root=root, git_min_bytes=0)
    assert {name: again.digest(root / name) for name in keys} == keys
    assert again._tracked is None, "git was not asked"
    # A file changed since: its new bytes are hashed (git, gone, cannot vouch for it).
    (root / "p1.jpg").write_bytes(photo_bytes(9, ".jpg"))
    assert again.digest(root / "p1.jpg") == hashlib.sha256((root / "p1.jpg").read_bytes()).hexdigest()


def test_a_file_changed_just_before_git_was_asked_is_read(tmp_path: Path) -> None:
    """Git may have looked at the file before it changed: only a file older than the racy window is vouched for."""
    root = repository(tmp_path, {"a.jpg": photo_bytes(1, ".jpg")})
    os.utime(root / "a.jpg")  # now: the same bytes, but written in the moment git is asked
    digests = DigestCache.load(tmp_path / "state" / "digests.json", git_root=root, git_min_bytes=0)
    assert digests.digest(root / "a.jpg") == hashlib.sha256((root / "a.jpg").read_bytes()).hexdigest()


@pytest.mark.parametrize("size", [1, 1000, GIT_MIN_BYTES - 1, GIT_MIN_BYTES, 3 * GIT_MIN_BYTES])
def test_only_big_files_take_their_key_from_git(tmp_path: Path, size: int) -> None:
    data = random.Random(size).randbytes(size)
    root = repository(tmp_path, {"students/ada/file.bin": data, "students/ada/page.md": b"# Me\n"})
    digests = DigestCache.load(tmp_path / "digests.json", git_root=root)
    page = digests.digest(root / "students" / "ada" / "page.md")
    assert page == hashlib.sha256(b"# Me\n").hexdigest()
    assert digests._tracked is None, "a small changed page is read, git is not asked about the school"
    key = digests.digest(root / "students" / "ada" / "file.bin")
    if size >= GIT_MIN_BYTES:
        assert key == GIT_BLOB + git(root, "hash-object", "students/ada/file.bin")
    else:
        assert key == hashlib.sha256(data).hexdigest()


def rendition_bytes(result: ProcessedImage) -> list[bytes]:
    return [(result.folder / r.file).read_bytes() for r in (*result.renditions, result.thumbnail)]


@pytest.mark.parametrize("size", [(1800, 1200), (700, 900), (300, 200)])
def test_blob_key_and_content_key_give_the_same_copies(tmp_path: Path, size: tuple[int, int]) -> None:
    rng = random.Random(size[0])
    img = Image.frombytes("RGB", (8, 6), rng.randbytes(8 * 6 * 3)).resize(size, Image.Resampling.BICUBIC)
    path = tmp_path / "p.jpg"
    img.save(path, quality=90)
    root = repository(tmp_path, {"students/ada/p.jpg": path.read_bytes()})
    photo = root / "students" / "ada" / "p.jpg"
    key = tracked_blobs(root)[str(photo)]
    by_git = process_image(photo, tmp_path / "cache-git", digest=key)
    by_content = process_image(photo, tmp_path / "cache-content")
    assert isinstance(by_git, ProcessedImage)
    assert isinstance(by_content, ProcessedImage)
    assert by_git.key != by_content.key
    assert rendition_bytes(by_git) == rendition_bytes(by_content)
    assert by_git.renditions == by_content.renditions


def test_a_photo_processed_before_its_commit_is_found_after_it(tmp_path: Path) -> None:
    root = repository(tmp_path, {"README.txt": b"school\n"})
    photo = root / "p.jpg"
    photo.write_bytes(photo_bytes(5, ".jpg"))
    before = process_image(
        photo, tmp_path / "cache", digest=DigestCache.load(tmp_path / "d.json", root, git_min_bytes=0).digest(photo)
    )
    assert isinstance(before, ProcessedImage)
    assert not before.from_cache
    git(root, "add", "p.jpg")
    git(root, "commit", "-q", "-m", "photo")
    age(root)
    key = DigestCache.load(tmp_path / "d.json", root, git_min_bytes=0).digest(photo)
    assert is_git_key(key)
    after = process_image(photo, tmp_path / "cache", digest=key)
    assert isinstance(after, ProcessedImage)
    assert after.from_cache, "the copies made under the content's key are used, not made again"
    assert after.folder == before.folder
