"""Signing in and out: lockout after repeated wrong passwords, and the audit trail of it."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from policylib.audit.models import AuditEntry
from policylib.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")


def attempt(client: Client, username: str, password: str):
    return client.post(LOGIN, {"username": username, "password": password})


def actions_for(user) -> list[str]:
    entries = AuditEntry.objects.filter(target_id=str(user.pk), action__startswith="auth.")
    return list(entries.order_by("at", "id").values_list("action", flat=True))


def test_a_sign_in_is_recorded_with_the_address(reader):
    client = Client(REMOTE_ADDR="203.0.113.9")

    response = attempt(client, "alice", PASSWORD)

    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="auth.signed_in")
    assert (entry.actor, entry.remote_addr) == (reader, "203.0.113.9")
    assert entry.note == "Signed in with password."


def test_a_wrong_password_is_refused_and_recorded(reader):
    response = attempt(Client(), "alice", "not her password")

    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()
    entry = AuditEntry.objects.get(action="auth.sign_in_failed")
    assert entry.actor is None
    assert entry.target_id == str(reader.pk)
    assert "alice" in entry.note


def test_the_eleventh_wrong_password_locks_the_account_out(reader):
    client = Client()
    for _ in range(10):
        assert attempt(client, "alice", "wrong password").status_code == 200

    eleventh = attempt(client, "alice", "wrong password")

    assert eleventh.status_code == 429
    assert "Account locked" in eleventh.content.decode()
    # Locked: now even the right password, from another browser, is refused.
    after = attempt(Client(REMOTE_ADDR="198.51.100.7"), "alice", PASSWORD)
    assert after.status_code == 429
    assert "_auth_user_id" not in after.wsgi_request.session
    actions = actions_for(reader)
    assert actions[:10] == ["auth.sign_in_failed"] * 10
    assert sorted(actions[10:12]) == ["auth.locked_out", "auth.sign_in_failed"]
    assert actions[12:] == ["auth.sign_in_refused"]


def test_ten_wrong_passwords_do_not_lock_the_account(reader):
    client = Client()
    for _ in range(10):
        attempt(client, "alice", "wrong password")

    response = attempt(client, "alice", PASSWORD)

    assert response.status_code == 302
    assert not AuditEntry.objects.filter(action="auth.locked_out").exists()
    assert actions_for(reader)[-1] == "auth.signed_in"


def test_logging_out_ends_the_session_so_the_old_cookie_no_longer_works(reader):
    client = Client()
    attempt(client, "alice", PASSWORD)
    old_cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert client.get(reverse("subscriptions:mine")).status_code == 200

    assert client.post(reverse("accounts:logout")).status_code == 302

    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = old_cookie
    response = replay.get(reverse("subscriptions:mine"))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert AuditEntry.objects.filter(action="auth.signed_out", actor=reader).exists()


def test_logging_out_needs_a_post(reader):
    client = Client()
    attempt(client, "alice", PASSWORD)

    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.get(reverse("subscriptions:mine")).status_code == 200


def test_the_session_cookie_is_http_only_and_same_site(reader):
    response = attempt(Client(), "alice", PASSWORD)

    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert not cookie["secure"], "plain HTTP in development: a Secure cookie would be lost"


PROBE = """
import json
import django
django.setup()
from django.conf import settings
from django.test import Client
# An address that needs no database (this process has none): a 404 problem from the API.
response = Client().get("/api/v1/nothing-here/", secure=True)
print(json.dumps({
    "session_secure": settings.SESSION_COOKIE_SECURE,
    "csrf_secure": settings.CSRF_COOKIE_SECURE,
    "hsts": response.get("Strict-Transport-Security", ""),
}))
"""


def test_served_over_https_cookies_are_secure_and_hsts_is_sent(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "policylib.settings",
        "POLICYLIB_HTTPS": "1",
        "POLICYLIB_DATA_DIR": str(tmp_path),
        "ALLOWED_HOSTS": "testserver",
    }
    env.pop("DATABASE_URL", None)
    result = subprocess.run(  # noqa: S603 - this interpreter, fixed arguments
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True
    )

    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["session_secure"]
    assert found["csrf_secure"]
    assert found["hsts"].startswith("max-age=31536000")
