"""The OpenAPI schema, its human docs, and schemathesis: generated requests against every
operation of the schema, through the real WSGI application and the test database."""

import json

import hypothesis
import pytest
import schemathesis
from django.contrib.staticfiles import finders
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck
from schemathesis import GenerationMode

from policylib.api.tests.conftest import SECRET_TITLE, api_client

pytestmark = pytest.mark.django_db


def test_the_schema_is_openapi_3_and_names_every_endpoint(anonymous):
    response = anonymous.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    paths = set(schema["paths"])
    assert {
        "/api/v1/documents/",
        "/api/v1/documents/{id}/",
        "/api/v1/documents/{id}/files/",
        "/api/v1/documents/{id}/files/{file_id}/",
        "/api/v1/documents/{id}/issue/",
        "/api/v1/documents/{id}/supersede/",
        "/api/v1/documents/{id}/cancel/",
        "/api/v1/documents/{id}/archive/",
        "/api/v1/search/",
        "/api/v1/libraries/",
        "/api/v1/categories/",
        "/api/v1/offices/",
        "/api/v1/subjects/",
        "/api/v1/types/",
    } <= paths
    not_found = schema["paths"]["/api/v1/documents/{id}/"]["get"]["responses"]["404"]
    assert list(not_found["content"]) == ["application/problem+json"]
    assert "knoxApiToken" in schema["components"]["securitySchemes"]


def test_the_docs_page_loads_nothing_from_another_site(anonymous):
    response = anonymous.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "http://" not in html
    assert "https://" not in html
    # The page's own script is a separate file, so no inline script is needed.
    assert "<script>" not in html
    script = anonymous.get("/api/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in script.content.decode()
    for name in ("swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "swagger-ui.css"):
        assert finders.find(f"drf_spectacular_sidecar/swagger-ui-dist/{name}"), name


# --- schemathesis -------------------------------------------------------------------------

# Repeatable: the same examples on every run (how many per operation: see `fuzz`).
FUZZ_SETTINGS = hypothesis.settings(
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def wsgi_app():
    """The site's WSGI application, kept inside the test's transaction.

    A WSGI server closes stale database connections around each request; in a test that would
    close the connection holding the test's transaction, so (as Django's test client does)
    those handlers are off while the test runs.
    """
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(wsgi_app, settings):
    # Generous rates: the point here is the answers, not the throttle (tested elsewhere).
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "100000/minute", "user": "100000/minute"},
    }
    return schemathesis.openapi.from_wsgi("/api/schema/?format=json", wsgi_app, config=CONFIG)


# Every check schemathesis has, but two:
# - for changes, positive_data_acceptance: a request body names other records (a library, a
#   type, a predecessor) by slug or id, which the schema cannot say exist, so most generated
#   bodies are rightly refused with a 400 that names the field;
# - negative_data_rejection: like DRF and django-filter, the API reads the last value of a
#   repeated parameter and falls back to the default page size for an unusable one, rather than
#   refusing the request.
# Those answers are still checked against the schema like every other.
CONFIG = schemathesis.Config.from_dict(
    {
        "checks": {"negative_data_rejection": {"enabled": False}},
        "operations": [
            {
                "include-method-regex": "^(POST|PATCH)$",
                "checks": {"positive_data_acceptance": {"enabled": False}},
            }
        ],
    }
)


def fuzz(
    schema, *, ids, mode=GenerationMode.POSITIVE, headers=None, forbidden=(), reads=20, writes=20
):
    """Run generated requests against every operation; return the failures, by operation.

    `ids` fixes the `{id}` path parameter (None lets schemathesis draw one), so operations on
    one document run against documents that exist. `forbidden` must appear in no answer.
    `reads` and `writes` are how many requests each reading and changing operation gets (bodies
    cost the most to generate; a caller who may change nothing needs only a few refusals).
    """
    failures = {}
    for result in schema.get_all_operations():
        operation = result.ok()
        if mode == GenerationMode.NEGATIVE and not (len(operation.query) or len(operation.body)):
            continue  # nothing to get wrong but the path, whose every string is valid
        reading = operation.method.upper() == "GET"
        for document_id in ids if "{id}" in operation.path and reading else ids[:1]:
            fixed = {"id": document_id} if "{id}" in operation.path else None
            strategy = operation.as_strategy(mode, path_parameters=fixed)
            budget = reads if reading else writes

            @hypothesis.settings(FUZZ_SETTINGS, max_examples=budget)
            @hypothesis.given(case=strategy)
            def check(case):
                response = case.call_and_validate(headers=headers)
                for text in forbidden:
                    assert text.encode() not in response.content, f"{text!r} leaked"

            try:
                check()
            except Exception as exc:  # collect every operation's failure, then report all
                failures[f"{operation.label} (id={document_id})"] = exc
    return failures


def report(failures: dict) -> str:
    return "\n\n".join(f"{label}:\n{exc}" for label, exc in failures.items())


def test_anonymous_requests_get_no_server_error_and_match_the_schema(api_schema, documents):
    ids = (documents["restricted"].pk, documents["public"].pk)
    failures = fuzz(api_schema, ids=ids, forbidden=[SECRET_TITLE], writes=3)
    assert not failures, report(failures)


def test_staff_requests_with_a_token_get_no_server_error_and_match_the_schema(
    api_schema, documents, librarian
):
    headers = {"Authorization": api_client(librarian)._credentials["HTTP_AUTHORIZATION"]}
    ids = (documents["draft"].pk, documents["public"].pk)
    failures = fuzz(api_schema, headers=headers, ids=ids)
    assert not failures, report(failures)


def test_invalid_requests_are_refused_without_a_server_error(api_schema, documents, librarian):
    headers = {"Authorization": api_client(librarian)._credentials["HTTP_AUTHORIZATION"]}
    failures = fuzz(
        api_schema,
        mode=GenerationMode.NEGATIVE,
        headers=headers,
        ids=(documents["public"].pk,),
        reads=10,
        writes=10,
    )
    assert not failures, report(failures)


# --- The review round (RevCom) ------------------------------------------------------------

REVIEW_PATHS = (
    r"^/api/v1/(drafts|periods|office-reviews|comments|my-reviews|documents/\{id\}/check)"
)


@pytest.fixture
def review_in_progress(open_period, field_dpc, field_reviewer, field_ops):
    """A comment period open to two offices; Field Operations has a reviewer and a comment."""
    from policylib.reviews import services

    office_review = open_period.offices.get(office=field_ops)
    services.assign_reviewer(
        by=field_dpc,
        office_review=office_review,
        reviewer=field_reviewer,
        due_on=open_period.due_on,
    )
    comment = services.add_comment(
        by=field_reviewer,
        office_review=office_review,
        category="editorial",
        text="Spell out HQDRO.",
        section="1",
    )
    return (open_period.draft_id, open_period.pk, office_review.pk, comment.pk)


@pytest.mark.parametrize("who", ["owner", "field_dpc", "reader"])
def test_review_requests_get_no_server_error_and_match_the_schema(
    api_schema, review_in_progress, who, request
):
    user = request.getfixturevalue(who)
    headers = {"Authorization": api_client(user)._credentials["HTTP_AUTHORIZATION"]}
    schema = api_schema.include(path_regex=REVIEW_PATHS)
    forbidden = ["Deviation from the Escort Policy (revised)"] if who == "reader" else []
    failures = fuzz(
        schema, headers=headers, ids=review_in_progress, forbidden=forbidden, reads=8, writes=8
    )
    assert not failures, report(failures)
