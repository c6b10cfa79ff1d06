"""GET /api/v1/documents/ and /api/v1/documents/<id>/: who sees what, filters, pages."""

import pytest

from policylib.api.tests.conftest import SECRET_TITLE, api_client, is_problem, titles
from policylib.library import lifecycle, services
from policylib.library.models import Category, DocumentType, Library, Office, Status, Subject

LIST = "/api/v1/documents/"


def detail(document) -> str:
    return f"/api/v1/documents/{document.pk}/"


@pytest.mark.django_db
class TestWhoSeesWhat:
    def test_anonymous_sees_only_public_documents(self, anonymous, documents):
        response = anonymous.get(LIST)
        assert response.status_code == 200
        body = response.json()
        assert titles(response) == ["Detention Standards", "Old Detention Standards"]
        assert body["count"] == 2

    def test_reader_sees_internal_too_but_not_restricted(self, reader, documents):
        response = api_client(reader).get(LIST)
        assert set(titles(response)) == {
            "Detention Standards",
            "Internal Travel Guidance",
            "Old Detention Standards",
        }
        assert response.json()["count"] == 3

    def test_les_member_sees_the_restricted_document(self, les_member, documents):
        response = api_client(les_member).get(LIST)
        assert SECRET_TITLE in titles(response)
        assert "Draft Detention Rules" not in titles(response)
        assert response.json()["count"] == 4

    def test_staff_see_everything_including_drafts(self, librarian, documents):
        response = api_client(librarian).get(LIST)
        assert response.json()["count"] == 5
        assert "Draft Detention Rules" in titles(response)

    def test_a_signed_in_session_works_for_reading(self, les_member, documents):
        response = api_client(les_member, token=False).get(LIST)
        assert SECRET_TITLE in titles(response)

    def test_restricted_document_is_a_404_to_an_outsider(self, anonymous, reader, documents):
        restricted = documents["restricted"]
        for client in (anonymous, api_client(reader)):
            response = client.get(detail(restricted))
            body = is_problem(response, 404)
            assert SECRET_TITLE not in response.content.decode()
            # The same answer as for an id that does not exist.
            missing = client.get("/api/v1/documents/999999/")
            assert missing.json()["detail"] == body["detail"]

    def test_internal_document_is_a_404_to_anonymous(self, anonymous, documents):
        is_problem(anonymous.get(detail(documents["internal"])), 404)

    def test_draft_is_a_404_to_everyone_but_staff(self, les_member, librarian, documents):
        is_problem(api_client(les_member).get(detail(documents["draft"])), 404)
        assert api_client(librarian).get(detail(documents["draft"])).status_code == 200

    def test_les_member_reads_the_restricted_document(self, les_member, documents):
        response = api_client(les_member).get(detail(documents["restricted"]))
        assert response.status_code == 200
        body = response.json()
        assert body["title"] == SECRET_TITLE
        assert body["marking"] == "restricted"
        assert body["marking_label"] == "Restricted (LES)"

    def test_an_absurd_id_is_a_404(self, anonymous, documents):
        is_problem(anonymous.get("/api/v1/documents/99999999999999999/"), 404)
        is_problem(anonymous.get("/api/v1/documents/not-a-number/"), 404)


@pytest.mark.django_db
class TestDetail:
    def test_it_shows_the_record_as_the_page_does(self, anonymous, documents, office, category):
        public = documents["public"]
        body = anonymous.get(detail(public)).json()
        assert body["id"] == public.pk
        assert body["identifier"] == "DRO 0001"
        assert body["type"] == {"slug": "directive", "name": "Directive"}
        assert body["library"]["slug"] == "directives"
        assert body["opi"] == {
            "id": office.pk,
            "name": office.name,
            "abbreviation": office.abbreviation,
        }
        assert body["status"] == "current"
        assert body["issued_on"] == "2019-05-01"
        assert body["signatory_name"] == "Jane Roe"
        assert body["categories"] == [
            {"id": category.pk, "slug": category.slug, "name": category.name}
        ]
        assert body["url"] == f"http://testserver{public.get_absolute_url()}"
        assert body["api_url"] == f"http://testserver{detail(public)}"

    def test_it_lists_the_files_with_download_links(self, anonymous, documents):
        body = anonymous.get(detail(documents["public"])).json()
        [stored] = body["files"]
        assert stored["role"] == "primary"
        assert stored["name"] == "standards.pdf"
        assert stored["content_type"] == "application/pdf"
        assert stored["kind"] == "PDF document"
        assert len(stored["sha256"]) == 64
        assert stored["download_url"].endswith(
            f"/api/v1/documents/{documents['public'].pk}/files/{stored['id']}/"
        )
        assert stored["page_url"].startswith("http://testserver/documents/")

    def test_links_to_documents_the_caller_may_not_see_are_left_out(
        self, anonymous, les_member, documents
    ):
        public, restricted = documents["public"], documents["restricted"]
        services.relate(document=public, other=restricted, by=None)
        lifecycle.supersede(successor=restricted, predecessor=public, by=None)
        outsider = anonymous.get(detail(public))
        assert outsider.status_code == 200
        relations = outsider.json()["relations"]
        assert relations["related"] == []
        assert relations["superseded_by"] == []
        assert SECRET_TITLE not in outsider.content.decode()
        member = api_client(les_member).get(detail(public)).json()["relations"]
        assert [link["title"] for link in member["superseded_by"]] == [SECRET_TITLE]
        assert [d["title"] for d in member["related"]] == [SECRET_TITLE]

    def test_links_name_each_document_by_identifier_and_title(self, anonymous, make_document):
        title = "Diffie-Hellman Proof-of-Possession Algorithms"
        old = make_document(title, identifier="RFC 2875")
        new = make_document(title, identifier="RFC 6955")
        related = make_document(title, identifier="RFC 4211")
        lifecycle.supersede(successor=new, predecessor=old, by=None)
        services.relate(document=old, other=related, by=None)

        relations = anonymous.get(detail(old)).json()["relations"]

        [successor] = relations["superseded_by"]
        assert (successor["identifier"], successor["title"], successor["name"]) == (
            "RFC 6955",
            title,
            f"RFC 6955: {title}",
        )
        assert [d["name"] for d in relations["related"]] == [f"RFC 4211: {title}"]
        back = anonymous.get(detail(new)).json()["relations"]["supersedes"]
        assert [link["name"] for link in back] == [f"RFC 2875: {title}"]


@pytest.mark.django_db
class TestFilters:
    def test_every_advanced_search_filter(self, make_document, librarian, les_group):
        guidance = DocumentType.objects.create(name="Guidance", slug="guidance")
        legal = Office.objects.create(name="Office of the Legal Advisor", abbreviation="OLA")
        child = Category.objects.create(
            name="Removals", slug="removals", parent=Category.objects.get()
        )
        other_library = Library.objects.create(name="References", slug="references")
        subject = Subject.objects.create(name="Use of Force", slug="use-of-force")
        target = make_document(
            "Use of Force Policy Statement",
            identifier="POL 7",
            document_type=guidance,
            opi=legal,
            categories=[child],
            library=other_library,
            subjects=[subject],
            signatory_name="John Doe",
            signatory_title="Deputy Director",
            issued_on="2015-06-30",
        )
        make_document("Other Document", issued_on="2016-01-01")
        make_document("Withdrawn Policy", status=Status.CANCELLED, issued_on="2014-01-01")
        client = api_client(librarian)
        top = Category.objects.get(slug="detention-and-removal-management")
        cases = {
            "identifier=pol": [target],
            "title=force statement": [target],
            "type=guidance": [target],
            f"opi={legal.pk}": [target],
            "category=removals": [target],
            f"category={child.pk}": [target],
            "library=references": [target],
            "subject=use-of-force": [target],
            "subject=force": [target],
            "signatory=doe deputy": [target],
            "issued_from=2015-06-01&issued_to=2015-07-01": [target],
            "year=2015": [target],
        }
        for query, expected in cases.items():
            response = client.get(f"{LIST}?{query}")
            assert response.status_code == 200, (query, response.content)
            assert titles(response) == [d.title for d in expected], query
        # A parent category includes its subcategories.
        assert "Use of Force Policy Statement" in titles(client.get(f"{LIST}?category={top.pk}"))
        assert titles(client.get(f"{LIST}?status=cancelled")) == ["Withdrawn Policy"]
        both = client.get(f"{LIST}?status=cancelled&status=current&sort=title")
        assert titles(both) == ["Other Document", "Use of Force Policy Statement",
                                "Withdrawn Policy"]  # fmt: skip
        for unknown in ("category=no-such-category", "type=memo", "library=nowhere", "opi=999"):
            assert client.get(f"{LIST}?{unknown}").json()["count"] == 0, unknown

    def test_marking_filter_never_reaches_beyond_what_the_caller_may_see(
        self, reader, les_member, documents
    ):
        outsider = api_client(reader).get(f"{LIST}?marking=restricted")
        assert outsider.json() == {"count": 0, "next": None, "previous": None, "results": []}
        member = api_client(les_member).get(f"{LIST}?marking=restricted")
        assert titles(member) == [SECRET_TITLE]

    def test_sorts(self, anonymous, documents):
        assert titles(anonymous.get(f"{LIST}?sort=oldest")) == [
            "Old Detention Standards",
            "Detention Standards",
        ]
        assert titles(anonymous.get(f"{LIST}?sort=identifier"))[0] == "Old Detention Standards"

    def test_bad_filter_values_are_a_400_problem_naming_the_field(self, anonymous, documents):
        for query, field in [
            ("status=bogus", "status"),
            ("issued_from=yesterday", "issued_from"),
            ("year=abc", "year"),
            ("opi=-1", "opi"),
            ("sort=sideways", "sort"),
        ]:
            body = is_problem(anonymous.get(f"{LIST}?{query}"), 400)
            assert body["code"] == "invalid"
            assert [error["attr"] for error in body["errors"]] == [field], query


@pytest.mark.django_db
class TestPagination:
    def test_pages_of_documents(self, anonymous, make_document):
        for number in range(30):
            make_document(f"Directive {number:02d}", issued_on=f"2000-01-{number % 28 + 1:02d}")
        first = anonymous.get(LIST).json()
        assert first["count"] == 30
        assert len(first["results"]) == 25
        assert first["previous"] is None
        second = anonymous.get(first["next"]).json()
        assert len(second["results"]) == 5
        assert second["next"] is None
        seen = {d["id"] for d in first["results"]} | {d["id"] for d in second["results"]}
        assert len(seen) == 30

    def test_page_size_is_capped(self, anonymous, make_document):
        for number in range(3):
            make_document(f"Directive {number}")
        assert len(anonymous.get(f"{LIST}?page_size=2").json()["results"]) == 2
        assert len(anonymous.get(f"{LIST}?page_size=100000").json()["results"]) == 3

    def test_a_page_past_the_end_is_a_404_problem(self, anonymous, documents):
        is_problem(anonymous.get(f"{LIST}?page=99"), 404)
