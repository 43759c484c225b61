"""The Journey: a student's growth over the school years, and the skills that had evidence in each year."""

from __future__ import annotations

from plp_site.journey.pages import JOURNEY, journey_page, skills_by_year
from plp_site.journey.years import SchoolYear, grade_in, journey_years

__all__ = ["JOURNEY", "SchoolYear", "grade_in", "journey_page", "journey_years", "skills_by_year"]
