import datetime
import io
import itertools

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.utils import timezone

from policylib import extraction, search
from policylib.agreements import services as agreements
from policylib.agreements.models import AgreementType, Organization
from policylib.library import services
from policylib.library.models import DocumentType, Library, Marking, Status
from policylib.search import engine


@pytest.fixture(autouse=True)
def fresh_index(settings, tmp_path):
    """Every test gets its own, empty index folder."""
    settings.POLICYLIB_INDEX_DIR = tmp_path / "index"
    engine.forget_readers()
    yield tmp_path / "index"
    engine.forget_readers()


@pytest.fixture
def library(db):
    return Library.objects.create(name="Directives and Guidance", slug="directives")


@pytest.fixture
def directive(db):
    return DocumentType.objects.create(name="Directive", slug="directive")


@pytest.fixture
def guidance(db):
    return DocumentType.objects.create(name="Guidance", slug="guidance")


_numbers = itertools.count(1)


@pytest.fixture
def make_document(library, directive):
    """Create a document through the library services; `text` becomes an attached file."""

    def make(title, *, identifier=None, text=None, file_name="file.txt", file_bytes=None,
             status=Status.CURRENT, **fields):  # fmt: skip
        fields.setdefault("library", library)
        fields.setdefault("document_type", directive)
        document = services.create_document(
            by=None,
            identifier=identifier or f"DOC {next(_numbers)}",
            title=title,
            status=status,
            **fields,
        )
        if text is not None or file_bytes is not None:
            attached = services.attach_file(
                document=document,
                by=None,
                stream=io.BytesIO(file_bytes if file_bytes is not None else text.encode()),
                original_name=file_name,
            )
            extraction.extract_now(attached.pk)
        return document

    return make


@pytest.fixture
def index():
    """Apply the outbox (what the task does after commit), deterministically."""

    def apply() -> int:
        return search.apply_outbox()

    return apply


@pytest.fixture
def les(db):
    return Group.objects.create(name="LES")


@pytest.fixture
def member(les):
    user = User.objects.create_user("member", password="x" * 12)
    user.groups.add(les)
    return user


@pytest.fixture
def reader(db):
    return User.objects.create_user("reader", password="x" * 12)


@pytest.fixture
def staff(db):
    user = User.objects.create_user("staff", password="x" * 12, is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="change_document"))
    return User.objects.get(pk=user.pk)


@pytest.fixture
def marshals(db):
    return Organization.objects.create(name="U.S. Marshals Service", slug="usms")


@pytest.fixture
def prisons(db):
    return Organization.objects.create(name="Federal Bureau of Prisons", slug="bop")


@pytest.fixture
def agreement(office, marshals):
    def make(title, *, expires_in=365, parties=(marshals,), signed=True, **fields):
        made = agreements.create_agreement(
            by=None,
            identifier=fields.pop("identifier", f"MOA {title}"),
            title=title,
            agreement_type=AgreementType.objects.get(slug="moa"),
            owner_office=office,
            parties=parties,
            expires_on=(
                timezone.localdate() + datetime.timedelta(days=expires_in) if expires_in else None
            ),
            **fields,
        )
        if signed:
            agreements.sign(agreement=made, by=None, signed_on=datetime.date(2020, 1, 1))
        return made

    return make


__all__ = ["Marking"]
