"""`python -m plp_site` runs the `plp` command."""

from __future__ import annotations

import sys

from plp_site.cli import main

sys.exit(main())
