"""plp-site: Personalized Learning Plan portfolios as static websites, one per student."""

from __future__ import annotations

__all__ = ["__version__"]

__version__ = "0.1.0"
