import datetime
import hashlib
import io
from collections import Counter

import pypdfium2
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from policylib.audit.models import AuditEntry
from policylib.demo import content, pdfs, prose, topics
from policylib.library.files import blob_path
from policylib.library.models import (
    Amendment,
    Category,
    Document,
    DocumentFile,
    DocumentType,
    FileRole,
    Library,
    Marking,
    Office,
    Status,
    Subject,
    Supersession,
)
from policylib.pages.models import FrequentQuestion, QuickLink, SiteText

ESCORT_TITLE = "Field Advisory Deviation from the Escort Policy"
FCMS_TITLE = (
    "Fugitive Case Management System Reporting and the 1,000 Arrests Annual Goal for Fugitive "
    "Operations Teams"
)


@pytest.fixture(scope="module")
def demo_files(tmp_path_factory):
    return tmp_path_factory.mktemp("demo") / "files"


@pytest.fixture(scope="module")
def demo_output(django_db_setup, django_db_blocker, demo_files):
    """Load the demo library once for this module, and roll it back afterwards."""
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=demo_files),
        transaction.atomic(),
    ):
        out = io.StringIO()
        call_command("demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_output, demo_files, db, settings) -> str:
    settings.MEDIA_ROOT = demo_files
    return demo_output


def pdf_text(document: Document) -> str:
    """The text of every page of the document's primary PDF, whitespace collapsed."""
    primary = document.files.get(role=FileRole.PRIMARY)
    pdf = pypdfium2.PdfDocument(str(blob_path(primary.blob)))
    try:
        text = " ".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()
    return " ".join(text.split())


def by_title(title: str, **filters) -> Document:
    return Document.objects.get(title=title, **filters)


def test_reports_what_it_loaded(demo):
    count = Document.objects.count()
    assert count == len(content.build_plan().documents)
    assert f"Loaded the demo library: {count} documents in 4 libraries, 6 categories." in demo


def test_libraries_and_vocabularies(demo):
    libraries = {library.slug: library for library in Library.objects.all()}
    assert set(libraries) == {"directives", "moa-mou", "delegations", "references"}
    directives = libraries["directives"]
    assert directives.name == "Directives and Guidance"
    assert directives.placement == "documents"
    assert directives.description.startswith(
        "DRO directives, guidance, and related documents cover all DRO operations including:"
    )
    assert directives.explanation.startswith("Policies set direction, like a compass;")
    assert "guidance tells people *how* to do it." in directives.explanation
    assert libraries["moa-mou"].name == "MOA/MOU Library"
    assert libraries["moa-mou"].placement == "header"
    assert libraries["delegations"].name == "Delegations Library"
    assert libraries["delegations"].placement == "header"
    assert libraries["references"].placement == "references"

    assert [category.name for category in Category.objects.order_by("order")] == [
        "Field Operations",
        "Enforcement",
        "Mission Support",
        "Detention and Removal Management",
        "Information, Policy, and Communications",
        "Immigration Health Services",
    ]
    assert Category.objects.get(slug="enforcement").description == (
        "Documents that relate to detecting and arresting removable aliens, DRO response "
        "coordination, and firearms and tactics."
    )
    assert Category.objects.get(slug="immigration-health-services").description == (
        "Documents relating to medical care for aliens in U.S. custody."
    )

    offices = dict(Office.objects.values_list("abbreviation", "name"))
    assert offices["ADDRM"] == "Detention and Removal Management"
    assert offices["ADIPC"] == "Information, Policy and Communications"
    assert offices["DIHS"] == "Immigration Health Services"
    assert Office.objects.get(abbreviation="PMU").parent.abbreviation == "ADIPC"

    types = set(DocumentType.objects.values_list("name", flat=True))
    assert types >= {"Directive", "Guidance", "Field Advisory", "Memorandum of Agreement", "Notice"}
    assert len(types) == 15
    assert Group.objects.filter(name="LES").exists()


def test_escort_advisory_has_the_seed_metadata(demo):
    escort = by_title(ESCORT_TITLE)
    assert escort.library.slug == "directives"
    assert escort.identifier == "HQDRO 06-03"
    assert escort.document_type.name == "Directive"
    assert str(escort.opi) == "Detention and Removal Management (ADDRM)"
    assert escort.source == "Detention and Removal Operations"
    assert escort.issued_on == datetime.date(2006, 2, 3)
    assert escort.signatory_name == "John P. Torres"
    assert escort.signatory_title == "Director, Office of Detention and Removal Operations"
    assert escort.summary.startswith("Addresses requests to deviate from the Office of Detention")
    assert escort.summary.endswith(
        "No deviation from the escort policy is permitted without express approval from HQDRO "
        "in the specific case."
    )
    assert {subject.name for subject in escort.subjects.all()} >= {"Removal", "Escort"}
    assert [category.name for category in escort.categories.all()] == [
        "Detention and Removal Management"
    ]
    assert escort.marking == Marking.PUBLIC
    primary = escort.files.get(role=FileRole.PRIMARY)
    assert primary.original_name == "Deviation Escort Policy.pdf"
    assert primary.content_type == "application/pdf"


def test_escort_supersedes_2004_and_is_superseded_in_2008(demo):
    escort = by_title(ESCORT_TITLE)
    case_load = by_title("Case Load Priority with Fugitive Operations")
    fcms = by_title(FCMS_TITLE)
    assert case_load.issued_on == datetime.date(2004, 1, 22)
    assert fcms.issued_on == datetime.date(2008, 9, 29)

    assert list(escort.supersedes.all()) == [case_load]
    assert list(escort.superseded_by.all()) == [fcms]
    assert Supersession.objects.get(successor=escort, predecessor=case_load).on == datetime.date(
        2006, 2, 3
    )
    assert Supersession.objects.get(successor=fcms, predecessor=escort).on == datetime.date(
        2008, 9, 29
    )
    assert case_load.status == Status.SUPERSEDED
    assert case_load.status_changed_on == datetime.date(2006, 2, 3)
    assert escort.status == Status.SUPERSEDED
    assert escort.status_changed_on == datetime.date(2008, 9, 29)
    assert fcms.status == Status.CURRENT
    actions = set(
        AuditEntry.objects.filter(target_id=str(escort.pk)).values_list("action", flat=True)
    )
    assert {"document.created", "file.attached", "document.superseded"} <= actions


def test_escort_related_content(demo):
    escort = by_title(ESCORT_TITLE)
    related = sorted((doc.issued_on, doc.title) for doc in escort.related.all())
    assert related == [
        (datetime.date(2006, 6, 9), "Prioritized Monthly Fugitive Operations"),
        (
            datetime.date(2007, 8, 3),
            "Delegation of Authority and Standardization of the National Fugitive Operations "
            "Program (NFOP) Operational Plans",
        ),
        (datetime.date(2009, 2, 4), "Prioritized Monthly Fugitive Operations"),
    ]
    monthly = Document.objects.filter(title="Prioritized Monthly Fugitive Operations")
    assert monthly.values("identifier").distinct().count() == 2


def test_other_seed_documents(demo):
    chapter_21 = Document.objects.get(identifier="DROPPM Chapter 21")
    assert chapter_21.title == "Legal Proceedings"
    assert chapter_21.summary.startswith(
        "This chapter provides policy and procedures regarding Legal Proceedings with regard "
        "to Removal"
    )
    chapter_11 = Document.objects.get(identifier="DROPPM Chapter 11")
    assert chapter_11.title == "Removal Process: Detention Control"
    appendices = {doc.identifier: doc for doc in chapter_11.appendices.all()}
    assert set(appendices) == {"DROPPM Appendix 11-2", "DROPPM Appendix 11-4.1"}
    assert appendices["DROPPM Appendix 11-2"].title.startswith('"A" File')
    assert appendices["DROPPM Appendix 11-4.1"].title.startswith("Juvenile")
    assert appendices["DROPPM Appendix 11-2"].document_type.name == "Appendix"
    chapter_16 = Document.objects.get(identifier="DROPPM Chapter 16")
    assert chapter_16.title == (
        "Removal Process: Preparations for Travel Within 90 Days of Final Order"
    )
    appendix_16_6 = Document.objects.get(identifier="DROPPM Appendix 16-6")
    assert appendix_16_6.parent == chapter_16
    assert appendix_16_6.title.startswith("Treatment of")

    summaries = {
        "The Child Status Protection Act": "INS Policy On August 6, 2002, the President signed "
        "into law the Child Status Protection Act (CSPA)",
        "Procedural Guidance and Interview": "Procedural guidance to ensure FODs are in "
        "compliance with ICE detention standards",
        "Basic Training Requirements": "Upon entering on duty all Immigration Enforcement Agents "
        "will be required to fully participate",
        "Supplemental Guidance: Acceptance of": "Clarifies ICE policy for bond agents to effect "
        "proper surrender of a bonded alien in response",
        "Placement of Fugitive Cases Into NCIC": "Restates the requirement of placing fugitive "
        "cases into the National Crime Information Center",
        "NCIC Requirements Prior to Removal or Release": "To ensure that aliens, whose removal or "
        "release from custody is imminent, are clear of warrants",
    }
    for title, summary in summaries.items():
        document = Document.objects.get(title__startswith=title)
        assert document.summary.startswith(summary), title
    guidance = Document.objects.get(title__startswith="Procedural Guidance and Interview")
    assert guidance.document_type.name == "Guidance"


def test_each_category_holds_at_least_ten_documents(demo):
    for category in Category.objects.all():
        assert category.documents.count() >= 10, category.name
        assert category.documents.filter(status=Status.CURRENT).count() >= 10, category.name


def test_markings(demo):
    restricted = Document.objects.filter(marking=Marking.RESTRICTED)
    assert restricted.count() == 1
    assert [group.name for group in restricted.get().restricted_to.all()] == ["LES"]
    assert Document.objects.filter(marking=Marking.INTERNAL).count() >= 5
    assert not Document.objects.exclude(marking=Marking.RESTRICTED).filter(
        restricted_to__isnull=False
    )


def test_lifecycle_variety(demo):
    statuses = Counter(Document.objects.values_list("status", flat=True))
    assert statuses[Status.SUPERSEDED] >= 3
    assert statuses[Status.CANCELLED] == 1
    assert statuses[Status.ARCHIVED] == 1
    assert statuses[Status.DRAFT] == 0
    amendment = Amendment.objects.get()
    assert amendment.amending.document_type.name == "Notice"
    assert amendment.amended.document_type.name == "Directive"
    assert AuditEntry.objects.filter(action="document.issued").count() == 1
    for slug in ("references", "moa-mou", "delegations"):
        assert Document.objects.filter(library__slug=slug).exists(), slug
    assert Document.objects.filter(
        library__slug="references", title="Glossary of Detention and Removal Terms"
    ).exists()


def test_identifiers_and_dates_are_realistic(demo):
    for document in Document.objects.all():
        assert datetime.date(2002, 1, 1) <= document.issued_on <= datetime.date(2010, 12, 31)
        assert document.opi is not None
        assert document.identifier != document.title


def test_every_document_has_a_pdf_about_its_subject(demo):
    specs = {(spec.library, spec.identifier): spec for spec in content.build_plan().documents}
    for document in Document.objects.select_related("library"):
        primary = document.files.get(role=FileRole.PRIMARY)
        assert primary.original_name.endswith(".pdf")
        data = blob_path(primary.blob).read_bytes()
        assert data.startswith(b"%PDF")
        assert hashlib.sha256(data).hexdigest() == primary.sha256
        pdf = pypdfium2.PdfDocument(data)
        pages = len(pdf)
        pdf.close()
        assert 2 <= pages <= 4, document.identifier

        text = pdf_text(document)
        lowered = text.lower()
        spec = specs[(document.library.slug, document.identifier)]
        assert document.identifier in text
        assert " ".join(document.title.split()) in text, document.identifier
        for subject in document.subjects.all():
            assert subject.name.lower() in lowered, (document.identifier, subject.name)
        for keyword in topics.TOPICS[spec.topic].keywords:
            assert keyword.lower() in lowered, (document.identifier, keyword)
        if spec.topic in {"detention", "juvenile", "ngo"}:
            for word in ("detention", "detainee", "facility"):
                assert word in lowered, (document.identifier, word)
        if document.categories.filter(slug="immigration-health-services").exists():
            assert "medical" in lowered, document.identifier
            assert "health care" in lowered, document.identifier


def test_escort_pdf_is_about_escorts(demo):
    escort = by_title(ESCORT_TITLE)
    pdf = pypdfium2.PdfDocument(str(blob_path(escort.files.get().blob)))
    first_page = pdf[0].get_textpage().get_text_range()
    pdf.close()
    assert "HQDRO 06-03" in first_page
    assert "Detention and Removal Management (ADDRM)" in first_page
    assert "February 3, 2006" in first_page
    text = pdf_text(escort).lower()
    for word in ("escort", "deviation", "hqdro", "supersedes hqdro 04-02"):
        assert word in text


def test_pdfs_are_deterministic(demo):
    plan = content.build_plan()
    assert plan == content.build_plan()
    for key in (content.ESCORT, "glossary", "droppm-11-2"):
        spec = plan.by_key[key]
        stored = Document.objects.get(library__slug=spec.library, identifier=spec.identifier)
        rendered = pdfs.render(prose.compose(spec, plan=plan))
        assert hashlib.sha256(rendered).hexdigest() == stored.files.get().sha256


def test_site_text(demo):
    text = SiteText.load()
    assert text.pk is not None
    assert text.site_name == "DRO Resource Library"
    assert text.tagline == (
        "Official DRO documents are maintained in this library to direct and inform DRO "
        "employees and contractors."
    )
    assert text.welcome.startswith(
        "The DRO Resource Library is maintained by the Policy Management Unit (PMU),"
    )
    assert text.documents_intro.startswith("DRO Policies are published through Directives.")
    assert "RevCom" in text.development_intro
    assert text.references_intro.startswith("Resources to assist in the development of policy")
    assert text.help_intro.startswith("Look here for answers to frequently asked questions")
    assert text.about
    assert 4 <= QuickLink.objects.count() <= 6
    assert 5 <= FrequentQuestion.objects.count() <= 8


def test_running_twice_changes_nothing(demo):
    models = (
        Document,
        DocumentFile,
        Supersession,
        Amendment,
        AuditEntry,
        Subject,
        Category,
        Library,
        Office,
        DocumentType,
        Group,
        SiteText,
        QuickLink,
        FrequentQuestion,
    )
    before = {model: model.objects.count() for model in models}
    related = Document.related.through.objects.count()
    statuses = dict(Document.objects.values_list("pk", "status"))
    out = io.StringIO()
    call_command("demo", stdout=out)
    assert {model: model.objects.count() for model in models} == before
    assert Document.related.through.objects.count() == related
    assert dict(Document.objects.values_list("pk", "status")) == statuses
    assert "The demo library is already loaded; nothing changed." in out.getvalue()


def test_if_empty_does_nothing_when_documents_exist(demo):
    before = (Document.objects.count(), AuditEntry.objects.count())
    out = io.StringIO()
    call_command("demo", "--if-empty", stdout=out)
    assert (Document.objects.count(), AuditEntry.objects.count()) == before
    assert "not loaded" in out.getvalue()


# -- The review tools (RevCom) ------------------------------------------------------------


def test_every_revcom_role_has_a_demo_account_with_the_demo_password(demo):
    from policylib.reviews.demo import DEMO_PASSWORD, PEOPLE
    from policylib.reviews.models import OfficeMembership, Role

    roles = set(OfficeMembership.objects.values_list("role", flat=True))
    assert roles == set(Role.values)
    dpc_offices = set(
        OfficeMembership.objects.filter(role=Role.DPC).values_list(
            "office__abbreviation", flat=True
        )
    )
    assert dpc_offices == {"ADFO", "ADMS"}
    users = {user.username: user for user in get_user_model().objects.all()}
    for person in PEOPLE:
        assert users[person.username].check_password(DEMO_PASSWORD), person.username


def test_the_demo_has_a_draft_in_an_open_comment_period_with_comments(demo, client):
    from policylib.reviews.models import Comment, Draft, DraftState

    draft = Draft.objects.get(revises__identifier="DRO 11042.1")
    assert draft.state == DraftState.IN_REVIEW
    period = draft.periods.get()
    assert period.is_open
    assert sorted(period.offices.values_list("office__abbreviation", flat=True)) == [
        "ADFO",
        "ADMS",
    ]
    assert Comment.objects.filter(office_review__period=period).count() == 3
    # The version in force is still published.
    assert draft.revises.status == Status.CURRENT

    people = {user.username: user for user in get_user_model().objects.all()}
    # Signed in as a reviewer, the work is on My reviews at once.
    client.force_login(people["rita"])
    page = client.get("/development/my-reviews/").content.decode()
    assert "Review for Field Operations" in page
    # The DPC sees the office's comments to consolidate.
    client.force_login(people["frank"])
    office_review = period.offices.get(office__abbreviation="ADFO")
    page = client.get(office_review.get_absolute_url()).content.decode()
    assert "Two working days is too long" in page
    # The signatory has nothing to see yet; library staff see every draft.
    client.force_login(people["sam"])
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(people["lena"])
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_the_demo_library_staff_account_may_issue(demo):
    from policylib.accounts.access import is_library_staff
    from policylib.reviews.demo import PEOPLE

    staff = [p.username for p in PEOPLE if p.role == "staff"]
    users = get_user_model().objects.filter(username__in=staff)
    assert [is_library_staff(user) for user in users] == [True]


def test_an_agreement_and_its_document_are_marked_alike(demo, client):
    from policylib.agreements.models import Agreement
    from policylib.demo.consistency import loaded_conflicts

    assert loaded_conflicts() == []
    # The DIHS memorandum is Internal in the MOA/MOU Library, so its document is too: a reader
    # who is not signed in finds neither.
    agreement = Agreement.objects.get(identifier="MOU 07-01")
    document = Document.objects.get(identifier="MOU 07-01")
    assert agreement.marking == document.marking == Marking.INTERNAL
    assert client.get(document.get_absolute_url()).status_code == 404
    assert client.get(agreement.get_absolute_url()).status_code == 404
