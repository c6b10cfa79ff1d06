"""Compare two versions: a redline of their text and a table of their records.

Text is compared line by line first, then word by word inside the passages that changed, with
the diff-match-patch algorithm (Myers' diff with speed-ups for common prefixes, suffixes and
shared middles). Any two texts can be compared: the whole comparison has a time budget, and a
changed passage too long to compare word by word, or left when the time runs out, is shown as
whole lines deleted and inserted, with a notice saying so (`Redline.coarse`). Long runs of
unchanged lines fold into one "unchanged" row so the changes stand out.
"""

import re
import time
from dataclasses import dataclass, field
from typing import Any

from diff_match_patch import diff_match_patch
from django.core.exceptions import FieldDoesNotExist

from policylib.library.models import Document

EQUAL, INSERT, DELETE = "equal", "insert", "delete"
CONTEXT_LINES = 2
# The time one comparison may take, line and word diffs together; what is left when it runs
# out is shown line by line. Rendering the page comes on top.
TIME_BUDGET_SECONDS = 0.8
# Past this many characters on one side (common start and end aside), a changed passage is
# shown as whole lines: a word diff of it costs more than it tells.
MAX_WORD_DIFF_CHARS = 100_000
TOO_SLOW = (
    "These texts are too different to compare word by word within the time allowed; "
    "changed lines are shown whole."
)
TOO_LONG = (
    "Some changed passages are too long to compare word by word; "
    "their changed lines are shown whole."
)
_TOKENS = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)
_DMP_OP = {-1: DELETE, 0: EQUAL, 1: INSERT}


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
    # Some changes are shown as whole lines rather than word by word; `coarse_reason` says why.
    coarse: bool = False
    coarse_reason: str = ""

    @property
    def identical(self) -> bool:
        return not (self.insertions or self.deletions)

    def _coarsen(self, reason: str) -> None:
        # Running out of time is the broader reason, so it wins over a passage's length.
        if not self.coarse or reason == TOO_SLOW:
            self.coarse, self.coarse_reason = True, reason


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


def _as_chars(*sequences: list[str]) -> tuple[list[str], list[str]]:
    """Each sequence of strings (lines, words) as a string of one character per item, so the
    character diff compares whole items; also the items by character code."""
    codes: dict[str, str] = {}
    items: list[str] = []
    encoded = []
    for sequence in sequences:
        chars = []
        for item in sequence:
            code = codes.get(item)
            if code is None:
                code = codes[item] = chr(len(items))
                items.append(item)
            chars.append(code)
        encoded.append("".join(chars))
    return encoded, items


class _Engine(diff_match_patch):
    """diff-match-patch with its deadline honoured throughout.

    The deadline bounds the diff itself; the "half match" speed-up that runs before it is not
    bounded, and on periodic text (the same lines over and over) it tries every place its seed
    recurs, which is quadratic. There it is skipped: the diff proper handles such text fast.
    """

    MAX_SEED_REPEATS = 8

    def __init__(self) -> None:
        super().__init__()
        self.Diff_Timeout = TIME_BUDGET_SECONDS  # > 0 keeps the half-match speed-up on

    def diff_halfMatch(self, text1: str, text2: str):
        longtext, shorttext = (text1, text2) if len(text1) > len(text2) else (text2, text1)
        for start in ((len(longtext) + 3) // 4, (len(longtext) + 1) // 2):
            seed = longtext[start : start + len(longtext) // 4]
            if seed and _recurs(seed, shorttext, self.MAX_SEED_REPEATS):
                return None
        return super().diff_halfMatch(text1, text2)


def _recurs(seed: str, text: str, times: int) -> bool:
    """Does `seed` occur in `text` more than `times` times (overlaps counted)?"""
    at = -1
    for _ in range(times + 1):
        at = text.find(seed, at + 1)
        if at == -1:
            return False
    return True


def _diff(old: str, new: str, deadline: float) -> tuple[list[tuple[int, str]], bool]:
    """diff-match-patch's diff of two strings, and whether it finished before `deadline`
    (past it, what is left is given as one deletion and one insertion)."""
    if not set(old) & set(new):
        # Nothing in common: the answer is known, and the search would only burn the budget.
        return [(op, text) for op, text in ((-1, old), (1, new)) if text], True
    diffs = _Engine().diff_main(old, new, checklines=False, deadline=deadline)
    return diffs, time.time() < deadline


def redline(old: str, new: str, *, context: int = CONTEXT_LINES) -> Redline:
    """Mark what `new` inserts into and deletes from `old`."""
    deadline = time.time() + TIME_BUDGET_SECONDS
    old_lines, new_lines = normalize(old), normalize(new)
    result = Redline()
    (old_chars, new_chars), _ = _as_chars(old_lines, new_lines)
    diffs, finished = _diff(old_chars, new_chars, deadline)
    if not finished:
        result._coarsen(TOO_SLOW)
    # Runs of equal lines, and between them the changed lines on each side.
    blocks: list[tuple[str, list[str], list[str]]] = []
    i = j = 0
    for op, chars in diffs:
        size = len(chars)
        if op == 0:
            blocks.append((EQUAL, old_lines[i : i + size], []))
            i += size
            j += size
            continue
        if not blocks or blocks[-1][0] == EQUAL:
            blocks.append(("change", [], []))
        if op == -1:
            blocks[-1][1].extend(old_lines[i : i + size])
            i += size
        else:
            blocks[-1][2].extend(new_lines[j : j + size])
            j += size
    for index, (kind, before, after) in enumerate(blocks):
        if kind == EQUAL:
            _equal_rows(
                result, before, context=context, first=index == 0, last=index == len(blocks) - 1
            )
        else:
            _changed_rows(result, before, after, deadline)
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


def _common_ends(old: str, new: str) -> tuple[int, int]:
    """How many characters the two texts share at the start and at the end, cut back to
    whitespace so no word is split (normalized text has only spaces and newlines)."""
    engine = diff_match_patch()
    head = engine.diff_commonPrefix(old, new)
    head = max(old.rfind(" ", 0, head), old.rfind("\n", 0, head)) + 1
    tail = engine.diff_commonSuffix(old[head:], new[head:])
    if tail:
        start = len(old) - tail
        found = [at for at in (old.find(" ", start), old.find("\n", start)) if at != -1]
        tail = len(old) - min(found) if found else 0
    return head, tail


def _changed_rows(result: Redline, old_lines: list[str], new_lines: list[str], deadline: float):
    old_text, new_text = "\n".join(old_lines), "\n".join(new_lines)
    head, tail = _common_ends(old_text, new_text)
    old_middle = old_text[head : len(old_text) - tail]
    new_middle = new_text[head : len(new_text) - tail]
    if max(len(old_middle), len(new_middle)) > MAX_WORD_DIFF_CHARS:
        _whole_rows(result, old_text, new_text, TOO_LONG)
        return
    if time.time() >= deadline:
        _whole_rows(result, old_text, new_text, TOO_SLOW)
        return
    (old_chars, new_chars), tokens = _as_chars(
        _TOKENS.findall(old_middle), _TOKENS.findall(new_middle)
    )
    diffs, finished = _diff(old_chars, new_chars, deadline)
    if not finished:
        result._coarsen(TOO_SLOW)
    segments: list[Segment] = []
    _add(segments, EQUAL, old_text[:head])
    for op, chars in diffs:
        _add(segments, _DMP_OP[op], "".join(tokens[ord(c)] for c in chars))
    _add(segments, EQUAL, old_text[len(old_text) - tail :])
    result.insertions += sum(1 for s in segments if s.op == INSERT and s.text.strip())
    result.deletions += sum(1 for s in segments if s.op == DELETE and s.text.strip())
    result.rows.extend(_split_lines(segments))


def _whole_rows(result: Redline, old_text: str, new_text: str, reason: str) -> None:
    """The changed lines as they were and as they are, each side in one row (its lines kept
    apart by line breaks): cheap to build and to draw, whatever their length."""
    result._coarsen(reason)
    for op, text in ((DELETE, old_text), (INSERT, new_text)):
        if text.strip():
            result.rows.append(Row([Segment(op, text)]))
            if op == DELETE:
                result.deletions += 1
            else:
                result.insertions += 1


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
