"""An unexpected error: a busy database says "try again", a full disk says so, others are 500."""

import errno

from django.db import OperationalError

from policylib.errors import server_error


def answer_to(error: Exception, rf):
    try:
        raise error
    except Exception:
        return server_error(rf.get("/documents/1/upload/"))


def test_a_locked_database_asks_to_try_again(rf):
    response = answer_to(OperationalError("database is locked"), rf)
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "The library is busy, try again" in response.content.decode()


def test_a_full_disk_says_nothing_was_saved(rf):
    response = answer_to(OSError(errno.ENOSPC, "No space left on device"), rf)
    assert response.status_code == 507
    assert "nothing of your request was saved" in response.content.decode()


def test_any_other_error_is_the_plain_500_page(rf):
    response = answer_to(OperationalError("no such table: library_document"), rf)
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
