"""A document's files through the API: listing, and downloads with the site's own checks."""

import pytest

from policylib.api.tests.conftest import api_client, attach, is_problem, pdf_bytes

pytestmark = pytest.mark.django_db


def files_of(document) -> str:
    return f"/api/v1/documents/{document.pk}/files/"


def test_anyone_lists_and_downloads_a_public_documents_file(anonymous, documents):
    public = documents["public"]
    [stored] = anonymous.get(files_of(public)).json()
    response = anonymous.get(stored["download_url"], HTTP_ACCEPT="application/pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["ETag"] == f'"{stored["sha256"]}"'
    assert 'filename="standards.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_the_site_link_and_the_api_link_serve_the_same_bytes(anonymous, documents):
    [stored] = anonymous.get(files_of(documents["public"])).json()
    by_api = b"".join(anonymous.get(stored["download_url"]).streaming_content)
    by_page = b"".join(anonymous.get(stored["page_url"]).streaming_content)
    assert by_api == by_page


def test_a_restricted_documents_files_are_a_404_to_an_outsider(
    anonymous, reader, les_member, documents
):
    restricted = documents["restricted"]
    stored = restricted.files.get()
    url = f"/api/v1/documents/{restricted.pk}/files/{stored.pk}/"
    for client in (anonymous, api_client(reader)):
        is_problem(client.get(files_of(restricted)), 404)
        is_problem(client.get(url), 404)
    # With a token, a member downloads what the site serves only to a signed-in session.
    response = api_client(les_member).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"Detention transfers")


def test_a_file_of_another_document_is_a_404(anonymous, documents):
    stored = documents["restricted"].files.get()
    url = f"/api/v1/documents/{documents['public'].pk}/files/{stored.pk}/"
    is_problem(anonymous.get(url), 404)


def test_replaced_files_are_not_listed(anonymous, documents):
    public = documents["public"]
    attach(public, pdf_bytes(["A newer edition."]), "standards-2.pdf")
    attach(public, b"Appendix text.", "appendix.txt", role="attachment")
    listed = anonymous.get(files_of(public)).json()
    assert [(f["name"], f["role"]) for f in listed] == [
        ("standards-2.pdf", "primary"),
        ("appendix.txt", "attachment"),
    ]
