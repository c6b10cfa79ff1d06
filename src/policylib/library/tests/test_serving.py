"""Every stored file (a document's, an agreement's, a draft's) travels with the same headers."""

import datetime

import pytest

from policylib.agreements import services as agreements
from policylib.conftest import PASSWORD, client_for
from policylib.library.models import Marking
from policylib.reviews import services as reviews
from policylib.reviews.models import OfficeMembership, Role

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
# Headers whose presence and meaning must be the same for every download.
SAME_EVERYWHERE = (
    "Content-Type",
    "Content-Disposition",
    "Content-Length",
    "ETag",
    "X-Content-Type-Options",
    "Content-Security-Policy",
    "Cache-Control",
)


@pytest.fixture
def author(django_user_model, office):
    """Dana writes for the OPI of the documents below (and so may read their drafts)."""
    user = django_user_model.objects.create_user(username="dana", password=PASSWORD)
    OfficeMembership.objects.create(user=user, office=office, role=Role.AUTHOR)
    return user


@pytest.fixture
def three_files(make_document, agreement_file, author):
    """A Restricted document's PDF, an Internal agreement's PDF and a draft's PDF: none public."""
    document = make_document("Escort policy", pdf=PDF, marking=Marking.RESTRICTED)
    agreement = agreement_file.agreement
    agreement.marking = Marking.INTERNAL
    agreement.save(update_fields=["marking"])
    # Checking out copies the document's PDF into the working copy.
    draft = reviews.check_out(by=author, document=make_document("Transport", pdf=PDF))
    return {
        "document": document.files.get(),
        "agreement": agreement_file,
        "draft": draft.files.get(),
    }


def _url(stored) -> str:
    return stored.get_absolute_url()


def _cache(answer) -> set[str]:
    return {directive.strip() for directive in answer["Cache-Control"].split(",")}


def test_every_download_answers_with_the_same_headers(three_files, librarian):
    client = client_for(librarian)

    answers = {kind: client.get(_url(stored)) for kind, stored in three_files.items()}

    assert {kind: answer.status_code for kind, answer in answers.items()} == dict.fromkeys(
        three_files, 200
    )
    for kind, answer in answers.items():
        stored = three_files[kind]
        assert answer["ETag"] == f'"{stored.sha256}"', kind
        assert answer["Content-Length"] == str(stored.size), kind
        assert answer["Content-Type"] == "application/pdf", kind
        assert answer["Content-Disposition"].startswith("inline;"), kind
        assert answer["X-Content-Type-Options"] == "nosniff", kind
        assert answer["Content-Security-Policy"] == "sandbox", kind
        # None of them is public: no cache, shared or the browser's, keeps a copy.
        assert _cache(answer) == {"private", "no-store"}, kind
        assert len(b"".join(answer.streaming_content)) == stored.size, kind
    header_sets = {
        kind: {name for name in SAME_EVERYWHERE if answer.has_header(name)}
        for kind, answer in answers.items()
    }
    assert header_sets == {kind: set(SAME_EVERYWHERE) for kind in three_files}


def test_every_download_answers_304_when_the_browser_has_it(three_files, librarian):
    client = client_for(librarian)

    for kind, stored in three_files.items():
        etag = f'"{stored.sha256}"'
        again = client.get(_url(stored), HTTP_IF_NONE_MATCH=f'"other", {etag}')
        assert again.status_code == 304, kind
        assert again["ETag"] == etag, kind
        assert _cache(again) == {"private", "no-store"}, kind
        assert not again.content, kind
        changed = client.get(_url(stored), HTTP_IF_NONE_MATCH='"an older version"')
        assert changed.status_code == 200, kind


def test_a_public_documents_file_is_kept_by_the_browser_only(make_document):
    stored = make_document("Escort policy", pdf=PDF).files.get()

    answer = client_for(None).get(_url(stored))

    assert answer.status_code == 200
    # Private even when public: a marking can change, and a shared cache would not know.
    assert _cache(answer) == {"private", "no-cache"}


def test_a_public_agreements_file_is_kept_by_the_browser_only(agreement_file):
    agreements.sign(
        agreement=agreement_file.agreement, by=None, signed_on=datetime.date(2026, 1, 5)
    )

    answer = client_for(None).get(_url(agreement_file))

    assert answer.status_code == 200
    assert _cache(answer) == {"private", "no-cache"}
