"""A library where a Restricted and an Internal record carry a canary word in every field.

Everything is made through the project's own services, as people make it: documents with
files, versions, a revision, links from Public documents, working copies with comments, a
review round on a Public draft that also supersedes hidden documents, agreements,
delegations, subscriptions. The crawl then looks for the canary in every answer.

Each canary comes with a twin, a second word written next to it everywhere and never
searched for: a search page may repeat the words it was asked for, so where the canary is
the search word, the twin still shows a leak.
"""

import datetime
import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from docx import Document as WordDocument
from reportlab.pdfgen import canvas

from policylib import search
from policylib.accounts import roles
from policylib.agreements import services as agreements
from policylib.agreements.models import AgreementType, Organization
from policylib.conftest import PASSWORD
from policylib.delegations import services as delegations
from policylib.library import lifecycle, services
from policylib.library.models import (
    Document,
    DocumentFile,
    FileRole,
    Marking,
    Office,
    Status,
    Subject,
)
from policylib.reviews import services as reviews
from policylib.reviews.models import Comment, OfficeReview, Role
from policylib.subscriptions import services as subscriptions
from policylib.subscriptions.sending import unsubscribe_token
from policylib.versions import services as versions
from policylib.versions.models import DocumentVersion


@dataclass(frozen=True)
class Canary:
    """The words that mark one hidden marking's records."""

    marking: str
    word: str  # searched for
    twin: str  # never searched for
    title_words: tuple[str, ...]  # the other words of the titles, and a word-form of one

    def text(self, what: str) -> str:
        return f"{self.word} {self.twin} {what}"

    @property
    def tokens(self) -> tuple[str, str]:
        return (self.word, self.twin)

    @property
    def search_words(self) -> list[str]:
        """What an outsider might type: the canary, a word-form, a prefix, the title's words."""
        return [self.word, f"{self.word}s", self.word[:7], *self.title_words]


RESTRICTED = Canary(
    Marking.RESTRICTED, "zqxcanaryrestricted", "zqxtwinrestricted", ("quillworts", "quillwort")
)
INTERNAL = Canary(Marking.INTERNAL, "zqxcanaryinternal", "zqxtwininternal", ("bryophytes", "moss"))
CANARIES = (RESTRICTED, INTERNAL)
# A comment not yet submitted by its office: its author's and the office DPC's alone, whatever
# the draft's marking (here a Public draft the whole office reviews).
UNSUBMITTED = Canary("unsubmitted comment", "zqxcanarycomment", "zqxtwincomment", ("hornworts",))


@dataclass
class World:
    users: dict[str, Any] = field(default_factory=dict)  # crawled role -> user (None: anonymous)
    people: dict[str, Any] = field(default_factory=dict)  # everyone, by user name
    # Values to fill URL parameters with, by family ("document", "draft", ...): each a dict of
    # parameter name -> value. Hidden and visible records alike.
    values: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    # For the positive controls: addresses where library staff must see each canary.
    shown_to_staff: dict[str, list[str]] = field(default_factory=dict)

    def add(self, family: str, **values: Any) -> None:
        self.values.setdefault(family, []).append(values)


def _person(username: str, *groups: Group, memberships=(), role_groups=()):
    user = get_user_model().objects.create_user(
        username=username,
        password=PASSWORD,
        email=f"{username}@example.org",
        first_name=username.title(),
    )
    for group in groups:
        user.groups.add(group)
    for name in role_groups:
        user.groups.add(Group.objects.get_or_create(name=name)[0])
    for office, role in memberships:
        from policylib.reviews.models import OfficeMembership

        OfficeMembership.objects.create(user=user, office=office, role=role)
    return get_user_model().objects.get(pk=user.pk)


def pdf_bytes(text: str) -> bytes:
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pageCompression=1)  # compressed: only extraction finds the words
    pdf.drawString(72, 720, text)
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def docx_upload(name: str, text: str) -> SimpleUploadedFile:
    document = WordDocument()
    document.add_paragraph(text)
    output = io.BytesIO()
    document.save(output)
    return SimpleUploadedFile(name, output.getvalue())


def _attach(document: Document, name: str, content: bytes, role=FileRole.PRIMARY) -> DocumentFile:
    # Its text is extracted when the step commits (the task backend runs tasks at once in tests).
    return services.attach_file(
        document=document, by=None, stream=io.BytesIO(content), original_name=name, role=role
    )


def _canary_fields(canary: Canary, what: str) -> dict[str, Any]:
    """Every free-text field of a document, each carrying the canary."""
    return {
        "title": f"{canary.word.title()} {canary.twin.title()} {' '.join(canary.title_words)} "
        f"{what}",
        "summary": canary.text(f"summary of the {what}."),
        "body": f"# {canary.text('section')}\n\nThe {canary.text('body text')} in full.",
        "source": canary.text("source"),
        "signatory_name": canary.text("signer"),
        "signatory_title": canary.text("title"),
    }


class Builder:
    """Builds the world step by step; `committed` runs what waits for a commit (email)."""

    def __init__(self, *, committed: Callable, library, category, directive_type, office):
        self.committed = committed
        self.library = library
        self.category = category
        self.directive_type = directive_type
        self.office = office
        self.world = World()
        self.numbers = iter(range(1, 10_000))

    @contextmanager
    def step(self) -> Iterator[None]:
        with self.committed():
            yield

    def document(self, title: str, *, marking=Marking.PUBLIC, identifier="", **fields) -> Document:
        number = next(self.numbers)
        fields.setdefault("issued_on", datetime.date(2020, 1, 1) + datetime.timedelta(number))
        fields.setdefault("status", Status.CURRENT)
        return services.create_document(
            by=None,
            library=self.library,
            identifier=identifier or f"PUB {number:04d}",
            title=title,
            document_type=self.directive_type,
            opi=fields.pop("opi", self.office),
            categories=fields.pop("categories", [self.category]),
            marking=marking,
            **fields,
        )

    def hidden_document(self, canary: Canary, what: str, *, files: int = 0, **fields) -> Document:
        """A hidden document with the canary in every field, and in `files` files (a text file,
        then a PDF annex whose words only text extraction finds)."""
        number = next(self.numbers)
        restricted_to = [self.les] if canary is RESTRICTED else []
        subject = Subject.objects.get_or_create(
            slug=f"{canary.word}-{canary.twin}",
            defaults={"name": canary.text("subject").title()},
        )[0]
        fields = {**_canary_fields(canary, what), **fields}
        document = self.document(
            fields.pop("title"),
            marking=canary.marking,
            identifier=f"{canary.word.upper()} {canary.twin.upper()} {number}",
            restricted_to=restricted_to,
            subjects=[subject],
            **fields,
        )
        if files >= 1:
            _attach(document, f"{canary.word}-{canary.twin}.txt", canary.text("in a file").encode())
        if files >= 2:
            _attach(
                document,
                f"{canary.word}-{canary.twin}-annex.pdf",
                pdf_bytes(canary.text("in a PDF annex")),
                role=FileRole.ATTACHMENT,
            )
        return document

    # -- People ---------------------------------------------------------------------------

    def people(self) -> None:
        w = self.world
        self.les = Group.objects.get_or_create(name="LES")[0]
        self.field_ops = Office.objects.create(name="Field Operations", abbreviation="FO")
        self.mission = Office.objects.create(name="Mission Support", abbreviation="MS")
        self.board = Office.objects.create(name="Policy Management Unit", abbreviation="PMU")
        opi, les = self.office, self.les
        p = w.people
        p["carol"] = _person("carol", role_groups=[roles.LIBRARY_STAFF])
        p["alice"] = _person("alice", role_groups=[roles.READER])
        # Insiders: the OPI and the office reviewing the hidden working copy, all in LES.
        p["dana"] = _person("dana", les, memberships=[(opi, Role.AUTHOR)])
        p["olga"] = _person("olga", les, memberships=[(opi, Role.OWNER)])
        p["frank"] = _person("frank", les, memberships=[(self.field_ops, Role.DPC)])
        p["rita"] = _person("rita", les, memberships=[(self.field_ops, Role.REVIEWER)])
        # Outsiders: Mission Support, asked to review the Public working copy only.
        p["max"] = _person("max", memberships=[(self.mission, Role.AUTHOR)])
        p["mike"] = _person("mike", memberships=[(self.mission, Role.DPC)])
        p["ross"] = _person("ross", memberships=[(self.mission, Role.REVIEWER)])
        p["rose"] = _person("rose", memberships=[(self.mission, Role.REVIEWER)])
        p["bea"] = _person("bea", memberships=[(self.board, Role.BOARD)])
        p["sam"] = _person("sam", memberships=[(self.board, Role.SIGNATORY)])
        w.users = {
            "anonymous": None,
            "reader": p["alice"],
            "author of another office": p["max"],
            "reviewer of another office": p["ross"],
            "DPC of another office": p["mike"],
            "reviewer beside the commenter": p["rose"],
            "library staff": p["carol"],
        }

    # -- The library ----------------------------------------------------------------------

    def build(self) -> World:
        w = self.world
        self.people()
        p = w.people
        with self.step():
            # Subscribed before anything happens, so every notification of the cycle is sent.
            self.public_followed = self.document("Escort Standard", summary="Escorts.")
            for name in ("alice", "max", "mike", "ross"):
                subscriptions.subscribe(user=p[name], category=self.category)
                subscriptions.subscribe(user=p[name], office=self.office)
                subscriptions.subscribe(user=p[name], document=self.public_followed)
                subscriptions.subscribe(
                    user=p[name], search={"text": "quillworts"}, search_name="Plants"
                )
            subscriptions.subscribe(user=p["alice"], search={"text": "bryophytes"})
        hidden = {}
        for canary in CANARIES:
            with self.step():
                hidden[canary] = self.hidden_family(canary)
        with self.step():
            self.links_from_public(hidden)
        with self.step():
            self.public_review_round(hidden)
        with self.step():
            self.hidden_working_copy(hidden[RESTRICTED]["current"])
        for canary in CANARIES:
            with self.step():
                self.agreement(canary)
            with self.step():
                self.delegation(canary, hidden[canary]["current"])
        with self.step():
            # The subscription cycle: hidden documents issued into followed places.
            for canary in CANARIES:
                late = self.hidden_document(canary, "issued later", files=1, status=Status.DRAFT)
                late = lifecycle.issue(document=late, by=p["carol"])
                services.update_document(
                    document=late, by=p["carol"], summary=canary.text("summary changed.")
                )
        with self.step():
            search.apply_outbox()
            versions.record_missing()
        self.lagging_index()
        self.fill_values()
        return w

    def hidden_family(self, canary: Canary) -> dict[str, Document]:
        """A hidden document in force, its earlier version, and more to link to."""
        carol = self.world.people["carol"]
        first = self.hidden_document(canary, "handling", files=2)
        versions.record_missing()
        revision = lifecycle.draft_revision(
            previous=first,
            by=carol,
            document_type=self.directive_type,
            opi=self.office,
            marking=canary.marking,
            restricted_to=first.restricted_to.all(),
            subjects=first.subjects.all(),
            categories=[self.category],
            issued_on=datetime.date(2024, 6, 1),
            **_canary_fields(canary, "handling, revised"),
        )
        _attach(revision, f"{canary.word}-{canary.twin}-v2.txt", canary.text("v2").encode())
        revision = lifecycle.issue_revision(revision=revision, by=carol)
        versions.record_missing()
        services.update_document(
            document=revision, by=carol, summary=canary.text("summary corrected.")
        )
        versions.record_missing()
        return {
            "first": first,
            "current": revision,
            "superseded by public": self.hidden_document(canary, "superseded by public"),
            "also superseded": self.hidden_document(canary, "also superseded"),
            "in review": self.hidden_document(canary, "in review"),
        }

    def links_from_public(self, hidden) -> None:
        """Public documents that point at the hidden ones in every way a record can."""
        carol = self.world.people["carol"]
        for canary in CANARIES:
            target = hidden[canary]["current"]
            child = self.document(f"Appendix to {canary.marking} chapter", parent=target)
            services.relate(document=child, other=target, by=carol)
            services.amend(amending=child, amended=target, by=carol)
            successor = self.document(f"Successor of a {canary.marking} document")
            services.record_supersession(
                successor=successor, predecessor=hidden[canary]["superseded by public"], by=carol
            )
            predecessor = self.document(f"Predecessor of a {canary.marking} document")
            services.record_supersession(successor=target, predecessor=predecessor, by=carol)
            # A followed document linked to a hidden one: its subscribers hear of the change.
            services.relate(document=self.public_followed, other=target, by=carol)
        versions.record_missing()

    def public_review_round(self, hidden) -> None:
        """A whole round on a Public working copy that also supersedes hidden documents."""
        p = self.world.people
        today = timezone.localdate()
        public = self.document("Transport Standard", summary="Transport of detainees.")
        versions.record_missing()
        also = [hidden[c]["also superseded"] for c in CANARIES]
        in_review = [hidden[c]["in review"] for c in CANARIES]

        def working_copy(document, supersedes):
            copy = reviews.check_out(by=p["dana"], document=document)
            reviews.save_draft(
                by=p["dana"],
                draft=copy,
                change_note="Revised the transport section.",
                upload=docx_upload("transport-v2.docx", "Section 1. Transport."),
                supersedes=supersedes,
            )
            return copy

        copy = working_copy(public, also)
        period = reviews.open_comment_period(
            by=p["olga"], draft=copy, offices=[self.mission, self.field_ops]
        )
        ms = OfficeReview.objects.get(period=period, office=self.mission)
        fo = OfficeReview.objects.get(period=period, office=self.field_ops)
        reviews.assign_reviewer(
            by=p["mike"],
            office_review=ms,
            reviewer=p["ross"],
            due_on=period.due_on - datetime.timedelta(days=1),
        )
        reviews.add_comment(
            by=p["ross"],
            office_review=ms,
            category="substantive",
            text="Section 1 does not say who escorts.",
            proposed_change="Name the escorting officer.",
            section="1",
        )
        reviews.complete_assignment(by=p["ross"], assignment=ms.assignments.get())
        reviews.submit_position(by=p["mike"], office_review=ms)
        reviews.submit_position(by=p["frank"], office_review=fo, no_comment=True)
        reviews.close_due_periods(today=period.due_on + datetime.timedelta(days=1))
        for comment in Comment.objects.filter(office_review__period=period, number__isnull=False):
            reviews.answer_comment(
                by=p["dana"], comment=comment, disposition="accepted", response="Named."
            )
        reviews.send_for_concurrence(by=p["olga"], draft=copy, signatory=p["sam"])
        reviews.decide_concurrence(by=p["bea"], draft=copy, concur=True)
        reviews.decide_approval(by=p["sam"], draft=copy, approve=True)
        reviews.issue_draft(by=p["carol"], draft=copy, issued_on=today)
        # A second Public working copy stays in review, its "also supersedes" list pending.
        second = self.document("Restraints Standard", summary="Use of restraints.")
        pending = working_copy(second, in_review)
        period = reviews.open_comment_period(by=p["olga"], draft=pending, offices=[self.mission])
        ms = OfficeReview.objects.get(period=period, office=self.mission)
        for reviewer in (p["ross"], p["rose"]):
            reviews.assign_reviewer(
                by=p["mike"], office_review=ms, reviewer=reviewer, due_on=period.due_on
            )
        reviews.add_comment(
            by=p["ross"],
            office_review=ms,
            category="substantive",
            text=UNSUBMITTED.text("comment text"),
            proposed_change=UNSUBMITTED.text("proposed change"),
            rationale=UNSUBMITTED.text("rationale"),
            section=UNSUBMITTED.word,
        )

    def hidden_working_copy(self, document: Document) -> None:
        """The hidden document checked out, revised and commented on by insiders."""
        p = self.world.people
        copy = reviews.check_out(by=p["dana"], document=document)
        reviews.save_draft(
            by=p["dana"],
            draft=copy,
            change_note=RESTRICTED.text("change note"),
            upload=docx_upload(f"{RESTRICTED.word}-{RESTRICTED.twin}.docx", RESTRICTED.text("v3")),
            title=f"{RESTRICTED.word.title()} {RESTRICTED.twin.title()} working copy",
            summary=RESTRICTED.text("working summary"),
        )
        period = reviews.open_comment_period(
            by=p["olga"],
            draft=copy,
            offices=[self.field_ops],
            instructions=RESTRICTED.text("instructions"),
        )
        fo = OfficeReview.objects.get(period=period, office=self.field_ops)
        reviews.assign_reviewer(
            by=p["frank"],
            office_review=fo,
            reviewer=p["rita"],
            due_on=period.due_on - datetime.timedelta(days=1),
            instructions=RESTRICTED.text("assignment"),
        )
        reviews.add_comment(
            by=p["rita"],
            office_review=fo,
            category="substantive",
            text=RESTRICTED.text("comment text"),
            proposed_change=RESTRICTED.text("proposed change"),
            rationale=RESTRICTED.text("rationale"),
            section=RESTRICTED.word,
        )

    def agreement(self, canary: Canary) -> None:
        party = Organization.objects.get_or_create(
            slug="harbor-police", defaults={"name": "Harbor Police", "abbreviation": "HP"}
        )[0]
        made = agreements.create_agreement(
            by=None,
            identifier=f"MOA {canary.word} {canary.twin}",
            title=canary.text("cooperation agreement").title(),
            agreement_type=AgreementType.objects.get_or_create(
                slug="moa", defaults={"name": "MOA"}
            )[0],
            owner_office=self.office,
            parties=[party],
            purpose=canary.text("purpose"),
            renewal_terms=canary.text("renewal"),
            contact_name=canary.text("contact"),
            marking=canary.marking,
            signed_on=datetime.date(2020, 1, 15),
            effective_on=datetime.date(2020, 1, 15),
            expires_on=timezone.localdate() + datetime.timedelta(days=20),
        )
        if canary is RESTRICTED:
            made.restricted_to.add(self.les)
        agreements.sign(agreement=made, by=None)
        agreements.add_modification(
            agreement=made, by=None, title=canary.text("modification"), description=canary.word
        )
        agreements.attach_file(
            agreement=made,
            by=None,
            stream=io.BytesIO(pdf_bytes(canary.text("agreement text"))),
            original_name=f"{canary.word}-{canary.twin}.pdf",
        )

    def delegation(self, canary: Canary, source: Document) -> None:
        """A public delegation whose authority comes from a hidden document."""
        director = delegations.create_position(
            by=None, title=f"Director {canary.marking}", slug=f"director-{canary.marking}"
        )
        deputy = delegations.create_position(
            by=None, title=f"Deputy {canary.marking}", slug=f"deputy-{canary.marking}"
        )
        authority = delegations.create_authority(
            by=None, name=f"Grant stays {canary.marking}", slug=f"stays-{canary.marking}"
        )
        made = delegations.create_delegation(
            by=None,
            authority=authority,
            delegating_position=director,
            delegated_to=deputy,
            source_document=source,
            effective_on=datetime.date(2020, 1, 1),
        )
        delegations.rescind(delegation=made, by=None, on=datetime.date(2024, 1, 1), document=source)

    def lagging_index(self) -> None:
        """A document indexed while Public, then made Restricted: the follower has not caught
        up (its change waits in the outbox), as happens for a moment after every edit."""
        carol = self.world.people["carol"]
        fields = _canary_fields(RESTRICTED, "made restricted")
        document = self.document(
            fields.pop("title"),
            identifier=f"{RESTRICTED.word.upper()} {RESTRICTED.twin.upper()} LATE",
            **fields,
        )
        search.apply_outbox()
        services.update_document(document=document, by=carol, marking=Marking.RESTRICTED)

    # -- URL values -----------------------------------------------------------------------

    def fill_values(self) -> None:
        from policylib.agreements.models import Agreement
        from policylib.delegations.models import Authority, Delegation, Position
        from policylib.library.models import Category, DocumentType, Library
        from policylib.reviews.models import CommentPeriod, Draft
        from policylib.subscriptions.models import Subscription

        w = self.world
        for document in Document.objects.order_by("pk"):
            w.add("document", pk=document.pk, slug=document.slug)
            for stored in document.files.order_by("pk"):
                w.add("document_file", pk=document.pk, file_id=stored.pk, name=stored.original_name)
        for version in DocumentVersion.objects.order_by("pk"):
            w.add("version", pk=version.document_id, version_id=version.pk)
        for draft in Draft.objects.order_by("pk"):
            w.add("draft", pk=draft.pk)
            for stored in draft.files.order_by("pk"):
                w.add("draft_file", pk=draft.pk, file_id=stored.pk, name=stored.original_name)
        for period in CommentPeriod.objects.order_by("pk"):
            w.add("period", pk=period.pk)
        for office_review in OfficeReview.objects.order_by("pk"):
            w.add("office_review", pk=office_review.pk)
        for comment in Comment.objects.order_by("pk"):
            w.add("comment", pk=comment.pk)
        for agreement in Agreement.objects.order_by("pk"):
            w.add("agreement", pk=agreement.pk)
            for stored in agreement.files.order_by("pk"):
                w.add("agreement_file", pk=agreement.pk, file_id=stored.pk,
                      name=stored.original_name)  # fmt: skip
        for party in Organization.objects.order_by("pk"):
            w.add("party", slug=party.slug)
        for model, family in (
            (Authority, "authority"),
            (Position, "position"),
            (Category, "category"),
            (Library, "library"),
            (Subject, "subject"),
            (DocumentType, "type"),
        ):
            for row in model.objects.order_by("pk"):
                w.add(family, slug=row.slug, pk=row.pk)
        for delegation in Delegation.objects.order_by("pk"):
            w.add("delegation", pk=delegation.pk)
        for office in Office.objects.order_by("pk"):
            w.add("office", pk=office.pk)
        for subscription in Subscription.objects.order_by("pk"):
            w.add("subscription", pk=subscription.pk, token=unsubscribe_token(subscription.pk))
        self.staff_controls()

    def staff_controls(self) -> None:
        """Pages where library staff must see the Restricted canary: proof the crawl can see."""
        from policylib.agreements.models import Agreement
        from policylib.reviews.models import Draft

        document = Document.objects.filter(
            marking=Marking.RESTRICTED, status=Status.CURRENT, version=2
        ).first()
        version = DocumentVersion.objects.filter(document=document).first()
        draft = Draft.objects.filter(marking=Marking.RESTRICTED).first()
        comment = Comment.objects.filter(office_review__period__draft=draft).first()
        agreement = Agreement.objects.filter(marking=Marking.RESTRICTED).first()
        self.world.shown_to_staff = {
            "document page": [document.get_absolute_url()],
            "document file": [
                f"/documents/{document.pk}/files/{stored.pk}/{stored.original_name}"
                for stored in document.files.filter(original_name__endswith=".txt")
            ],
            "version page": [f"/versions/{document.pk}/{version.pk}/"],
            "search": [f"/search/?q={RESTRICTED.word}", f"/api/v1/search/?q={RESTRICTED.word}"],
            "working copy": [f"/development/drafts/{draft.pk}/"],
            "comment": [f"/development/periods/{comment.office_review.period_id}/matrix/"],
            "agreement": [f"/agreements/{agreement.pk}/"],
            "API": [f"/api/v1/documents/{document.pk}/"],
            "subjects": ["/api/v1/subjects/"],
        }
