"""The vocabularies that classify documents: libraries, categories, offices, subjects, types."""

import pytest

from policylib.api.tests.conftest import api_client, is_problem
from policylib.library.models import Category, Marking, Office, Status, Subject

pytestmark = pytest.mark.django_db


def results(client, path: str) -> list[dict]:
    response = client.get(path)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_libraries(anonymous, library):
    assert results(anonymous, "/api/v1/libraries/") == [
        {
            "slug": "directives",
            "name": "Directives and Guidance",
            "description": "",
            "placement": "documents",
        }
    ]
    assert anonymous.get("/api/v1/libraries/directives/").json()["name"] == library.name


def test_categories_nest(anonymous, category):
    child = Category.objects.create(name="Removals", slug="removals", parent=category)
    listed = results(anonymous, "/api/v1/categories/")
    assert [(c["slug"], c["parent"]) for c in listed] == [
        (category.slug, None),
        ("removals", category.slug),
    ]
    assert anonymous.get("/api/v1/categories/removals/").json()["id"] == child.pk


def test_offices(anonymous, office):
    Office.objects.create(name="Field Office", abbreviation="FO", parent=office)
    listed = results(anonymous, "/api/v1/offices/")
    assert [(o["abbreviation"], o["parent"]) for o in listed] == [
        ("ADDRM", None),
        ("FO", office.pk),
    ]
    assert anonymous.get(f"/api/v1/offices/{office.pk}/").json()["abbreviation"] == "ADDRM"


def test_subjects_and_types(anonymous, make_document, directive_type):
    make_document("Firearms", subjects=[Subject.objects.create(name="Use of Force", slug="uof")])
    assert results(anonymous, "/api/v1/subjects/") == [{"slug": "uof", "name": "Use of Force"}]
    assert results(anonymous, "/api/v1/types/") == [{"slug": "directive", "name": "Directive"}]


def test_a_subject_filed_only_on_hidden_documents_is_shown_only_to_who_may_see_one(
    anonymous, reader, les_member, librarian, make_document, les_group
):
    make_document(
        "Detention Standards", subjects=[Subject.objects.create(name="Detention", slug="detention")]
    )
    make_document(
        "Zephyrine Covert Surveillance Protocol",
        marking=Marking.RESTRICTED,
        restricted_to=[les_group],
        subjects=[Subject.objects.create(name="Zephyrine", slug="zephyrine")],
    )
    make_document("Internal Travel", marking=Marking.INTERNAL,
                  subjects=[Subject.objects.create(name="Travel", slug="travel")])  # fmt: skip
    make_document(
        "Draft rules",
        status=Status.DRAFT,
        subjects=[Subject.objects.create(name="Unissued", slug="unissued")],
    )
    Subject.objects.create(name="Unused", slug="unused")
    seen = {
        "anonymous": ["Detention"],
        "reader": ["Detention", "Travel"],
        "les_member": ["Detention", "Travel", "Zephyrine"],
        "librarian": ["Detention", "Travel", "Unissued", "Unused", "Zephyrine"],
    }
    users = {"anonymous": None, "reader": reader, "les_member": les_member,
             "librarian": librarian}  # fmt: skip
    for name, user in users.items():
        client = anonymous if user is None else api_client(user)
        assert [s["name"] for s in results(client, "/api/v1/subjects/")] == seen[name], name
        one = client.get("/api/v1/subjects/zephyrine/")
        if "Zephyrine" in seen[name]:
            assert one.json()["name"] == "Zephyrine"
        else:
            is_problem(one, 404)


def test_an_unknown_slug_is_a_404_problem(anonymous):
    is_problem(anonymous.get("/api/v1/types/memo/"), 404)


def test_vocabularies_are_paginated(librarian):
    for number in range(30):
        Subject.objects.create(name=f"Subject {number:02d}", slug=f"subject-{number}")
    first = api_client(librarian).get("/api/v1/subjects/").json()
    assert first["count"] == 30
    assert len(first["results"]) == 25
    assert first["next"].endswith("/api/v1/subjects/?page=2")


def test_vocabularies_cannot_be_written(librarian, library):
    response = api_client(librarian).post("/api/v1/libraries/", {"name": "X"}, format="json")
    is_problem(response, 405)
