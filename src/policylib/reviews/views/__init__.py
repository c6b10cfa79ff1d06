"""Pages of the drafting and review tools: validate a form, call one service, respond.

Who may see a draft is decided by `policylib.accounts.access`; what may be done and when, by
the review services, which refuse with a message shown on the form.
"""

from policylib.reviews.views.approval import (
    approval,
    concurrence,
    issue,
    send_for_concurrence,
)
from policylib.reviews.views.drafting import (
    cancel_check_out,
    check_out,
    compare_saves,
    draft_detail,
    draft_file,
    edit_draft,
    new_draft,
)
from policylib.reviews.views.lists import (
    dashboard,
    drafts,
)
from policylib.reviews.views.revcom import (
    add_comment,
    answer_comment,
    assign,
    complete_assignment,
    drop_comment,
    edit_comment,
    matrix,
    matrix_csv,
    matrix_print,
    matrix_xlsx,
    merge_comment,
    office_review,
    open_period,
    period,
    position,
)

__all__ = [
    "add_comment",
    "answer_comment",
    "approval",
    "assign",
    "cancel_check_out",
    "check_out",
    "compare_saves",
    "complete_assignment",
    "concurrence",
    "dashboard",
    "draft_detail",
    "draft_file",
    "drafts",
    "drop_comment",
    "edit_comment",
    "edit_draft",
    "issue",
    "matrix",
    "matrix_csv",
    "matrix_print",
    "matrix_xlsx",
    "merge_comment",
    "new_draft",
    "office_review",
    "open_period",
    "period",
    "position",
    "send_for_concurrence",
]
