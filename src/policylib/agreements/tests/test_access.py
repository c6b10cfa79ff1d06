"""Who sees which agreement: every persona against every marking, on lists, pages and files.

An agreement a reader may not see does not exist for them: its page and files answer 404, and
neither its title nor its parties nor a count of it appears anywhere they look.
"""

import pytest
from django.urls import reverse

from policylib.accounts.access import can_view_agreement, visible_agreements
from policylib.agreements.models import Organization
from policylib.conftest import client_for
from policylib.library.models import Marking

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "reader", "les_member", "librarian"]
ALLOWED = {
    Marking.PUBLIC: {"anonymous", "reader", "les_member", "librarian"},
    Marking.INTERNAL: {"reader", "les_member", "librarian"},
    Marking.RESTRICTED: {"les_member", "librarian"},
    "draft": {"librarian"},
}


@pytest.fixture
def people(reader, les_member, librarian):
    return {"anonymous": None, "reader": reader, "les_member": les_member, "librarian": librarian}


@pytest.fixture
def marked(make_agreement, les_group):
    def with_own_party(name: str, slug: str) -> list[Organization]:
        return [Organization.objects.create(name=name, slug=slug)]

    return {
        Marking.PUBLIC: make_agreement(
            "Public transportation agreement",
            expires_in=30,
            parties=with_own_party("Public Party", "public-party"),
            pdf=b"%PDF-1.4 public",
        ),
        Marking.INTERNAL: make_agreement(
            "Internal clinic staffing",
            expires_in=30,
            marking=Marking.INTERNAL,
            parties=with_own_party("Internal Party", "internal-party"),
            pdf=b"%PDF-1.4 internal",
        ),
        Marking.RESTRICTED: make_agreement(
            "Zebra interconnection security",
            expires_in=30,
            marking=Marking.RESTRICTED,
            restricted_to=[les_group],
            parties=with_own_party("Zebra Systems Party", "zebra-systems-party"),
            pdf=b"%PDF-1.4 restricted",
        ),
        "draft": make_agreement(
            "Unsigned custody transfers",
            expires_in=30,
            signed=False,
            parties=with_own_party("Draft Party", "draft-party"),
            pdf=b"%PDF-1.4 draft",
        ),
    }


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("marking", list(ALLOWED))
def test_agreement_page_file_and_lists_follow_the_marking(persona, marking, people, marked):
    agreement = marked[marking]
    party = agreement.parties.get()
    client = client_for(people[persona])
    page = client.get(agreement.get_absolute_url())
    download = client.get(agreement.files.get().get_absolute_url())
    party_page = client.get(party.get_absolute_url())
    lists = "".join(
        client.get(url).content.decode()
        for url in (
            reverse("agreements:index") + "?status=",
            reverse("agreements:expiring"),
            reverse("agreements:parties"),
        )
    )
    if persona in ALLOWED[marking]:
        assert page.status_code == download.status_code == party_page.status_code == 200
        assert agreement.title in page.content.decode()
        assert agreement.title in lists
        assert party.name in lists
        assert can_view_agreement(people[persona], agreement)
    else:
        assert page.status_code == download.status_code == party_page.status_code == 404
        assert agreement.title not in page.content.decode()
        assert agreement.title not in lists
        assert party.name not in lists
        assert not can_view_agreement(people[persona], agreement)


@pytest.mark.parametrize("persona", PERSONAS)
def test_counts_include_only_what_the_reader_may_see(persona, people, marked):
    visible = {m for m, allowed in ALLOWED.items() if persona in allowed}
    assert visible_agreements(people[persona]).count() == len(visible)
    html = client_for(people[persona]).get(reverse("agreements:index")).content.decode()
    in_force = len(visible - {"draft"})
    assert f"{in_force} agreement{'s' if in_force != 1 else ''}</a>" in html


def test_a_restricted_agreement_names_its_groups_to_those_who_see_it(les_member, marked):
    html = client_for(les_member).get(marked[Marking.RESTRICTED].get_absolute_url()).content
    assert "Restricted (LES)" in html.decode()
