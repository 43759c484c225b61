"""Conference records: what was said at each student-led conference, in the family's own words and language.

`rule.py` holds the school's headings for a record, `records.py` reads a record's sections, `languages.py` names
a record's language, `checks.py` holds the rules `plp check` runs on records, `pages.py` writes the Conferences
history and each record's page, and `agenda.py` what the printed agenda takes from them (the agreed next steps and
the family sheet)."""
