"""The demo of the review tools (RevCom), loaded by `policylib demo` through the review
services, so every rule, audit entry and email applies.

It adds a person for every role (all with the demo password below), their office
memberships, and a working copy of the Detainee Transfers directive in an open comment period to two
offices, with reviewers assigned and comments written, so a person running the demo can sign
in and see RevCom at once. People are looked up by username and only created when missing, and
the round is only started when that directive has no working copy yet, so loading twice
changes nothing.

The demo password is published in docs/reviews.md: these accounts are for a demo only, never
for a library that holds real documents.
"""

import datetime
from dataclasses import dataclass
from typing import Protocol

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.utils import timezone

from policylib.library.models import Document, Office, Status
from policylib.reviews import services
from policylib.reviews.models import Draft, OfficeMembership, Role

# Published in docs/reviews.md; the demo accounts are for a demo only.
DEMO_PASSWORD = "revcom-demo"  # noqa: S105  # nosec B105
REVISED_IDENTIFIER = "DRO 11042.1"  # Detainee Transfers, a directive in force
STAFF_PERMISSIONS = ("view_document", "change_document", "add_document")


class DemoLoader(Protocol):
    """What the RevCom demo needs from the demo loader."""

    offices: dict[str, Office]  # by abbreviation

    def added(self, kind: str, created: bool = True) -> None: ...


@dataclass(frozen=True)
class Person:
    username: str
    first_name: str
    last_name: str
    office: str  # abbreviation; empty for library staff
    role: str
    title: str = ""

    @property
    def email(self) -> str:
        return f"{self.username}@dro.example.org"


PEOPLE = (
    Person("dana", "Dana", "Author", "ADDRM", Role.AUTHOR),
    Person("olga", "Olga", "Owner", "ADDRM", Role.OWNER),
    Person("frank", "Frank", "Fields", "ADFO", Role.DPC),
    Person("rita", "Rita", "Reyes", "ADFO", Role.REVIEWER),
    Person("mike", "Mike", "Mason", "ADMS", Role.DPC),
    Person("ross", "Ross", "Rivera", "ADMS", Role.REVIEWER),
    Person("bea", "Bea", "Board", "PMU", Role.BOARD),
    Person("sam", "Sam", "Signer", "PMU", Role.SIGNATORY, "Assistant Director for Policy"),
    Person("lena", "Lena", "Librarian", "", "staff"),
)


def load(loader: DemoLoader) -> None:
    people = {person.username: _person(loader, person) for person in PEOPLE}
    _round(loader, people)


def _person(loader: DemoLoader, person: Person):
    users = get_user_model()
    user = users.objects.filter(username=person.username).first()
    if user is None:
        user = users.objects.create_user(
            username=person.username,
            password=DEMO_PASSWORD,
            email=person.email,
            first_name=person.first_name,
            last_name=person.last_name,
            is_staff=person.role == "staff",
        )
        loader.added("demo users")
        if person.role == "staff":
            user.user_permissions.add(
                *Permission.objects.filter(
                    content_type__app_label="library", codename__in=STAFF_PERMISSIONS
                )
            )
    if person.office:
        _, created = OfficeMembership.objects.get_or_create(
            user=user,
            office=loader.offices[person.office],
            role=person.role,
            defaults={"title": person.title},
        )
        loader.added("office memberships", created)
    return user


def _round(loader: DemoLoader, people: dict) -> None:
    """Dana revises the Detainee Transfers directive; Olga sends it to Field Operations and Mission
    Support; their DPCs assign reviewers, who comment."""
    directive = Document.objects.filter(
        identifier=REVISED_IDENTIFIER, status=Status.CURRENT
    ).first()
    # Once started (or once someone has revised it since), the round is left as it is.
    if directive is None or Draft.objects.filter(revises__identifier=REVISED_IDENTIFIER).exists():
        return
    dana, olga = people["dana"], people["olga"]
    draft = services.check_out(by=dana, document=directive, change_note="Yearly revision.")
    services.save_draft(
        by=dana,
        draft=draft,
        change_note="Says who approves a transfer, and how fast.",
        summary=(
            "Transfers of detainees between facilities: who approves a transfer, the notice "
            "owed to the detainee's counsel, and the records that travel with the detainee. "
            "The Field Office Director approves each transfer in writing within two working "
            "days."
        ),
    )
    today = timezone.localdate()
    period = services.open_comment_period(
        by=olga,
        draft=draft,
        offices=[loader.offices["ADFO"], loader.offices["ADMS"]],
        starts_on=today,
        due_on=today + datetime.timedelta(days=services.DEFAULT_PERIOD_DAYS),
        instructions="Please review the new approval step and its two-day limit.",
    )
    field = period.offices.get(office=loader.offices["ADFO"])
    support = period.offices.get(office=loader.offices["ADMS"])
    reviewer_due = today + datetime.timedelta(days=21)
    services.assign_reviewer(
        by=people["frank"], office_review=field, reviewer=people["rita"], due_on=reviewer_due
    )
    services.assign_reviewer(
        by=people["mike"], office_review=support, reviewer=people["ross"], due_on=reviewer_due
    )
    services.add_comment(
        by=people["rita"],
        office_review=field,
        category="substantive",
        section="2",
        page="1",
        text="Two working days is too long for a transfer that leaves the same night.",
        proposed_change="Allow the duty supervisor to approve by phone, confirmed in writing "
        "the next working day.",
        rationale="Night transfers are common in the field offices.",
    )
    services.add_comment(
        by=people["rita"],
        office_review=field,
        category="editorial",
        section="1",
        text="HQDRO is not spelled out at first use.",
        proposed_change="Headquarters Office of Detention and Removal (HQDRO)",
    )
    services.add_comment(
        by=people["ross"],
        office_review=support,
        category="editorial",
        section="3",
        text="The form number is out of date.",
        proposed_change="Replace Form I-216 (2004) with Form I-216 (2006).",
    )
    loader.added("RevCom drafts in review")
