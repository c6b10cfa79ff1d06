"""Start-up from an empty data folder, as `make run` does it."""

import os
import subprocess
import sys


def run(*args: str, data_dir, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environment.update(POLICYLIB_DATA_DIR=str(data_dir), **env)
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "policylib", *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_a_fresh_data_folder_migrates_and_gets_a_secret_key_and_an_admin(tmp_path):
    data_dir = tmp_path / "var"
    migrated = run("migrate", "--noinput", data_dir=data_dir)
    assert migrated.returncode == 0, migrated.stderr
    assert (data_dir / "policylib.sqlite3").exists()
    key = (data_dir / "secret_key").read_text()
    assert len(key) >= 50
    assert oct((data_dir / "secret_key").stat().st_mode)[-3:] == "600"

    created = run("ensureadmin", data_dir=data_dir)
    assert "password:" in created.stdout
    again = run("ensureadmin", data_dir=data_dir)
    assert "already exists" in again.stdout
    assert (data_dir / "secret_key").read_text() == key

    checked = run("check", "--deploy", "--fail-level", "ERROR", data_dir=data_dir)
    assert checked.returncode == 0, checked.stderr


def test_the_admin_password_can_come_from_the_environment(tmp_path):
    data_dir = tmp_path / "var"
    run("migrate", "--noinput", data_dir=data_dir)
    created = run("ensureadmin", data_dir=data_dir, POLICYLIB_ADMIN_PASSWORD="correct horse 9")
    assert "POLICYLIB_ADMIN_PASSWORD" in created.stdout
    assert "correct horse 9" not in created.stdout


def test_email_links_default_to_the_address_make_run_serves(tmp_path, monkeypatch):
    """Without POLICYLIB_SITE_URL, links in email point where `make run` serves (its PORT)."""
    monkeypatch.delenv("POLICYLIB_SITE_URL", raising=False)
    monkeypatch.delenv("SITE_URL", raising=False)
    show = "from django.conf import settings; print(settings.POLICYLIB_SITE_URL)"

    served = run("shell", "-c", show, data_dir=tmp_path, PORT="8123")
    configured = run(
        "shell", "-c", show, data_dir=tmp_path, POLICYLIB_SITE_URL="https://policies.example.gov/"
    )
    wrong = run("check", data_dir=tmp_path, POLICYLIB_SITE_URL="policies.example.gov")

    assert served.stdout.strip().splitlines()[-1] == "http://127.0.0.1:8123"
    assert configured.stdout.strip().splitlines()[-1] == "https://policies.example.gov"
    assert wrong.returncode != 0
    assert "POLICYLIB_SITE_URL must be the site's address" in wrong.stderr
