"""Single sign-on with OpenID Connect (mozilla-django-oidc), on when OIDC_RP_CLIENT_ID is set.

A person who signs in through the organization's identity provider gets an account here the
first time (matched by verified email afterwards). The provider's group claim decides their
groups: POLICYLIB_OIDC_GROUP_MAP names, for each claim value, the group it grants
("policy-authors=Author, les=LES"). At every sign-in the mapped groups are set to match the
claims (a group the provider no longer asserts is taken away); groups given by hand that the
map does not mention are left alone. Everyone who signs in this way is a Reader.
"""

from django.conf import settings
from django.contrib.auth.models import Group
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from policylib.accounts.roles import READER


def group_map() -> dict[str, str]:
    """POLICYLIB_OIDC_GROUP_MAP as {claim value: group name}."""
    mapping = {}
    for entry in settings.POLICYLIB_OIDC_GROUP_MAP:
        value, separator, group = entry.partition("=")
        if not separator or not value.strip() or not group.strip():
            raise ValueError(
                f"POLICYLIB_OIDC_GROUP_MAP entries are “claim value=Group name”, not {entry!r}"
            )
        mapping[value.strip()] = group.strip()
    return mapping


def claimed_values(claims: dict) -> set[str]:
    value = claims.get(settings.POLICYLIB_OIDC_GROUPS_CLAIM) or []
    if isinstance(value, str):
        value = value.replace(",", " ").split()
    return {str(item) for item in value}


class GroupMappingBackend(OIDCAuthenticationBackend):
    def verify_claims(self, claims: dict) -> bool:
        # An address the provider has not verified could name someone else's account here.
        return super().verify_claims(claims) and claims.get("email_verified", True) is not False

    def create_user(self, claims: dict):
        user = self.UserModel.objects.create_user(
            username=self._free_username(claims), email=claims.get("email", "")
        )
        return self.update_user(user, claims)

    def update_user(self, user, claims: dict):
        user.first_name = str(claims.get("given_name", user.first_name))[:150]
        user.last_name = str(claims.get("family_name", user.last_name))[:150]
        user.save(update_fields=["first_name", "last_name"])
        self._apply_groups(user, claims)
        return user

    def _free_username(self, claims: dict) -> str:
        for candidate in (claims.get("preferred_username"), claims.get("email")):
            candidate = str(candidate or "")[:150]
            if candidate and not self.UserModel.objects.filter(username=candidate).exists():
                return candidate
        return self.get_username(claims)

    def _apply_groups(self, user, claims: dict) -> None:
        mapping = group_map()
        granted = {mapping[value] for value in claimed_values(claims) if value in mapping}
        managed = set(mapping.values())
        wanted = [Group.objects.get_or_create(name=name)[0] for name in granted | {READER}]
        unwanted = user.groups.filter(name__in=managed - granted - {READER})
        if unwanted.exists():
            user.groups.remove(*unwanted)
        missing = [group for group in wanted if not user.groups.filter(pk=group.pk).exists()]
        if missing:
            user.groups.add(*missing)
