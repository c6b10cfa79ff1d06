"""The data folder holds Restricted text: nothing in it is readable by another account."""

import json
import os
import stat
import subprocess
import sys

CREATE = """
import io
from policylib.library import services
from policylib.library.models import DocumentType, Library, Marking, Status

library, _ = Library.objects.get_or_create(slug="directives", defaults={"name": "Directives"})
kind, _ = DocumentType.objects.get_or_create(slug="directive", defaults={"name": "Directive"})
document = services.create_document(
    by=None, identifier="LES 1", title="Surveillance of informants", status=Status.CURRENT,
    library=library, document_type=kind, marking=Marking.RESTRICTED,
)
services.attach_file(
    document=document, by=None, stream=io.BytesIO(b"Names of informants."), original_name="a.txt"
)
# SQLite removes its -wal and -shm files when the last connection closes: look while open.
import json, os
from django.db import connection
print(json.dumps({
    suffix: oct(os.stat(connection.settings_dict["NAME"] + suffix).st_mode & 0o777)
    for suffix in ("-wal", "-shm")
}))
"""


def policylib(*args: str, data_dir) -> str:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "POLICYLIB_INDEX_DIR", "POLICYLIB_TEST_DATABASE_URL"}
    }
    environment["POLICYLIB_DATA_DIR"] = str(data_dir)
    done = subprocess.run(  # noqa: S603 - this interpreter, fixed arguments
        [sys.executable, "-m", "policylib", *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def modes(folder) -> dict[str, str]:
    """Every file and folder under `folder` (itself included), with its permission bits."""
    found = {".": oct(stat.S_IMODE(folder.stat().st_mode))}
    for path in folder.rglob("*"):
        found[str(path.relative_to(folder))] = oct(stat.S_IMODE(path.lstat().st_mode))
    return found


def test_the_database_files_index_and_backups_are_for_this_account_only(tmp_path):
    data_dir = tmp_path / "var"
    policylib("migrate", "--noinput", data_dir=data_dir)
    while_open = policylib("shell", "-c", CREATE, data_dir=data_dir)
    policylib("reindex", data_dir=data_dir)
    policylib("search", "query", "informants", data_dir=data_dir)
    policylib("backup", str(data_dir / "backups" / "library.zip"), data_dir=data_dir)

    found = modes(data_dir)

    assert json.loads(while_open.strip().splitlines()[-1]) == {"-wal": "0o600", "-shm": "0o600"}
    names = set(found)
    assert {"policylib.sqlite3", "secret_key", "backups/library.zip"} <= names
    assert any(name.startswith("files/blobs/") for name in names)
    assert any(name.startswith("index/") and "." in name for name in names)
    folders = {name for name in names if (data_dir / name).is_dir()}
    assert {name: found[name] for name in folders} == dict.fromkeys(folders, "0o700")
    others = names - folders
    assert {name: found[name] for name in others} == dict.fromkeys(others, "0o600")


def test_an_older_data_folder_and_database_are_closed_when_the_library_starts(tmp_path):
    data_dir = tmp_path / "var"
    data_dir.mkdir(mode=0o755)
    data_dir.chmod(0o755)
    database = data_dir / "policylib.sqlite3"
    database.touch()
    database.chmod(0o644)

    policylib("migrate", "--noinput", data_dir=data_dir)

    found = modes(data_dir)
    assert found["."] == "0o700"
    assert found["policylib.sqlite3"] == "0o600"
