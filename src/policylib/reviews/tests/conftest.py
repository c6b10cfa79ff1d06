"""People and offices of a review round.

The OPI is Detention and Removal Management (the shared `office` fixture): Dana writes for it,
Olga owns its policies. Field Operations and Mission Support review: Frank and Mike are their
DPCs, Rita and Ross their reviewers. Enforcement's DPC is Eve. Bea sits on the review board,
Sam signs, Carol (library staff) issues, and Alice reads but has no part in the review.
"""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from docx import Document as WordDocument

from policylib.conftest import PASSWORD
from policylib.library.models import Office
from policylib.reviews import services
from policylib.reviews.models import OfficeMembership, Role

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def docx_bytes(text: str = "Section 1. Purpose.\nSection 2. Escorts.") -> bytes:
    document = WordDocument()
    for paragraph in text.split("\n"):
        document.add_paragraph(paragraph)
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def upload(name: str = "draft.docx", content: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, docx_bytes() if content is None else content)


def today() -> datetime.date:
    return timezone.localdate()


def _person(django_user_model, username: str, first: str, last: str, *roles):
    user = django_user_model.objects.create_user(
        username=username,
        password=PASSWORD,
        email=f"{username}@example.org",
        first_name=first,
        last_name=last,
    )
    for office, role, *title in roles:
        OfficeMembership.objects.create(
            user=user, office=office, role=role, title=title[0] if title else ""
        )
    return user


@pytest.fixture
def field_ops(db) -> Office:
    return Office.objects.create(name="Field Operations", abbreviation="FO")


@pytest.fixture
def mission_support(db) -> Office:
    return Office.objects.create(name="Mission Support", abbreviation="MS")


@pytest.fixture
def enforcement(db) -> Office:
    return Office.objects.create(name="Enforcement", abbreviation="ENF")


@pytest.fixture
def board_office(db) -> Office:
    return Office.objects.create(name="Policy Management Unit", abbreviation="PMU")


@pytest.fixture
def author(django_user_model, office):
    """Dana, an author in the OPI."""
    return _person(django_user_model, "dana", "Dana", "Author", (office, Role.AUTHOR))


@pytest.fixture
def owner(django_user_model, office):
    """Olga, the OPI's policy owner."""
    return _person(django_user_model, "olga", "Olga", "Owner", (office, Role.OWNER))


@pytest.fixture
def field_dpc(django_user_model, field_ops):
    return _person(django_user_model, "frank", "Frank", "Field", (field_ops, Role.DPC))


@pytest.fixture
def field_reviewer(django_user_model, field_ops):
    return _person(django_user_model, "rita", "Rita", "Reviewer", (field_ops, Role.REVIEWER))


@pytest.fixture
def ms_dpc(django_user_model, mission_support):
    return _person(django_user_model, "mike", "Mike", "Support", (mission_support, Role.DPC))


@pytest.fixture
def ms_reviewer(django_user_model, mission_support):
    return _person(django_user_model, "ross", "Ross", "Reviewer", (mission_support, Role.REVIEWER))


@pytest.fixture
def enforcement_dpc(django_user_model, enforcement):
    return _person(django_user_model, "eve", "Eve", "Late", (enforcement, Role.DPC))


@pytest.fixture
def board_member(django_user_model, board_office):
    return _person(django_user_model, "bea", "Bea", "Board", (board_office, Role.BOARD))


@pytest.fixture
def signatory(django_user_model, board_office):
    return _person(
        django_user_model,
        "sam",
        "Sam",
        "Signer",
        (board_office, Role.SIGNATORY, "Assistant Director for Policy"),
    )


@pytest.fixture
def current_directive(make_document):
    """Version 1 of the escort policy, in force, with its PDF."""
    return make_document(
        "Deviation from the Escort Policy",
        identifier="DRO 11064.1",
        pdf=PDF,
        summary="Requests to deviate from the escort standard.",
    )


@pytest.fixture
def working_copy(author, current_directive):
    """Dana has checked out the escort policy and uploaded her revised draft."""
    draft = services.check_out(by=author, document=current_directive)
    services.save_draft(
        by=author,
        draft=draft,
        change_note="Revised the escort section.",
        upload=upload("escort-v2.docx"),
        title="Deviation from the Escort Policy (revised)",
    )
    draft.refresh_from_db()
    return draft


@pytest.fixture
def open_period(working_copy, owner, field_dpc, ms_dpc, field_ops, mission_support):
    """Olga sent the working copy to Field Operations and Mission Support."""
    return services.open_comment_period(
        by=owner, draft=working_copy, offices=[field_ops, mission_support]
    )
