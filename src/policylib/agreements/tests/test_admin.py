"""Staff record agreements in the admin, with modifications and files, through the services."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from policylib.agreements.models import Agreement, AgreementType, Stage
from policylib.audit.models import AuditEntry
from policylib.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(django_user_model):
    return client_for(
        django_user_model.objects.create_superuser("dora", "dora@example.org", "x" * 20)
    )


def test_an_agreement_added_in_the_admin_gets_its_modification_file_and_audit(
    admin_client, office, marshals
):
    data = {
        "identifier": "MOA 26-07",
        "title": "Transportation by air",
        "agreement_type": AgreementType.objects.get(slug="moa").pk,
        "parties": [marshals.pk],
        "purpose": "JPATS flights.",
        "owner_office": office.pk,
        "contact_name": "",
        "contact_email": "",
        "contact_phone": "",
        "signed_on": "2026-01-05",
        "effective_on": "2026-01-05",
        "expires_on": "2027-01-04",
        "renewal_terms": "",
        "marking": "public",
        "new_file": SimpleUploadedFile("MOA 26-07.pdf", b"%PDF-1.4 signed"),
        "modifications-TOTAL_FORMS": "1",
        "modifications-INITIAL_FORMS": "0",
        "modifications-0-title": "Rates for 2026",
        "modifications-0-description": "",
        "modifications-0-signed_on": "2026-02-01",
        "modifications-0-effective_on": "",
        "modifications-0-extends_to": "2027-06-30",
        "modifications-0-new_file": SimpleUploadedFile("Mod 1.pdf", b"%PDF-1.4 rates"),
        "files-TOTAL_FORMS": "0",
        "files-INITIAL_FORMS": "0",
    }
    response = admin_client.post(reverse("admin:agreements_agreement_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    agreement = Agreement.objects.get(identifier="MOA 26-07")
    assert agreement.stage == Stage.DRAFT
    modification = agreement.modifications.get()
    assert (modification.number, modification.title) == (1, "Rates for 2026")
    assert str(agreement.expires_on) == "2027-06-30"
    assert sorted(agreement.files.values_list("original_name", flat=True)) == [
        "MOA 26-07.pdf",
        "Mod 1.pdf",
    ]
    assert modification.files.get().original_name == "Mod 1.pdf"
    actions = set(
        AuditEntry.objects.filter(target_id=str(agreement.pk)).values_list("action", flat=True)
    )
    assert {"agreement.created", "agreement.modified", "agreement.file_attached"} <= actions

    signed = admin_client.post(
        reverse("admin:agreements_agreement_changelist"),
        {"action": "sign_agreements", "_selected_action": [agreement.pk]},
    )
    assert signed.status_code == 302
    agreement.refresh_from_db()
    assert agreement.stage == Stage.SIGNED
