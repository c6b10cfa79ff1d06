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


def _change_form(document, **inlines) -> dict:
    return {
        "library": document.library_id,
        "identifier": document.identifier,
        "title": document.title,
        "document_type": document.document_type_id,
        "categories": [c.pk for c in document.categories.all()],
        "marking": document.marking,
        "new_file_role": "primary",
        "version": document.version,
        **_management("files"),
        **_management("predecessor_links", len(inlines.get("predecessors", []))),
        **{
            f"predecessor_links-{n}-predecessor": other.pk
            for n, other in enumerate(inlines.get("predecessors", []))
        },
        **_management("amended_links"),
    }


def _staff(librarian):
    librarian.user_permissions.add(
        *Permission.objects.filter(codename__endswith="supersession"),
        *Permission.objects.filter(codename__endswith="amendment"),
    )
    return client_for(librarian)


def test_the_admin_refuses_to_supersede_a_document_already_superseded(librarian, make_document):
    from policylib.library import lifecycle

    old = make_document("Detainee Transfers", identifier="DRO 11064.1", issued_on="2008-03-01")
    first = make_document("Detainee Transfers", identifier="DRO 11064.2", issued_on="2011-09-04")
    second = make_document("Transfers", identifier="DRO 11064.3", issued_on="2026-01-10")
    lifecycle.supersede(successor=first, predecessor=old, by=None)
    client = _staff(librarian)

    response = client.post(
        f"/admin/library/document/{second.pk}/change/", _change_form(second, predecessors=[old])
    )

    assert response.status_code == 200
    assert (
        "DRO 11064.1 is already superseded by DRO 11064.2: Detainee Transfers; "
        "supersede that one instead."
    ) in response.content.decode()
    assert list(old.superseded_by.all()) == [first]


def test_a_new_document_cannot_supersede_one_already_superseded(
    librarian, make_document, library, directive_type, category
):
    from policylib.library import lifecycle

    old = make_document("Old", identifier="DRO 1")
    first = make_document("First", identifier="DRO 2")
    lifecycle.supersede(successor=first, predecessor=old, by=None)
    data = {
        "library": library.pk,
        "identifier": "DRO 3",
        "title": "Third",
        "document_type": directive_type.pk,
        "categories": [category.pk],
        "marking": "public",
        "new_file_role": "primary",
        **_management("files"),
        **_management("predecessor_links", 1),
        "predecessor_links-0-predecessor": old.pk,
        **_management("amended_links"),
    }

    response = _staff(librarian).post("/admin/library/document/add/", data)

    assert response.status_code == 200
    assert "DRO 1 is already superseded by DRO 2: First" in response.content.decode()
    assert not Document.objects.filter(identifier="DRO 3").exists()


def test_the_pickers_never_offer_the_document_being_edited(librarian, make_document):
    document = make_document("Escort policy", identifier="DRO 5")
    other = make_document("Escort policy (older)", identifier="DRO 4")
    client = _staff(librarian)

    page = client.get(f"/admin/library/document/{document.pk}/change/").content.decode()
    assert (
        page.count(f"autocomplete/?exclude={document.pk}") >= 4
    )  # supersedes, amends, parent, related

    for model, field in [
        ("supersession", "predecessor"),
        ("amendment", "amended"),
        ("document", "parent"),
        ("document", "related"),
    ]:
        found = client.get(
            "/admin/autocomplete/",
            {
                "exclude": document.pk,
                "term": "Escort",
                "app_label": "library",
                "model_name": model,
                "field_name": field,
            },
        ).json()
        offered = {int(result["id"]) for result in found["results"]}
        assert offered == {other.pk}, field

    # Chosen by hand anyway, it is refused and nothing is linked.
    response = client.post(
        f"/admin/library/document/{document.pk}/change/",
        _change_form(document, predecessors=[document]),
    )
    assert response.status_code == 200
    assert not document.supersedes.exists()
