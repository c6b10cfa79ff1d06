"""The error page for an unexpected failure, told apart when the cause is passing.

Django calls `server_error` (urls.handler500) for any exception no view handled, wherever it
arose: in a view, in a middleware, or while the request body was read. Two causes get their
own answer instead of "Something went wrong":

- the database is busy: SQLite's write lock was not free within its timeout, or PostgreSQL
  gave up on a lock or a deadlock. The transaction was rolled back, so nothing was half
  saved: 503 with Retry-After, "try again".
- the disk is full. Whatever was being written was abandoned and nothing existing was
  touched: 507, "nothing was saved, ask an administrator".
"""

import logging
import sys

from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.views import defaults

from policylib.library.files import is_disk_full

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5
# SQLSTATEs of PostgreSQL that mean "another transaction was in the way": lock_not_available,
# deadlock_detected, serialization_failure.
_BUSY_SQLSTATES = {"55P03", "40P01", "40001"}
_BUSY_SQLITE = ("database is locked", "database table is locked", "database is busy")


def is_database_busy(error: BaseException | None) -> bool:
    """Whether a database error means only that another writer held a lock: try again."""
    if not isinstance(error, DatabaseError):
        return False
    if any(text in str(error).lower() for text in _BUSY_SQLITE):
        return True
    return getattr(error.__cause__, "sqlstate", None) in _BUSY_SQLSTATES


def _is_storage_full(error: BaseException | None) -> bool:
    if error is None:
        return False
    if isinstance(error, DatabaseError):
        return "database or disk is full" in str(error).lower()
    return is_disk_full(error)


def server_error(request: HttpRequest) -> HttpResponse:
    """500, or 503 for a busy database, or 507 for a full disk (see the module's docstring)."""
    error = sys.exc_info()[1]
    if is_database_busy(error):
        response = _standalone("503.html", status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    if _is_storage_full(error):
        return _standalone("507.html", status=507)
    return defaults.server_error(request)


def _standalone(template_name: str, *, status: int) -> HttpResponse:
    # No request context: the context processors read the database, which may be the trouble.
    body = loader.get_template(template_name).render({"retry_after": RETRY_AFTER_SECONDS})
    return HttpResponse(body, status=status)
