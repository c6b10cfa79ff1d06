"""What the index holds for the site's records other than library documents.

Agreements (the MOA/MOU Library), delegations of authority and the Help page's questions are
one index document each, keyed by `ref` ("agreement:12"). Each app describes its records
(`searchable_records()`); this module only turns them into index documents. Whether a record is
active or archived depends on today's date, so the index keeps its expiry and state and the
query decides (see `searching._Builder.record_scope`).
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator

import tantivy
from django.urls import reverse

from policylib.library.models import Marking, Status
from policylib.search.schema import LATEST_DATE, identifier_key, index_date
from policylib.search.vectors import record_owner

KINDS = ("agreement", "delegation", "help")
NO_EXPIRY = LATEST_DATE  # open-ended records expire on the last day the index can hold
DRAFT, ENDED, LIVE = "draft", "ended", "live"


def ref(kind: str, pk: int) -> str:
    return f"{kind}:{int(pk)}"


def parse_ref(value: str) -> tuple[str, int] | None:
    kind, _, pk = value.partition(":")
    return (kind, int(pk)) if kind in KINDS and pk.isdigit() else None


def _date(day: datetime.date | None) -> datetime.datetime:
    return index_date(day or NO_EXPIRY)


def _document(kind: str, pk: int, **fields) -> tantivy.Document:
    fields = {k: v for k, v in fields.items() if v not in ("", [], None)}
    owner = record_owner(kind, pk)
    return tantivy.Document(kind=kind, ref=ref(kind, pk), record_id=pk, owner=owner, **fields)


def agreement_entries(ids: Iterable[int] | None = None) -> Iterator[tuple[str, tantivy.Document]]:
    from policylib.agreements.models import Agreement, AgreementStatus
    from policylib.agreements.records import searchable_records

    queryset = None if ids is None else Agreement.objects.filter(pk__in=list(ids))
    for record in searchable_records(queryset):
        pk = int(record.key.partition(":")[2])
        if record.draft:
            state = DRAFT
        elif record.status == AgreementStatus.TERMINATED:
            state = ENDED
        else:
            state = LIVE
        yield (
            record.key,
            _document(
                "agreement",
                pk,
                url=record.url,
                identifier=record.identifier,
                identifier_key=identifier_key(record.identifier),
                title=record.title,
                subjects=record.agreement_type,
                summary=record.text[:1000],
                body="\n".join([record.text, record.owner_office, *record.parties]),
                party=list(record.parties),
                expires=_date(record.expires_on),
                record_state=state,
                # Drafts answer to the same rule as draft documents: library staff only.
                status=Status.DRAFT if record.draft else None,
                marking=record.marking,
                groups=list(record.restricted_to),
            ),
        )


def delegation_entries(ids: Iterable[int] | None = None) -> Iterator[tuple[str, tantivy.Document]]:
    from policylib.delegations.models import Delegation
    from policylib.delegations.records import searchable_records

    queryset = None if ids is None else Delegation.objects.filter(pk__in=list(ids))
    for record in searchable_records(queryset):
        pk = int(record.key.partition(":")[2])
        rescinded = record.state == "rescinded"
        yield (
            record.key,
            _document(
                "delegation",
                pk,
                url=record.url,
                title=record.title,
                subjects=record.authority,
                summary=record.text[:1000],
                body="\n".join(
                    [record.text, record.delegating_position, record.delegated_to, record.holder]
                ),
                expires=_date(record.expires_on),
                record_state=ENDED if rescinded else LIVE,
                marking=Marking.PUBLIC,  # who may act is a public record
            ),
        )


def help_entries(ids: Iterable[int] | None = None) -> Iterator[tuple[str, tantivy.Document]]:
    from policylib.pages.models import FrequentQuestion

    questions = FrequentQuestion.objects.all()
    if ids is not None:
        questions = questions.filter(pk__in=list(ids))
    address = reverse("pages:help")
    for question in questions:
        yield (
            ref("help", question.pk),
            _document(
                "help",
                question.pk,
                url=f"{address}#faq-{question.pk}",
                title=question.question,
                summary=question.answer[:1000],
                body=question.answer,
                expires=_date(None),
                record_state=LIVE,
                marking=Marking.PUBLIC,
            ),
        )


BUILDERS = {"agreement": agreement_entries, "delegation": delegation_entries, "help": help_entries}


def all_entries() -> Iterator[tantivy.Document]:
    for build in BUILDERS.values():
        for _, entry in build():
            yield entry


def entries_for(refs: Iterable[str]) -> dict[str, tantivy.Document]:
    """The current index documents of `refs`; a ref missing from the result no longer exists."""
    wanted: dict[str, set[int]] = defaultdict(set)
    for value in refs:
        parsed = parse_ref(value)
        if parsed:
            wanted[parsed[0]].add(parsed[1])
    found: dict[str, tantivy.Document] = {}
    for kind, ids in wanted.items():
        found.update(BUILDERS[kind](ids))
    return found
