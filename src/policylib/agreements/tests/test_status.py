"""An agreement's status at the edges of its dates, the same in Python and in SQL."""

import datetime

import pytest

from policylib.agreements import services
from policylib.agreements.models import Agreement, AgreementStatus
from policylib.agreements.status import days_left, status_filter, status_of, with_status

pytestmark = pytest.mark.django_db

WINDOW = 90


def in_sql(agreement, today, window=WINDOW) -> str:
    return (
        with_status(Agreement.objects.filter(pk=agreement.pk), today=today, window=window)
        .get()
        .current_status
    )


@pytest.mark.parametrize(
    ("expires_in", "expected"),
    [
        (WINDOW + 1, AgreementStatus.ACTIVE),  # the day before the window opens
        (WINDOW, AgreementStatus.EXPIRING),  # the window's far edge
        (1, AgreementStatus.EXPIRING),
        (0, AgreementStatus.EXPIRING),  # the last day in force
        (-1, AgreementStatus.EXPIRED),  # the day after expiry
        (None, AgreementStatus.ACTIVE),  # open-ended
    ],
)
def test_status_at_the_edges_of_the_window(make_agreement, today, expires_in, expected):
    agreement = make_agreement(expires_in=expires_in)
    assert status_of(agreement, today=today, window=WINDOW) == expected
    assert in_sql(agreement, today) == expected.value
    assert Agreement.objects.filter(status_filter(expected, today=today, window=WINDOW)).get() == (
        agreement
    )


def test_the_window_comes_from_the_setting(make_agreement, settings):
    agreement = make_agreement(expires_in=45)
    settings.POLICYLIB_AGREEMENTS_EXPIRING_DAYS = 30
    assert agreement.status == AgreementStatus.ACTIVE
    settings.POLICYLIB_AGREEMENTS_EXPIRING_DAYS = 60
    assert agreement.status == AgreementStatus.EXPIRING


def test_the_same_agreement_moves_through_the_statuses_as_days_pass(make_agreement, today):
    agreement = make_agreement(expires_in=100)
    days = {
        offset: status_of(agreement, today=today + datetime.timedelta(days=offset), window=90)
        for offset in (0, 9, 10, 100, 101)
    }
    assert days == {
        0: AgreementStatus.ACTIVE,
        9: AgreementStatus.ACTIVE,
        10: AgreementStatus.EXPIRING,
        100: AgreementStatus.EXPIRING,
        101: AgreementStatus.EXPIRED,
    }
    assert days_left(agreement, today=today) == 100


def test_draft_and_terminated_follow_the_stage_whatever_the_dates(make_agreement, today):
    draft = make_agreement(expires_in=-5, signed=False)
    terminated = make_agreement(expires_in=10)
    services.terminate(agreement=terminated, by=None, on=today)
    assert status_of(draft, today=today) == AgreementStatus.DRAFT
    assert in_sql(draft, today) == "draft"
    terminated.refresh_from_db()
    assert status_of(terminated, today=today) == AgreementStatus.TERMINATED
    assert in_sql(terminated, today) == "terminated"
