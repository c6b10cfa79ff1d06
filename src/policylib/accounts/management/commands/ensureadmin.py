import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Create the administrator account `admin` if it does not exist. The password comes from "
        "POLICYLIB_ADMIN_PASSWORD, or is generated and printed once."
    )

    def handle(self, *args, **options):
        users = get_user_model()
        if users.objects.filter(username="admin").exists():
            self.stdout.write("The administrator account `admin` already exists.")
            return
        password = os.environ.get("POLICYLIB_ADMIN_PASSWORD") or secrets.token_urlsafe(12)
        users.objects.create_superuser(username="admin", email="", password=password)
        if os.environ.get("POLICYLIB_ADMIN_PASSWORD"):
            self.stdout.write("Created the administrator `admin` with POLICYLIB_ADMIN_PASSWORD.")
        else:
            self.stdout.write(
                self.style.WARNING(
                    f"Created the administrator `admin` with the password: {password}\n"
                    "It is shown only this once; change it after you log in."
                )
            )
