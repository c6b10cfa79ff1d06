"""How the site answers over HTTP: who may cache a page, and when a request counts as HTTPS."""

import json
import os
import subprocess
import sys

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from policylib.conftest import client_for

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.5"


def _cache(answer) -> set[str]:
    return {directive.strip() for directive in answer.get("Cache-Control", "").split(",")}


def _vary(answer) -> set[str]:
    return {header.strip().lower() for header in answer.get("Vary", "").split(",")}


# -- Cache-Control ---------------------------------------------------------------------------


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed in"])
def test_a_page_is_for_the_browser_that_asked_only(signed_in, reader):
    client = client_for(reader if signed_in else None)

    answer = client.get(reverse("pages:home"))

    assert answer.status_code == 200
    assert "private" in _cache(answer)
    assert {"cookie", "authorization"} <= _vary(answer)


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed in"])
def test_an_api_answer_is_for_the_client_that_asked_only(signed_in, reader):
    client = client_for(reader if signed_in else None)

    answer = client.get("/api/v1/documents/")

    assert answer.status_code == 200
    assert "private" in _cache(answer)
    assert {"cookie", "authorization"} <= _vary(answer)


def test_an_error_page_is_private_too(client):
    answer = client.get("/documents/999999/")

    assert answer.status_code == 404
    assert "private" in _cache(answer)


# -- HTTPS behind a proxy ----------------------------------------------------------------------


@pytest.fixture
def https(settings):
    """POLICYLIB_HTTPS=1 behind one proxy at 10.0.0.5."""
    settings.HTTPS = True
    settings.SECURE_SSL_REDIRECT = True
    settings.POLICYLIB_TRUSTED_PROXIES = [PROXY]
    settings.POLICYLIB_TRUSTED_PROXY_COUNT = 0
    settings.SECURE_HSTS_SECONDS = 31536000
    return settings


PROBE = """
import json
import django
django.setup()
from django.http import HttpResponse
from django.test import Client
# Addresses that need no database (this process has none): a redirect comes first.
client = Client(REMOTE_ADDR="203.0.113.9")
plain = client.get("/api/v1/nothing-here/")
claimed = client.get("/api/v1/nothing-here/", HTTP_X_FORWARDED_PROTO="https")
print(json.dumps({"plain": plain.status_code, "claimed": claimed.status_code}))
"""


def test_with_https_on_plain_http_is_redirected_whatever_a_client_claims(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "policylib.settings",
        "POLICYLIB_HTTPS": "1",
        "POLICYLIB_DATA_DIR": str(tmp_path),
        "ALLOWED_HOSTS": "testserver",
    }
    for name in ("DATABASE_URL", "POLICYLIB_TRUSTED_PROXIES", "POLICYLIB_TRUSTED_PROXY_COUNT"):
        env.pop(name, None)
    result = subprocess.run(  # noqa: S603 - this interpreter, fixed arguments
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True
    )

    assert json.loads(result.stdout.strip().splitlines()[-1]) == {"plain": 301, "claimed": 301}


def login_page(peer: str, proto: str) -> HttpResponse:
    """The status of the sign-in page asked for by `peer`, with X-Forwarded-Proto `proto`."""
    return Client(REMOTE_ADDR=peer).get("/accounts/login/", HTTP_X_FORWARDED_PROTO=proto)


def test_only_the_trusted_proxy_may_say_a_request_came_over_https(https):
    through_proxy = login_page(PROXY, "https")
    assert through_proxy.status_code == 200
    assert through_proxy["Strict-Transport-Security"].startswith("max-age=")
    # Straight to the server, not through the proxy: the header is the client's own word.
    claimed = login_page("203.0.113.9", "https")
    assert claimed.status_code == 301
    assert claimed["Location"].startswith("https://")
    # The proxy itself passing on plain HTTP.
    assert login_page(PROXY, "http").status_code == 301


def test_a_scheme_the_client_wrote_before_the_proxys_own_is_ignored(https):
    # The proxy appends the scheme it was reached by; only that last one counts.
    assert login_page(PROXY, "https, http").status_code == 301
    assert login_page(PROXY, "http, https").status_code == 200


def test_with_a_proxy_count_and_no_list_every_peer_is_the_proxy(https):
    https.POLICYLIB_TRUSTED_PROXIES = []
    https.POLICYLIB_TRUSTED_PROXY_COUNT = 2

    # Two proxies that append: the outer one (which the person reached) wrote the first.
    assert login_page("192.0.2.1", "https, http").status_code == 200
    assert login_page("192.0.2.1", "http, https").status_code == 301


def test_without_configured_proxies_no_peer_is_believed(https):
    assert login_page(PROXY, "https").status_code == 200
    https.POLICYLIB_TRUSTED_PROXIES = []

    assert login_page(PROXY, "https").status_code == 301
