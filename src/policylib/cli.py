"""The `policylib` console command: Django's management commands plus policylib's own."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "policylib.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["policylib", *sys.argv[1:]])


if __name__ == "__main__":
    main()
