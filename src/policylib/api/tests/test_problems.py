"""Every error the API gives is a problem details object (RFC 9457)."""

import os
import subprocess
import sys

import pytest
from rest_framework.test import APIClient

from policylib.api.tests.conftest import api_client, is_problem

pytestmark = pytest.mark.django_db


def test_400_lists_each_invalid_field(anonymous):
    body = is_problem(anonymous.get("/api/v1/documents/?year=x&status=nope"), 400)
    assert body["title"] == "Bad Request"
    assert body["code"] == "invalid"
    assert body["detail"] == "The request has 2 problems; see `errors`."
    assert {error["attr"] for error in body["errors"]} == {"year", "status"}
    assert all(error["code"] and error["detail"] for error in body["errors"])


def test_401(anonymous, documents):
    body = is_problem(anonymous.post(f"/api/v1/documents/{documents['public'].pk}/issue/"), 401)
    assert body["title"] == "Unauthorized"
    assert body["code"] == "not_authenticated"


def test_403(reader, documents):
    response = api_client(reader).post(f"/api/v1/documents/{documents['public'].pk}/cancel/")
    body = is_problem(response, 403)
    assert body["title"] == "Forbidden"


def test_404_for_a_missing_document_and_for_an_unknown_address(anonymous):
    assert is_problem(anonymous.get("/api/v1/documents/4242/"), 404)["code"] == "not_found"
    assert is_problem(anonymous.get("/api/v1/no-such-thing/"), 404)["title"] == "Not Found"
    assert is_problem(anonymous.get("/api/v2/documents/"), 404)["title"] == "Not Found"
    assert is_problem(anonymous.post("/api/v1/no-such-thing/"), 404)["code"] == "not_found"


def test_405(anonymous):
    response = anonymous.post("/api/v1/search/", {}, format="json")
    body = is_problem(response, 405)
    assert body["code"] == "method_not_allowed"
    assert "GET" in response["Allow"]


def test_406_when_the_client_accepts_no_json(anonymous):
    response = anonymous.get("/api/v1/types/", HTTP_ACCEPT="text/html")
    assert is_problem(response, 406)["code"] == "not_acceptable"


def test_415(librarian, library):
    response = api_client(librarian).post(
        "/api/v1/documents/", "identifier=x", content_type="application/x-www-form-urlencoded"
    )
    assert is_problem(response, 415)["code"] == "unsupported_media_type"


def test_429_with_retry_after_when_a_client_asks_too_often(settings, documents):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/minute", "user": "5/minute"},
    }
    client = APIClient()
    for _ in range(3):
        assert client.get("/api/v1/types/").status_code == 200
    response = client.get("/api/v1/types/")
    body = is_problem(response, 429)
    assert body["code"] == "throttled"
    assert int(response["Retry-After"]) > 0


def test_500_is_a_problem_that_tells_nothing_of_the_cause(monkeypatch, documents):
    def broken(query, user):
        raise RuntimeError("secret internals")

    # The one way to make a real server error on demand: the search backend fails.
    monkeypatch.setattr("policylib.api.views.search.search", broken)
    client = APIClient(raise_request_exception=False)
    response = client.get("/api/v1/search/", {"q": "detention"})
    body = is_problem(response, 500)
    assert body["detail"] == "Server Error (500)"
    assert "secret internals" not in response.content.decode()


def test_503_while_the_search_index_is_unavailable(monkeypatch, documents):
    from policylib import search

    def unavailable(query, user):
        raise search.SearchError("The search index is being built. Please try again in a minute.")

    monkeypatch.setattr("policylib.api.views.search.search", unavailable)
    client = APIClient(raise_request_exception=False)
    body = is_problem(client.get("/api/v1/search/", {"q": "detention"}), 503)
    assert body["detail"].startswith("The search index is being built")


def test_the_request_count_is_shared_by_every_server_process(settings, documents):
    """gunicorn runs several workers: requests answered by another process count too."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/minute", "user": "5/minute"},
    }
    client = APIClient()
    assert client.get("/api/v1/types/").status_code == 200
    # Two more requests from the same address, counted by another process of this server.
    other_process = (
        "from rest_framework.request import Request; "
        "from rest_framework.test import APIRequestFactory; "
        "from policylib.api.throttling import AnonThrottle; "
        "request = Request(APIRequestFactory().get('/api/v1/types/')); "
        "print([AnonThrottle().allow_request(request, None) for _ in range(2)])"
    )
    answered = subprocess.run(  # noqa: S603 - our own command
        [sys.executable, "-m", "policylib", "shell", "-c", other_process],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "POLICYLIB_API_ANON_RATE": "3/minute"},
    )
    assert answered.stdout.strip().splitlines()[-1] == "[True, True]"

    assert is_problem(client.get("/api/v1/types/"), 429)["code"] == "throttled"


def test_a_made_up_forwarded_address_does_not_escape_the_throttle(settings, documents):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/minute", "user": "5/minute"},
    }
    client = APIClient()
    for n in range(3):
        assert client.get("/api/v1/types/", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}").status_code == 200
    response = client.get("/api/v1/types/", HTTP_X_FORWARDED_FOR="10.0.0.99")
    assert is_problem(response, 429)["code"] == "throttled"
