"""The index follows the database a moment later (or much later, with its follower down).

Each test indexes a Public document, then changes it through the library's services without
applying the outbox (as between a commit and the follower's next pass, or with the follower
down) and asks every search surface as a stranger: the document must be absent as it is from
its own page, hits, counts and facets.
"""

import pytest
from django.urls import reverse

from policylib.library import services
from policylib.library.models import Category, Document, Marking

pytestmark = pytest.mark.django_db

CHANGES = [
    pytest.param({"marking": Marking.RESTRICTED}, id="made-restricted"),
    pytest.param({"marking": Marking.INTERNAL}, id="made-internal"),
]


@pytest.fixture
def hidden_behind_the_index(make_document, index):
    """A public escort policy, and a document the index still holds as Public."""

    def make(**change) -> Document:
        make_document("Escort policy", text="Escorts of detainees.")
        covert = Category.objects.create(name="Covert Operations", slug="covert")
        secret = make_document(
            "Xylophonic escort tactics", text="Escort by xylophonic signal.", categories=[covert]
        )
        index()
        services.update_document(document=secret, by=None, **change)
        return secret

    return make


def page(client, name: str, **params) -> str:
    response = client.get(reverse(f"search:{name}"), params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("change", CHANGES)
def test_results_page_count_and_facets_leave_it_out(client, hidden_behind_the_index, staff, change):
    hidden_behind_the_index(**change)

    html = page(client, "results", q="escort")
    assert "1 result for" in html
    assert "Xylophonic" not in html
    assert "Covert Operations" not in html
    assert "No results for <q>xylophonic</q>" in page(client, "results", q="xylophonic")
    # Library staff see every document, whatever its marking or status.
    client.force_login(staff)
    assert "Xylophonic escort tactics" in page(client, "results", q="xylophonic")


@pytest.mark.parametrize("change", CHANGES)
def test_live_search_leaves_it_out(client, hidden_behind_the_index, change):
    hidden_behind_the_index(**change)

    assert "Xylophonic" not in page(client, "live", q="escort")
    assert "No quick matches" in page(client, "live", q="xylo")


@pytest.mark.parametrize("change", CHANGES)
def test_did_you_mean_takes_no_word_from_it(client, hidden_behind_the_index, change):
    hidden_behind_the_index(**change)

    html = page(client, "results", q="xylophonik")
    assert "Did you mean" not in html
    assert "xylophonic" not in html
