"""Start-up from an empty data folder, as `make run` does it."""

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

from policylib.reviews.demo import DEMO_PASSWORD

MAKEFILE = Path(__file__).resolve().parents[4] / "Makefile"
# The start-up block must be on the first screen of what `make run` prints.
FIRST_SCREEN = 40


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


def make_run_recipe(port: int) -> list[list[str]]:
    """The commands of the Makefile's `run` target, with this interpreter for `$(BIN)/policylib`."""
    text = MAKEFILE.read_text()
    recipe = re.search(r"^run:.*\n((?:\t.*\n)+)", text, re.MULTILINE).group(1)
    commands = []
    for line in recipe.splitlines():
        words = line.strip().replace("$(PORT)", str(port)).split()
        assert words[0] == "$(BIN)/policylib", line
        commands.append([sys.executable, "-m", "policylib", *words[1:]])
    return commands


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def startup_environment(tmp_path: Path, **extra: str) -> dict[str, str]:
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    dropped = ("POLICYLIB_", "DATABASE_", "EMAIL_", "GUNICORN_", "XDG_RUNTIME_DIR", "PORT")
    env = {k: v for k, v in os.environ.items() if not k.startswith(dropped)}
    env.update(
        POLICYLIB_DATA_DIR=str(tmp_path / "var"),
        HOME=str(home),
        WEB_CONCURRENCY="2",
        PYTHONUNBUFFERED="1",
        **extra,
    )
    return env


def test_make_run_says_where_to_open_the_library_and_how_to_sign_in_on_its_first_screen(
    tmp_path,
):
    port = free_port()
    env = startup_environment(tmp_path)
    *preparation, serve = make_run_recipe(port)
    printed: list[str] = []
    for command in preparation:
        printed.append(" ".join(command[2:]))  # make echoes each command
        done = subprocess.run(  # noqa: S603
            command, env=env, capture_output=True, text=True, timeout=300, check=False
        )
        assert done.returncode == 0, done.stdout + done.stderr
        printed += (done.stdout + done.stderr).splitlines()
    printed.append(" ".join(serve[2:]))
    server = subprocess.Popen(  # noqa: S603
        serve, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        deadline = time.monotonic() + 180
        while "Ctrl+C stops the library." not in printed and time.monotonic() < deadline:
            line = server.stdout.readline()
            assert line, "The server stopped before it said it was ready:\n" + "\n".join(printed)
            printed.append(line.rstrip("\n"))
        screen = "\n".join(printed[:FIRST_SCREEN])
        assert "Ctrl+C stops the library." in screen, "\n".join(printed)

        # The address answers as soon as it is printed.
        address = re.search(r"policylib is ready: (http://\S+)", screen).group(1)
        assert address == f"http://127.0.0.1:{port}/"
        assert requests.get(address, timeout=30).status_code == 200

        # The administrator's password is in a file only its owner may read, and it signs in.
        data = tmp_path / "var"
        password_file = data / "admin-password"
        assert f"Administrator:  admin, password in {password_file}" in screen
        assert password_file.stat().st_mode & 0o777 == 0o600
        password = password_file.read_text().strip()
        assert password != DEMO_PASSWORD
        session = requests.Session()
        session.get(f"{address}accounts/login/", timeout=30)
        signed_in = session.post(
            f"{address}accounts/login/",
            data={
                "username": "admin",
                "password": password,
                "csrfmiddlewaretoken": session.cookies["csrftoken"],
            },
            timeout=30,
            allow_redirects=False,
        )
        assert signed_in.status_code == 302, signed_in.text[:2000]

        # Where the demo accounts are described, and where the rest went.
        assert f"(password {DEMO_PASSWORD}); see docs/reviews.md, “Demo accounts”" in screen
        assert f"Logs and mail:  {data / 'logs'}/, {data / 'mail'}/" in screen
    finally:
        server.send_signal(signal.SIGTERM)
        rest, _ = server.communicate(timeout=60)
    printed += rest.splitlines()
    terminal = "\n".join(printed)
    # Routine lines and the demo's mail are in the data folder, not on the terminal.
    assert "Task id=" not in terminal
    assert "Subject:" not in terminal
    assert "Booting worker" not in terminal
    assert "Task id=" in (data / "logs" / "worker.log").read_text()
    assert "Booting worker" in (data / "logs" / "server.log").read_text()
    assert "Subject: " in "".join(p.read_text() for p in (data / "mail").iterdir())
    # Everything the server wrote is in the data folder: nothing in the home folder.
    assert list((tmp_path / "home").iterdir()) == []


def test_a_library_started_with_the_demo_off_has_no_demo_and_never_gets_it(tmp_path):
    *preparation, _serve = make_run_recipe(free_port())

    def make_run(**extra: str) -> str:
        env = startup_environment(tmp_path, **extra)
        printed = []
        for command in preparation:
            done = subprocess.run(  # noqa: S603
                command, env=env, capture_output=True, text=True, timeout=300, check=False
            )
            assert done.returncode == 0, done.stdout + done.stderr
            printed.append(done.stdout + done.stderr)
        return "".join(printed)

    first = make_run(POLICYLIB_DEMO="0")
    assert "The demo was not loaded: POLICYLIB_DEMO=0 marks this library for real documents" in (
        first
    )
    # Started again without the variable, it stays a library for real documents.
    again = make_run()
    assert "The demo was not loaded: this library was set up without the demo" in again

    data_dir = tmp_path / "var"
    people = run(
        "shell",
        "-c",
        "from django.contrib.auth import get_user_model; from policylib.library.models import "
        "Document; print(sorted(get_user_model().objects.values_list('username', flat=True)), "
        "Document.objects.count())",
        data_dir=data_dir,
    )
    assert people.stdout.strip().splitlines()[-1] == "['admin'] 0"
    refused = run("demo", data_dir=data_dir)
    assert refused.returncode != 0
    assert "set up without the demo" in refused.stderr
    assert "loads only into a library of its own" in refused.stderr


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
    assert not (data_dir / "admin-password").exists()


def test_the_admin_never_gets_the_demo_accounts_published_password(tmp_path):
    data_dir = tmp_path / "var"
    run("migrate", "--noinput", data_dir=data_dir)
    refused = run("ensureadmin", data_dir=data_dir, POLICYLIB_ADMIN_PASSWORD=DEMO_PASSWORD)
    assert refused.returncode != 0
    assert "POLICYLIB_ADMIN_PASSWORD is the demo accounts' published password" in refused.stderr
    exists = run(
        "shell",
        "-c",
        "from django.contrib.auth import get_user_model; "
        "print(get_user_model().objects.filter(username='admin').exists())",
        data_dir=data_dir,
    )
    assert exists.stdout.strip().splitlines()[-1] == "False"


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
