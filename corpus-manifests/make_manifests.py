"""Write import manifests for the shared test corpus (metadata only, never the documents).

    python corpus-manifests/make_manifests.py [CORPUS [OUTPUT]]

CORPUS defaults to $POLICYLIB_CORPUS_DIR or ../shared/corpus. Reads the corpus's own CSV
manifests and writes peps.csv and rfcs.csv to OUTPUT (this script's folder unless given);
their `file` column is relative
to CORPUS, so they import with `policylib import CORPUS --manifest corpus-manifests/peps.csv
--create-missing`.

How the corpus maps onto the library (as the corpus README suggests):
- PEPs: Active, Accepted and Final are Current; Withdrawn, Rejected, Deferred and "April Fool!"
  are Archived; Draft stays a Draft. A PEP that says Superseded, or names a Superseded-By, is
  Superseded. "Replaces" and the other side's "Superseded-By" both become `supersedes` on the
  newer PEP; "Requires" becomes `related`; Topic becomes categories, Python-Version subjects.
- RFCs: the index's Status becomes the type. An obsoleted RFC is Superseded (the relations say
  so, whatever its status), a HISTORIC one Archived, a number never issued Cancelled, the rest
  Current. Obsoletes becomes `supersedes`, Updates `amends`; "Also STDnn" becomes a subject.
"""

import csv
import datetime
import os
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
COLUMNS = [
    "identifier",
    "title",
    "library",
    "type",
    "status",
    "issued",
    "source",
    "signatory",
    "categories",
    "subjects",
    "supersedes",
    "amends",
    "related",
    "file",
]
PEP_LIBRARY = "Python Enhancement Proposals"
RFC_LIBRARY = "Request for Comments"
PEP_STATUS = {
    "Active": "current",
    "Accepted": "current",
    "Final": "current",
    "Superseded": "superseded",
    "Withdrawn": "archived",
    "Rejected": "archived",
    "Deferred": "archived",
    "April Fool!": "archived",
    "Draft": "draft",
}
SIGNATORY_LIMIT = 200


def main() -> None:
    default = os.environ.get("POLICYLIB_CORPUS_DIR") or HERE.parent.parent / "shared" / "corpus"
    corpus = Path(sys.argv[1] if len(sys.argv) > 1 else default).resolve()
    output = Path(sys.argv[2]) if len(sys.argv) > 2 else HERE
    manifests = corpus / "manifests"
    write(output / "peps.csv", pep_rows(read(manifests / "peps.csv")))
    write(output / "rfcs.csv", rfc_rows(read(manifests / "rfc_index.csv")))


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"Wrote {len(rows)} rows to {path}")


def numbers(cell: str, sep: str = r"[\s,]+") -> list[int]:
    return [int(part) for part in re.split(sep, cell.strip()) if part]


def pep_rows(peps: list[dict[str, str]]) -> list[dict[str, str]]:
    replaced_by: dict[int, set[int]] = {}
    for pep in peps:
        number = int(pep["pep"])
        replaced_by.setdefault(number, set()).update(numbers(pep["replaces"]))
        for newer in numbers(pep["superseded_by"]):
            replaced_by.setdefault(newer, set()).add(number)
    rows = []
    for pep in sorted(peps, key=lambda p: int(p["pep"])):
        number = int(pep["pep"])
        status = PEP_STATUS[pep["status"]]
        if pep["superseded_by"].strip():
            status = "superseded"
        rows.append(
            {
                "identifier": f"PEP {number}",
                "title": pep["title"],
                "library": PEP_LIBRARY,
                "type": pep["type"],
                "status": status,
                "issued": datetime.datetime.strptime(pep["created"], "%d-%b-%Y").date().isoformat(),
                "source": f"https://peps.python.org/pep-{number:04d}/",
                "signatory": signatory(re.sub(r"\s*<[^>]*>", "", pep["author"])),
                "categories": "; ".join(t.strip() for t in pep["topic"].split(",") if t.strip()),
                "subjects": "; ".join(
                    f"Python {v.strip()}" for v in pep["python_version"].split(",") if v.strip()
                ),
                "supersedes": "; ".join(f"PEP {n}" for n in sorted(replaced_by.get(number, ()))),
                "amends": "",
                "related": "; ".join(f"PEP {n}" for n in numbers(pep["requires"])),
                "file": f"peps/{pep['file']}",
            }
        )
    return rows


def rfc_rows(index: list[dict[str, str]]) -> list[dict[str, str]]:
    rows = []
    for rfc in sorted(index, key=lambda r: int(r["rfc"])):
        not_issued = rfc["status"] == "NOT ISSUED"
        if not_issued:
            status = "cancelled"
        elif rfc["obsoleted_by"].strip():
            status = "superseded"
        elif rfc["status"] == "HISTORIC":
            status = "archived"
        else:
            status = "current"
        rows.append(
            {
                "identifier": f"RFC {rfc['rfc']}",
                "title": rfc["title"] or "Not Issued",
                "library": RFC_LIBRARY,
                "type": rfc["status"].title(),
                "status": status,
                "issued": rfc_date(rfc["date"]),
                "source": f"https://doi.org/{rfc['doi']}" if rfc["doi"] else "",
                "signatory": signatory(rfc["authors"]),
                "categories": "",
                "subjects": "; ".join(
                    re.sub(r"^([A-Z]+)(\d+)$", r"\1 \2", also) for also in rfc["also"].split()
                ),
                "supersedes": "; ".join(f"RFC {n}" for n in numbers(rfc["obsoletes"])),
                "amends": "; ".join(f"RFC {n}" for n in numbers(rfc["updates"])),
                "related": "",
                "file": rfc["text_file"],
            }
        )
    return rows


def rfc_date(text: str) -> str:
    """ "April 1969" (or "1 April 1978" for April 1st RFCs) as an ISO date."""
    if not text:
        return ""
    parts = text.split()
    day = int(parts[0]) if len(parts) == 3 else 1
    month = datetime.datetime.strptime(parts[-2], "%B").month
    return datetime.date(int(parts[-1]), month, day).isoformat()


def signatory(names: str) -> str:
    """The authors, shortened to the field's length with "et al." when there are many."""
    names = " ".join(names.replace(";", ",").split())
    if len(names) <= SIGNATORY_LIMIT:
        return names
    kept: list[str] = []
    for name in names.split(", "):
        if len(", ".join([*kept, name])) + len(" et al.") > SIGNATORY_LIMIT:
            break
        kept.append(name)
    return ", ".join(kept) + " et al."


if __name__ == "__main__":
    main()
