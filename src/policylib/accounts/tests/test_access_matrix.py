"""The access matrix: every URL the site answers, for every role and every marking.

The URL patterns are read from the URL configuration itself (admin and API included), so a
new endpoint is covered the day it is added. Each pattern's path parameters are filled with
real objects: a Public, an Internal, a Restricted (LES) and a Draft document, the same for
agreements, working copies and their review objects. For each role the test asserts:

- who may see the object gets it (read pages, files, API), who may not is refused (404, 403,
  401 or sent to log in), by GET and, for actions, by POST;
- no title of anything the role may not see appears in any response body, even on pages
  allowed to them (lists, related documents, search results, feeds, sitemaps, JSON);
- security headers are on every response, files are attachments or PDFs with nosniff;
- a download of a Restricted file is in the audit trail.

A URL whose parameters the table below cannot fill fails the test with a message saying where
to classify it. Classification is by the path segment just before the first parameter
("documents/<pk>/…" is a document, "drafts/<pk>/…" a working copy), so most new endpoints
classify themselves.
"""

import datetime
import io
import json
import re
from dataclasses import dataclass, field
from urllib.parse import quote

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import FileResponse, StreamingHttpResponse
from django.test import Client
from django.urls.resolvers import RoutePattern
from knox.models import AuthToken

from policylib import search
from policylib.accounts import roles
from policylib.agreements import services as agreements
from policylib.agreements.models import AgreementType, Organization
from policylib.audit.models import AuditEntry
from policylib.delegations import services as delegations
from policylib.library import lifecycle, services
from policylib.library.models import Marking, Office, Status, Subject
from policylib.reviews import services as reviews
from policylib.reviews.models import OfficeMembership, OfficeReview, Role
from policylib.subscriptions import services as subscriptions
from policylib.subscriptions.models import Subscription
from policylib.subscriptions.sending import unsubscribe_token
from policylib.testing.urlconf import Endpoint, build_path, endpoints
from policylib.versions import services as versions
from policylib.versions.models import DocumentVersion

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

# -- Roles -----------------------------------------------------------------------------------

ROLES = (
    "anonymous",
    "reader",
    "les",
    "author",
    "owner",
    "reviewer",
    "dpc",
    "signatory",
    "staff",
    "administrator",
)
EVERYONE = frozenset(ROLES)
SIGNED_IN = EVERYONE - {"anonymous"}
STAFF = frozenset({"staff", "administrator"})
LES_READERS = STAFF | {"les"}
# Who sees the working copy of the Public document: its office's authors and owners, the
# office invited to comment (its DPC and reviewer), and library staff.
DRAFT_READERS = STAFF | {"author", "owner", "dpc", "reviewer"}
FO_MEMBERS = STAFF | {"dpc", "reviewer"}

# A word in the summary of every object below: searching for it finds each of them for those
# who may see it, so search pages and feeds are checked for leaks too.
PROBE_WORD = "marmalade"


@dataclass(frozen=True)
class Secret:
    """An object's code word (in its title) and the roles that may see it."""

    word: str
    readers: frozenset[str]


@dataclass
class Case:
    """One object a URL can point at: how to fill the URL, and who may see the object."""

    label: str
    values: dict[str, object]
    readers: frozenset[str]
    restricted_target: object = None  # set when downloads of its files must be audited
    # For an action that answers everyone alike and only ever acts for the caller's own:
    # a check that the object was left alone.
    still_there: object = None


@dataclass
class World:
    cases: dict[str, list[Case]] = field(default_factory=dict)
    secrets: list[Secret] = field(default_factory=list)
    users: dict[str, object] = field(default_factory=dict)


# -- Building the library --------------------------------------------------------------------


def _person(username: str, *group_names: str, memberships=()):
    user = get_user_model().objects.create_user(
        username=username, password="a long test password 1", email=f"{username}@example.org"
    )
    for name in group_names:
        user.groups.add(Group.objects.get_or_create(name=name)[0])
    for office, role in memberships:
        OfficeMembership.objects.create(user=user, office=office, role=role)
    return user


def _docx(text: str) -> SimpleUploadedFile:
    from docx import Document as WordDocument

    document = WordDocument()
    document.add_paragraph(text)
    output = io.BytesIO()
    document.save(output)
    return SimpleUploadedFile("draft.docx", output.getvalue())


def _document_values(document) -> dict[str, object]:
    stored = document.files.order_by("id").first()
    version = DocumentVersion.objects.filter(document=document).order_by("number").first()
    return {
        "pk": document.pk,
        "slug": document.slug,
        "file_id": stored.pk if stored else None,
        "name": stored.original_name if stored else None,
        "version_id": version.pk if version else None,
    }


def build_world(make_document, office, les_group, category, library) -> World:
    world = World()
    field_ops = Office.objects.create(name="Field Operations", abbreviation="FO")
    board = Office.objects.create(name="Policy Management Unit", abbreviation="PMU")
    users = world.users
    users["anonymous"] = None
    users["reader"] = _person("alice", roles.READER)
    users["les"] = _person("bob", roles.READER, "LES")
    users["author"] = _person("dana", memberships=[(office, Role.AUTHOR)])
    users["owner"] = _person("olga", memberships=[(office, Role.OWNER)])
    users["reviewer"] = _person("rita", memberships=[(field_ops, Role.REVIEWER)])
    users["dpc"] = _person("frank", memberships=[(field_ops, Role.DPC)])
    users["signatory"] = _person("sam", memberships=[(board, Role.SIGNATORY)])
    users["staff"] = _person("carol", roles.LIBRARY_STAFF)
    users["administrator"] = _person("root", roles.ADMINISTRATOR)

    # Library documents, one per marking, and links between them that must not leak.
    def document(word: str, readers, *, marking=Marking.PUBLIC, status=Status.CURRENT):
        made = make_document(
            f"{word.title()} Handling Standard",
            marking=marking,
            status=status,
            pdf=PDF,
            summary=f"How {PROBE_WORD} is handled.",
        )
        if marking == Marking.RESTRICTED:
            made.restricted_to.add(les_group)
        world.secrets.append(Secret(word, readers))
        return made

    public = document("gazelle", EVERYONE)
    internal = document("narwhal", SIGNED_IN, marking=Marking.INTERNAL)
    restricted = document("quokka", LES_READERS, marking=Marking.RESTRICTED)
    draft = document("axolotl", STAFF, status=Status.DRAFT)
    older = document("ibex", EVERYONE)
    for other in (internal, restricted, draft):
        services.relate(document=public, other=other, by=None)
    lifecycle.supersede(successor=restricted, predecessor=older, by=None)
    search.apply_outbox()
    versions.record_missing()
    world.cases["document"] = [
        Case("public document", _document_values(public), EVERYONE),
        Case("internal document", _document_values(internal), SIGNED_IN),
        Case(
            "restricted document",
            _document_values(restricted),
            LES_READERS,
            restricted_target=restricted,
        ),
        Case("draft document", _document_values(draft), STAFF),
        Case("document superseded by a restricted one", _document_values(older), EVERYONE),
    ]

    # Working copies in the Development Tools, with a comment period and a comment each.
    def working_copy(word: str, readers, revises=None):
        author = users["author"]
        if revises is not None:
            copy = reviews.check_out(by=author, document=revises)
        else:
            copy = reviews.start_draft(
                by=author,
                office=office,
                library=library,
                identifier=f"DRAFT {word}",
                title="Untitled",
                document_type=public.document_type,
            )
        reviews.save_draft(
            by=author,
            draft=copy,
            change_note="Revised.",
            upload=_docx(f"The {word} text."),
            title=f"{word.title()} Working Copy",
            summary=f"Working copy on {PROBE_WORD}.",
        )
        period = reviews.open_comment_period(by=users["owner"], draft=copy, offices=[field_ops])
        office_review = OfficeReview.objects.get(period=period, office=field_ops)
        comment = reviews.add_comment(
            by=users["dpc"],
            office_review=office_review,
            category="substantive",
            text="State who approves deviations.",
            proposed_change="Name the approving official.",
            section="1",
        )
        world.secrets.append(Secret(word, readers))
        copy.refresh_from_db()
        return copy, period, office_review, comment

    open_copy = working_copy("pangolin", DRAFT_READERS, revises=public)
    secret_copy = working_copy("wombat", STAFF)
    # Restricted to LES after the review started: nobody in the review is in LES.
    secret_copy[0].marking = Marking.RESTRICTED
    secret_copy[0].save(update_fields=["marking"])
    secret_copy[0].restricted_to.add(les_group)
    for key, index in (("draft", 0), ("period", 1), ("office_review", 2), ("comment", 3)):
        world.cases[key] = []
        for label, objects, readers in (
            ("public working copy", open_copy, DRAFT_READERS),
            ("restricted working copy", secret_copy, STAFF),
        ):
            target = objects[index]
            values = {"pk": target.pk}
            if key == "draft":
                values |= {"file_id": target.file_id, "name": target.file.original_name}
            if key == "office_review" and label.startswith("public"):
                readers = FO_MEMBERS
            world.cases[key].append(
                Case(
                    f"{key.replace('_', ' ')} of the {label}",
                    values,
                    readers,
                    restricted_target=objects[0] if label.startswith("restricted") else None,
                )
            )

    # Agreements, one per marking, and one not yet signed.
    party = Organization.objects.create(name="Harbor Police", abbreviation="HP", slug="harbor")

    def agreement(word: str, readers, *, marking=Marking.PUBLIC, signed=True):
        made = agreements.create_agreement(
            by=None,
            title=f"{word.title()} Cooperation Agreement",
            identifier=f"MOA {word}",
            agreement_type=AgreementType.objects.get(slug="moa"),
            owner_office=office,
            parties=[party],
            purpose=f"On {PROBE_WORD}.",
            marking=marking,
            signed_on=datetime.date(2020, 1, 15),
            effective_on=datetime.date(2020, 1, 15),
        )
        if marking == Marking.RESTRICTED:
            made.restricted_to.add(les_group)
        if signed:
            agreements.sign(agreement=made, by=None)
        stored = agreements.attach_file(
            agreement=made, by=None, stream=io.BytesIO(PDF), original_name=f"{word}.pdf"
        )
        world.secrets.append(Secret(word, readers))
        values = {"pk": made.pk, "file_id": stored.pk, "name": stored.original_name}
        return Case(
            f"{marking} agreement" + ("" if signed else " (unsigned)"),
            values,
            readers,
            restricted_target=made if marking == Marking.RESTRICTED else None,
        )

    world.cases["agreement"] = [
        agreement("capybara", EVERYONE),
        agreement("okapi", SIGNED_IN, marking=Marking.INTERNAL),
        agreement("tapir", LES_READERS, marking=Marking.RESTRICTED),
        agreement("gharial", STAFF, signed=False),
    ]

    # Things anyone may read: vocabularies, parties, delegations, sitemap sections.
    position = delegations.create_position(by=None, title="Director", slug="director")
    deputy = delegations.create_position(by=None, title="Deputy", slug="deputy")
    authority = delegations.create_authority(by=None, name="Grant stays", slug="stays")
    delegation = delegations.create_delegation(
        by=None,
        authority=authority,
        delegating_position=position,
        delegated_to=deputy,
        parent=None,
        source_citation="8 CFR 241.6(a)",
        effective_on=datetime.date(2020, 1, 1),
    )
    subject = Subject.objects.create(name="Escorts", slug="escorts")
    public.subjects.add(subject)  # filed on a Public document: a subject anyone may see
    subscription = subscriptions.subscribe(user=users["reader"], document=public)
    world.cases["open"] = [
        Case(
            "shared records",
            {
                "category": category.slug,
                "library": library.slug,
                "office": office.pk,
                "subject": subject.slug,
                "type": public.document_type.slug,
                "party": party.slug,
                "authority": authority.slug,
                "position": position.slug,
                "delegation": delegation.pk,
                "token": unsubscribe_token(subscription.pk),
            },
            EVERYONE,
        )
    ]
    world.cases["subscription"] = [
        Case(
            "the reader's subscription",
            {"pk": subscription.pk},
            frozenset({"reader"}),
            still_there=lambda: Subscription.objects.filter(pk=subscription.pk).exists(),
        )
    ]
    return world


# -- Reading the URL configuration -----------------------------------------------------------


def subject_key(endpoint: Endpoint) -> str:
    """The path segment just before the first parameter: what the URL is about."""
    route = endpoint.route
    cut = min((route.find(mark) for mark in ("<", "(?P") if mark in route), default=len(route))
    segments = [segment for segment in route[:cut].split("/") if segment]
    return segments[-1] if segments else ""


# What a URL is about, by that path segment. "open" things are readable by anyone; their
# values are picked by the segment's own name below.
SUBJECTS = {
    "documents": "document",
    "versions": "document",
    "revise": "document",
    "drafts": "draft",
    "periods": "period",
    "office-reviews": "office_review",
    "comments": "comment",
    "agreements": "agreement",
    "subscriptions": "subscription",
    "unsubscribe": "open",
    "categories": "open",
    "libraries": "open",
    "offices": "open",
    "subjects": "open",
    "types": "open",
    "parties": "open",
    "authorities": "open",
    "positions": "open",
    "delegations": "open",
    "sitemap-": "sitemap",
}
# For "open" subjects: which shared record fills `slug` or `pk`.
OPEN_VALUE = {
    "categories": "category",
    "libraries": "library",
    "offices": "office",
    "subjects": "subject",
    "types": "type",
    "parties": "party",
    "authorities": "authority",
    "positions": "position",
    "delegations": "delegation",
}

# Endpoints that change something: only refusals are asserted for those who may not see the
# object (who may act is each app's own tests' business). Matched on the name's last word.
ACTION_WORDS = {
    "upload", "send", "issue", "archive", "cancel", "supersede", "edit", "new", "check_out",
    "open_period", "concurrence", "approval", "assign", "comment", "complete", "position",
    "drop_comment", "merge_comment", "edit_comment", "answer", "follow", "stop",
}  # fmt: skip
# Changes to a library document: only library staff, whoever else may read it.
STAFF_WRITES = {
    "library:upload",
    "api:document-files",
    "api:document-issue",
    "api:document-archive",
    "api:document-cancel",
    "api:document-supersede",
}


# Pages without parameters that only some may see, by namespace or name.
PAGE_READERS = {
    "audit": frozenset({"administrator"}),
    "reviews": SIGNED_IN,
    "subscriptions:mine": SIGNED_IN,
    "delegations:report": STAFF,
    "subscriptions:periodic_review": STAFF,
}


def page_readers(endpoint: Endpoint, case: Case) -> frozenset[str]:
    if endpoint.params:
        return case.readers
    return PAGE_READERS.get(endpoint.name, PAGE_READERS.get(endpoint.namespace, case.readers))


def is_action(endpoint: Endpoint) -> bool:
    last = re.split(r"[:-]", endpoint.name)[-1]
    return last in ACTION_WORDS or endpoint.name in STAFF_WRITES


def unclassified(endpoint: Endpoint, why: str) -> str:
    return (
        f"{endpoint.route} ({endpoint.name}): {why}. Classify it in the access matrix: add "
        f"its path segment {subject_key(endpoint)!r} to SUBJECTS in {__name__} (or name its "
        "parameters as the other URLs do), so every role and marking is checked against it."
    )


def cases_for(endpoint: Endpoint, world: World) -> list[Case] | str:
    """The objects to fill the endpoint's parameters with, or why it cannot be classified."""
    if not endpoint.params:
        return [Case("no parameters", {}, EVERYONE)]
    key = subject_key(endpoint)
    subject = SUBJECTS.get(key)
    if subject is None:
        return unclassified(endpoint, "its parameters are not in the table")
    if subject == "sitemap":
        from policylib.feeds.sitemaps import SITEMAPS

        return [Case(f"sitemap {name}", {"section": name}, EVERYONE) for name in SITEMAPS]
    if subject == "open":
        shared = world.cases["open"][0].values
        value = shared.get(OPEN_VALUE.get(key, key))
        values = {"slug": value, "pk": value, "token": shared["token"]}
        return [Case(f"{key} record", values, EVERYONE)]
    cases = world.cases[subject]
    missing = set(endpoint.params) - set(cases[0].values)
    if missing:
        return unclassified(endpoint, f"no value for {sorted(missing)}")
    filled = []
    for case in cases:
        absent = [name for name in endpoint.params if case.values[name] is None]
        if absent:
            # Nothing to point at (a draft has no issued versions): everyone gets a 404.
            values = {**case.values, **dict.fromkeys(absent, 0)}
            case = Case(f"{case.label}, no {absent[0]}", values, frozenset())
        filled.append(case)
    return filled


# -- Requests and what must hold of each response --------------------------------------------


DENIED = {401, 403, 404, 405}
SUCCESS = {200, 204, 301, 302, 304}
LOGIN_PATHS = ("/accounts/login/", "/admin/login/")


def refused_access(endpoint: Endpoint, response) -> bool:
    """Refused for lack of access (a page without parameters may also be absent: 404, 405)."""
    if response.status_code == 404:
        return bool(endpoint.params)
    return response.status_code != 405 and refused(response)


def refused(response) -> bool:
    if response.status_code in DENIED:
        return True
    return response.status_code == 302 and response["Location"].startswith(LOGIN_PATHS)


def body_of(response) -> str:
    if isinstance(response, StreamingHttpResponse):
        # Read through the test client's wrapper: calling close() directly would send
        # request_finished, which closes the test's database connection on PostgreSQL.
        content = b"".join(response.streaming_content)
        if isinstance(response, FileResponse):
            return ""
        return content.decode("utf-8", "replace").lower()
    return response.content.decode("utf-8", "replace").lower()


def header_problems(response) -> list[str]:
    problems = []
    if response.get("X-Content-Type-Options") != "nosniff":
        problems.append("no X-Content-Type-Options: nosniff")
    if not response.get("Referrer-Policy"):
        problems.append("no Referrer-Policy")
    policy = response.get("Content-Security-Policy", "")
    if not policy:
        problems.append("no Content-Security-Policy")
    script_src = re.search(r"script-src([^;]*)", policy)
    if script_src and "'unsafe-inline'" in script_src.group(1):
        problems.append("Content-Security-Policy allows inline scripts")
    framed = response.get("X-Frame-Options") == "DENY" or "frame-ancestors 'none'" in policy
    if not (framed or "sandbox" in policy):
        problems.append("the page may be framed")
    if isinstance(response, FileResponse) and response.status_code == 200:
        disposition = response.get("Content-Disposition", "")
        if not disposition:
            problems.append("a file without Content-Disposition")
        if response["Content-Type"].startswith(("text/html", "image/svg")) and not (
            disposition.startswith("attachment")
        ):
            problems.append("a file that a browser would render as a page")
    return problems


class Matrix:
    def __init__(self, world: World):
        self.world = world
        self.failures: list[str] = []
        self.clients = {}
        self.api_clients = {}
        for role, user in world.users.items():
            # A server error is reported with the rest, not raised.
            self.clients[role] = Client(raise_request_exception=False)
            self.api_clients[role] = Client(raise_request_exception=False)
            if user is not None:
                self.clients[role].force_login(user)
                token = AuthToken.objects.create(user=user)[1]
                self.api_clients[role].defaults["HTTP_AUTHORIZATION"] = f"Token {token}"

    def client(self, endpoint: Endpoint, role: str) -> Client:
        return (self.api_clients if endpoint.namespace == "api" else self.clients)[role]

    def fail(self, endpoint: Endpoint, case: Case, role: str, method: str, response, why: str):
        self.failures.append(
            f"{method} {response.request['PATH_INFO']} [{endpoint.name}, {case.label}] as "
            f"{role}: {why} (status {response.status_code})"
        )

    def check(self, endpoint: Endpoint, case: Case, role: str, path: str) -> None:
        query = {} if endpoint.params else {"q": PROBE_WORD}
        response = self.client(endpoint, role).get(path, query)
        self.check_response(endpoint, case, role, "GET", response, path)
        may_see = role in page_readers(endpoint, case)
        if response.status_code >= 500:
            self.fail(endpoint, case, role, "GET", response, "server error")
        elif not may_see and not refused(response):
            self.fail(endpoint, case, role, "GET", response, "may not see it, yet was not refused")
        elif may_see and not is_action(endpoint) and refused_access(endpoint, response):
            self.fail(endpoint, case, role, "GET", response, "may see it, yet was refused")
        if may_see and isinstance(response, FileResponse) and case.restricted_target:
            self.check_download_audited(endpoint, case, role, response)
        must_refuse_post = not may_see or (endpoint.name in STAFF_WRITES and role not in STAFF)
        if endpoint.params and is_action(endpoint) and must_refuse_post:
            self.check_post_refused(endpoint, case, role, path)

    def check_post_refused(self, endpoint: Endpoint, case: Case, role: str, path: str) -> None:
        before = AuditEntry.objects.exclude(action__startswith="auth.").count()
        posted = self.client(endpoint, role).post(path, "{}", content_type="application/json")
        self.check_response(endpoint, case, role, "POST", posted, path)
        unchanged = AuditEntry.objects.exclude(action__startswith="auth.").count() == before
        if case.still_there is not None:
            unchanged = unchanged and case.still_there()
        if not unchanged:
            self.fail(endpoint, case, role, "POST", posted, "may not do this, yet it was done")
        elif not refused(posted) and case.still_there is None:
            self.fail(endpoint, case, role, "POST", posted, "may not do this, yet was not refused")

    def check_response(self, endpoint, case, role, method, response, path="") -> None:
        for problem in header_problems(response):
            self.fail(endpoint, case, role, method, response, problem)
        body = body_of(response)
        # A "not found" page may repeat the address asked for; that is not a leak.
        echoes = {path, quote(path), quote(path, safe=""), quote(quote(path))} - {""}
        for echo in sorted(echoes, key=len, reverse=True):
            body = body.replace(echo.lower(), "")
        for secret in self.world.secrets:
            if role not in secret.readers and secret.word in body:
                self.fail(
                    endpoint, case, role, method, response, f"shows {secret.word!r}, not theirs"
                )

    def check_download_audited(self, endpoint, case, role, response) -> None:
        target = case.restricted_target
        entries = AuditEntry.objects.filter(
            action="file.downloaded",
            target_type=ContentType.objects.get_for_model(target),
            target_id=str(target.pk),
            actor=self.world.users[role],
        )
        if not entries.exists():
            self.fail(
                endpoint,
                case,
                role,
                "GET",
                response,
                "a Restricted file was downloaded and the audit trail has no entry; add the "
                "URL name to policylib.audit.middleware.DOWNLOADS",
            )


ADMIN_ROLES = ("anonymous", "author", "les", "administrator")
OPEN_ADMIN = {"admin:login", "admin:logout"}  # logging in and out need no staff status


def admin_values(endpoint: Endpoint, world: World) -> dict[str, object]:
    """Admin URLs: the restricted document where a document is wanted, else the first row."""
    restricted = world.cases["document"][2].values["pk"]
    model_name = re.match(r"admin:(\w+?)_(\w+)_(change|delete|history)$", endpoint.name)
    object_id = restricted
    if model_name:
        model = ContentType.objects.filter(
            app_label=model_name.group(1), model=model_name.group(2)
        ).first()
        row = model.model_class().objects.order_by("pk").first() if model else None
        object_id = row.pk if row is not None else 0
    return {
        "object_id": object_id,
        "id": object_id,
        "content_type_id": ContentType.objects.get(app_label="library", model="document").pk,
        "app_label": "library",
        "url": "nothing-here/",
    }


def check_admin(matrix: Matrix, endpoint: Endpoint, world: World) -> None:
    case = Case("administration", {}, STAFF)
    path = build_path(endpoint, admin_values(endpoint, world))
    for role in ADMIN_ROLES:
        response = matrix.clients[role].get(path)
        for problem in header_problems(response):
            matrix.fail(endpoint, case, role, "GET", response, problem)
        if response.status_code >= 500:
            matrix.fail(endpoint, case, role, "GET", response, "server error")
        elif role not in STAFF and endpoint.name not in OPEN_ADMIN and not refused(response):
            matrix.fail(endpoint, case, role, "GET", response, "not staff, yet not refused")


# -- The tests -------------------------------------------------------------------------------


@pytest.fixture
def world(make_document, office, les_group, category, library) -> World:
    return build_world(make_document, office, les_group, category, library)


def test_every_url_for_every_role_and_marking(world):
    matrix = Matrix(world)
    checked = 0
    for endpoint in endpoints():
        if endpoint.namespace == "admin":
            check_admin(matrix, endpoint, world)
            checked += 1
            continue
        cases = cases_for(endpoint, world)
        if isinstance(cases, str):
            matrix.failures.append(cases)
            continue
        for case in cases:
            path = build_path(endpoint, case.values)
            for role in ROLES:
                matrix.check(endpoint, case, role, path)
        checked += 1

    assert checked > 100, "the URL configuration was not read"
    assert not matrix.failures, "\n".join(matrix.failures)


def test_the_personas_hold_the_roles_they_are_named_for(world):
    names = {role: set() if user is None else set(user.groups.values_list("name", flat=True))
             for role, user in world.users.items()}  # fmt: skip
    assert names["author"] == {roles.AUTHOR}
    assert names["owner"] == {roles.POLICY_OWNER}
    assert names["dpc"] == {roles.DPC}
    assert names["reviewer"] == {roles.REVIEWER}
    assert names["signatory"] == {roles.SIGNATORY}
    assert names["les"] == {roles.READER, "LES"}
    assert world.users["staff"].is_staff
    assert world.users["administrator"].has_perm(roles.AUDIT_PERMISSION)
    assert not world.users["staff"].has_perm(roles.AUDIT_PERMISSION)


def test_an_unclassified_url_fails_with_a_message_that_says_where_to_classify_it(world):
    endpoint = Endpoint("gadgets:detail", (RoutePattern("gadgets/<int:pk>/"),), ("pk",))

    message = cases_for(endpoint, world)

    assert isinstance(message, str)
    assert "gadgets/<int:pk>/ (gadgets:detail)" in message
    assert "add its path segment 'gadgets' to SUBJECTS" in message


# -- A word only a Restricted document contains ----------------------------------------------

SECRET_WORD = "zymurgical"


@pytest.fixture
def restricted_word(make_document, les_group, category):
    """A Restricted (LES) document, the only one that contains SECRET_WORD."""
    make_document("Escort Standard", summary="Escorts.")
    secret = make_document(
        "Quokka Interdiction Methods",
        marking=Marking.RESTRICTED,
        summary=f"The {SECRET_WORD} method.",
        body=f"Section 1. The {SECRET_WORD} method in full.",
    )
    secret.restricted_to.add(les_group)
    search.apply_outbox()
    return secret


def _outsiders(django_user_model):
    reader = django_user_model.objects.create_user(username="outsider", password="x" * 16)
    return {"anonymous": Client(), "signed-in reader": _logged_in(reader)}


def _logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_restricted_word_finds_counts_and_facets_nothing_for_outsiders(
    restricted_word, django_user_model, les_member
):
    from django.contrib.auth.models import AnonymousUser

    def facet_counts(results):
        return [facet for counts in results.facets.values() for facet in counts if facet.count]

    insider = search.search(search.SearchQuery(text=SECRET_WORD), les_member)
    assert insider.total == 1, "the member of LES finds it, so the word is indexed"
    assert facet_counts(insider), "and it is counted in the facets"

    outsider = django_user_model.objects.create_user(username="outsider", password="x" * 16)
    for user in (AnonymousUser(), outsider):
        results = search.search(search.SearchQuery(text=SECRET_WORD), user)
        assert results.total == 0
        assert list(results.hits) == []
        assert facet_counts(results) == []
        assert SECRET_WORD not in results.suggestion
        assert list(search.live_search(SECRET_WORD, user).hits) == []


def test_a_restricted_word_finds_nothing_for_outsiders_by_any_route(
    restricted_word, django_user_model, les_member
):
    title = restricted_word.title.lower()
    insider = _logged_in(les_member).get("/api/v1/search/", {"q": SECRET_WORD}).json()
    assert insider["count"] == 1
    assert _nonzero_facets(insider), "the API's facets count it for a member of LES"
    for who, client in _outsiders(django_user_model).items():
        for path, query in (
            ("/search/", {"q": SECRET_WORD}),
            ("/search/", {"q": SECRET_WORD, "scope": "all"}),
            ("/search/live/", {"q": SECRET_WORD}),
            ("/opensearch/suggestions", {"q": SECRET_WORD[:5]}),
            ("/feeds/search.atom", {"q": SECRET_WORD}),
            ("/feeds/search.rss", {"q": SECRET_WORD}),
            ("/feeds/recent.atom", {}),
            ("/sitemap.xml", {}),
            ("/documents/", {"q": SECRET_WORD}),
        ):
            body = client.get(path, query).content.decode().lower()
            assert "quokka" not in body, f"{path} shows the title to {who}"
            assert restricted_word.get_absolute_url() not in body, f"{path} links it for {who}"
        api = client.get("/api/v1/search/", {"q": SECRET_WORD}).json()
        assert api["count"] == 0, who
        assert api["results"] == [], who
        assert not _nonzero_facets(api), f"the API counts it for {who}"
        assert title not in json.dumps(api).lower()


def _nonzero_facets(data) -> list:
    found = []
    if isinstance(data, dict):
        if isinstance(data.get("count"), int) and "value" in data and data["count"]:
            found.append(data)
        for value in data.values():
            found += _nonzero_facets(value)
    elif isinstance(data, list):
        for value in data:
            found += _nonzero_facets(value)
    return found
