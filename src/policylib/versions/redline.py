"""Compare two versions: a redline of their text and a table of their records.

Text is compared line by line first (fast on long documents), then word by word inside the
lines that changed, with `difflib`. Long runs of unchanged lines fold into one "unchanged"
row so the changes stand out.
"""

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import FieldDoesNotExist

from policylib.library.models import Document

EQUAL, INSERT, DELETE = "equal", "insert", "delete"
CONTEXT_LINES = 2
# Past this many words on one side, a changed block is shown as replaced whole: word-level
# matching of very long blocks costs more than it tells.
MAX_WORDS_PER_BLOCK = 4000
_TOKENS = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)


@dataclass
class Segment:
    op: str  # equal, insert, delete
    text: str


@dataclass
class Row:
    """One line of the redline, or a fold of `skipped` unchanged lines."""

    segments: list[Segment] = field(default_factory=list)
    skipped: int = 0

    @property
    def changed(self) -> bool:
        return any(s.op != EQUAL for s in self.segments)

    @property
    def blank(self) -> bool:
        return not self.skipped and not any(s.text.strip() for s in self.segments)


@dataclass
class Redline:
    rows: list[Row] = field(default_factory=list)
    insertions: int = 0  # runs of inserted words
    deletions: int = 0  # runs of deleted words

    @property
    def identical(self) -> bool:
        return not (self.insertions or self.deletions)


def normalize(text: str) -> list[str]:
    """Lines with their inner whitespace collapsed, blank runs kept as one blank line."""
    lines: list[str] = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = " ".join(raw.split())
        if line or (lines and lines[-1]):
            lines.append(line)
    while lines and not lines[-1]:
        lines.pop()
    return lines


def redline(old: str, new: str, *, context: int = CONTEXT_LINES) -> Redline:
    """Mark what `new` inserts into and deletes from `old`."""
    old_lines, new_lines = normalize(old), normalize(new)
    result = Redline()
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    opcodes = matcher.get_opcodes()
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            _equal_rows(
                result,
                old_lines[i1:i2],
                context=context,
                first=index == 0,
                last=index == len(opcodes) - 1,
            )
        else:
            _changed_rows(result, old_lines[i1:i2], new_lines[j1:j2])
    return result


def _equal_rows(result: Redline, lines: list[str], *, context: int, first: bool, last: bool):
    keep_head = 0 if first else context
    keep_tail = 0 if last else context
    if len(lines) <= keep_head + keep_tail + 1:
        result.rows.extend(Row([Segment(EQUAL, line)]) for line in lines)
        return
    result.rows.extend(Row([Segment(EQUAL, line)]) for line in lines[:keep_head])
    result.rows.append(Row(skipped=len(lines) - keep_head - keep_tail))
    result.rows.extend(Row([Segment(EQUAL, line)]) for line in lines[len(lines) - keep_tail :])


def _changed_rows(result: Redline, old_lines: list[str], new_lines: list[str]) -> None:
    old_tokens = _TOKENS.findall("\n".join(old_lines))
    new_tokens = _TOKENS.findall("\n".join(new_lines))
    segments: list[Segment] = []
    if max(len(old_tokens), len(new_tokens)) > MAX_WORDS_PER_BLOCK * 2:
        _add(segments, DELETE, "\n".join(old_lines))
        _add(segments, INSERT, "\n".join(new_lines))
    else:
        matcher = difflib.SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                _add(segments, EQUAL, "".join(old_tokens[i1:i2]))
                continue
            if tag in ("delete", "replace"):
                _add(segments, DELETE, "".join(old_tokens[i1:i2]))
            if tag in ("insert", "replace"):
                _add(segments, INSERT, "".join(new_tokens[j1:j2]))
    result.insertions += sum(1 for s in segments if s.op == INSERT and s.text.strip())
    result.deletions += sum(1 for s in segments if s.op == DELETE and s.text.strip())
    result.rows.extend(_split_lines(segments))


def _add(segments: list[Segment], op: str, text: str) -> None:
    if not text:
        return
    # A change that is only whitespace reads as nothing; keep it with its neighbours.
    if op != EQUAL and not text.strip() and "\n" not in text:
        if op == DELETE:
            return  # a deleted space simply goes
        op = EQUAL
    if segments and segments[-1].op == op:
        segments[-1].text += text
    else:
        segments.append(Segment(op, text))


def _split_lines(segments: list[Segment]) -> list[Row]:
    """Cut a run of segments at line breaks into rows."""
    rows = [Row()]
    for segment in segments:
        parts = segment.text.split("\n")
        for number, part in enumerate(parts):
            if number:
                rows.append(Row())
            if part:
                rows[-1].segments.append(Segment(segment.op, part))
    # A line break that only one side had leaves an empty row: drop it.
    return [row for row in rows if row.segments]


# -- Records ------------------------------------------------------------------------------


@dataclass
class FieldChange:
    name: str
    label: str
    old: str
    new: str

    @property
    def changed(self) -> bool:
        return self.old != self.new


FILE_FIELDS = {"file": "File", "attachments": "Attachments"}


def _label(name: str) -> str:
    if name in FILE_FIELDS:
        return FILE_FIELDS[name]
    try:
        verbose = str(Document._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        verbose = name.replace("_", " ")
    return verbose if verbose.isupper() else verbose[:1].upper() + verbose[1:]


def _show(name: str, value: Any) -> str:
    if value in (None, "", []):
        return ""
    if name == "file":
        return _show_file(value)
    if name == "attachments":
        return "; ".join(_show_file(item) for item in value)
    if isinstance(value, list):
        return "; ".join(str(item) for item in value)
    if name == "marking":
        return str(value).capitalize()
    return str(value)


def _show_file(record: dict[str, Any]) -> str:
    # The short digest tells two files of the same name apart.
    return f"{record.get('name', '')} ({record.get('sha256', '')[:8]})"


def compare_records(old: dict[str, Any], new: dict[str, Any]) -> list[FieldChange]:
    """Every recorded field of two versions side by side, in the order the record shows."""
    names = list(old) + [name for name in new if name not in old]
    return [
        FieldChange(name, _label(name), _show(name, old.get(name)), _show(name, new.get(name)))
        for name in names
    ]
