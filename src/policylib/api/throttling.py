"""Request rates per client: anonymous readers by address, signed-in users by account.

The rates come from settings on every request (DRF's own classes read them once, at import),
so a deployment or a test can change them. A client is known by the one client address of
the audit trail: DRF's own reading of X-Forwarded-For would let a client pick a new address
for every request and never be throttled.
"""

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from policylib.audit.services import client_address


class _ByClientAddress:
    def get_ident(self, request) -> str:
        return client_address(request) or request.META.get("REMOTE_ADDR", "")

    def get_rate(self) -> str | None:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class AnonThrottle(_ByClientAddress, AnonRateThrottle):
    pass


class UserThrottle(_ByClientAddress, UserRateThrottle):
    pass
