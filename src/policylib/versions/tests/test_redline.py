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
