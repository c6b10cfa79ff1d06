"""The administrator account `admin` that `policylib ensureadmin` creates, and its first password.

A generated password is printed once and also kept in the data folder (`admin-password`, 0600),
so the person who started the library can find it after the terminal has scrolled away. The file
is removed once the password has been changed: it would only mislead.
"""

import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model

from policylib.env import PRIVATE_FILE
from policylib.reviews.demo import DEMO_PASSWORD

USERNAME = "admin"
FROM_ENVIRONMENT = "POLICYLIB_ADMIN_PASSWORD"


class PublishedPassword(ValueError):
    """The password offered for the administrator is the demo accounts' published one."""


def password_file() -> Path:
    return Path(settings.DATA_DIR) / "admin-password"


def create() -> tuple[object, str, bool]:
    """Create `admin`: (user, password, generated). The caller knows it does not exist yet."""
    chosen = os.environ.get(FROM_ENVIRONMENT)
    if chosen == DEMO_PASSWORD:
        raise PublishedPassword(
            f"{FROM_ENVIRONMENT} is the demo accounts' published password; choose another one."
        )
    password = chosen or secrets.token_urlsafe(12)
    user = get_user_model().objects.create_superuser(username=USERNAME, email="", password=password)
    if not chosen:
        _write_private(password_file(), password + "\n")
    return user, password, not chosen


def where_is_the_password() -> str:
    """One line for the start-up block: where the administrator's password can be found."""
    user = get_user_model().objects.filter(username=USERNAME).first()
    if user is None:
        return f"no `{USERNAME}` account yet (`policylib ensureadmin` creates it)"
    path = password_file()
    if path.is_file():
        if user.check_password(path.read_text().strip()):
            return f"password in {path} (readable by you only)"
        path.unlink()  # changed since: the file no longer says anything true
    if os.environ.get(FROM_ENVIRONMENT):
        return f"password from {FROM_ENVIRONMENT}"
    return f"password as you set it (`policylib changepassword {USERNAME}` sets a new one)"


def _write_private(path: Path, text: str) -> None:
    path.unlink(missing_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    with os.fdopen(fd, "w") as handle:
        handle.write(text)
