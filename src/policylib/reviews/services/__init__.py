"""Writes of the drafting and review tools: one function per action, keyword-only arguments.

Each function runs in one transaction, checks who may act (`policylib.accounts.access`) and
when (the draft's state), records what it did in the audit trail, and sends its email only
after the transaction commits. Refusals raise `ReviewError` with a message meant for the person
who asked (`InvalidValue`, naming the field, when a value itself is refused); acting without
the role raises `NotAllowed`.
"""

from policylib.reviews.services.approval import (
    decide_approval,
    decide_concurrence,
    issue_draft,
    send_for_concurrence,
)
from policylib.reviews.services.common import (
    DEFAULT_PERIOD_DAYS,
    DRAFT_FILE_TYPES,
    InvalidValue,
    NotAllowed,
    ReviewError,
    Upload,
    record_snapshot,
)
from policylib.reviews.services.drafting import (
    cancel_check_out,
    check_out,
    save_draft,
    start_draft,
)
from policylib.reviews.services.revcom import (
    BARE_QUESTION_MESSAGE,
    COMMENT_FIELDS,
    add_comment,
    answer_comment,
    assign_reviewer,
    close_due_periods,
    complete_assignment,
    drop_comment,
    edit_comment,
    is_bare_question,
    merge_comments,
    open_comment_period,
    period_comments,
    position_comments,
    submit_position,
    unanswered_substantive,
)

__all__ = [
    "BARE_QUESTION_MESSAGE",
    "COMMENT_FIELDS",
    "DEFAULT_PERIOD_DAYS",
    "DRAFT_FILE_TYPES",
    "InvalidValue",
    "NotAllowed",
    "ReviewError",
    "Upload",
    "add_comment",
    "answer_comment",
    "assign_reviewer",
    "cancel_check_out",
    "check_out",
    "close_due_periods",
    "complete_assignment",
    "decide_approval",
    "decide_concurrence",
    "drop_comment",
    "edit_comment",
    "is_bare_question",
    "issue_draft",
    "merge_comments",
    "open_comment_period",
    "period_comments",
    "position_comments",
    "record_snapshot",
    "save_draft",
    "send_for_concurrence",
    "start_draft",
    "submit_position",
    "unanswered_substantive",
]
