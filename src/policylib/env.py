"""Small typed readers for settings that come from the environment, and the data folder."""

import contextlib
import os
import secrets
from pathlib import Path


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ValueError(f"{name} must be a whole number, not {value!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_int_list(name: str, default: list[int]) -> list[int]:
    """A comma-separated list of whole numbers, such as "90,30,7"."""
    try:
        return [int(item) for item in env_list(name, [str(number) for number in default])]
    except ValueError as exc:
        raise ValueError(f"{name} must be whole numbers separated by commas") from exc


def site_url(value: str, *, default: str) -> str:
    """The site's address for links in email: scheme and host (and a path prefix, if any)."""
    url = (value.strip() or default).rstrip("/")
    scheme, _, rest = url.partition("://")
    if scheme not in {"http", "https"} or not rest or any(c in rest for c in "?# "):
        raise ValueError(
            f"POLICYLIB_SITE_URL must be the site's address, such as https://policies.example.gov,"
            f" not {value!r}"
        )
    return url


# The data folder holds Restricted text (database, files, index, backups): only the account
# that runs the library may read it. Files are created 0600 (the `policylib` command's umask,
# see cli.py), folders 0700.
PRIVATE_FOLDER = 0o700
PRIVATE_FILE = 0o600


def private_folder(path: Path) -> Path:
    """Make `path`, and each missing folder above it, a folder only this account can open."""
    missing = []
    folder = path
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for folder in reversed(missing):
        # The mode is narrowed by the umask, never widened: 0700 stays 0700.
        with contextlib.suppress(FileExistsError):
            folder.mkdir(mode=PRIVATE_FOLDER)
    return path


def make_private(path: Path, mode: int = PRIVATE_FOLDER) -> None:
    """Narrow an existing file or folder to `mode`, if this account owns it (an upgrade from
    a release that left them readable by all); what another account owns is left alone."""
    with contextlib.suppress(FileNotFoundError, PermissionError):
        if path.stat().st_uid == os.getuid() and path.stat().st_mode & 0o777 != mode:
            path.chmod(mode)


def data_dir() -> Path:
    """The folder that holds everything a library is made of (database, files, index)."""
    path = Path(env_str("POLICYLIB_DATA_DIR", "var")).expanduser().resolve()
    private_folder(path)
    # Closed to other accounts even where an older release made its contents readable.
    make_private(path)
    return path


def persistent_secret_key(folder: Path) -> str:
    """Read the secret key kept in the data folder, creating it on first run."""
    from_env = env_str("POLICYLIB_SECRET_KEY")
    if from_env:
        return from_env
    key_file = folder / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    key = secrets.token_urlsafe(50)
    # O_EXCL: when two processes start at once, exactly one key wins and both read it.
    try:
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    except FileExistsError:
        return key_file.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key
