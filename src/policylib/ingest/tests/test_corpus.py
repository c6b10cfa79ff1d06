"""The shipped manifests of the real corpora import as the corpus says they should."""

import csv
import datetime
import importlib.util
import itertools
import re
import time
from collections import defaultdict
from pathlib import Path

import pytest

from policylib import extraction
from policylib.ingest.importer import import_manifest
from policylib.library.models import (
    Amendment,
    Document,
    DocumentFile,
    FileRole,
    Status,
    Supersession,
)

pytestmark = [pytest.mark.django_db, pytest.mark.corpus]

MANIFESTS = Path(__file__).resolve().parents[4] / "corpus-manifests"
# Extraction and indexing are queued, not run, during these imports: as with a busy worker.
QUEUED_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
CURRENT = {"Active", "Accepted", "Final"}
ARCHIVED = {"Withdrawn", "Rejected", "Deferred", "April Fool!"}


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def numbers(cell: str) -> list[int]:
    return [int(n) for n in re.split(r"[\s,]+", cell.strip()) if n]


def edges(documents, links, old: str, new: str) -> set[tuple[str, str]]:
    names = dict(documents.values_list("pk", "identifier"))
    return {(names[a], names[b]) for a, b in links.values_list(old, new)}


def test_the_shipped_manifests_are_what_the_script_makes_of_the_corpus(corpus, tmp_path):
    spec = importlib.util.spec_from_file_location("make_manifests", MANIFESTS / "make_manifests.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)

    script.write(tmp_path / "peps.csv", script.pep_rows(read(corpus / "manifests/peps.csv")))
    script.write(tmp_path / "rfcs.csv", script.rfc_rows(read(corpus / "manifests/rfc_index.csv")))

    for name in ("peps.csv", "rfcs.csv"):
        assert (tmp_path / name).read_bytes() == (MANIFESTS / name).read_bytes(), name


def test_the_peps_import_with_their_supersession_chains_and_statuses(corpus, settings):
    settings.TASKS = QUEUED_TASKS
    peps = {int(p["pep"]): p for p in read(corpus / "manifests/peps.csv")}

    report = import_manifest(folder=corpus, manifest=MANIFESTS / "peps.csv", create_missing=True)

    assert (report.created, report.failed, report.problems) == (736, 0, [])
    documents = {int(d.identifier.split()[1]): d for d in Document.objects.all()}
    assert len(documents) == 736
    assert DocumentFile.objects.filter(role=FileRole.PRIMARY).count() == 736
    links = edges(Document.objects, Supersession.objects, "predecessor_id", "successor_id")

    # Every PEP with Superseded-By is Superseded and linked to each successor.
    with_successor = {n: numbers(p["superseded_by"]) for n, p in peps.items() if p["superseded_by"]}
    assert len(with_successor) == 31
    for number, successors in with_successor.items():
        assert documents[number].status == Status.SUPERSEDED, number
        for successor in successors:
            assert (f"PEP {number}", f"PEP {successor}") in links
    # Replaces is supersedes; the union of both headers is every link, and nothing else.
    for number, pep in peps.items():
        for older in numbers(pep["replaces"]):
            assert (f"PEP {older}", f"PEP {number}") in links
    stated = {
        (f"PEP {r['old']}", f"PEP {r['new']}")
        for r in read(corpus / "manifests/relations.csv")
        if r["corpus"] == "pep"
    }
    assert links == stated
    assert len(links) == 47

    # Statuses as the corpus README maps them. A Final PEP that a current one replaces (without
    # saying Superseded-By) comes out Superseded, and the import says so.
    retired = {int(note.identifier.split()[1]) for note in report.notes}
    for number, pep in peps.items():
        document = documents[number]
        if pep["status"] == "Superseded" or number in with_successor:
            expected = Status.SUPERSEDED
        elif number in retired:
            assert pep["status"] in CURRENT
            assert document.superseded_by.filter(status=Status.CURRENT).exists()
            expected = Status.SUPERSEDED
        elif pep["status"] in CURRENT:
            expected = Status.CURRENT
        elif pep["status"] in ARCHIVED:
            expected = Status.ARCHIVED
        else:
            expected = Status.DRAFT
        assert document.status == expected, (number, pep["status"])
        created = datetime.datetime.strptime(pep["created"], "%d-%b-%Y").date()
        assert document.issued_on == created
    assert retired == {247, 397, 486, 609}

    # The longest chain, 241 → 314 → 345 → 426 → 566, with 566 the only one in force.
    family = [241, 314, 345, 426, 566]
    for older, newer in itertools.pairwise(family):
        assert (f"PEP {older}", f"PEP {newer}") in links
    assert ("PEP 345", "PEP 566") in links
    assert [documents[n].status for n in family] == [Status.SUPERSEDED] * 4 + [Status.CURRENT]

    pep8 = documents[8]
    assert (pep8.title, pep8.document_type.name, pep8.status) == (
        "Style Guide for Python Code",
        "Process",
        Status.CURRENT,
    )
    assert pep8.issued_on == datetime.date(2001, 7, 5)
    assert pep8.signatory_name == "Guido van Rossum, Barry Warsaw, Alyssa Coghlan"
    assert documents[3].status == Status.ARCHIVED
    assert documents[3333].supersedes.get() == documents[333]
    assert {d.identifier for d in documents[563].superseded_by.all()} == {"PEP 649", "PEP 749"}
    assert {d.identifier for d in documents[443].supersedes.all()} == {
        "PEP 245",
        "PEP 246",
        "PEP 3124",
    }

    again = import_manifest(folder=corpus, manifest=MANIFESTS / "peps.csv", create_missing=True)

    assert (again.unchanged, again.created, again.updated, again.failed) == (736, 0, 0, 0)
    assert not again.links


def test_the_whole_rfc_index_imports_with_obsoletes_and_updates(corpus, settings):
    settings.TASKS = QUEUED_TASKS
    index = {int(r["rfc"]): r for r in read(corpus / "manifests/rfc_index.csv")}

    started = time.monotonic()
    report = import_manifest(folder=corpus, manifest=MANIFESTS / "rfcs.csv", create_missing=True)
    elapsed = time.monotonic() - started
    print(f"\nImported the RFC index ({report.rows} rows) in {elapsed:.0f} s")

    assert (report.rows, report.created, report.failed) == (10_018, 10_018, 0)
    assert Document.objects.count() == 10_018
    assert DocumentFile.objects.count() == 308
    supersedes = edges(Document.objects, Supersession.objects, "predecessor_id", "successor_id")
    amends = edges(Document.objects, Amendment.objects, "amended_id", "amending_id")
    expected_supersedes = {
        (f"RFC {old}", f"RFC {n}") for n, r in index.items() for old in numbers(r["obsoletes"])
    }
    expected_amends = {
        (f"RFC {old}", f"RFC {n}") for n, r in index.items() for old in numbers(r["updates"])
    }
    assert supersedes == expected_supersedes
    assert amends == expected_amends
    assert (len(supersedes), len(amends)) == (1543, 2154)

    # Obsoleted comes from the relations, whatever the status says.
    statuses = dict(Document.objects.values_list("identifier", "status"))
    obsoleted = {f"RFC {n}" for n, r in index.items() if r["obsoleted_by"]}
    assert len(obsoleted) == 1384
    assert {i for i, s in statuses.items() if s == Status.SUPERSEDED} == obsoleted
    assert statuses["RFC 14"] == Status.CANCELLED  # never issued

    # The longest obsoletes chain, found in the corpus itself, is whole in the library.
    chain = longest_chain(index)
    assert len(chain) == 33
    assert (chain[0], chain[-1]) == (1083, 7100)
    for older, newer in itertools.pairwise(chain):
        assert (f"RFC {older}", f"RFC {newer}") in supersedes
    assert [statuses[f"RFC {n}"] for n in chain[:-1]] == [Status.SUPERSEDED] * 32
    assert statuses["RFC 7100"] == Status.CURRENT
    assert {
        d.identifier for d in Document.objects.get(identifier="RFC 2616").superseded_by.all()
    } == {f"RFC {n}" for n in range(7230, 7236)}
    tls = ["RFC 2246", "RFC 4346", "RFC 5246", "RFC 8446", "RFC 9846"]
    assert all((a, b) in supersedes for a, b in itertools.pairwise(tls))


def longest_chain(index: dict[int, dict[str, str]]) -> list[int]:
    newer: dict[int, list[int]] = defaultdict(list)
    for number, rfc in index.items():
        for old in numbers(rfc["obsoletes"]):
            newer[old].append(number)
    memo: dict[int, list[int]] = {}

    def longest_from(number: int) -> list[int]:
        if number not in memo:
            tails = [longest_from(n) for n in newer[number]]
            memo[number] = [number, *max(tails, key=len, default=[])]
        return memo[number]

    return max((longest_from(n) for n in index), key=len)


def test_text_in_latin1_or_after_a_byte_order_mark_is_read_right(corpus, settings, tmp_path):
    settings.TASKS = QUEUED_TASKS
    wanted = {"235", "317", "9110", "8259"}
    rows = [
        r | {"supersedes": "", "amends": ""}  # links to RFCs outside this handful
        for r in read(MANIFESTS / "rfcs.csv")
        if r["identifier"].split()[1] in wanted
    ]
    encodings = {r["rfc"]: r["encoding"] for r in read(corpus / "manifests/rfc_index.csv")}
    assert {encodings[n] for n in ("235", "317")} == {"not-utf-8 (latin-1)"}
    assert encodings["9110"] == "utf-8-bom"
    manifest = tmp_path / "some-rfcs.csv"
    with manifest.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)

    report = import_manifest(folder=corpus, manifest=manifest, create_missing=True)

    assert report.created == 4
    text = {}
    for document_file in DocumentFile.objects.select_related("document"):
        extracted = extraction.extract_now(document_file.pk)
        assert extracted.state == "done", extracted.reason
        text[document_file.document.identifier] = "\n".join(extracted.pages)
    assert "Viagénie" in text["RFC 235"]
    assert "Hélène Morin" in text["RFC 317"]
    assert "\ufeff" not in text["RFC 9110"]
    assert text["RFC 9110"].startswith("Internet Engineering Task Force (IETF)")
    assert "HTTP Semantics" in text["RFC 9110"]
    assert "Ã" not in "".join(text.values())  # no UTF-8 read as Latin-1 anywhere
