import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[4]


def corpus_dir() -> Path:
    return Path(os.environ.get("POLICYLIB_CORPUS_DIR") or REPO_ROOT / ".." / "shared" / "corpus")


@pytest.fixture
def corpus() -> Path:
    """The shared real-world corpus; skipped when absent, except on CI where it must exist."""
    path = corpus_dir().resolve()
    if not (path / "README.md").exists():
        if os.environ.get("CI"):
            pytest.fail(f"The shared corpus is missing at {path} (set POLICYLIB_CORPUS_DIR).")
        pytest.skip(f"The shared corpus is not at {path}; set POLICYLIB_CORPUS_DIR to run this.")
    return path


@pytest.fixture(autouse=True)
def _index_in_tmp(settings, tmp_path):
    # Extraction queues documents for the search index; keep that index per test.
    settings.POLICYLIB_INDEX_DIR = tmp_path / "index"
