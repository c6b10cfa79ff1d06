"""`policylib createtoken USER`: how a person gets an API token."""

import io

import pytest
from django.core.management import CommandError, call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from policylib.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("createtoken", *args, stdout=out, stderr=err)
    return out.getvalue().strip(), err.getvalue()


def test_it_prints_a_new_token_that_then_works(librarian, documents):
    key, message = run("carol")
    assert key == Token.objects.get(user=librarian).key
    assert f"Authorization: Token {key}" in message
    assert AuditEntry.objects.filter(action="api.token_created").count() == 1
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = client.post(f"/api/v1/documents/{documents['draft'].pk}/issue/")
    assert response.status_code == 200


def test_asking_again_gives_the_same_token(librarian):
    first, _ = run("carol")
    again, message = run("carol")
    assert again == first
    assert "Created" not in message


def test_reset_replaces_and_revoke_deletes(librarian):
    first, _ = run("carol")
    second, _ = run("carol", "--reset")
    assert second != first
    assert Token.objects.get(user=librarian).key == second
    run("carol", "--revoke")
    assert not Token.objects.filter(user=librarian).exists()
    assert AuditEntry.objects.filter(action="api.token_revoked").count() == 2


def test_unknown_or_inactive_users_are_refused(librarian):
    with pytest.raises(CommandError, match='no user "nobody"'):
        run("nobody")
    librarian.is_active = False
    librarian.save()
    with pytest.raises(CommandError, match="inactive"):
        run("carol")
