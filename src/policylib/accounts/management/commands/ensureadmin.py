from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from policylib.accounts import administrator


class Command(BaseCommand):
    help = (
        "Create the administrator account `admin` if it does not exist. The password comes from "
        "POLICYLIB_ADMIN_PASSWORD, or is generated, printed once and kept in the data folder "
        "(admin-password, readable by its owner only) until it is changed."
    )

    def handle(self, *args, **options):
        if get_user_model().objects.filter(username=administrator.USERNAME).exists():
            self.stdout.write("The administrator account `admin` already exists.")
            return
        try:
            _, password, generated = administrator.create()
        except administrator.PublishedPassword as exc:
            raise CommandError(f"The administrator was not created: {exc}") from exc
        if not generated:
            self.stdout.write("Created the administrator `admin` with POLICYLIB_ADMIN_PASSWORD.")
            return
        self.stdout.write(
            self.style.WARNING(
                f"Created the administrator `admin` with the password: {password}\n"
                f"It is also in {administrator.password_file()} (readable by you only) until "
                "you change it after you log in."
            )
        )
