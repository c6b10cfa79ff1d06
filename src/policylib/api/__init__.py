"""The REST API under /api/v1/: the library's documents, search and vocabularies as JSON.

Reads follow the same access rules as the pages (policylib.accounts.access); writes go through
policylib.library.services and policylib.library.lifecycle and need an API token. Errors are
problem details (RFC 9457). See docs/api.md.
"""
