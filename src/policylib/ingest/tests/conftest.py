"""Helpers for import tests: a folder of files and a manifest written beside it."""

import csv
import json
from pathlib import Path

import pytest

from policylib.backups.tests.children import ChildLibrary, ScratchDatabases
from policylib.ingest.importer import ImportReport, import_manifest
from policylib.ingest.manifest import KNOWN_COLUMNS


class Drop:
    """A folder an agency hands over: files, and the manifest that describes them."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.folder = root / "files"
        self.folder.mkdir(parents=True)

    def file(self, name: str, content: bytes | str) -> str:
        path = self.folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode() if isinstance(content, str) else content)
        return name

    def csv(self, rows: list[dict[str, str]], name: str = "manifest.csv", columns=None) -> Path:
        path = self.root / name
        columns = columns or [c for c in KNOWN_COLUMNS if any(c in row for row in rows)]
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns)
            writer.writeheader()
            writer.writerows(rows)
        return path

    def json(self, rows: list[dict], name: str = "manifest.json") -> Path:
        path = self.root / name
        path.write_text(json.dumps(rows, indent=2), encoding="utf-8")
        return path

    def run(self, manifest: Path, **options) -> ImportReport:
        options.setdefault("create_missing", True)
        return import_manifest(folder=self.folder, manifest=manifest, **options)


@pytest.fixture
def child_library(tmp_path):
    """Make libraries of their own (data folder and database), driven as a person would."""
    databases = ScratchDatabases()

    def make(name: str) -> ChildLibrary:
        return ChildLibrary(tmp_path / name, databases.new())

    yield make
    databases.drop_all()


@pytest.fixture
def drop(tmp_path) -> Drop:
    return Drop(tmp_path / "drop")


def row(identifier: str, **cells: str) -> dict[str, str]:
    """A manifest row with sensible defaults for the required columns."""
    return {
        "identifier": identifier,
        "title": cells.pop("title", f"Title of {identifier}"),
        "library": cells.pop("library", "Directives and Guidance"),
        "type": cells.pop("type", "Directive"),
        **cells,
    }
