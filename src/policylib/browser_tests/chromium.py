"""Debian's chromium, as the browser tests and `make screenshots` launch it.

No browser is ever downloaded: POLICYLIB_CHROMIUM names the executable, else `chromium` on the
PATH.
"""

import os
import shutil

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
MISSING = (
    "Debian's chromium is not installed (apt-get install chromium), "
    "or set POLICYLIB_CHROMIUM to a chromium executable."
)


def executable() -> str | None:
    """The chromium to launch, or None when there is none."""
    path = os.environ.get("POLICYLIB_CHROMIUM") or shutil.which("chromium")
    if not path or not os.access(path, os.X_OK):
        return None
    return path


def launch(playwright, path: str):
    """A headless chromium; the caller closes it."""
    return playwright.chromium.launch(executable_path=path, headless=True, args=FLAGS)
