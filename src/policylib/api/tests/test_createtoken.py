"""`policylib createtoken USER`: how a person gets an API token."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from policylib.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("createtoken", *args, stdout=out, stderr=err)
    return out.getvalue().strip(), err.getvalue()


def issue_draft(key: str, draft) -> int:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client.post(f"/api/v1/documents/{draft.pk}/issue/").status_code


def test_it_prints_a_new_token_that_then_works(librarian, documents):
    key, message = run("carol")
    assert f"Authorization: Token {key}" in message
    assert "cannot be shown again" in message
    assert AuditEntry.objects.filter(action="api.token_created").count() == 1
    assert issue_draft(key, documents["draft"]) == 200


def test_the_library_keeps_no_copy_of_the_token(librarian):
    key, _ = run("carol")
    stored = AuthToken.objects.get(user=librarian)
    assert key not in (stored.digest, stored.token_key)
    assert len(stored.digest) == 128  # a SHA-512 digest


def test_a_token_expires(librarian, documents, settings):
    key, message = run("carol")
    expiry = AuthToken.objects.get(user=librarian).expiry
    assert expiry - timezone.now() > datetime.timedelta(days=364)
    assert f"expires on {timezone.localtime(expiry):%Y-%m-%d}" in message
    AuthToken.objects.filter(user=librarian).update(expiry=timezone.now())
    assert issue_draft(key, documents["draft"]) == 401


def test_reset_replaces_and_revoke_deletes(librarian, documents):
    first, _ = run("carol")
    second, _ = run("carol", "--reset")
    assert second != first
    assert AuthToken.objects.filter(user=librarian).count() == 1
    assert issue_draft(first, documents["draft"]) == 401
    _, message = run("carol", "--revoke")
    assert "Revoked 1 API token of carol" in message
    assert not AuthToken.objects.filter(user=librarian).exists()
    assert issue_draft(second, documents["draft"]) == 401
    assert AuditEntry.objects.filter(action="api.token_revoked").count() == 2


def test_unknown_or_inactive_users_are_refused(librarian):
    with pytest.raises(CommandError, match='no user "nobody"'):
        run("nobody")
    librarian.is_active = False
    librarian.save()
    with pytest.raises(CommandError, match="inactive"):
        run("carol")
