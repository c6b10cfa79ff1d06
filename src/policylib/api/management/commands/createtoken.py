from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from rest_framework.authtoken.models import Token

from policylib.audit import services as audit


class Command(BaseCommand):
    help = (
        "Print USER's API token, creating it if needed (one token per user). --reset replaces "
        "it with a new one; --revoke deletes it. The key alone goes to standard output."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--reset", action="store_true", help="Replace the token.")
        group.add_argument("--revoke", action="store_true", help="Delete the token.")

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
            deleted, _ = Token.objects.filter(user=user).delete()
            if deleted:
                audit.record(actor=None, action="api.token_revoked", target=user)
            if revoke:
                self.stderr.write(
                    f"Revoked the API token of {username}."
                    if deleted
                    else f"{username} had no API token."
                )
                return
        token, created = Token.objects.get_or_create(user=user)
        if created:
            audit.record(actor=None, action="api.token_created", target=user)
            self.stderr.write(f"Created an API token for {username}. Send it as:")
        else:
            self.stderr.write(f"The API token of {username}. Send it as:")
        self.stderr.write(f"  Authorization: Token {token.key}")
        self.stdout.write(token.key)
