"""When the demo may be loaded: only into a library that is nothing but the demo.

The demo adds accounts whose password is published (docs/reviews.md), so it must never reach a
library for real documents. The rule, in the order it is checked:

1. POLICYLIB_DEMO=0 marks a library for real documents: no demo, ever.
2. Every account must be the demo's, or the administrator `admin`.
3. A library set up without the demo (its administrator or documents exist, but none of the
   demo's accounts do) stays without it; `make run` loads the demo before it creates `admin`,
   so a demo library always has the demo's accounts first.
"""

from django.conf import settings
from django.contrib.auth import get_user_model

from policylib.accounts import administrator
from policylib.library.models import Document
from policylib.reviews.demo import PEOPLE

HOW = (
    "The demo's accounts have a published password, so it loads only into a library of its "
    "own: start one in an empty data folder (POLICYLIB_DATA_DIR) without POLICYLIB_DEMO=0."
)


def refusal() -> str | None:
    """Why the demo may not be loaded into this library (say HOW after it), or None."""
    if not settings.POLICYLIB_DEMO:
        return "POLICYLIB_DEMO=0 marks this library for real documents"
    users = get_user_model().objects
    demo_names = [person.username for person in PEOPLE]
    others = list(
        users.exclude(username__in=[*demo_names, administrator.USERNAME])
        .order_by("username")
        .values_list("username", flat=True)[:4]
    )
    if others:
        listed = ", ".join(others[:3]) + (", …" if len(others) > 3 else "")
        return f"this library has accounts that are not the demo's ({listed})"
    if not users.filter(username__in=demo_names).exists():
        if users.filter(username=administrator.USERNAME).exists():
            return "this library was set up without the demo (`admin` exists, no demo account)"
        if Document.objects.exists():
            return "this library has documents but none of the demo's accounts"
    return None
