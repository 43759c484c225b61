"""Integration tests of `plp build`: real schools on disk, the real CLI, real MkDocs and Pillow.

A package (this file) so that this folder's conftest.py and test modules get their own module names and
never shadow `tests/conftest.py` (imported as `conftest` by the other test folders).
"""
