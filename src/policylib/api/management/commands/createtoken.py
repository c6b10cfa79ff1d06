from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from knox.models import AuthToken

from policylib.audit import services as audit


class Command(BaseCommand):
    help = (
        "Create an API token for USER and print it. The library keeps only a digest of it, so "
        "this is the one time it can be read. --revoke deletes all of USER's tokens; --reset "
        "does that, then creates a new one. The key alone goes to standard output."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--reset", action="store_true", help="Replace every token.")
        group.add_argument("--revoke", action="store_true", help="Delete every token.")

    @transaction.atomic
    def handle(self, *args, username: str, reset: bool, revoke: bool, **options) -> None:
        users = get_user_model()
        try:
            user = users.objects.get(**{users.USERNAME_FIELD: username})
        except users.DoesNotExist:
            raise CommandError(f'There is no user "{username}".') from None
        if not user.is_active:
            raise CommandError(f'"{username}" is inactive; an API token would not work.')
        if revoke or reset:
            deleted, _ = AuthToken.objects.filter(user=user).delete()
            if deleted:
                audit.record(actor=None, action="api.token_revoked", target=user)
            if revoke:
                self.stderr.write(
                    f"Revoked {deleted} API token{'s' if deleted != 1 else ''} of {username}."
                    if deleted
                    else f"{username} had no API token."
                )
                return
        token, key = AuthToken.objects.create(user=user)
        audit.record(actor=None, action="api.token_created", target=user)
        expires = (
            f"It expires on {timezone.localtime(token.expiry):%Y-%m-%d}."
            if token.expiry
            else "It does not expire."
        )
        self.stderr.write(
            f"Created an API token for {username}. {expires} "
            "Keep it now: it cannot be shown again. Send it as:"
        )
        self.stderr.write(f"  Authorization: Token {key}")
        self.stdout.write(key)
