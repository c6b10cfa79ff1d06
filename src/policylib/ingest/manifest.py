"""Reading and writing manifests: one row per document, as CSV or as a JSON array.

A cell holding several values separates them with ";" (JSON may also give a list). Each row
keeps the line it starts on, so every problem can point at it.
"""

import csv
import hashlib
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

# The columns, with these exact names, in this order when written.
COLUMNS = (
    "identifier",
    "title",
    "library",
    "type",
    "status",
    "issued",
    "effective",
    "OPI",
    "source",
    "signatory",
    "categories",
    "subjects",
    "marking",
    "supersedes",
    "amends",
    "related",
    "file",
    "attachments",
)
# Optional columns policylib also reads and writes, so an export loses nothing it can carry.
EXTRA_COLUMNS = ("summary", "body", "parent", "review_by")
KNOWN_COLUMNS = COLUMNS + EXTRA_COLUMNS
REQUIRED_COLUMNS = ("identifier", "title", "library", "type")
MULTI_VALUED = frozenset(
    {
        "signatory",
        "categories",
        "subjects",
        "marking",
        "supersedes",
        "amends",
        "related",
        "attachments",
    }
)
SEPARATOR = ";"


class ManifestError(ValueError):
    """The manifest as a whole cannot be read; the message says why and where."""


@dataclass
class ManifestRow:
    line: int
    cells: dict[str, str | list[str]] = field(default_factory=dict)

    def text(self, column: str) -> str:
        value = self.cells.get(column, "")
        return SEPARATOR.join(value) if isinstance(value, list) else value

    def values(self, column: str) -> list[str]:
        value = self.cells.get(column, [])
        return value if isinstance(value, list) else split(value)


@dataclass
class Manifest:
    path: Path
    columns: tuple[str, ...]
    rows: list[ManifestRow]
    sha256: str


def split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(SEPARATOR) if part.strip()]


def read_manifest(path: Path) -> Manifest:
    """Read a CSV or JSON manifest (chosen by the file's extension)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ManifestError(f"Cannot read the manifest {path}: {exc.strerror or exc}.") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ManifestError(
            f"{path.name}, line {line}: the manifest is not UTF-8 text. Save it as UTF-8 "
            "(in a spreadsheet: CSV UTF-8)."
        ) from exc
    if path.suffix.lower() == ".json":
        columns, rows = _read_json(text, path.name)
    elif path.suffix.lower() in {".csv", ".txt"}:
        columns, rows = _read_csv(text, path.name)
    else:
        raise ManifestError(f"{path.name}: a manifest is a .csv or a .json file.")
    _check_columns(columns, path.name)
    return Manifest(path=path, columns=columns, rows=rows, sha256=hashlib.sha256(data).hexdigest())


def _check_columns(columns: Iterable[str], name: str) -> None:
    columns = list(columns)
    unknown = [c for c in columns if c not in KNOWN_COLUMNS]
    if unknown:
        hint = ""
        lowered = {c.lower(): c for c in KNOWN_COLUMNS}
        near = [
            f'"{c}" (did you mean "{lowered[c.lower()]}"?)' for c in unknown if c.lower() in lowered
        ]
        if near:
            hint = " " + ", ".join(near) + "."
        raise ManifestError(
            f"{name}: unknown column(s) {', '.join(repr(c) for c in unknown)}.{hint} "
            f"The columns are: {', '.join(KNOWN_COLUMNS)}."
        )
    duplicated = sorted({c for c in columns if columns.count(c) > 1})
    if duplicated:
        raise ManifestError(f"{name}: column(s) named twice: {', '.join(duplicated)}.")
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise ManifestError(f"{name}: required column(s) missing: {', '.join(missing)}.")


def _read_csv(text: str, name: str) -> tuple[tuple[str, ...], list[ManifestRow]]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        if header is None:
            raise ManifestError(f"{name}: the manifest is empty.")
        columns = tuple(column.strip() for column in header)
        rows: list[ManifestRow] = []
        line = reader.line_num + 1
        for record in reader:
            if any(cell.strip() for cell in record):
                if len(record) > len(columns):
                    raise ManifestError(
                        f"{name}, line {line}: {len(record)} cells but {len(columns)} columns."
                    )
                cells = {
                    column: record[index].strip() if index < len(record) else ""
                    for index, column in enumerate(columns)
                    if column
                }
                rows.append(ManifestRow(line=line, cells=cells))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise ManifestError(f"{name}, line {reader.line_num}: {exc}.") from exc
    return tuple(c for c in columns if c), rows


def _read_json(text: str, name: str) -> tuple[tuple[str, ...], list[ManifestRow]]:
    """A JSON array of objects, read object by object so each keeps its line number."""
    decoder = json.JSONDecoder()
    position = _skip_space(text, 0)
    if not text.startswith("[", position):
        raise ManifestError(f"{name}: a JSON manifest is an array of objects, one per document.")
    position = _skip_space(text, position + 1)
    columns: list[str] = []
    rows: list[ManifestRow] = []
    while not text.startswith("]", position):
        line = text.count("\n", 0, position) + 1
        try:
            item, position = decoder.raw_decode(text, position)
        except json.JSONDecodeError as exc:
            raise ManifestError(f"{name}, line {exc.lineno}: {exc.msg}.") from exc
        if not isinstance(item, dict):
            raise ManifestError(f"{name}, line {line}: each entry must be an object.")
        cells: dict[str, str | list[str]] = {}
        for key, value in item.items():
            if key not in columns:
                columns.append(key)
            cells[key] = _json_cell(key, value, name, line)
        rows.append(ManifestRow(line=line, cells=cells))
        position = _skip_space(text, position)
        if text.startswith(",", position):
            position = _skip_space(text, position + 1)
        elif not text.startswith("]", position):
            line = text.count("\n", 0, position) + 1
            raise ManifestError(f"{name}, line {line}: expected , or ] between entries.")
    if _skip_space(text, position + 1) != len(text):
        raise ManifestError(f"{name}: unexpected text after the closing ].")
    return tuple(columns), rows


def _json_cell(key: str, value, name: str, line: int) -> str | list[str]:
    if value is None:
        return ""
    if isinstance(value, list):
        if key not in MULTI_VALUED:
            raise ManifestError(f"{name}, line {line}: {key!r} takes one value, not a list.")
        return [str(part).strip() for part in value if part is not None and str(part).strip()]
    if isinstance(value, dict):
        raise ManifestError(f"{name}, line {line}: {key!r} cannot be an object.")
    return str(value).strip()


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\r\n":
        position += 1
    return position


def write_csv(path: Path, rows: Iterable[dict[str, str]], columns=KNOWN_COLUMNS) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(columns))
        writer.writeheader()
        for row in rows:
            writer.writerow(row)


def write_json(path: Path, rows: Iterable[dict[str, str | list[str]]]) -> None:
    with path.open("w", encoding="utf-8") as handle:
        handle.write("[\n")
        for index, row in enumerate(rows):
            if index:
                handle.write(",\n")
            handle.write(json.dumps(row, ensure_ascii=False))
        handle.write("\n]\n")
