"""Loaded by pytest before Django's settings: keeps test runs out of the real data folder."""

import os
import tempfile

if "POLICYLIB_TEST_KEEP_DATA_DIR" not in os.environ:
    os.environ["POLICYLIB_DATA_DIR"] = tempfile.mkdtemp(prefix="policylib-test-")
if os.environ.get("POLICYLIB_TEST_DATABASE_URL"):
    os.environ["DATABASE_URL"] = os.environ["POLICYLIB_TEST_DATABASE_URL"]
else:
    os.environ.pop("DATABASE_URL", None)
os.environ.pop("EMAIL_HOST", None)
