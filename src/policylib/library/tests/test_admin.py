"""The staff's admin form: links added inline go through the lifecycle and the page saves."""

from django.contrib.auth.models import Permission

from policylib.conftest import client_for
from policylib.library.models import Document, Status


def _management(prefix: str, total: int = 0) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def test_a_new_draft_added_with_what_it_supersedes_saves_and_links(
    librarian, make_document, library, directive_type, category
):
    old = make_document("Transport Bus Safety Inspections")
    librarian.user_permissions.add(*Permission.objects.filter(codename__endswith="supersession"))
    client = client_for(librarian)
    response = client.post(
        "/admin/library/document/add/",
        {
            "library": library.pk,
            "identifier": "DTP 0002 Rev 1",
            "title": "Transport Bus Safety Inspections (Revised)",
            "document_type": directive_type.pk,
            "categories": [category.pk],
            "marking": "public",
            "new_file_role": "primary",
            **_management("files"),
            **_management("predecessor_links", 1),
            "predecessor_links-0-predecessor": old.pk,
            **_management("amended_links"),
        },
    )

    assert response.status_code == 302
    new = Document.objects.get(identifier="DTP 0002 Rev 1")
    assert new.status == Status.DRAFT
    assert list(new.supersedes.all()) == [old]
    old.refresh_from_db()
    assert old.status == Status.CURRENT  # superseded only when the draft is issued
