"""Who may call what. Reads are open (the access module decides what each reader sees);
changes need an API token, and the same staff permission as the staff pages."""

from knox.auth import TokenAuthentication
from rest_framework.exceptions import NotAuthenticated, PermissionDenied
from rest_framework.permissions import SAFE_METHODS, BasePermission

from policylib.accounts.access import Action, can, is_library_staff

WRITES_NEED_A_KEY = (
    "Changes need an API token: send the header 'Authorization: Token <key>' "
    "(see `policylib createtoken`)."
)


class ReadOrTokenWrite(BasePermission):
    """Anyone may read; a change must come with a valid API token."""

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS or not hasattr(view, request.method.lower()):
            return True  # a method the endpoint lacks is a 405, whoever asks
        if not isinstance(request.successful_authenticator, TokenAuthentication):
            raise NotAuthenticated(WRITES_NEED_A_KEY)
        return True


def require_staff(user) -> None:
    if not is_library_staff(user):
        raise PermissionDenied("Only library staff may change the library.")


def require(user, action: Action, document) -> None:
    """403 unless `user` may `action` `document` (callers have checked it is visible)."""
    if not can(user, action, document):
        raise PermissionDenied("Only library staff may change the library.")
