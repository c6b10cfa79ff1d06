"""Load the demo library through the library's own services, so every rule and audit applies.

Each record is looked up by its natural key (slug, name, or library and identifier) and only
created when missing, and each link or transition is only made when it is not there yet, so
loading twice changes nothing.
"""

import io
from collections import Counter
from dataclasses import dataclass, field
from typing import TextIO

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.text import slugify

from policylib.agreements import demo as agreements_demo
from policylib.delegations import demo as delegations_demo
from policylib.demo import consistency, content, pdfs, prose
from policylib.demo.content import DocumentSpec, Plan
from policylib.library import lifecycle, services
from policylib.library.models import (
    Amendment,
    Category,
    Document,
    DocumentType,
    FileRole,
    Library,
    Office,
    Status,
    Subject,
    Supersession,
)
from policylib.pages.models import FrequentQuestion, QuickLink, SiteText
from policylib.reviews import demo as reviews_demo


@dataclass
class DemoReport:
    """What a load added, and what the library holds afterwards."""

    added: Counter[str] = field(default_factory=Counter)
    documents: int = 0
    libraries: int = 0
    categories: int = 0

    @property
    def changed(self) -> bool:
        return any(self.added.values())

    def summary(self) -> str:
        if not self.changed:
            return "The demo library is already loaded; nothing changed."
        return (
            f"Loaded the demo library: {self.documents} documents in {self.libraries} libraries, "
            f"{self.categories} categories."
        )


def load_demo(*, stdout: TextIO | None = None) -> DemoReport:
    """Add whatever part of the demo library is missing, in one transaction.

    Refuses (InconsistentDemo) a demo whose agreements and documents disagree on a marking.
    """
    plan = content.build_plan()
    if problems := consistency.planned_conflicts(plan.documents, agreements_demo.AGREEMENTS):
        raise consistency.InconsistentDemo(" ".join(problems))
    with transaction.atomic():
        loader = _Loader(plan=plan, stdout=stdout)
        loader.run()
    report = loader.report
    report.documents = Document.objects.count()
    report.libraries = Library.objects.count()
    report.categories = Category.objects.count()
    return report


class _Loader:
    def __init__(self, *, plan: Plan, stdout: TextIO | None) -> None:
        self.plan = plan
        self.stdout = stdout
        self.report = DemoReport()
        self.libraries: dict[str, Library] = {}
        self.categories: dict[str, Category] = {}
        self.offices: dict[str, Office] = {}
        self.types: dict[str, DocumentType] = {}
        self.groups: dict[str, Group] = {}
        self.documents: dict[str, Document] = {}

    def say(self, message: str) -> None:
        if self.stdout is not None:
            self.stdout.write(message + "\n")

    def added(self, kind: str, created: bool = True) -> None:
        if created:
            self.report.added[kind] += 1

    def run(self) -> None:
        self.vocabularies()
        self.site_text()
        for spec in self.plan.documents:
            self.documents[spec.key] = self.document(spec)
        for step in self.plan.steps:
            self.step(step)
        # The MOA/MOU and Delegations libraries keep their demo data in their own apps.
        agreements_demo.load(self)
        delegations_demo.load(self)
        # The review tools (RevCom): a person for every role and a draft in review.
        reviews_demo.load(self)
        if self.report.changed:
            self.say(
                "Added: "
                + ", ".join(f"{n} {kind}" for kind, n in sorted(self.report.added.items()))
            )

    # -- Vocabularies --------------------------------------------------------------------

    def vocabularies(self) -> None:
        for spec in content.LIBRARIES:
            library, created = Library.objects.get_or_create(
                slug=spec.slug,
                defaults={
                    "name": spec.name,
                    "placement": spec.placement,
                    "order": spec.order,
                    "description": spec.description,
                    "explanation": spec.explanation,
                },
            )
            self.libraries[spec.slug] = library
            self.added("libraries", created)
        for spec in content.CATEGORIES:
            category, created = Category.objects.get_or_create(
                slug=spec.slug,
                defaults={"name": spec.name, "description": spec.description, "order": spec.order},
            )
            self.categories[spec.name] = category
            self.added("categories", created)
        for spec in content.OFFICES:
            parent = self.offices.get(spec.parent) if spec.parent else None
            office, created = Office.objects.get_or_create(
                name=spec.name, defaults={"abbreviation": spec.abbreviation, "parent": parent}
            )
            self.offices[spec.abbreviation] = office
            self.added("offices", created)
        for order, name in enumerate(content.DOCUMENT_TYPES, start=1):
            document_type, created = DocumentType.objects.get_or_create(
                name=name, defaults={"slug": slugify(name), "order": order}
            )
            self.types[name] = document_type
            self.added("document types", created)
        group, created = Group.objects.get_or_create(name=content.LES_GROUP)
        self.groups[content.LES_GROUP] = group
        self.added("groups", created)

    def subjects(self, names: tuple[str, ...]) -> list[Subject]:
        found = []
        for name in names:
            subject, created = Subject.objects.get_or_create(
                name=name, defaults={"slug": slugify(name)}
            )
            self.added("subjects", created)
            found.append(subject)
        return found

    def site_text(self) -> None:
        text = SiteText.objects.order_by("pk").first()
        if text is None:
            SiteText.objects.create(**content.SITE_TEXT)
            self.added("site text")
        for order, (title, url) in enumerate(content.QUICK_LINKS, start=1):
            _, created = QuickLink.objects.get_or_create(
                title=title, defaults={"url": url, "order": order}
            )
            self.added("quick links", created)
        for order, (question, answer) in enumerate(content.FREQUENT_QUESTIONS, start=1):
            _, created = FrequentQuestion.objects.get_or_create(
                question=question, defaults={"answer": answer, "order": order}
            )
            self.added("questions", created)

    # -- Documents -----------------------------------------------------------------------

    def document(self, spec: DocumentSpec) -> Document:
        library = self.libraries[spec.library]
        document = Document.objects.filter(library=library, identifier=spec.identifier).first()
        if document is None:
            document = services.create_document(
                by=None,
                library=library,
                identifier=spec.identifier,
                title=spec.title,
                document_type=self.types[spec.document_type],
                status=None if spec.draft_first else Status.CURRENT,
                subjects=self.subjects(spec.subjects),
                categories=[self.categories[name] for name in spec.categories],
                restricted_to=[self.groups[name] for name in spec.restricted_to],
                summary=spec.summary,
                opi=self.offices[spec.opi],
                source=spec.source,
                signatory_name=spec.signatory.name if spec.signatory else "",
                signatory_title=spec.signatory.title if spec.signatory else "",
                issued_on=spec.issued_on,
                effective_on=spec.issued_on,
                marking=spec.marking,
                parent=self.documents[spec.parent] if spec.parent else None,
            )
            self.added("documents")
            self.say(f"  {spec.identifier}: {spec.title}")
        if not document.files.filter(role=FileRole.PRIMARY).exists():
            pdf = pdfs.render(prose.compose(spec, plan=self.plan))
            services.attach_file(
                document=document, by=None, stream=io.BytesIO(pdf), original_name=spec.pdf_name
            )
            self.added("files")
        return document

    # -- Links and lifecycle -------------------------------------------------------------

    def step(self, step: content.Step) -> None:
        if isinstance(step, content.Supersede):
            successor = self.fresh(step.successor)
            predecessor = self.fresh(step.predecessor)
            if not Supersession.objects.filter(
                successor=successor, predecessor=predecessor
            ).exists():
                lifecycle.supersede(
                    successor=successor, predecessor=predecessor, by=None, on=step.on
                )
                self.added("supersessions")
        elif isinstance(step, content.Issue):
            document = self.fresh(step.document)
            if document.status == Status.DRAFT:
                lifecycle.issue(document=document, by=None, issued_on=step.on)
                self.added("issues")
        elif isinstance(step, content.Relate):
            document = self.fresh(step.document)
            other = self.fresh(step.other)
            if not document.related.filter(pk=other.pk).exists():
                services.relate(document=document, other=other, by=None)
                self.added("related links")
        elif isinstance(step, content.Amend):
            amending = self.fresh(step.amending)
            amended = self.fresh(step.amended)
            if not Amendment.objects.filter(amending=amending, amended=amended).exists():
                services.amend(amending=amending, amended=amended, by=None, on=step.on)
                self.added("amendments")
        elif isinstance(step, content.Cancel):
            document = self.fresh(step.document)
            if document.status == Status.CURRENT:
                lifecycle.cancel(document=document, by=None, note=step.note, on=step.on)
                self.added("cancellations")
        elif isinstance(step, content.Archive):
            document = self.fresh(step.document)
            if document.status == Status.CURRENT:
                lifecycle.archive(document=document, by=None, note=step.note, on=step.on)
                self.added("archivals")

    def fresh(self, key: str) -> Document:
        """The document as it is now: earlier steps may have changed its status."""
        document = self.documents[key]
        document.refresh_from_db()
        return document
