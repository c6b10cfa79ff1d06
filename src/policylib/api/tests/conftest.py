"""A small library to read through the API: one document of each marking, a draft and an
archived one, and callers of every kind (anonymous, reader, LES member, staff)."""

import io

import pytest
from django.core.cache import cache
from knox.models import AuthToken
from reportlab.pdfgen import canvas
from rest_framework.test import APIClient

from policylib import extraction, search
from policylib.library import services
from policylib.library.models import FileRole, Marking, Status

# A word and a title that exist only in the Restricted document.
SECRET_WORD = "zephyrine"
SECRET_TITLE = "Zephyrine Covert Surveillance Protocol"


@pytest.fixture(autouse=True)
def _fresh_throttle():
    """Request counts live in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()


def api_client(user=None, *, token: bool = True) -> APIClient:
    """A client for `user`: with an API token by default, or signed in with a session."""
    client = APIClient()
    if user is not None:
        if token:
            key = AuthToken.objects.create(user=user)[1]
            client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        else:
            client.force_login(user)
    return client


@pytest.fixture
def anonymous():
    return APIClient()


def pdf_bytes(pages: list[str]) -> bytes:
    """A PDF with one line of text on each page."""
    out = io.BytesIO()
    pdf = canvas.Canvas(out)
    for text in pages:
        pdf.drawString(72, 720, text)
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def attach(document, content: bytes, name: str, role: str = FileRole.PRIMARY):
    """Store a file for `document` and extract its text, as the task worker would."""
    stored = services.attach_file(
        document=document, by=None, stream=io.BytesIO(content), original_name=name, role=role
    )
    extraction.extract_now(stored.pk)
    return stored


@pytest.fixture
def documents(make_document, les_group):
    """Public, Internal, Restricted (LES), a draft and an archived document, indexed."""
    public = make_document(
        "Detention Standards",
        identifier="DRO 0001",
        summary="How detention facilities are run.",
        signatory_name="Jane Roe",
        signatory_title="Director",
        issued_on="2019-05-01",
    )
    attach(
        public,
        pdf_bytes(["Standards for detention facilities.", "Their inspection every year."]),
        "standards.pdf",
    )
    internal = make_document(
        "Internal Travel Guidance",
        identifier="DRO 0002",
        marking=Marking.INTERNAL,
        summary="Travel for employees.",
        issued_on="2020-01-15",
    )
    restricted = make_document(
        SECRET_TITLE,
        identifier="LES 0001",
        marking=Marking.RESTRICTED,
        restricted_to=[les_group],
        summary=f"The {SECRET_WORD} procedure.",
        issued_on="2021-03-10",
    )
    attach(
        restricted, f"Detention transfers under the {SECRET_WORD} procedure.".encode(), "les.txt"
    )
    draft = make_document("Draft Detention Rules", identifier="DRO 0003", status=Status.DRAFT)
    archived = make_document(
        "Old Detention Standards",
        identifier="DRO 0000",
        status=Status.ARCHIVED,
        issued_on="2001-01-01",
    )
    search.apply_outbox()
    return {
        "public": public,
        "internal": internal,
        "restricted": restricted,
        "draft": draft,
        "archived": archived,
    }


def titles(response) -> list[str]:
    return [item["title"] for item in response.json()["results"]]


def is_problem(response, status: int) -> dict:
    """Assert `response` is an RFC 9457 problem with `status`, and return its body."""
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status
    assert body["type"] == "about:blank"
    assert body["title"]
    assert body["detail"]
    assert body["instance"] == response.wsgi_request.path
    return body


# The people and offices of a review round (the RevCom endpoints), as the reviews tests name them.
from policylib.reviews.tests.conftest import (  # noqa: E402, F401
    author,
    board_member,
    board_office,
    current_directive,
    enforcement,
    enforcement_dpc,
    field_dpc,
    field_ops,
    field_reviewer,
    mission_support,
    ms_dpc,
    ms_reviewer,
    open_period,
    owner,
    signatory,
    working_copy,
)
