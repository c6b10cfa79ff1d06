"""An agreement's status on a given day. The one place this rule lives.

- Draft and Terminated follow the agreement's stage.
- A signed agreement is in force up to and including its expiration date: it is *Expiring soon*
  from `window` days before that date through the date itself, *Expired* from the day after,
  and *Active* otherwise (also when it has no expiration date).

`status_of` answers for one agreement; `with_status` says the same in SQL, so lists can be
filtered and counted by status.
"""

import datetime

from django.conf import settings
from django.db.models import Case, CharField, Q, QuerySet, Value, When
from django.utils import timezone

from policylib.agreements.models import Agreement, AgreementStatus, Stage


def expiring_window() -> int:
    """How many days before its expiration an agreement counts as expiring soon."""
    return settings.POLICYLIB_AGREEMENTS_EXPIRING_DAYS


def _today(today: datetime.date | None) -> datetime.date:
    return today or timezone.localdate()


def status_of(
    agreement: Agreement, *, today: datetime.date | None = None, window: int | None = None
) -> AgreementStatus:
    today = _today(today)
    window = expiring_window() if window is None else window
    if agreement.stage == Stage.DRAFT:
        return AgreementStatus.DRAFT
    if agreement.stage == Stage.TERMINATED:
        return AgreementStatus.TERMINATED
    if agreement.expires_on is None:
        return AgreementStatus.ACTIVE
    if agreement.expires_on < today:
        return AgreementStatus.EXPIRED
    if agreement.expires_on <= today + datetime.timedelta(days=window):
        return AgreementStatus.EXPIRING
    return AgreementStatus.ACTIVE


def days_left(agreement: Agreement, *, today: datetime.date | None = None) -> int | None:
    """Days from today to the expiration date (0 on the last day), or None when open-ended."""
    if agreement.expires_on is None:
        return None
    return (agreement.expires_on - _today(today)).days


def status_filter(
    status: str, *, today: datetime.date | None = None, window: int | None = None
) -> Q:
    """The agreements that have `status` today, as a filter."""
    today = _today(today)
    window = expiring_window() if window is None else window
    edge = today + datetime.timedelta(days=window)
    signed = Q(stage=Stage.SIGNED)
    filters = {
        AgreementStatus.DRAFT: Q(stage=Stage.DRAFT),
        AgreementStatus.TERMINATED: Q(stage=Stage.TERMINATED),
        AgreementStatus.EXPIRED: signed & Q(expires_on__lt=today),
        AgreementStatus.EXPIRING: signed & Q(expires_on__gte=today, expires_on__lte=edge),
        AgreementStatus.ACTIVE: signed & (Q(expires_on__isnull=True) | Q(expires_on__gt=edge)),
    }
    return filters[AgreementStatus(status)]


def with_status(
    queryset: QuerySet[Agreement],
    *,
    today: datetime.date | None = None,
    window: int | None = None,
) -> QuerySet[Agreement]:
    """`queryset` with each agreement's status today as `current_status`."""
    return queryset.annotate(
        current_status=Case(
            *(
                When(status_filter(status, today=today, window=window), then=Value(status.value))
                for status in AgreementStatus
            ),
            output_field=CharField(),
        )
    )
