"""The Atom and RSS feeds, read the way a feed reader reads them."""

import datetime

import feedparser
import pytest
from django.test import Client
from django.urls import reverse

from policylib import search
from policylib.conftest import client_for
from policylib.feeds.queries import params_for, query_from
from policylib.library import lifecycle
from policylib.library.models import Category, Marking, Status
from policylib.search import SearchQuery

pytestmark = pytest.mark.django_db

FORMATS = ["atom", "rss"]
PDF = b"%PDF-1.4\n% a tiny test file\n%%EOF\n"


@pytest.fixture
def shelf(make_document, les_group):
    """One document a stranger may read, and one of each kind they may not."""
    return {
        "public": make_document(
            "Escort of detainees",
            identifier="DRO 11064.1",
            summary="How escorts are planned.\n\nA second paragraph & more.",
            issued_on=datetime.date(2024, 3, 1),
            pdf=PDF,
        ),
        "older": make_document(
            "Escort vehicles", identifier="DRO 11064.2", issued_on=datetime.date(2023, 5, 2)
        ),
        "internal": make_document("Escort staffing tables", marking=Marking.INTERNAL),
        "restricted": make_document(
            "Escort of high-risk detainees",
            marking=Marking.RESTRICTED,
            restricted_to=[les_group],
        ),
        "draft": make_document("Escort draft rules", status=Status.DRAFT),
        "superseded": make_document("Escort rules of 1999", status=Status.SUPERSEDED),
    }


def read_feed(client: Client, url: str, params: dict | None = None) -> feedparser.FeedParserDict:
    response = client.get(url, params or {})
    assert response.status_code == 200, response.content
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


def titles(parsed) -> list[str]:
    return [entry.title for entry in parsed.entries]


@pytest.mark.parametrize("kind", FORMATS)
def test_recently_issued_lists_public_documents_in_force_newest_first(client, shelf, kind):
    parsed = read_feed(client, reverse(f"feeds:recent_{kind}"))

    assert titles(parsed) == [
        "DRO 11064.1: Escort of detainees",
        "DRO 11064.2: Escort vehicles",
    ]
    assert parsed.feed.title == "Resource Library: Recently issued"
    assert parsed.feed.link == "http://testserver/documents/recent/"
    first = parsed.entries[0]
    assert first.link == f"http://testserver{shelf['public'].get_absolute_url()}"
    assert "A second paragraph &amp; more." in first.summary
    assert first.published_parsed[:3] == (2024, 3, 1)
    assert [tag.term for tag in first.tags] == ["Detention and Removal Management"]
    assert first.author == "Detention and Removal Management"


@pytest.mark.parametrize("kind", FORMATS)
def test_a_documents_file_comes_as_an_enclosure(client, shelf, kind):
    entry = read_feed(client, reverse(f"feeds:recent_{kind}")).entries[0]

    (enclosure,) = entry.enclosures
    primary = shelf["public"].files.get()
    assert enclosure.href == f"http://testserver{primary.get_absolute_url()}"
    assert enclosure.type == "application/pdf"
    assert int(enclosure.length) == len(PDF)
    assert client.get(primary.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("kind", FORMATS)
def test_signed_in_staff_get_the_same_public_feed(shelf, librarian, les_member, kind):
    for user in (librarian, les_member):
        parsed = read_feed(client_for(user), reverse(f"feeds:recent_{kind}"))
        assert titles(parsed) == [
            "DRO 11064.1: Escort of detainees",
            "DRO 11064.2: Escort vehicles",
        ]


@pytest.mark.parametrize("kind", FORMATS)
def test_titles_with_markup_characters_read_back_as_written(client, make_document, kind):
    make_document('Use of "force" & <restraints>', identifier="R&D 1")

    parsed = read_feed(client, reverse(f"feeds:recent_{kind}"))

    assert titles(parsed) == ['R&D 1: Use of "force" & <restraints>']


@pytest.mark.parametrize("kind", FORMATS)
def test_category_feed_includes_areas_within_it(client, shelf, category, make_document, kind):
    within = Category.objects.create(name="Escorts", slug="escorts", parent=category)
    make_document("Escort within an area", categories=[within], issued_on="2025-01-01")
    make_document("Elsewhere", categories=[], issued_on="2025-02-01")

    parsed = read_feed(client, reverse(f"feeds:category_{kind}", args=[category.slug]))

    assert titles(parsed) == [
        "DRO 0007: Escort within an area",
        "DRO 11064.1: Escort of detainees",
        "DRO 11064.2: Escort vehicles",
    ]
    assert parsed.feed.link == f"http://testserver{category.get_absolute_url()}"


def test_category_feed_of_an_unknown_area_is_not_found(client, db):
    assert client.get(reverse("feeds:category_atom", args=["nowhere"])).status_code == 404


@pytest.mark.parametrize("kind", FORMATS)
def test_search_feed_lists_only_public_matches(shelf, les_member, kind):
    search.apply_outbox()

    # Even asked by someone who may read the restricted one, a feed is public.
    client = client_for(les_member)
    parsed = read_feed(client, reverse(f"feeds:search_{kind}"), {"q": "escort", "scope": "all"})

    assert sorted(titles(parsed)) == [
        "DRO 0006: Escort rules of 1999",
        "DRO 11064.1: Escort of detainees",
        "DRO 11064.2: Escort vehicles",
    ]
    assert parsed.feed.title == "Resource Library: Search for “escort”"
    assert parsed.feed.link.startswith("http://testserver/search/?")


@pytest.mark.parametrize("kind", FORMATS)
def test_search_feed_keeps_the_searchs_filters(client, shelf, kind):
    search.apply_outbox()

    parsed = read_feed(
        client,
        reverse(f"feeds:search_{kind}"),
        {"q": "escort", "scope": "active", "identifier": "11064.2"},
    )

    assert titles(parsed) == ["DRO 11064.2: Escort vehicles"]
    assert parsed.feed.link.startswith("http://testserver/search/advanced/?")


@pytest.mark.parametrize("kind", FORMATS)
def test_revisions_of_one_title_are_told_apart_by_identifier(client, make_document, kind):
    title = "Diffie-Hellman Proof-of-Possession Algorithms"
    old = make_document(title, identifier="RFC 2875", issued_on=datetime.date(2000, 7, 1))
    new = make_document(title, identifier="RFC 6955", issued_on=datetime.date(2013, 5, 1))
    lifecycle.supersede(successor=new, predecessor=old, by=None)
    search.apply_outbox()

    parsed = read_feed(client, reverse(f"feeds:search_{kind}"), {"q": "Hellman", "scope": "all"})

    assert sorted(titles(parsed)) == [f"RFC 2875: {title}", f"RFC 6955: {title}"]


def test_search_feed_without_a_search_is_not_found(client, db):
    assert client.get(reverse("feeds:search_rss")).status_code == 404


@pytest.mark.parametrize("kind", FORMATS)
@pytest.mark.parametrize(
    ("name", "value"),
    [("category", str(2**63)), ("category", "99999999999999999999"), ("category", "-1"),
     ("year", "1e5"), ("opi", str(2**64)), ("opi", "abc"), ("issued_from", "soon")],
)  # fmt: skip
def test_search_feed_with_an_unusable_parameter_is_a_400_that_says_why(
    client, shelf, kind, name, value
):
    search.apply_outbox()

    response = client.get(reverse(f"feeds:search_{kind}"), {"q": "escort", name: value})

    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert text.startswith("This search cannot be run as asked:")
    assert "Escort" not in text


@pytest.mark.parametrize("kind", FORMATS)
def test_search_feed_of_the_whole_site_lists_documents_not_other_records(
    client, make_document, kind
):
    from policylib.pages.models import FrequentQuestion

    document = make_document("Escort of detainees")
    # A help question whose id is that of a public document that does not match the search.
    make_document("Vehicle fleet rules")
    question = FrequentQuestion.objects.create(
        question="Who arranges an escort?", answer="The field office.", pk=document.pk + 1
    )
    search.apply_outbox()

    parsed = read_feed(
        client, reverse(f"feeds:search_{kind}"), {"q": "escort", "scope": "all", "kind": "all"}
    )

    assert titles(parsed) == [f"{document.identifier}: Escort of detainees"]
    assert question.pk == document.pk + 1


def test_search_feed_says_unavailable_rather_than_empty(client, shelf, settings):
    # No index yet, and no worker to build one: a feed reader must not be told "no results".
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}

    response = client.get(reverse("feeds:search_atom"), {"q": "escort"})

    assert response.status_code == 503
    assert response["Retry-After"] == "120"
    assert response["Cache-Control"] == "no-store"


def test_a_search_survives_the_trip_through_its_feed_address(db):
    query = SearchQuery(
        text="escort detainees",
        scope="archived",
        identifier="DRO",
        title="escort",
        subject="transport",
        signatory="Smith",
        status=Status.SUPERSEDED,
        year=2006,
        category=3,
        issued_from=datetime.date(2001, 1, 1),
        issued_to=datetime.date(2010, 12, 31),
        sort="issued",
        page=4,
    )

    again = query_from(params_for(query))

    assert again == SearchQuery(**{**query.__dict__, "page": 1, "per_page": 50})


def test_search_page_offers_to_subscribe_to_the_same_search(client, shelf):
    search.apply_outbox()

    response = client.get(reverse("search:results"), {"q": "escort", "sort": "issued"})
    html = response.content.decode()

    assert "Subscribe to this search" in html
    atom = f"{reverse('feeds:search_atom')}?q=escort&amp;scope=active&amp;sort=issued"
    assert f'href="{atom}"' in html
    head_link = (
        '<link rel="alternate" type="application/atom+xml" title="This search (Atom)" '
        f'href="{atom}">'
    )
    assert head_link in html
    parsed = read_feed(client, atom.replace("&amp;", "&"))
    assert titles(parsed) == [
        "DRO 11064.1: Escort of detainees",
        "DRO 11064.2: Escort vehicles",
    ]


def test_advanced_search_results_offer_a_feed_with_their_filters(client, shelf):
    search.apply_outbox()

    html = client.get(
        reverse("search:advanced"), {"q": "escort", "identifier": "11064.2"}
    ).content.decode()

    atom = f"{reverse('feeds:search_atom')}?q=escort&amp;scope=all&amp;identifier=11064.2"
    assert f'href="{atom}"' in html


@pytest.mark.parametrize(
    ("page", "feed"),
    [
        ("pages:home", "feeds:recent_atom"),
        ("library:recent", "feeds:recent_atom"),
    ],
)
def test_pages_announce_their_feeds(client, library, page, feed):
    html = client.get(reverse(page)).content.decode()

    assert (
        f'<link rel="alternate" type="application/atom+xml" title="Recently issued (Atom)" '
        f'href="{reverse(feed)}">'
    ) in html


def test_category_page_announces_its_feed(client, category):
    html = client.get(category.get_absolute_url()).content.decode()

    assert f'href="{reverse("feeds:category_rss", args=[category.slug])}"' in html
    assert 'type="application/rss+xml"' in html
