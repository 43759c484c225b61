"""Browser tests: the demo school's sites opened in Chromium as families open them (phones, screen readers, print)."""
