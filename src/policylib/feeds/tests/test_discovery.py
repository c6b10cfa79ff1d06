"""The sitemap, robots.txt and the OpenSearch description, as crawlers and browsers read them."""

import json
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from django.utils import timezone

from policylib import search
from policylib.conftest import client_for
from policylib.library import services
from policylib.library.models import Library, Marking, Placement, Status

pytestmark = pytest.mark.django_db

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
OPENSEARCH_NS = {"os": "http://a9.com/-/spec/opensearch/1.1/"}


@pytest.fixture
def shelf(make_document, les_group):
    return {
        "public": make_document("Escort of detainees"),
        "archived": make_document("Escort rules of 1999", status=Status.SUPERSEDED),
        "internal": make_document("Escort staffing tables", marking=Marking.INTERNAL),
        "restricted": make_document(
            "Escort of high-risk detainees",
            marking=Marking.RESTRICTED,
            restricted_to=[les_group],
        ),
        "draft": make_document("Escort draft rules", status=Status.DRAFT),
    }


def xml(response) -> ElementTree.Element:
    assert response.status_code == 200, response.content
    return ElementTree.fromstring(response.content)  # noqa: S314 (our own response)


def sitemap_locations(client) -> dict[str, list[str]]:
    """Every address in the sitemap, by section, following the index as a crawler does."""
    index = xml(client.get("/sitemap.xml"))
    sections = {}
    for loc in index.findall("sm:sitemap/sm:loc", SITEMAP_NS):
        path = urlsplit(loc.text).path
        urlset = xml(client.get(path))
        sections[path] = [
            urlsplit(url.text).path for url in urlset.findall("sm:url/sm:loc", SITEMAP_NS)
        ]
    return sections


def test_sitemap_lists_public_documents_and_nothing_else(client, shelf, category):
    sections = sitemap_locations(client)

    documents = sections["/sitemap-documents.xml"]
    assert sorted(documents) == sorted(
        [shelf["public"].get_absolute_url(), shelf["archived"].get_absolute_url()]
    )
    everything = "".join(client.get(path).content.decode() for path in sections)
    for hidden in ("internal", "restricted", "draft"):
        assert f"/documents/{shelf[hidden].pk}/" not in everything
    assert sections["/sitemap-categories.xml"] == [category.get_absolute_url()]


def test_sitemap_is_the_same_for_staff(shelf, librarian):
    response = client_for(librarian).get("/sitemap-documents.xml")

    assert f"/documents/{shelf['draft'].pk}/" not in response.content.decode()
    assert f"/documents/{shelf['public'].pk}/" in response.content.decode()


def test_every_page_in_the_sitemap_opens_for_a_stranger(client, shelf, category, library):
    Library.objects.create(name="MOA/MOU Library", slug="moa-mou", placement=Placement.HEADER)
    Library.objects.create(name="References", slug="references", placement=Placement.REFERENCES)

    sections = sitemap_locations(client)

    pages = sections["/sitemap-pages.xml"]
    assert "/" in pages
    assert reverse("library:documents") in pages
    assert reverse("library:references") in pages
    assert sections["/sitemap-libraries.xml"] == ["/libraries/moa-mou/"]
    for paths in sections.values():
        for path in paths:
            assert client.get(path).status_code == 200, path


def test_sitemap_leaves_out_pages_a_library_without_sections_lacks(client, db):
    pages = sitemap_locations(client)["/sitemap-pages.xml"]

    assert reverse("library:references") not in pages
    assert reverse("library:documents") not in pages


def test_document_entries_say_when_the_document_last_changed(client, shelf):
    urlset = xml(client.get("/sitemap-documents.xml"))
    lastmods = [node.text for node in urlset.findall("sm:url/sm:lastmod", SITEMAP_NS)]

    # The sitemap gives the day in the site's time zone, which may differ from UTC's.
    assert timezone.localtime(shelf["public"].updated_at).date().isoformat() in lastmods[0]


def test_robots_txt_points_crawlers_at_the_sitemap(client, db):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert "Disallow: /search/" in lines


def test_opensearch_description_lets_a_browser_search_the_library(client, db):
    response = client.get("/opensearch.xml")

    assert response["Content-Type"] == "application/opensearchdescription+xml; charset=utf-8"
    description = xml(response)
    short_name = description.find("os:ShortName", OPENSEARCH_NS).text
    assert short_name == "Resource Library"
    assert len(short_name) <= 16
    templates = {
        url.get("type"): url.get("template") for url in description.findall("os:Url", OPENSEARCH_NS)
    }
    assert templates["text/html"] == "http://testserver/search/?q={searchTerms}"
    assert templates["application/x-suggestions+json"] == (
        "http://testserver/opensearch/suggestions?q={searchTerms}"
    )
    assert templates["application/atom+xml"] == (
        "http://testserver/feeds/search.atom?q={searchTerms}&scope=active"
    )


def test_a_long_site_name_is_shortened_for_the_browser(client, db):
    from policylib.pages.models import SiteText

    SiteText.objects.create(site_name="Immigration & Customs Enforcement Resource Library")

    description = xml(client.get("/opensearch.xml"))

    assert description.find("os:ShortName", OPENSEARCH_NS).text == "Immigration & C…"
    assert "Immigration &amp; Customs" in client.get("/opensearch.xml").content.decode()


def test_every_page_tells_the_browser_where_the_search_is(client, db):
    html = client.get(reverse("pages:help")).content.decode()

    assert (
        '<link rel="search" type="application/opensearchdescription+xml" '
        'title="Resource Library" href="/opensearch.xml">'
    ) in html


def test_suggestions_follow_the_askers_access(client, shelf, reader):
    search.apply_outbox()

    stranger = json.loads(client.get("/opensearch/suggestions", {"q": "escort"}).content)
    employee = json.loads(
        client_for(reader).get("/opensearch/suggestions", {"q": "escort"}).content
    )

    assert stranger[0] == "escort"
    assert sorted(stranger[1]) == ["Escort of detainees", "Escort rules of 1999"]
    assert "Escort staffing tables" in employee[1]
    assert "Escort of high-risk detainees" not in employee[1]
    assert "Escort draft rules" not in employee[1]


def test_suggestions_leave_out_a_document_the_index_still_holds_as_public(client, shelf):
    search.apply_outbox()
    # Made Restricted; the change waits in the outbox, so the index has not caught up.
    services.update_document(document=shelf["public"], by=None, marking=Marking.RESTRICTED)

    stranger = json.loads(client.get("/opensearch/suggestions", {"q": "escort"}).content)

    assert stranger == ["escort", ["Escort rules of 1999"]]
