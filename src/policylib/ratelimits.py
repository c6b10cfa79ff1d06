"""How often one person may make the site send email on their behalf.

The counts live in the shared cache (django-ratelimit's fixed windows), so every server process
adds to the same one. A signed-in person is counted by account, anyone else by address.
"""

from django_ratelimit.core import get_usage

from policylib.audit.services import client_address


def _who(group: str, request) -> str:
    user = getattr(request, "user", None)
    if getattr(user, "is_authenticated", False):
        return f"user:{user.pk}"
    return f"address:{client_address(request) or 'unknown'}"


def wait(request, *, group: str, per_hour: int) -> int:
    """Count one use of `group` for whoever sent `request`: 0 to go ahead, or, when they are
    over `per_hour`, the seconds until they may go on."""
    if per_hour <= 0:
        return 3600
    usage = get_usage(request, group=group, key=_who, rate=f"{per_hour}/h", increment=True)
    if usage is None or not usage["should_limit"]:
        return 0
    return max(int(usage["time_left"]), 1)
