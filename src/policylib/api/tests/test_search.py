"""GET /api/v1/search/: the search pages' backend, ranking and access rules, as JSON."""

import pytest

from policylib import search
from policylib.api.tests.conftest import SECRET_TITLE, SECRET_WORD, api_client, is_problem
from policylib.library import services
from policylib.library.models import Category, Marking

SEARCH = "/api/v1/search/"


def found(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [hit["title"] for hit in response.json()["results"]]


@pytest.mark.django_db
class TestSearch:
    def test_it_ranks_like_the_search_page_with_percent_snippet_and_page(
        self, anonymous, documents
    ):
        response = anonymous.get(SEARCH, {"q": "inspection"})
        body = response.json()
        assert found(response) == ["Detention Standards"]
        [hit] = body["results"]
        assert hit["percent"] == 100
        assert hit["snippet"] == "Their <mark>inspection</mark> every year"
        assert hit["page"] == 2
        assert hit["identifier"] == "DRO 0001"
        assert hit["url"] == f"http://testserver{documents['public'].get_absolute_url()}"
        assert hit["api_url"] == f"http://testserver/api/v1/documents/{documents['public'].pk}/"
        assert body["count"] == 1
        assert body["pages"] == 1

    def test_the_same_results_as_the_library_search(self, reader, documents):
        response = api_client(reader).get(SEARCH, {"q": "detention"})
        expected = search.search(search.SearchQuery(text="detention", scope="all"), reader)
        assert [hit["id"] for hit in response.json()["results"]] == [
            hit.document_id for hit in expected.hits
        ]
        assert response.json()["count"] == expected.total

    def test_a_restricted_only_word_finds_nothing_for_an_outsider(
        self, anonymous, reader, documents
    ):
        for client in (anonymous, api_client(reader)):
            response = client.get(SEARCH, {"q": SECRET_WORD})
            assert response.json()["count"] == 0
            assert response.json()["results"] == []
            assert response.json()["facets"] == {}
            assert SECRET_WORD not in response.content.decode().replace(f"q={SECRET_WORD}", "")

    def test_outsiders_facets_and_counts_leave_the_restricted_document_out(
        self, reader, les_member, documents
    ):
        outsider = api_client(reader).get(SEARCH, {"q": "detention"}).json()
        member = api_client(les_member).get(SEARCH, {"q": "detention"}).json()
        assert member["count"] == outsider["count"] + 1
        assert SECRET_TITLE in [hit["title"] for hit in member["results"]]
        assert SECRET_TITLE not in [hit["title"] for hit in outsider["results"]]
        outsider_years = {f["value"] for f in outsider["facets"]["year"]}
        assert "2021" not in outsider_years
        assert "2021" in {f["value"] for f in member["facets"]["year"]}

    def test_les_member_finds_the_restricted_document(self, les_member, documents):
        response = api_client(les_member).get(SEARCH, {"q": SECRET_WORD})
        assert found(response) == [SECRET_TITLE]

    def test_filters_of_advanced_search(self, anonymous, documents, category):
        assert found(anonymous.get(SEARCH, {"q": "detention", "status": "archived"})) == [
            "Old Detention Standards"
        ]
        assert found(anonymous.get(SEARCH, {"q": "detention", "scope": "active"})) == [
            "Detention Standards"
        ]
        assert found(anonymous.get(SEARCH, {"identifier": "DRO 0001"})) == ["Detention Standards"]
        assert found(anonymous.get(SEARCH, {"signatory": "roe"})) == ["Detention Standards"]
        assert found(
            anonymous.get(SEARCH, {"q": "detention", "issued_from": "2019-01-01",
                                   "issued_to": "2019-12-31"})
        ) == ["Detention Standards"]  # fmt: skip
        assert found(anonymous.get(SEARCH, {"q": "detention", "year": 2001})) == [
            "Old Detention Standards"
        ]
        by_slug = anonymous.get(SEARCH, {"q": "standards", "category": category.slug})
        by_id = anonymous.get(SEARCH, {"q": "standards", "category": category.pk})
        assert found(by_slug) == found(by_id)
        assert len(found(by_id)) == 2
        other = Category.objects.create(name="Other", slug="other")
        assert found(anonymous.get(SEARCH, {"q": "standards", "category": other.slug})) == []
        assert found(anonymous.get(SEARCH, {"q": "standards", "category": "nowhere"})) == []
        # Characters Python calls digits but int() refuses: an unknown category, not a 500.
        for odd in ("\u00b9", "\u2460", "\u0663"):
            response = anonymous.get(SEARCH, {"q": "standards", "category": odd})
            assert response.status_code == 200, odd
            assert found(response) == []

    def test_one_date_bound_alone_and_dates_far_off(self, anonymous, documents):
        assert found(anonymous.get(SEARCH, {"q": "detention", "issued_to": "2002-01-01"})) == [
            "Old Detention Standards"
        ]
        assert found(anonymous.get(SEARCH, {"q": "detention", "issued_from": "2019-01-01"})) == [
            "Detention Standards"
        ]
        far = {"q": "detention", "issued_from": "0001-01-01", "issued_to": "9999-12-31"}
        assert len(found(anonymous.get(SEARCH, far))) == 2

    def test_pages_of_results(self, anonymous, make_document):
        for number in range(5):
            make_document(f"Firearms Policy {number}")
        search.apply_outbox()
        first = anonymous.get(SEARCH, {"q": "firearms", "page_size": 2}).json()
        assert (first["count"], first["pages"], len(first["results"])) == (5, 3, 2)
        last = anonymous.get(SEARCH, {"q": "firearms", "page_size": 2, "page": 3}).json()
        assert len(last["results"]) == 1

    def test_an_empty_query_finds_nothing(self, anonymous, documents):
        assert anonymous.get(SEARCH).json()["count"] == 0

    def test_bad_parameters_are_a_400_problem(self, anonymous, documents):
        for params, field in [
            ({"q": "x", "page": 0}, "page"),
            ({"q": "x", "scope": "everywhere"}, "scope"),
            ({"q": "x", "issued_from": "soon"}, "issued_from"),
            ({"q": "x", "page_size": 1000}, "page_size"),
        ]:
            body = is_problem(anonymous.get(SEARCH, params), 400)
            assert [error["attr"] for error in body["errors"]] == [field]

    def test_without_a_trailing_slash_it_redirects(self, anonymous, documents):
        response = anonymous.get("/api/v1/search?q=inspection", follow=True)
        assert found(response) == ["Detention Standards"]

    def test_a_document_the_index_still_holds_as_public_is_not_counted(self, anonymous, documents):
        # Made Restricted; the change waits in the outbox, so the index has not caught up.
        services.update_document(document=documents["public"], by=None, marking=Marking.RESTRICTED)
        body = anonymous.get(SEARCH, {"q": "detention"}).json()
        assert [hit["title"] for hit in body["results"]] == ["Old Detention Standards"]
        assert body["count"] == 1
        assert {f["value"] for f in body["facets"]["year"]} == {"2001"}
        assert anonymous.get(SEARCH, {"q": "inspection"}).json()["count"] == 0
