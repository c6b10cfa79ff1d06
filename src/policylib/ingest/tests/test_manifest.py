import pytest

from policylib.ingest.manifest import ManifestError, read_manifest


def write(tmp_path, name: str, content: str | bytes):
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def test_csv_rows_keep_the_line_they_start_on(tmp_path):
    path = write(
        tmp_path,
        "m.csv",
        "identifier,title,library,type\n"
        'A,"A title\nover two lines",Lib,Directive\n'
        "\n"
        "B,B title,Lib,Directive\n",
    )
    manifest = read_manifest(path)
    assert [(r.line, r.text("identifier")) for r in manifest.rows] == [(2, "A"), (5, "B")]
    assert manifest.rows[0].text("title") == "A title\nover two lines"


def test_several_values_are_separated_by_semicolons(tmp_path):
    path = write(
        tmp_path,
        "m.csv",
        "identifier,title,library,type,subjects\nA,T,Lib,Directive, Escort ;Removal;; \n",
    )
    assert read_manifest(path).rows[0].values("subjects") == ["Escort", "Removal"]


def test_a_byte_order_mark_before_the_header_is_ignored(tmp_path):
    path = write(tmp_path, "m.csv", b"\xef\xbb\xbfidentifier,title,library,type\nA,T,L,D\n")
    assert read_manifest(path).rows[0].text("identifier") == "A"


def test_an_unknown_column_is_refused_with_a_suggestion(tmp_path):
    path = write(tmp_path, "m.csv", "identifier,title,library,type,Supersedes\nA,T,L,D,B\n")
    with pytest.raises(ManifestError, match=r'"Supersedes" \(did you mean "supersedes"\?\)'):
        read_manifest(path)


def test_a_missing_required_column_is_named(tmp_path):
    path = write(tmp_path, "m.csv", "identifier,title,library\nA,T,L\n")
    with pytest.raises(ManifestError, match=r"required column.*type"):
        read_manifest(path)


def test_a_manifest_that_is_not_utf8_says_where(tmp_path):
    path = write(tmp_path, "m.csv", b"identifier,title,library,type\nA,Caf\xe9,L,D\n")
    with pytest.raises(ManifestError, match="line 2: the manifest is not UTF-8"):
        read_manifest(path)


def test_a_row_with_more_cells_than_columns_is_refused(tmp_path):
    path = write(tmp_path, "m.csv", "identifier,title,library,type\nA,T,L,D,extra\n")
    with pytest.raises(ManifestError, match="line 2: 5 cells but 4 columns"):
        read_manifest(path)


def test_json_entries_keep_their_line_and_may_list_values(tmp_path):
    path = write(
        tmp_path,
        "m.json",
        '[\n  {"identifier": "A", "title": "T", "library": "L", "type": "D",\n'
        '   "subjects": ["Escort", "Removal"]},\n'
        '  {"identifier": "B", "title": "T", "library": "L", "type": "D", "issued": null}\n]\n',
    )
    rows = read_manifest(path).rows
    assert [(r.line, r.text("identifier")) for r in rows] == [(2, "A"), (4, "B")]
    assert rows[0].values("subjects") == ["Escort", "Removal"]
    assert rows[1].text("issued") == ""


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"identifier": "A"}', "an array of objects"),
        ('[{"identifier": "A", "title": }]', "line 1: Expecting value"),
        ('[\n"A"\n]', "line 2: each entry must be an object"),
        ('[{"identifier": "A", "title": ["T", "U"], "library": "L", "type": "D"}]', "one value"),
    ],
)
def test_a_json_manifest_that_cannot_be_read_says_why(tmp_path, content, message):
    with pytest.raises(ManifestError, match=message):
        read_manifest(write(tmp_path, "m.json", content))


def test_other_file_types_are_refused(tmp_path):
    with pytest.raises(ManifestError, match=r"\.csv or a \.json"):
        read_manifest(write(tmp_path, "m.xlsx", "x"))
