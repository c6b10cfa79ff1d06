"""The MOA/MOU Library's pages, through the site's own URLs, for a reader and for staff."""

import io

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from policylib.agreements import services
from policylib.agreements.models import Organization
from policylib.conftest import client_for
from policylib.library.models import Library, Placement

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreements(make_agreement, prisons, marshals, today):
    jpats = make_agreement(
        "Prisoner transportation by air",
        identifier="MOA 05-03",
        expires_in=45,
        parties=[marshals, prisons],
        purpose="Moves detainees on JPATS flights.",
        renewal_terms="Renews each year unless a party objects.",
        pdf=b"%PDF-1.4 the signed agreement",
    )
    beds = make_agreement("Detention bed space", identifier="IAA 19-014", expires_in=-40)
    lake = make_agreement("Lake County jail beds", identifier="IGSA 16-0042", expires_in=None)
    return {"jpats": jpats, "beds": beds, "lake": lake}


@pytest.mark.parametrize("persona", ["anonymous", "librarian"])
def test_every_page_renders_for_a_reader_and_for_staff(persona, agreements, librarian):
    librarian.user_permissions.add(Permission.objects.get(codename="add_agreement"))
    client = client_for(librarian if persona == "librarian" else None)
    jpats = agreements["jpats"]
    for url in (
        reverse("agreements:index"),
        reverse("agreements:expiring"),
        reverse("agreements:parties"),
        reverse("agreements:party", args=["federal-bureau-of-prisons"]),
        jpats.get_absolute_url(),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "MOA/MOU Library" in response.content.decode()
    staff_only = "Add an agreement"
    index = client.get(reverse("agreements:index")).content.decode()
    assert (staff_only in index) is (persona == "librarian")


def test_the_list_shows_agreements_in_force_unless_asked_for_more(client, agreements):
    html = client.get(reverse("agreements:index")).content.decode()
    assert "Prisoner transportation by air" in html
    assert "Lake County jail beds" in html
    assert "Detention bed space" not in html  # expired
    everything = client.get(reverse("agreements:index") + "?status=").content.decode()
    assert "Detention bed space" in everything
    expired = client.get(reverse("agreements:index") + "?status=expired").content.decode()
    assert "Detention bed space" in expired
    assert "Lake County jail beds" not in expired


def test_the_list_filters_by_words_in_a_party_name_and_by_party(client, agreements):
    html = client.get(reverse("agreements:index") + "?q=bureau+prisons&status=").content.decode()
    assert "Prisoner transportation by air" in html
    assert "Lake County jail beds" not in html
    assert "of 1 agreement." in html
    two_parties = client.get(reverse("agreements:index") + "?q=marshals+prisons").content.decode()
    assert "Prisoner transportation by air" in two_parties
    assert "of 1 agreement." in two_parties
    by_party = client.get(
        reverse("agreements:index") + "?party=federal-bureau-of-prisons"
    ).content.decode()
    assert "Prisoner transportation by air" in by_party
    assert "Lake County jail beds" not in by_party


def test_bad_filter_values_fall_back_instead_of_failing(client, agreements):
    response = client.get(reverse("agreements:index") + "?status=zzz&sort=evil&party=nobody&page=x")
    assert response.status_code == 200
    assert "Prisoner transportation by air" in response.content.decode()


def test_the_list_sorts_by_expiration_with_open_ended_agreements_last(client, agreements):
    html = client.get(reverse("agreements:index") + "?status=&sort=expires").content.decode()
    order = [html.index(title) for title in ("Detention bed", "Prisoner transport", "Lake County")]
    assert order == sorted(order)


def test_expiring_soon_lists_only_agreements_within_the_window(client, agreements, settings):
    settings.POLICYLIB_AGREEMENTS_EXPIRING_DAYS = 90
    html = client.get(reverse("agreements:expiring")).content.decode()
    assert "Agreements expiring in the next 90 days" in html
    assert "Prisoner transportation by air" in html
    assert "Renews each year unless a party objects." in html
    assert "Detention bed space" not in html
    assert "Lake County jail beds" not in html


def test_parties_are_listed_with_how_many_agreements_each(client, agreements):
    html = client.get(reverse("agreements:parties")).content.decode()
    assert "U.S. Marshals Service</a> (USMS) — 3 agreements" in html
    assert "Federal Bureau of Prisons</a> (BOP) — 1 agreement" in html


def test_the_agreement_page_shows_the_record_files_and_modifications(client, agreements, today):
    jpats = agreements["jpats"]
    modification = services.add_modification(
        agreement=jpats, by=None, title="Revised flight-hour rates", signed_on=today
    )
    services.attach_file(
        agreement=jpats,
        by=None,
        modification=modification,
        stream=io.BytesIO(b"%PDF-1.4 rates"),
        original_name="Modification 1.pdf",
    )
    html = client.get(jpats.get_absolute_url()).content.decode()
    assert "This agreement expires in 45 days" in html
    assert "Prisoner transportation by air" in html
    assert "U.S. Marshals Service" in html
    assert "Federal Bureau of Prisons" in html
    assert "Detention and Removal Management (ADDRM)" in html
    assert "Modification 1: Revised flight-hour rates" in html
    assert "Prisoner transportation by air.pdf" in html
    assert "Modification 1.pdf" in html
    assert "Expiring soon" in html


def test_an_agreement_file_downloads(client, agreements):
    stored = agreements["jpats"].files.get()
    response = client.get(stored.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 the signed agreement"
    assert response["Content-Type"] == "application/pdf"
    assert response["ETag"] == f'"{stored.sha256}"'
    assert client.get(
        stored.get_absolute_url(), HTTP_IF_NONE_MATCH=response["ETag"]
    ).status_code == (304)


def test_a_file_of_another_agreement_is_not_found(client, agreements):
    stored = agreements["jpats"].files.get()
    url = reverse("agreements:file", args=[agreements["lake"].pk, stored.pk, stored.original_name])
    assert client.get(url).status_code == 404


def test_an_unknown_party_is_not_found(client, agreements):
    Organization.objects.create(name="Nobody Yet", slug="nobody-yet")
    assert client.get(reverse("agreements:party", args=["nobody-yet"])).status_code == 404
    assert client.get(reverse("agreements:party", args=["no-such-party"])).status_code == 404


def test_the_header_links_to_the_agreement_and_delegation_pages_once(client, library):
    Library.objects.create(name="MOA/MOU Library", slug="moa-mou", placement=Placement.HEADER)
    Library.objects.create(
        name="Delegations Library", slug="delegations", placement=Placement.HEADER
    )
    Library.objects.create(name="Field Manuals", slug="manuals", placement=Placement.HEADER)
    html = client.get(reverse("pages:home")).content.decode()
    header = html[html.index("<header") : html.index("</header>")]
    assert header.count("MOA/MOU Library") == 1
    assert header.count("Delegations Library") == 1
    assert f'href="{reverse("agreements:index")}"' in header
    assert f'href="{reverse("delegations:index")}"' in header
    assert reverse("library:library", args=["moa-mou"]) not in header
    assert reverse("library:library", args=["manuals"]) in header


def test_the_home_page_links_both_libraries(client, library):
    html = client.get(reverse("pages:home")).content.decode()
    main = html[html.index("<main") :]
    assert f'href="{reverse("agreements:index")}"' in main
    assert f'href="{reverse("agreements:expiring")}"' in main
    assert f'href="{reverse("delegations:index")}"' in main


def test_the_list_links_the_agreement_documents_filed_in_the_library(
    client, agreements, make_document, directive_type
):
    moa_library = Library.objects.create(
        name="MOA/MOU Library", slug="moa-mou", placement=Placement.HEADER
    )
    url = moa_library.get_absolute_url()
    assert url not in client.get(reverse("agreements:index")).content.decode()
    make_document("Signed JPATS agreement", library=moa_library)
    assert url in client.get(reverse("agreements:index")).content.decode()
