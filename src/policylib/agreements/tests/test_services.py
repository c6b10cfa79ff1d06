"""Writes to the MOA/MOU Library: rules, audit trail and stored files."""

import datetime
import io

import pytest

from policylib.agreements import services
from policylib.agreements.models import AgreementStatus, AgreementType, Stage
from policylib.agreements.records import searchable_records
from policylib.audit.models import AuditEntry
from policylib.library.files import blob_path
from policylib.library.models import Marking

pytestmark = pytest.mark.django_db


def test_an_agreement_needs_a_party(office):
    with pytest.raises(services.AgreementError, match="at least one party"):
        services.create_agreement(
            by=None,
            identifier="MOU 01-01",
            title="Nobody",
            agreement_type=AgreementType.objects.get(slug="mou"),
            owner_office=office,
            parties=[],
        )


def test_an_identifier_is_used_once(make_agreement):
    make_agreement(identifier="MOA 05-03")
    with pytest.raises(services.AgreementError, match="already used"):
        make_agreement(identifier="MOA 05-03")


def test_a_draft_is_signed_once_then_terminated_and_each_step_is_audited(make_agreement, today):
    agreement = make_agreement(signed=False, signed_on=None, effective_on=None)
    with pytest.raises(services.AgreementError, match="Give the date"):
        services.sign(agreement=agreement, by=None)
    services.sign(agreement=agreement, by=None, signed_on=datetime.date(2024, 3, 1))
    assert (agreement.stage, agreement.effective_on) == (Stage.SIGNED, datetime.date(2024, 3, 1))
    with pytest.raises(services.AgreementError, match="not a draft"):
        services.sign(agreement=agreement, by=None, signed_on=today)
    services.terminate(agreement=agreement, by=None, on=today, note="At the party's request.")
    assert agreement.status == AgreementStatus.TERMINATED
    with pytest.raises(services.AgreementError, match="Only a signed agreement"):
        services.terminate(agreement=agreement, by=None, on=today)
    notes = list(
        AuditEntry.objects.filter(target_id=str(agreement.pk))
        .order_by("at", "id")
        .values_list("action", "note")
    )
    assert notes == [
        ("agreement.created", ""),
        ("agreement.updated", "Signed."),
        ("agreement.updated", "At the party's request."),
    ]


def test_the_stage_is_not_changed_by_an_update(make_agreement):
    agreement = make_agreement()
    with pytest.raises(services.AgreementError, match="only through sign or terminate"):
        services.update_agreement(agreement=agreement, by=None, stage=Stage.DRAFT)


def test_modifications_are_numbered_in_order_and_an_extension_moves_the_expiration(
    make_agreement, today
):
    agreement = make_agreement(expires_in=10)
    first = services.add_modification(agreement=agreement, by=None, title="New rates")
    second = services.add_modification(
        agreement=agreement,
        by=None,
        title="Extension",
        extends_to=today + datetime.timedelta(days=400),
    )
    assert (first.number, second.number) == (1, 2)
    agreement.refresh_from_db()
    assert agreement.expires_on == today + datetime.timedelta(days=400)
    assert agreement.status == AgreementStatus.ACTIVE
    change = AuditEntry.objects.get(action="agreement.updated", note="Extended by modification 2.")
    assert list(change.changes) == ["expires_on"]


def test_a_file_is_stored_once_and_a_modification_keeps_its_own(make_agreement):
    agreement = make_agreement()
    first = services.attach_file(
        agreement=agreement, by=None, stream=io.BytesIO(b"%PDF-1.4 a"), original_name="a.pdf"
    )
    again = services.attach_file(
        agreement=agreement, by=None, stream=io.BytesIO(b"%PDF-1.4 a"), original_name="a.pdf"
    )
    modification = services.add_modification(agreement=agreement, by=None, title="Rates")
    of_modification = services.attach_file(
        agreement=agreement,
        modification=modification,
        by=None,
        stream=io.BytesIO(b"%PDF-1.4 a"),
        original_name="../../rates.pdf",
    )
    assert first == again
    assert of_modification != first
    assert of_modification.original_name == "rates.pdf"
    assert of_modification.blob == first.blob  # the same bytes, stored once
    assert blob_path(first.blob).read_bytes() == b"%PDF-1.4 a"
    assert first.content_type == "application/pdf"


def test_a_modification_of_another_agreement_is_refused(make_agreement):
    one, other = make_agreement(), make_agreement()
    modification = services.add_modification(agreement=other, by=None, title="Rates")
    with pytest.raises(services.AgreementError, match="another agreement"):
        services.attach_file(
            agreement=one,
            modification=modification,
            by=None,
            stream=io.BytesIO(b"x"),
            original_name="x.txt",
        )


def test_searchable_records_carry_text_facets_scope_and_marking(
    make_agreement, prisons, marshals, les_group, today
):
    active = make_agreement(
        "Air transportation",
        parties=[marshals, prisons],
        purpose="JPATS flights for detainees.",
        expires_in=30,
    )
    services.add_modification(agreement=active, by=None, title="New flight-hour rates")
    expired = make_agreement(
        "Bed space", expires_in=-1, marking=Marking.RESTRICTED, restricted_to=[les_group]
    )
    records = {record.key: record for record in searchable_records(today=today)}
    first = records[f"agreement:{active.pk}"]
    assert first.parties == ("Federal Bureau of Prisons", "U.S. Marshals Service")
    assert "JPATS flights for detainees." in first.text
    assert "Modification 1: New flight-hour rates" in first.text
    assert (first.status, first.scope, first.url) == (
        "expiring",
        "active",
        active.get_absolute_url(),
    )
    second = records[f"agreement:{expired.pk}"]
    assert (second.status, second.scope, second.marking) == ("expired", "archived", "restricted")
    assert second.restricted_to == (les_group.pk,)
