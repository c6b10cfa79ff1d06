"""An import killed with SIGKILL at any point, then run again, ends as if never interrupted."""

import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.corpus

MANIFEST = Path(__file__).resolve().parents[4] / "corpus-manifests" / "peps.csv"
# Small batches: many commits, so the kills land between some and inside others.
SMALL_BATCHES = {"POLICYLIB_IMPORT_BATCH_ROWS": "25"}
COUNTS = (
    "import json; from policylib.library.models import Document, FileRole; "
    "from policylib.ingest.models import ImportedRow; print(json.dumps(["
    "Document.objects.count(), "
    "Document.objects.exclude(files__role=FileRole.PRIMARY).count(), "
    "ImportedRow.objects.count()]))"
)


def test_an_import_killed_half_way_and_run_again_ends_identical_to_an_uninterrupted_one(
    corpus, child_library
):
    args = ["import", str(corpus), "--manifest", str(MANIFEST), "--create-missing"]
    uninterrupted = child_library("uninterrupted")
    uninterrupted.run(*args, **SMALL_BATCHES)

    interrupted = child_library("interrupted")
    interrupted.kill_when(args, "Importing documents", at=300, **SMALL_BATCHES)
    documents, without_file, remembered = json.loads(interrupted.shell(COUNTS).splitlines()[-1])
    assert 0 < documents < 736  # killed half-way
    assert without_file == 0  # no document without its file
    assert remembered == documents  # and every one remembered with its row

    interrupted.kill_when(args, "Linking documents", at=10, **SMALL_BATCHES)
    finished = interrupted.run(*args, **SMALL_BATCHES)

    assert "Finished the import of peps.csv that stopped before it ended" in finished.stdout
    assert "0 created, 0 updated, 736 unchanged, 0 failed" in finished.stdout
    assert interrupted.state(exact=False) == uninterrupted.state(exact=False)
    again = interrupted.run(*args)
    assert "0 created, 0 updated, 736 unchanged, 0 failed" in again.stdout
    assert "Links added" not in again.stdout
