"""Structural security tests: the canary crawl (see docs/security.md, "The canary crawl")."""
