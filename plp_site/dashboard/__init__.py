"""The staff dashboard's pages: who needs attention, every student's row, advisors' and grades' pages, the CSV."""

from __future__ import annotations

from plp_site.dashboard.pages import write_dashboard

__all__ = ["write_dashboard"]
