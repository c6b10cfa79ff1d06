import pytest
from django.urls import reverse

from policylib.conftest import client_for
from policylib.library.models import Marking
from policylib.subscriptions.models import Subscription, Topic
from policylib.subscriptions.sending import unsubscribe_token
from policylib.subscriptions.services import subscribe

pytestmark = pytest.mark.django_db


def test_a_reader_follows_a_document_from_its_page(make_document, reader):
    document = make_document("Escort policy")
    page = client_for(reader).get(document.get_absolute_url()).content.decode()
    assert reverse("subscriptions:follow") in page, "the document page offers to follow it"

    response = client_for(reader).post(
        reverse("subscriptions:follow"),
        {"topic": "document", "document": document.pk, "next": document.get_absolute_url()},
    )
    assert response.status_code == 302
    assert response["Location"] == document.get_absolute_url()
    assert Subscription.objects.filter(user=reader, document=document).exists()


def test_a_reader_cannot_follow_a_document_they_may_not_see(make_document, reader, les_group):
    hidden = make_document("Hidden", marking=Marking.RESTRICTED, restricted_to=[les_group])
    response = client_for(reader).post(
        reverse("subscriptions:follow"), {"topic": "document", "document": hidden.pk}
    )
    assert response.status_code == 404
    assert not Subscription.objects.exists()


def test_a_reader_follows_a_category_and_a_saved_search_from_their_page(
    reader, category, directive_type
):
    client = client_for(reader)
    client.post(
        reverse("subscriptions:follow"),
        {"topic": "category", "category-category": category.pk},
    )
    client.post(
        reverse("subscriptions:follow"),
        {"topic": "search", "search-name": "Meals", "search-q": "meals",
         "search-type": directive_type.slug},
    )  # fmt: skip
    page = client.get(reverse("subscriptions:mine")).content.decode()
    assert "Detention and Removal Management" in page
    assert "the search &quot;Meals&quot;" in page
    search = Subscription.objects.get(topic=Topic.SEARCH)
    assert search.search == {"text": "meals", "document_type": "directive"}


def test_an_empty_saved_search_is_refused_with_a_message(reader):
    response = client_for(reader).post(reverse("subscriptions:follow"), {"topic": "search"})
    assert response.status_code == 400
    assert "Give some words or choose at least one filter" in response.content.decode()
    assert not Subscription.objects.exists()


def test_the_search_page_link_prefills_a_saved_search(reader):
    page = client_for(reader).get(reverse("subscriptions:mine"), {"q": "body cameras"})
    assert 'value="body cameras"' in page.content.decode()


def test_subscriptions_need_a_login(client):
    response = client.get(reverse("subscriptions:mine"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_reader_stops_following_from_their_page(reader, category, les_member):
    mine = subscribe(user=reader, category=category)
    theirs = subscribe(user=les_member, category=category)
    client_for(reader).post(reverse("subscriptions:stop", args=[theirs.pk]))
    assert Subscription.objects.filter(pk=theirs.pk).exists(), "not someone else's"
    client_for(reader).post(reverse("subscriptions:stop", args=[mine.pk]))
    assert not Subscription.objects.filter(pk=mine.pk).exists()


class TestUnsubscribeLink:
    def test_opening_the_link_asks_for_one_click_and_changes_nothing(self, reader, category):
        subscription = subscribe(user=reader, category=category)
        url = reverse("subscriptions:unsubscribe", args=[unsubscribe_token(subscription.pk)])
        response = client_for(None).get(url)
        assert response.status_code == 200
        assert "Stop getting email about the category" in response.content.decode()
        assert Subscription.objects.filter(pk=subscription.pk).exists()

    def test_the_click_unsubscribes_without_a_login(self, reader, category):
        subscription = subscribe(user=reader, category=category)
        url = reverse("subscriptions:unsubscribe", args=[unsubscribe_token(subscription.pk)])
        response = client_for(None).post(url)
        assert response.status_code == 200
        assert "You no longer follow the category" in response.content.decode()
        assert not Subscription.objects.filter(pk=subscription.pk).exists()
        again = client_for(None).post(url)
        assert "already unsubscribed" in again.content.decode()

    def test_a_mail_client_can_unsubscribe_in_one_post(self, reader, category):
        from django.test import Client

        subscription = subscribe(user=reader, category=category)
        url = reverse("subscriptions:unsubscribe", args=[unsubscribe_token(subscription.pk)])
        Client(enforce_csrf_checks=True).post(url, {"List-Unsubscribe": "One-Click"})
        assert not Subscription.objects.filter(pk=subscription.pk).exists()

    def test_a_forged_or_truncated_link_does_nothing(self, reader, category):
        subscription = subscribe(user=reader, category=category)
        token = unsubscribe_token(subscription.pk)
        for bad in (token[:-3], f"{subscription.pk + 1}:forged"):
            url = reverse("subscriptions:unsubscribe", args=[bad])
            assert client_for(None).post(url).status_code == 400
        assert Subscription.objects.filter(pk=subscription.pk).exists()
