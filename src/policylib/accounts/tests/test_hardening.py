"""Files served as downloads, security headers, CSRF on every form, no inline script."""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from policylib.audit.models import AuditEntry
from policylib.conftest import client_for
from policylib.library import services
from policylib.library.models import FileRole, Marking

pytestmark = pytest.mark.django_db

SOURCE = Path(__file__).resolve().parents[2]
HOSTILE_PAGE = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"


def test_an_uploaded_web_page_is_served_as_a_download_never_as_a_page(make_document):
    document = make_document("Escort Standard")
    stored = services.attach_file(
        document=document,
        by=None,
        stream=io.BytesIO(HOSTILE_PAGE),
        original_name="escort.html",
        role=FileRole.ATTACHMENT,
    )

    response = Client().get(stored.get_absolute_url())

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"


def test_a_pdf_opens_in_the_viewer_but_is_named_and_not_sniffed(make_document):
    pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    document = make_document("Escort Standard", pdf=pdf)
    stored = document.files.get()

    response = Client().get(stored.get_absolute_url())

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline; filename=")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_downloads_of_a_restricted_file_are_audited_on_the_site_and_the_api(
    make_document, les_group, les_member
):
    pdf = b"%PDF-1.4\n%%EOF\n"
    secret = make_document("Surveillance Handbook", pdf=pdf, marking=Marking.RESTRICTED)
    secret.restricted_to.add(les_group)
    open_one = make_document("Escort Standard", pdf=pdf + b" ")
    client = client_for(les_member)

    client.get(secret.files.get().get_absolute_url())
    client.get(f"/api/v1/documents/{secret.pk}/files/{secret.files.get().pk}/")
    client.get(open_one.files.get().get_absolute_url())

    downloads = AuditEntry.objects.filter(action="file.downloaded")
    assert downloads.count() == 2, "both routes to the Restricted file; the Public one is not"
    assert {entry.target_id for entry in downloads} == {str(secret.pk)}
    assert {entry.actor for entry in downloads} == {les_member}


def test_a_refused_download_of_a_restricted_file_is_not_recorded_as_one(
    make_document, les_group, reader
):
    secret = make_document("Surveillance Handbook", pdf=b"%PDF-1.4\n%%EOF\n", marking="restricted")
    secret.restricted_to.add(les_group)

    response = client_for(reader).get(secret.files.get().get_absolute_url())

    assert response.status_code == 404
    assert not AuditEntry.objects.filter(action="file.downloaded").exists()


def test_the_content_security_policy_allows_no_inline_script_and_no_framing(client):
    policy = client.get("/")["Content-Security-Policy"]

    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert "unsafe" not in policy


def _templates() -> list[Path]:
    return sorted(SOURCE.glob("**/templates/**/*.html"))


def test_no_template_has_inline_script_or_event_handlers():
    inline_script = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>")
    handler = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
    found = [
        f"{path.relative_to(SOURCE)}: {match.group(0)}"
        for path in _templates()
        for pattern in (inline_script, handler, re.compile(r"javascript:", re.I))
        for match in pattern.finditer(path.read_text())
    ]
    assert found == [], "move these into a static .js file (the CSP blocks them)"


# Forms that post without a CSRF token, and why that is safe.
CSRF_EXEMPT_FORMS = {
    # One-click unsubscribe from an email (RFC 8058): the signed token is the credential.
    "subscriptions/templates/subscriptions/unsubscribe.html",
}


def test_every_form_that_posts_carries_a_csrf_token():
    post_form = re.compile(r"<form\b[^>]*method=[\"']post[\"'][^>]*>(.*?)</form>", re.S | re.I)
    missing = [
        str(path.relative_to(SOURCE))
        for path in _templates()
        for form in post_form.finditer(path.read_text())
        if "csrf_token" not in form.group(1)
        and str(path.relative_to(SOURCE)) not in CSRF_EXEMPT_FORMS
    ]
    assert missing == []
    assert "django.middleware.csrf.CsrfViewMiddleware" in settings.MIDDLEWARE
