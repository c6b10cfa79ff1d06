"""Changes through the API: a token is needed, the staff permission decides, and every write
goes through the library's services and lifecycle (so it obeys their rules and is audited)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from policylib.api.tests.conftest import SECRET_TITLE, api_client, is_problem, pdf_bytes
from policylib.audit.models import AuditEntry
from policylib.library.models import Document, FileRole, Status, Subject, Supersession

pytestmark = pytest.mark.django_db
LIST = "/api/v1/documents/"


def detail(document, suffix: str = "") -> str:
    return f"/api/v1/documents/{document.pk}/{suffix}"


@pytest.fixture
def new_document(library, directive_type, category, office) -> dict:
    Subject.objects.create(name="Use of Force", slug="use-of-force")
    return {
        "library": library.slug,
        "identifier": "DRO 0500",
        "title": "Escort Procedures",
        "type": directive_type.slug,
        "summary": "How escorts are done.",
        "opi": office.pk,
        "issued_on": "2024-02-01",
        "categories": [category.slug],
        "subjects": ["use-of-force"],
    }


class TestAuthentication:
    def test_anonymous_writes_are_a_401_asking_for_a_token(self, anonymous, new_document):
        response = anonymous.post(LIST, new_document, format="json")
        body = is_problem(response, 401)
        assert response["WWW-Authenticate"] == "Token"
        assert "Authorization: Token" in body["detail"]
        assert not Document.objects.exists()

    def test_a_signed_in_session_cannot_write(self, librarian, new_document):
        response = api_client(librarian, token=False).post(LIST, new_document, format="json")
        is_problem(response, 401)
        assert not Document.objects.exists()

    def test_a_wrong_token_is_a_401(self, new_document):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION="Token not-a-real-key")
        is_problem(client.post(LIST, new_document, format="json"), 401)
        # Even for reading: a bad credential is never silently treated as anonymous.
        is_problem(client.get(LIST), 401)

    def test_an_inactive_users_token_stops_working(self, librarian, new_document):
        client = api_client(librarian)
        librarian.is_active = False
        librarian.save()
        is_problem(client.post(LIST, new_document, format="json"), 401)

    def test_a_reader_with_a_token_may_not_write(self, reader, new_document):
        body = is_problem(api_client(reader).post(LIST, new_document, format="json"), 403)
        assert body["code"] == "permission_denied"
        assert not Document.objects.exists()


class TestCreate:
    def test_staff_create_a_draft_through_the_service(self, librarian, new_document):
        response = api_client(librarian).post(LIST, new_document, format="json")
        assert response.status_code == 201, response.content
        document = Document.objects.get()
        assert response["Location"] == detail(document)
        body = response.json()
        assert body["status"] == "draft"
        assert body["title"] == "Escort Procedures"
        assert body["subjects"] == [{"slug": "use-of-force", "name": "Use of Force"}]
        assert document.created_by == librarian
        entry = AuditEntry.objects.get(action="document.created")
        assert entry.actor == librarian
        assert entry.changes["title"] == [None, "Escort Procedures"]

    def test_the_identifier_must_be_new_in_its_library(self, librarian, new_document):
        client = api_client(librarian)
        client.post(LIST, new_document, format="json")
        body = is_problem(client.post(LIST, new_document, format="json"), 400)
        assert "already used" in body["detail"]
        assert Document.objects.count() == 1

    def test_missing_and_wrong_fields_are_listed(self, librarian):
        response = api_client(librarian).post(
            LIST, {"type": "no-such-type", "marking": "secret"}, format="json"
        )
        body = is_problem(response, 400)
        attrs = sorted(error["attr"] for error in body["errors"])
        assert attrs == ["identifier", "library", "marking", "title", "type"]

    def test_status_cannot_be_set_directly(self, librarian, new_document):
        response = api_client(librarian).post(
            LIST, {**new_document, "status": "current"}, format="json"
        )
        body = is_problem(response, 400)
        assert body["errors"][0]["attr"] == "status"
        assert "issue" in body["errors"][0]["detail"]

    def test_a_restricted_document_for_a_group(self, librarian, les_member, new_document):
        payload = {**new_document, "marking": "restricted", "restricted_to": ["LES"]}
        created = api_client(librarian).post(LIST, payload, format="json").json()
        assert created["marking_label"] == "Restricted (LES)"

    def test_malformed_json_is_a_400_problem(self, librarian):
        response = api_client(librarian).post(
            LIST, data="{not json", content_type="application/json"
        )
        body = is_problem(response, 400)
        assert body["code"] == "parse_error"

    def test_a_form_body_is_a_415_problem(self, librarian, new_document):
        response = api_client(librarian).post(LIST, new_document)  # multipart
        is_problem(response, 415)


class TestUpdate:
    def test_staff_change_a_record_and_it_is_audited(self, librarian, documents):
        public = documents["public"]
        response = api_client(librarian).patch(
            detail(public), {"title": "Detention Standards (2025)"}, format="json"
        )
        assert response.status_code == 200, response.content
        assert response.json()["title"] == "Detention Standards (2025)"
        public.refresh_from_db()
        assert public.title == "Detention Standards (2025)"
        entry = AuditEntry.objects.get(action="document.updated")
        assert entry.changes == {"title": ["Detention Standards", "Detention Standards (2025)"]}

    def test_a_reader_gets_403_on_a_document_they_see(self, reader, documents):
        response = api_client(reader).patch(
            detail(documents["public"]), {"title": "Mine"}, format="json"
        )
        is_problem(response, 403)

    def test_a_restricted_document_is_a_404_not_a_403(self, reader, documents):
        response = api_client(reader).patch(
            detail(documents["restricted"]), {"title": "Mine"}, format="json"
        )
        is_problem(response, 404)
        assert SECRET_TITLE not in response.content.decode()

    def test_put_and_delete_are_not_allowed(self, librarian, documents):
        client = api_client(librarian)
        is_problem(client.put(detail(documents["public"]), {}, format="json"), 405)
        response = client.delete(detail(documents["public"]))
        is_problem(response, 405)
        assert "DELETE" not in response["Allow"]
        assert Document.objects.filter(pk=documents["public"].pk).exists()


class TestUpload:
    def upload(self, client, document, content: bytes, name: str, **extra):
        return client.post(
            detail(document, "files/"),
            {"file": SimpleUploadedFile(name, content), **extra},
            format="multipart",
        )

    def test_staff_upload_a_new_primary_file_and_the_old_one_is_kept(self, librarian, documents):
        public = documents["public"]
        old = public.files.get()
        response = self.upload(api_client(librarian), public, pdf_bytes(["New"]), "new.pdf")
        assert response.status_code == 201, response.content
        body = response.json()
        assert (body["name"], body["role"], body["content_type"]) == (
            "new.pdf",
            "primary",
            "application/pdf",
        )
        old.refresh_from_db()
        assert old.role == FileRole.REPLACED
        assert AuditEntry.objects.filter(action="file.attached", actor=librarian).exists()

    def test_an_attachment_and_the_type_from_the_content(self, librarian, documents):
        response = self.upload(
            api_client(librarian),
            documents["public"],
            pdf_bytes(["Appendix"]),
            "appendix.txt",
            role="attachment",
        )
        assert response.json()["role"] == "attachment"
        # The name says text; the bytes say PDF.
        assert response.json()["content_type"] == "application/pdf"

    def test_a_file_over_the_limit_is_a_413_problem(self, librarian, documents, settings):
        settings.POLICYLIB_MAX_UPLOAD_BYTES = 100
        response = self.upload(api_client(librarian), documents["public"], b"x" * 101, "a.txt")
        body = is_problem(response, 413)
        assert "limit" in body["detail"]
        assert documents["public"].files.count() == 1

    def test_no_file_is_a_400_problem(self, librarian, documents):
        response = api_client(librarian).post(
            detail(documents["public"], "files/"), {"role": "primary"}, format="multipart"
        )
        body = is_problem(response, 400)
        assert body["errors"][0]["attr"] == "file"

    def test_readers_cannot_upload(self, reader, documents):
        response = self.upload(api_client(reader), documents["public"], b"hello", "a.txt")
        is_problem(response, 403)


class TestLifecycle:
    def test_issue_then_supersede_then_archive(self, librarian, documents, make_document):
        client = api_client(librarian)
        public = documents["public"]
        draft = documents["draft"]
        linked = client.post(detail(draft, "supersede/"), {"predecessor": public.pk}, format="json")
        assert linked.status_code == 200, linked.content
        assert Supersession.objects.filter(predecessor=public, successor=draft).exists()
        issued = client.post(
            detail(draft, "issue/"), {"issued_on": "2025-01-02", "note": "Signed."}, format="json"
        )
        assert issued.status_code == 200, issued.content
        assert issued.json()["status"] == "current"
        assert issued.json()["issued_on"] == "2025-01-02"
        public.refresh_from_db()
        assert public.status == Status.SUPERSEDED
        archived = client.post(detail(public, "archive/"), {}, format="json")
        assert archived.json()["status"] == "archived"
        actions = set(AuditEntry.objects.filter(actor=librarian).values_list("action", flat=True))
        assert {"document.issued", "document.superseded", "document.archived"} <= actions

    def test_cancel(self, librarian, documents):
        response = api_client(librarian).post(
            detail(documents["internal"], "cancel/"), {"on": "2025-03-04"}, format="json"
        )
        assert response.json()["status"] == "cancelled"
        assert response.json()["status_changed_on"] == "2025-03-04"

    def test_a_transition_the_rules_refuse_is_a_409_problem(self, librarian, documents):
        response = api_client(librarian).post(detail(documents["public"], "issue/"))
        body = is_problem(response, 409)
        assert "cannot be issued" in body["detail"]
        documents["public"].refresh_from_db()
        assert documents["public"].status == Status.CURRENT

    def test_a_supersession_cycle_is_refused(self, librarian, make_document):
        client = api_client(librarian)
        old = make_document("Old")
        new = make_document("New")
        client.post(detail(new, "supersede/"), {"predecessor": old.pk}, format="json")
        response = client.post(detail(old, "supersede/"), {"predecessor": new.pk}, format="json")
        assert is_problem(response, 409)["detail"].endswith("would make a cycle.")

    def test_a_document_already_superseded_is_not_superseded_again(self, librarian, make_document):
        client = api_client(librarian)
        old = make_document("Detainee Transfers", identifier="DRO 11064.1")
        first = make_document("Detainee Transfers", identifier="DRO 11064.2")
        second = make_document("Transfers", identifier="DRO 11064.3")
        client.post(detail(first, "supersede/"), {"predecessor": old.pk}, format="json")
        response = client.post(detail(second, "supersede/"), {"predecessor": old.pk}, format="json")
        assert is_problem(response, 409)["detail"] == (
            "DRO 11064.1 is already superseded by DRO 11064.2: Detainee Transfers; "
            "supersede that one instead."
        )
        assert list(old.superseded_by.all()) == [first]

    def test_an_unknown_predecessor_is_a_400(self, librarian, documents):
        response = api_client(librarian).post(
            detail(documents["draft"], "supersede/"), {"predecessor": 999999}, format="json"
        )
        assert is_problem(response, 400)["errors"][0]["attr"] == "predecessor"

    def test_readers_and_anonymous_cannot_issue(self, anonymous, reader, documents):
        is_problem(anonymous.post(detail(documents["public"], "archive/"), {}), 401)
        is_problem(
            api_client(reader).post(detail(documents["public"], "archive/"), {}, format="json"),
            403,
        )
        # A draft does not exist for a reader.
        is_problem(
            api_client(reader).post(detail(documents["draft"], "issue/"), {}, format="json"), 404
        )
        assert documents["public"].status == Status.CURRENT
        assert Document.objects.get(pk=documents["public"].pk).status == Status.CURRENT
