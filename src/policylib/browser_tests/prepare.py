"""Prepare a data folder for the browser tests: `python -m policylib.browser_tests.prepare`.

Runs outside pytest, with POLICYLIB_DATA_DIR (and DATABASE_URL, if any) naming the folder the
server will use, so it builds what `make run` builds: the schema, the collected static files,
the demo library with its files' text extracted, and the search index; with the people and
documents in `data` besides.
"""

import io
import os

import django


def _pdf(identifier: str, title: str, summary: str, *lines: str) -> bytes:
    from reportlab.lib.pagesizes import LETTER
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=LETTER, invariant=1)
    canvas.setTitle(f"{identifier}: {title}")
    canvas.setFont("Helvetica-Bold", 14)
    canvas.drawString(72, 720, title)
    canvas.setFont("Helvetica", 11)
    canvas.drawString(72, 696, identifier)
    canvas.drawString(72, 672, summary)
    for number, line in enumerate(lines):
        canvas.drawString(72, 648 - 24 * number, line)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _people() -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    from policylib.browser_tests import data

    users = get_user_model()
    for person in (data.READER, data.LIBRARIAN):
        user, _ = users.objects.get_or_create(
            username=person.username, defaults={"email": person.email}
        )
        user.set_password(data.PASSWORD)
        user.is_staff = person.staff
        user.save()
        if person.staff:
            # Library staff: everything about the library's own records, nothing else.
            user.user_permissions.set(Permission.objects.filter(content_type__app_label="library"))


def _documents() -> None:
    from policylib.browser_tests import data
    from policylib.library import services
    from policylib.library.models import (
        Category,
        Document,
        DocumentType,
        Library,
        Office,
        Placement,
        Status,
    )

    library = Library.objects.filter(placement=Placement.DOCUMENTS).order_by("order").first()
    category, _ = Category.objects.get_or_create(
        slug=data.CATEGORY_SLUG,
        defaults={
            "name": data.CATEGORY,
            "description": "Moving detainees safely between facilities.",
        },
    )
    office = Office.objects.order_by("pk").first()
    for doc in data.DOCUMENTS:
        if Document.objects.filter(library=library, identifier=doc.identifier).exists():
            continue
        document_type, _ = DocumentType.objects.get_or_create(
            name=doc.document_type, defaults={"slug": doc.document_type.lower()}
        )
        document = services.create_document(
            by=None,
            library=library,
            identifier=doc.identifier,
            title=doc.title,
            summary=doc.summary,
            document_type=document_type,
            opi=office,
            categories=[category],
            status=Status.CURRENT,
            issued_on="2008-06-02",
        )
        if doc.pdf:
            services.attach_file(
                document=document,
                by=None,
                stream=io.BytesIO(_pdf(doc.identifier, doc.title, doc.summary)),
                original_name=f"{doc.identifier.replace(' ', '-')}.pdf",
            )


def _review_round() -> None:
    """Offices, people and roles of the review round, and the directive it revises."""
    from django.contrib.auth import get_user_model

    from policylib.browser_tests import data
    from policylib.library import services
    from policylib.library.models import (
        Category,
        Document,
        DocumentType,
        Library,
        Office,
        Placement,
        Status,
    )
    from policylib.reviews.models import OfficeMembership

    offices = {}
    for info in data.REVIEW_OFFICES:
        offices[info.abbreviation], _ = Office.objects.get_or_create(
            name=info.name, defaults={"abbreviation": info.abbreviation}
        )
    users = get_user_model()
    for member in data.MEMBERS:
        user, _ = users.objects.get_or_create(
            username=member.username,
            defaults={
                "email": member.email,
                "first_name": member.first_name,
                "last_name": member.last_name,
            },
        )
        user.set_password(data.PASSWORD)
        user.save()
        for abbreviation, role in member.roles:
            OfficeMembership.objects.get_or_create(
                user=user, office=offices[abbreviation], role=role
            )

    library = Library.objects.filter(placement=Placement.DOCUMENTS).order_by("order").first()
    category, _ = Category.objects.get_or_create(
        slug=data.REVIEW_CATEGORY_SLUG,
        defaults={"name": data.REVIEW_CATEGORY, "description": "Restraints in transport."},
    )
    directive = DocumentType.objects.get(name="Directive")
    for doc, office, lines in (
        (data.REVISED, offices[data.OPI.abbreviation], (data.REVISED_V1_TEXT,)),
        (data.UPLOAD_DOC, Office.objects.order_by("pk").first(), ()),
    ):
        if Document.objects.filter(library=library, identifier=doc.identifier).exists():
            continue
        document = services.create_document(
            by=None,
            library=library,
            identifier=doc.identifier,
            title=doc.title,
            summary=doc.summary,
            document_type=directive,
            opi=office,
            categories=[category],
            status=Status.CURRENT,
            issued_on="2015-03-02",
        )
        if doc.pdf:
            services.attach_file(
                document=document,
                by=None,
                stream=io.BytesIO(_pdf(doc.identifier, doc.title, doc.summary, *lines)),
                original_name=f"{doc.identifier.replace(' ', '-')}.pdf",
            )


def _agreement() -> None:
    """An agreement with a party of its own, expiring soon, with a modification and a file."""
    import datetime

    from django.utils import timezone

    from policylib.agreements import services
    from policylib.agreements.models import Agreement, AgreementType, Organization
    from policylib.browser_tests import data
    from policylib.library.models import Office

    if Agreement.objects.filter(identifier=data.AGREEMENT_IDENTIFIER).exists():
        return
    party, _ = Organization.objects.get_or_create(
        name=data.PARTY, defaults={"abbreviation": data.PARTY_ABBREVIATION, "slug": "mcso"}
    )
    agreement_type, _ = AgreementType.objects.get_or_create(
        slug="moa", defaults={"name": "Memorandum of Agreement", "abbreviation": "MOA"}
    )
    today = timezone.localdate()
    agreement = services.create_agreement(
        by=None,
        identifier=data.AGREEMENT_IDENTIFIER,
        title=data.AGREEMENT_TITLE,
        agreement_type=agreement_type,
        owner_office=Office.objects.get(name=data.OPI.name),
        parties=[party],
        purpose="Jail beds for detainees held overnight during long transports.",
        signed_on=datetime.date(2021, 4, 6),
        expires_on=today + datetime.timedelta(days=data.AGREEMENT_EXPIRES_IN_DAYS),
        renewal_terms="Renewed by an exchange of letters.",
    )
    services.sign(agreement=agreement, by=None)
    services.add_modification(
        agreement=agreement,
        by=None,
        title=data.AGREEMENT_MODIFICATION,
        description="Ten more beds, in the women's unit.",
        signed_on=datetime.date(2023, 9, 12),
    )
    services.attach_file(
        agreement=agreement,
        by=None,
        stream=io.BytesIO(
            _pdf(data.AGREEMENT_IDENTIFIER, data.AGREEMENT_TITLE, "Signed by both parties.")
        ),
        original_name=data.AGREEMENT_FILE,
    )


def _delegations() -> None:
    """An authority delegated twice, from a library directive down to a supervisor."""
    import datetime

    from policylib.browser_tests import data
    from policylib.delegations import services
    from policylib.delegations.models import Authority
    from policylib.library.models import Document

    if Authority.objects.filter(slug=data.AUTHORITY_SLUG).exists():
        return
    authority = services.create_authority(
        by=None,
        name=data.AUTHORITY,
        slug=data.AUTHORITY_SLUG,
        description="Decide when a restraint chair may be used in a transport vehicle.",
    )
    positions = [
        services.create_position(by=None, title=title, slug=slug, holder_name=holder)
        for title, slug, holder in (
            (data.DIRECTOR, "transport-director", data.DIRECTOR_HOLDER),
            (data.CHIEF, "marlowe-transport-chief", data.CHIEF_HOLDER),
            (data.SUPERVISOR, "marlowe-transport-supervisor", data.SUPERVISOR_HOLDER),
        )
    ]
    top = services.create_delegation(
        by=None,
        authority=authority,
        delegating_position=positions[0],
        delegated_to=positions[1],
        effective_on=datetime.date(2016, 1, 4),
        source_document=Document.objects.get(identifier=data.ESCORT.identifier),
        redelegation_permitted=True,
    )
    services.create_delegation(
        by=None,
        authority=authority,
        delegating_position=positions[1],
        delegated_to=positions[2],
        effective_on=datetime.date(2019, 5, 6),
        parent=top,
        limitations=data.DELEGATION_LIMITS,
    )


def _delegation_not_yet_in_force() -> None:
    """A delegation that takes effect next month, of an authority and positions of its own, so
    a delegation's every state is on the list (the demo has the others)."""
    import datetime

    from django.utils import timezone

    from policylib.browser_tests import data
    from policylib.delegations import services
    from policylib.delegations.models import Authority
    from policylib.library.models import Document

    if Authority.objects.filter(slug="approve-records-transfers").exists():
        return
    authority = services.create_authority(
        by=None,
        name="Approve transfers of transport records",
        slug="approve-records-transfers",
        description="Decide when transport records move to the records center.",
    )
    manager, clerk = (
        services.create_position(by=None, title=title, slug=slug, holder_name=holder)
        for title, slug, holder in (
            ("Manager, Transport Records", "transport-records-manager", "Avery N. Cole"),
            ("Clerk, Transport Records", "transport-records-clerk", "Drew P. Mason"),
        )
    )
    services.create_delegation(
        by=None,
        authority=authority,
        delegating_position=manager,
        delegated_to=clerk,
        effective_on=timezone.localdate() + datetime.timedelta(days=30),
        source_document=Document.objects.get(identifier=data.ESCORT.identifier),
    )


def _draft_in_review() -> None:
    """The administrator, and a new directive's draft in an open comment period (see data)."""
    import datetime

    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from policylib.accounts.roles import ADMINISTRATOR
    from policylib.browser_tests import data
    from policylib.library.models import DocumentType, Library, Office, Placement
    from policylib.reviews import services
    from policylib.reviews.models import Draft

    users = get_user_model()
    admin, _ = users.objects.get_or_create(
        username=data.ADMINISTRATOR.username,
        defaults={"email": data.ADMINISTRATOR.email, "is_staff": True},
    )
    admin.set_password(data.PASSWORD)
    admin.save()
    admin.groups.add(Group.objects.get(name=ADMINISTRATOR))

    if Draft.objects.filter(identifier=data.IN_REVIEW.identifier).exists():
        return
    person = {
        member.username: users.objects.get(username=member.username) for member in data.MEMBERS
    }
    author = person[data.AUTHOR.username]
    draft = services.start_draft(
        by=author,
        office=Office.objects.get(name=data.OPI.name),
        library=Library.objects.filter(placement=Placement.DOCUMENTS).order_by("order").first(),
        identifier=data.IN_REVIEW.identifier,
        title=data.IN_REVIEW.title,
        document_type=DocumentType.objects.get(name="Directive"),
        summary=data.IN_REVIEW.summary,
    )
    upload = io.BytesIO(_pdf(data.IN_REVIEW.identifier, data.IN_REVIEW.title, "Draft."))
    upload.name = "DTP-0012-draft.pdf"
    services.save_draft(
        by=author,
        draft=draft,
        upload=upload,
        change_note="Names who checks the belts.",
        summary=f"{data.IN_REVIEW.summary} The escort officer checks them before departure.",
    )
    today = timezone.localdate()
    period = services.open_comment_period(
        by=author,
        draft=draft,
        offices=[Office.objects.get(name=o.name) for o in (data.TRAINING, data.SAFETY)],
        starts_on=today,
        due_on=today + datetime.timedelta(days=data.IN_REVIEW_DUE_IN_DAYS),
    )
    safety = period.offices.get(office__name=data.SAFETY.name)
    submitted = services.add_comment(
        by=person[data.SAFETY_DPC.username],
        office_review=safety,
        category="substantive",
        section="2",
        text=data.IN_REVIEW_SUBMITTED,
    )
    services.submit_position(by=person[data.SAFETY_DPC.username], office_review=safety)
    services.answer_comment(
        by=author, comment=submitted, disposition="accepted", response=data.IN_REVIEW_ANSWER
    )
    training = period.offices.get(office__name=data.TRAINING.name)
    reviewer = person[data.TRAINING_REVIEWER.username]
    services.assign_reviewer(
        by=person[data.TRAINING_DPC.username],
        office_review=training,
        reviewer=reviewer,
        due_on=today + datetime.timedelta(days=14),
    )
    for category, text in zip(("substantive", "editorial"), data.IN_REVIEW_COMMENTS, strict=True):
        services.add_comment(
            by=reviewer, office_review=training, category=category, section="1", text=text
        )


def _drafts_in_every_state() -> None:
    """A new directive's draft left in each state (see data.STATE_DRAFTS), through the services
    a round uses, so each page shows what a real round leaves."""
    import datetime

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from policylib.browser_tests import data
    from policylib.library.models import DocumentType, Library, Office, Placement
    from policylib.reviews import services
    from policylib.reviews.models import Draft

    if Draft.objects.filter(identifier=data.STATE_DRAFTS[0][0]).exists():
        return
    users = get_user_model()
    author = users.objects.get(username=data.RECORDS_AUTHOR.username)
    dpc = users.objects.get(username=data.RECORDS_DPC.username)
    signer = users.objects.get(username=data.RECORDS_SIGNER.username)
    librarian = users.objects.get(username=data.LIBRARIAN.username)
    office = Office.objects.get(name=data.RECORDS.name)
    reviewing = Office.objects.get(name=data.RECORDS_REVIEW.name)
    library = Library.objects.filter(placement=Placement.DOCUMENTS).order_by("order").first()
    directive = DocumentType.objects.get(name="Directive")
    due_on = timezone.localdate() + datetime.timedelta(days=data.IN_REVIEW_DUE_IN_DAYS)
    order = ("in_review", "resolving", "concurrence", "approval", "approved", "issued")
    for identifier, title, state in data.STATE_DRAFTS:
        draft = services.start_draft(
            by=author,
            office=office,
            library=library,
            identifier=identifier,
            title=title,
            document_type=directive,
            summary=f"Which transport records are kept, left {state.replace('_', ' ')}.",
        )
        upload = io.BytesIO(_pdf(identifier, title, "Draft."))
        upload.name = f"{identifier.replace(' ', '-')}.pdf"
        services.save_draft(by=author, draft=draft, upload=upload, change_note="First text.")
        if state == "cancelled":
            services.cancel_check_out(by=author, draft=draft, note="No longer needed.")
            continue
        reached = order.index(state) if state in order else -1
        if reached >= 0:
            period = services.open_comment_period(
                by=author, draft=draft, offices=[reviewing], due_on=due_on
            )
            position = period.offices.get()
            if identifier == data.STATE_DRAFTS[1][0]:
                _consolidated_comments(dpc, position)
        if reached >= 1:
            services.submit_position(by=dpc, office_review=position, no_comment=True)
        if reached >= 2:
            services.send_for_concurrence(by=author, draft=draft, signatory=signer)
        if reached >= 3:
            services.decide_concurrence(by=signer, draft=draft, concur=True)
        if reached >= 4:
            services.decide_approval(by=signer, draft=draft, approve=True)
        if reached >= 5:
            services.issue_draft(by=librarian, draft=draft)


def _consolidated_comments(dpc, position) -> None:
    """Substantive and editorial comments, one dropped, one merged into another."""
    from policylib.reviews import services

    kept, duplicate, dropped = (
        services.add_comment(
            by=dpc, office_review=position, category=category, section=section, text=text
        )
        for category, section, text in (
            ("substantive", "1", "Say how long trip sheets are kept."),
            ("substantive", "1", "How long are trip sheets kept? Say so."),
            ("editorial", "2", "Spell out TRO at its first use."),
        )
    )
    services.merge_comments(by=dpc, keep=kept, duplicates=[duplicate])
    services.drop_comment(by=dpc, comment=dropped, reason="The glossary spells it out.")


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "policylib.settings")
    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("demo", verbosity=0)
    _people()
    _documents()
    _review_round()
    _agreement()
    _delegations()
    _delegation_not_yet_in_force()
    _draft_in_review()
    _drafts_in_every_state()
    # Extract the files' text now, so the server starts with no work queued behind it.
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    call_command("reindex", verbosity=0)


if __name__ == "__main__":
    main()
