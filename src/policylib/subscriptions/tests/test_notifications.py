import io

import pytest
from django.core import mail

from policylib import extraction
from policylib.library import lifecycle, services
from policylib.library.models import Marking, Office, Status
from policylib.subscriptions.models import Notification
from policylib.subscriptions.notify import notify
from policylib.subscriptions.services import SubscriptionError, subscribe

pytestmark = pytest.mark.django_db


def _to(address: str) -> list:
    return [m for m in mail.outbox if address in m.to]


def test_a_category_subscriber_hears_when_a_document_is_issued(
    make_document, category, reader, librarian, committed
):
    subscription = subscribe(user=reader, category=category)
    draft = make_document("Escort policy", status=Status.DRAFT, issued_on=None)

    with committed():
        lifecycle.issue(document=draft, by=librarian)

    [message] = _to(reader.email)
    assert message.subject == f"Issued: {draft.identifier}: Escort policy"
    assert "was issued" in message.body
    assert f"/documents/{draft.pk}/" in message.body
    assert "the category Detention and Removal Management" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/subscriptions/unsubscribe/" in message.extra_headers["List-Unsubscribe"]
    assert Notification.objects.filter(user=reader, document=draft, kind="issued").exists()
    assert subscription.describe() in message.body


def test_nothing_is_sent_before_the_change_commits(make_document, category, reader):
    subscribe(user=reader, category=category)
    draft = make_document("Escort policy", status=Status.DRAFT, issued_on=None)
    lifecycle.issue(document=draft, by=None)  # the test's transaction never commits
    assert mail.outbox == []


def test_a_subscriber_is_never_told_about_a_document_they_may_not_see(
    make_document, category, reader, les_member, les_group, committed
):
    subscribe(user=reader, category=category)
    subscribe(user=les_member, category=category)
    draft = make_document(
        "Sensitive tactics", status=Status.DRAFT, issued_on=None,
        marking=Marking.RESTRICTED, restricted_to=[les_group],
    )  # fmt: skip

    with committed():
        lifecycle.issue(document=draft, by=None)

    assert _to(reader.email) == [], "alice is not in LES"
    [message] = _to(les_member.email)
    assert "Sensitive tactics" not in message.subject + message.body, "no title by email"
    assert f"/documents/{draft.pk}/" in message.body


def test_issuing_the_next_version_is_one_email_that_tells_of_the_one_it_supersedes(
    make_document, category, reader, librarian, committed
):
    old = make_document("Old escort policy")
    subscribe(user=reader, document=old)
    subscribe(user=librarian, category=category)
    new = make_document("New escort policy", status=Status.DRAFT, issued_on=None)

    with committed():
        lifecycle.supersede(successor=new, predecessor=old, by=None)
        lifecycle.issue(document=new, by=None)

    for person in (reader, librarian):
        [message] = _to(person.email)
        assert message.subject == f"Revised: {new.identifier}: New escort policy"
        assert (
            f"It is the new version of {old.identifier}: Old escort policy, "
            "which is now superseded." in message.body
        )


def test_a_supersession_recorded_after_the_successor_was_issued_is_news_of_its_own(
    make_document, reader, committed
):
    old = make_document("Old escort policy")
    with committed():
        new = make_document("New escort policy")
    subscribe(user=reader, document=old)

    with committed():
        lifecycle.supersede(successor=new, predecessor=old, by=None)

    [message] = _to(reader.email)
    assert message.subject == f"Superseded: {old.identifier}: Old escort policy"
    assert f"Superseded by:\n  {new.identifier}: New escort policy" in message.body


def test_a_reader_who_may_not_see_the_next_version_still_hears_of_the_supersession(
    make_document, category, reader, les_group, committed
):
    old = make_document("Old escort policy")
    subscribe(user=reader, category=category)
    new = make_document(
        "Sensitive escort tactics", status=Status.DRAFT, issued_on=None,
        marking=Marking.RESTRICTED, restricted_to=[les_group],
    )  # fmt: skip

    with committed():
        lifecycle.supersede(successor=new, predecessor=old, by=None)
        lifecycle.issue(document=new, by=None)

    [message] = _to(reader.email)
    assert message.subject == f"Superseded: {old.identifier}: Old escort policy"
    assert "Sensitive" not in message.body, "nothing of a document the reader may not see"


def test_office_subscribers_hear_of_cancellations_in_sub_offices(
    make_document, office, reader, committed
):
    sub_office = Office.objects.create(name="Field Office Boston", parent=office)
    document = make_document("Boston procedure", opi=sub_office)
    subscribe(user=reader, office=office)

    with committed():
        lifecycle.cancel(document=document, by=None, note="No longer needed")

    [message] = _to(reader.email)
    assert message.subject.startswith("Cancelled:")


def test_a_new_file_for_a_document_in_force_is_announced_as_a_revision(
    make_document, reader, committed
):
    with committed():
        document = make_document("Detention standards", body="Two meals a day.")
    subscribe(user=reader, document=document)

    with committed():
        services.update_document(document=document, by=None, body="Three meals a day.")

    [message] = _to(reader.email)
    assert message.subject.startswith("Revised:")


def test_an_event_is_emailed_once_even_if_handled_twice(make_document, category, reader):
    subscribe(user=reader, category=category)
    document = make_document("Escort policy")
    notify(event="audit:1", document_id=document.pk, kind="issued")
    notify(event="audit:1", document_id=document.pk, kind="issued")
    assert len(_to(reader.email)) == 1


def test_one_email_per_event_even_when_several_subscriptions_match(
    make_document, category, office, reader
):
    subscribe(user=reader, category=category)
    subscribe(user=reader, office=office)
    document = make_document("Escort policy")
    notify(event="audit:1", document_id=document.pk, kind="issued")
    [message] = _to(reader.email)
    assert message.body.count("Stop following") == 2


def test_a_saved_search_hears_of_matching_documents_only(make_document, reader):
    subscribe(user=reader, search={"text": "detainee meals"}, search_name="Meals")

    def issue_with_text(title: str, text: str):
        document = make_document(title)
        stored = services.attach_file(
            document=document, by=None, stream=io.BytesIO(text.encode()), original_name="a.txt"
        )
        extraction.extract_now(stored.pk)
        return document

    matching = issue_with_text("Food service", "Every detainee receives three meals daily.")
    other = issue_with_text("Vehicle fleet", "Vans are inspected every month.")
    notify(event="audit:1", document_id=matching.pk, kind="issued")
    notify(event="audit:2", document_id=other.pk, kind="issued")

    [message] = _to(reader.email)
    assert "Food service" in message.subject
    assert 'the search "Meals"' in message.body


def test_a_saved_search_with_filters_only_matches_on_them(make_document, reader, office):
    other_office = Office.objects.create(name="Enforcement", abbreviation="ENF")
    subscribe(user=reader, search={"opi": office.pk})
    ours = make_document("Ours")
    theirs = make_document("Theirs", opi=other_office)
    notify(event="audit:1", document_id=ours.pk, kind="issued")
    notify(event="audit:2", document_id=theirs.pk, kind="issued")
    assert [m.subject for m in _to(reader.email)] == [f"Issued: {ours.identifier}: Ours"]


def test_subscribing_needs_an_email_address(category, django_user_model):
    nobody = django_user_model.objects.create_user("dave", password="x" * 12)
    with pytest.raises(SubscriptionError, match="no email address"):
        subscribe(user=nobody, category=category)


def test_a_reader_cannot_subscribe_to_a_document_they_may_not_see(make_document, reader, les_group):
    hidden = make_document("Hidden", marking=Marking.RESTRICTED, restricted_to=[les_group])
    with pytest.raises(SubscriptionError):
        subscribe(user=reader, document=hidden)
