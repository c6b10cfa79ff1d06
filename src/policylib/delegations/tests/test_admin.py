"""Staff record delegations in the admin, under the same rules and audit as the services."""

import pytest
from django.urls import reverse

from policylib.audit.models import AuditEntry
from policylib.conftest import client_for
from policylib.delegations.models import Delegation

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(django_user_model):
    return client_for(
        django_user_model.objects.create_superuser("dora", "dora@example.org", "x" * 20)
    )


def form(stays, positions, **fields):
    data = {
        "identifier": "",
        "authority": stays.pk,
        "delegating_position": positions["fod"].pk,
        "delegated_to": positions["dfod"].pk,
        "parent": "",
        "source_document": "",
        "source_citation": "",
        "limitations": "",
        "effective_on": "2024-01-02",
        "expires_on": "",
        "rescinded_on": "",
        "rescinded_by": "",
        "rescission_note": "",
    }
    data.update(fields)
    return data


def test_the_admin_refuses_a_delegation_by_a_position_that_does_not_hold_it(
    admin_client, delegate, stays, positions
):
    parent = delegate("director", "fod_la", redelegation_permitted=True)
    response = admin_client.post(
        reverse("admin:delegations_delegation_add"), form(stays, positions, parent=parent.pk)
    )
    assert response.status_code == 200
    assert "Only Field Office Director, Los Angeles" in response.content.decode()
    assert Delegation.objects.count() == 1


def test_the_admin_records_a_sound_delegation_in_the_audit_trail(
    admin_client, delegate, stays, positions
):
    parent = delegate("director", "fod", redelegation_permitted=True)
    response = admin_client.post(
        reverse("admin:delegations_delegation_add"), form(stays, positions, parent=parent.pk)
    )
    assert response.status_code == 302
    created = Delegation.objects.get(delegated_to=positions["dfod"])
    entry = AuditEntry.objects.get(action="delegation.created", target_id=str(created.pk))
    assert entry.actor.username == "dora"
