from policylib.versions.redline import DELETE, EQUAL, INSERT, compare_records, redline


def _ops(result):
    return [(s.op, s.text) for row in result.rows for s in row.segments]


def test_a_changed_word_is_a_deletion_and_an_insertion():
    result = redline(
        "Detainees shall receive two meals a day.", "Detainees shall receive three meals a day."
    )
    assert (DELETE, "two") in _ops(result)
    assert (INSERT, "three") in _ops(result)
    assert (result.deletions, result.insertions) == (1, 1)


def test_added_and_removed_paragraphs_are_marked_whole():
    old = "Purpose.\n\nScope.\n\nOld section."
    new = "Purpose.\n\nScope.\n\nNew definitions.\n\nOld section."
    result = redline(old, new)
    assert (INSERT, "New definitions.") in _ops(result)
    assert result.deletions == 0
    removed = redline(new, old)
    assert (DELETE, "New definitions.") in _ops(removed)
    assert removed.insertions == 0


def test_identical_text_has_no_changes_even_if_spacing_differs():
    assert redline("One  rule.\n\n\nTwo rules.", "One rule.\n\nTwo rules.  ").identical


def test_long_unchanged_stretches_fold_into_a_count():
    same = [f"Unchanged line {n}." for n in range(50)]
    old = "\n".join([*same, "The last rule."])
    new = "\n".join([*same, "The final rule."])
    result = redline(old, new, context=2)
    folds = [row.skipped for row in result.rows if row.skipped]
    assert folds == [48]
    kept = [s.text for row in result.rows for s in row.segments if s.op == EQUAL]
    assert "Unchanged line 49." in kept
    assert "Unchanged line 0." not in kept


def test_record_comparison_names_each_field_and_its_values():
    old = {"title": "Escort policy", "opi": "ERO", "file": {"name": "a.pdf", "sha256": "ab" * 32}}
    new = {"title": "Escort Policy", "opi": "ERO", "file": {"name": "a.pdf", "sha256": "cd" * 32}}
    changed = {f.label: (f.old, f.new) for f in compare_records(old, new) if f.changed}
    assert changed["Title"] == ("Escort policy", "Escort Policy")
    assert "OPI" not in changed
    assert changed["File"][0] != changed["File"][1], "same name, different content shows"


def _side(result, leave_out: str) -> str:
    """One side of a redline without its whitespace: the old text, or the new one."""
    kept = "".join(s.text for row in result.rows for s in row.segments if s.op != leave_out)
    return "".join(kept.split())


def test_fifteen_hundred_alternating_lines_compare_at_once_and_correctly():
    old = "\n".join("ab"[n % 2] for n in range(1500))
    new = "\n".join("ba"[n % 2] for n in range(1500))
    result = redline(old, new, context=10**6)
    assert result.rows
    assert not result.identical
    assert _side(result, INSERT) == "".join(old.split())
    assert _side(result, DELETE) == "".join(new.split())
    assert result.coarse == bool(result.coarse_reason)


def test_a_megabyte_with_nothing_in_common_is_shown_whole_with_a_notice():
    old = " ".join(f"old{n}" for n in range(150_000))  # one line of about 1 MB
    new = " ".join(f"new{n}" for n in range(150_000))
    result = redline(old, new)
    assert result.coarse
    assert "word by word" in result.coarse_reason
    assert [s.op for row in result.rows for s in row.segments] == [DELETE, INSERT]
    assert _side(result, INSERT) == "".join(old.split())
    assert _side(result, DELETE) == "".join(new.split())


def test_one_word_changed_in_a_megabyte_is_still_shown_word_by_word():
    words = [f"word{n}" for n in range(120_000)]
    old = "\n".join(" ".join(words[n : n + 12]) for n in range(0, len(words), 12))
    new = old.replace("word60000 ", "changed ")
    result = redline(old, new)
    assert not result.coarse
    assert (DELETE, "word60000") in _ops(result)
    assert (INSERT, "changed") in _ops(result)
