"""Browser journeys and accessibility checks: a real server, a real browser (Debian's chromium).

Run with `pytest -m browser`; see docs/testing.md.
"""
