"""Shared test fixtures: named personas and a small library to read."""

import io
import os
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.test import Client

from policylib.library import services
from policylib.library.models import Category, DocumentType, Library, Office, Placement, Status
from policylib.testing.processes import fault_databases, make_node  # noqa: F401

PASSWORD = "a long test password 1"  # noqa: S105


@pytest.fixture(autouse=True)
def _isolated_storage(settings, tmp_path):
    """Each test stores files and keeps its search index in its own folder."""
    settings.MEDIA_ROOT = tmp_path / "files"
    settings.POLICYLIB_INDEX_DIR = tmp_path / "index"
    # ...and starts its rate-limit counts afresh (the cache is this test process's own).
    cache.clear()


@pytest.fixture
def corpus() -> Path:
    """The shared real-world corpus; skipped when absent, except in CI where it must exist."""
    default = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"
    path = Path(os.environ.get("POLICYLIB_CORPUS_DIR") or default).resolve()
    if not (path / "README.md").exists():
        if os.environ.get("CI"):
            pytest.fail(f"The shared corpus is missing at {path} (set POLICYLIB_CORPUS_DIR).")
        pytest.skip(f"The shared corpus is not at {path}; set POLICYLIB_CORPUS_DIR to run this.")
    return path


def _user(django_user_model, username: str, *, groups=(), perms=(), staff=False):
    user = django_user_model.objects.create_user(
        username=username, password=PASSWORD, email=f"{username}@example.org", is_staff=staff
    )
    for group in groups:
        user.groups.add(group)
    for codename in perms:
        user.user_permissions.add(Permission.objects.get(codename=codename))
    return user


@pytest.fixture
def les_group(db) -> Group:
    return Group.objects.get_or_create(name="LES")[0]


@pytest.fixture
def reader(django_user_model):
    """Alice, an employee: signed in, in no special group."""
    return _user(django_user_model, "alice")


@pytest.fixture
def les_member(django_user_model, les_group):
    """Bob, a law-enforcement officer in the LES group."""
    return _user(django_user_model, "bob", groups=[les_group])


@pytest.fixture
def librarian(django_user_model):
    """Carol, library staff: manages every document."""
    return _user(
        django_user_model,
        "carol",
        staff=True,
        perms=["view_document", "change_document", "add_document"],
    )


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def library(db) -> Library:
    return Library.objects.create(
        name="Directives and Guidance",
        slug="directives",
        placement=Placement.DOCUMENTS,
        explanation="Policies set direction, like a compass.",
    )


@pytest.fixture
def category(db) -> Category:
    return Category.objects.create(
        name="Detention and Removal Management",
        slug="detention-and-removal-management",
        description="Documents relating to the safety, security and care of aliens.",
    )


@pytest.fixture
def directive_type(db) -> DocumentType:
    return DocumentType.objects.create(name="Directive", slug="directive")


@pytest.fixture
def office(db) -> Office:
    return Office.objects.create(name="Detention and Removal Management", abbreviation="ADDRM")


@pytest.fixture
def make_document(library, category, directive_type, office):
    """Create a document through the library's own service, Current unless told otherwise."""
    counter = iter(range(1, 10_000))

    def make(title: str = "", *, status: str = Status.CURRENT, pdf: bytes | None = None, **fields):
        number = next(counter)
        fields.setdefault("identifier", f"DRO {number:04d}")
        fields.setdefault("issued_on", "2006-02-03")
        document = services.create_document(
            by=None,
            library=fields.pop("library", library),
            title=title or f"Document {number}",
            document_type=fields.pop("document_type", directive_type),
            opi=fields.pop("opi", office),
            categories=fields.pop("categories", [category]),
            status=status,
            **fields,
        )
        if pdf is not None:
            services.attach_file(
                document=document, by=None, stream=io.BytesIO(pdf), original_name=f"{title}.pdf"
            )
        return document

    return make


@pytest.fixture
def agreement_file(office):
    """An agreement with a file of its own in the file store (beside documents' files)."""
    from policylib.agreements import services as agreements
    from policylib.agreements.models import AgreementType, Organization

    # Made here: transactional tests flush the vocabulary the migrations load.
    moa, _ = AgreementType.objects.get_or_create(slug="moa", defaults={"name": "MOA"})
    agreement = agreements.create_agreement(
        by=None,
        identifier="MOA 26-01",
        title="Transport of detainees",
        agreement_type=moa,
        owner_office=office,
        parties=[Organization.objects.create(name="U.S. Marshals Service", slug="usms")],
    )
    return agreements.attach_file(
        agreement=agreement,
        by=None,
        stream=io.BytesIO(b"%PDF-1.4\n%signed agreement\n%%EOF\n"),
        original_name="moa-26-01.pdf",
    )
