"""The audit page: administrators filter the trail and download it as CSV; nobody else."""

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from policylib.accounts import roles
from policylib.audit import services as audit
from policylib.audit.models import AuditEntry
from policylib.conftest import client_for

pytestmark = pytest.mark.django_db

TRAIL = reverse("audit:trail")
CSV = reverse("audit:csv")


@pytest.fixture
def administrator(django_user_model):
    """Ada runs the site."""
    ada = django_user_model.objects.create_user(username="ada", password="x" * 16)
    ada.groups.add(Group.objects.get(name=roles.ADMINISTRATOR))
    return ada


@pytest.fixture
def trail(reader, librarian, make_document):
    """A lifecycle action by Carol, a failed sign-in, and an old entry from last year."""
    document = make_document("Escort Standard", identifier="DRO 11064.1")
    audit.record(actor=librarian, action="document.archived", target=document, note="Old.")
    audit.record(actor=None, action="auth.sign_in_failed", target=reader, note="Wrong password.")
    old = audit.record(actor=reader, action="document.sent", target=document)
    AuditEntry.objects.filter(pk=old.pk).update(at=timezone.now() - datetime.timedelta(days=400))
    return document


def rows(response) -> list[dict[str, str]]:
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize("who", ["reader", "librarian"])
def test_only_administrators_see_the_trail(who, request, trail):
    client = client_for(request.getfixturevalue(who))

    assert client.get(TRAIL).status_code == 403
    assert client.get(CSV).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(trail):
    response = Client().get(TRAIL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_administrators_see_every_entry_newest_first(administrator, trail):
    page = client_for(administrator).get(TRAIL).content.decode()

    assert page.index("auth.sign_in_failed") < page.index("document.archived")
    assert "document.sent" in page
    assert "Wrong password." in page


def test_the_trail_filters_by_user_action_dates_and_object(administrator, trail, reader):
    client = client_for(administrator)
    today = timezone.localdate()

    by_user = client.get(TRAIL, {"user": "caro"}).context["page"].object_list
    assert [entry.action for entry in by_user] == ["document.archived"]
    by_action = client.get(TRAIL, {"action": ["auth.sign_in_failed"]}).context["page"]
    assert [entry.target_id for entry in by_action.object_list] == [str(reader.pk)]
    this_year = client.get(TRAIL, {"start": today - datetime.timedelta(days=30), "end": today})
    assert "document.sent" not in [e.action for e in this_year.context["page"].object_list]
    last_year = client.get(TRAIL, {"end": today - datetime.timedelta(days=300)})
    assert [e.action for e in last_year.context["page"].object_list] == ["document.sent"]
    by_object = client.get(TRAIL, {"object": "11064"}).context["page"].object_list
    assert {entry.target_id for entry in by_object} == {str(trail.pk)}
    by_number = client.get(TRAIL, {"object": str(trail.pk)}).context["page"].object_list
    assert str(trail.pk) in {entry.target_id for entry in by_number}


def test_the_csv_holds_the_filtered_entries(administrator, trail):
    response = client_for(administrator).get(CSV, {"action": ["document.archived"]})

    assert response["Content-Type"] == "text/csv"
    assert response["Content-Disposition"].startswith('attachment; filename="audit-trail-')
    (row,) = rows(response)
    assert row["who"] == "carol"
    assert row["action"] == "document.archived"
    assert "DRO 11064.1" in row["object"]
    assert row["note"] == "Old."


def test_text_that_a_spreadsheet_would_run_as_a_formula_is_quoted(administrator, reader):
    audit.record(actor=reader, action="document.sent", note='=HYPERLINK("http://x","y")')

    (row,) = rows(client_for(administrator).get(CSV, {"action": ["document.sent"]}))

    assert row["note"] == '\'=HYPERLINK("http://x","y")'


def test_a_bad_date_is_explained_and_loses_nothing(administrator, trail):
    response = client_for(administrator).get(TRAIL, {"start": "yesterday-ish", "user": "carol"})

    assert response.status_code == 200
    assert "Enter a valid date." in response.content.decode()
    assert [e.action for e in response.context["page"].object_list] == ["document.archived"]
