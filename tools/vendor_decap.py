"""Copy the pinned Decap CMS bundle from tools/cms/node_modules into plp_site/studentrepo/decap/ and record its
SHA-256 sums, after `npm ci --prefix tools/cms` (tools/cms/package.json pins the version).

    python tools/vendor_decap.py

`plp new student-repo` copies these files into each template's admin/ folder, checking the sums first; the
tests check the vendored files against the sums and, when tools/cms is installed, against npm's copy.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MODULES = REPO / "tools" / "cms" / "node_modules"
VENDORED = REPO / "plp_site" / "studentrepo" / "decap"
# Vendored name: where npm has it. Decap CMS's own package has no licence file; its repository's MIT licence is
# the one decap-server (from the same repository) ships.
FILES = {
    "decap-cms.js": MODULES / "decap-cms" / "dist" / "decap-cms.js",
    "decap-cms.js.LICENSE.txt": MODULES / "decap-cms" / "dist" / "decap-cms.js.LICENSE.txt",
    "LICENSE-decap-cms.txt": MODULES / "decap-server" / "LICENSE",
}


def main() -> int:
    """Copy the files and write SHA256SUMS; exit 1 when tools/cms is not installed."""
    missing = [str(source) for source in FILES.values() if not source.is_file()]
    if missing:
        print(f"not installed: {', '.join(missing)}; run: npm ci --prefix tools/cms", file=sys.stderr)
        return 1
    version = json.loads((MODULES / "decap-cms" / "package.json").read_text(encoding="utf-8"))["version"]
    VENDORED.mkdir(parents=True, exist_ok=True)
    lines = [f"# decap-cms {version}, copied from npm by tools/vendor_decap.py"]
    for name, source in FILES.items():
        shutil.copyfile(source, VENDORED / name)
        lines.append(f"{hashlib.sha256(source.read_bytes()).hexdigest()}  {name}")
    (VENDORED / "SHA256SUMS").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"vendored decap-cms {version} into {VENDORED.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
