"""The roles people hold, as Django groups with permissions.

Groups carry the permissions; offices carry the scope. In the Development Tools a person's
role is held in an office (`reviews.OfficeMembership`): an author writes their own office's
drafts, a DPC answers for their own office. Whoever holds such a role in any office is also
kept in the matching group here, so the groups always say who is an author, a DPC, and so on,
and what that role may do in general; `policylib.accounts.access` decides which documents and
drafts. Markings (Public, Internal, Restricted to named groups such as LES) are separate: a
Restricted document names the groups that may read it.

Permissions are written as "app_label.codename", "app_label.*" (every permission of an app),
or "*" (every permission). Syncing only adds what is missing, so a permission an administrator
grants by hand stays; apps installed later are covered the next time migrations run.
"""

from collections.abc import Iterable
from dataclasses import dataclass

READER = "Reader"
AUTHOR = "Author"
POLICY_OWNER = "Policy owner (OPI)"
REVIEWER = "Reviewer"
DPC = "DPC"
SIGNATORY = "Signatory"
REVIEW_BOARD = "Review board"
LIBRARY_STAFF = "Library staff"
ADMINISTRATOR = "Administrator"


@dataclass(frozen=True)
class RoleDefinition:
    name: str
    description: str
    permissions: tuple[str, ...] = ()
    # Roles whose members manage things in the administration pages need `is_staff`.
    uses_admin: bool = False


_DRAFTING = (
    "reviews.view_draft",
    "reviews.add_draft",
    "reviews.change_draft",
    "reviews.view_draftfile",
    "reviews.add_draftfile",
    "reviews.view_comment",
    "reviews.change_comment",
)
_REVIEWING = (
    "reviews.view_draft",
    "reviews.view_draftfile",
    "reviews.view_commentperiod",
    "reviews.view_officereview",
    "reviews.view_comment",
    "reviews.add_comment",
)
_DECIDING = ("reviews.view_draft", "reviews.view_draftfile", "reviews.change_approvalstep")

ROLES: tuple[RoleDefinition, ...] = (
    RoleDefinition(
        READER,
        "An employee: reads Public and Internal documents, follows topics.",
        ("subscriptions.view_subscription", "subscriptions.add_subscription"),
    ),
    RoleDefinition(AUTHOR, "Writes and revises the drafts of their office.", _DRAFTING),
    RoleDefinition(
        POLICY_OWNER,
        "Owns their office's policies: drafts, opens comment periods, answers comments.",
        (
            *_DRAFTING,
            "reviews.add_commentperiod",
            "reviews.change_commentperiod",
            "reviews.add_approvalstep",
        ),
    ),
    RoleDefinition(REVIEWER, "Comments on drafts sent to their office.", _REVIEWING),
    RoleDefinition(
        DPC,
        "Directives point of contact: assigns reviewers and submits their office's position.",
        (
            *_REVIEWING,
            "reviews.add_assignment",
            "reviews.change_assignment",
            "reviews.change_officereview",
            "reviews.change_comment",
        ),
    ),
    RoleDefinition(SIGNATORY, "Approves and signs drafts sent to them.", _DECIDING),
    RoleDefinition(REVIEW_BOARD, "Concurs with drafts before signature.", _DECIDING),
    RoleDefinition(
        LIBRARY_STAFF,
        "Manages every document, file, vocabulary and agreement; issues drafts.",
        (
            "library.*",
            "agreements.*",
            "delegations.*",
            "versions.*",
            "ingest.*",
            "subscriptions.*",
            "pages.*",
            "reviews.view_draft",
            "reviews.view_draftfile",
            "reviews.view_commentperiod",
            "reviews.view_officereview",
            "reviews.view_comment",
            "reviews.view_approvalstep",
            "reviews.view_officemembership",
            "reviews.add_officemembership",
            "reviews.change_officemembership",
            "reviews.delete_officemembership",
        ),
        uses_admin=True,
    ),
    RoleDefinition(
        ADMINISTRATOR,
        "Runs the site: every permission, accounts and roles, the audit trail and lockouts.",
        ("*",),
        uses_admin=True,
    ),
)

ROLE_NAMES = tuple(role.name for role in ROLES)
ADMIN_ROLE_NAMES = frozenset(role.name for role in ROLES if role.uses_admin)

# The office roles of the Development Tools (reviews.Role values) and their groups.
OFFICE_ROLE_GROUPS = {
    "author": AUTHOR,
    "owner": POLICY_OWNER,
    "reviewer": REVIEWER,
    "dpc": DPC,
    "signatory": SIGNATORY,
    "board": REVIEW_BOARD,
}

AUDIT_PERMISSION = "audit.view_auditentry"


def _matching(permission_model, spec: str):
    everything = permission_model.objects.all()
    if spec == "*":
        return everything
    app_label, _, codename = spec.partition(".")
    if codename == "*":
        return everything.filter(content_type__app_label=app_label)
    return everything.filter(content_type__app_label=app_label, codename=codename)


def sync_roles(group_model, permission_model, roles: Iterable[RoleDefinition] = ROLES) -> None:
    """Create each role's group and give it the permissions it lacks (never takes any away).

    Takes the models as arguments so a data migration can pass its historical ones.
    """
    for role in roles:
        group, _ = group_model.objects.get_or_create(name=role.name)
        wanted = permission_model.objects.none()
        for spec in role.permissions:
            wanted = wanted | _matching(permission_model, spec)
        missing = wanted.exclude(pk__in=group.permissions.values("pk")).distinct()
        group.permissions.add(*missing)
