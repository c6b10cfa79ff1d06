"""The file store's incoming folder: what a killed upload leaves there is swept, nothing else."""

import io

from policylib.library import files


def test_the_sweep_removes_files_no_process_holds_and_keeps_those_being_written():
    incoming = files.incoming_dir()
    abandoned = incoming / "tmp-abandoned"
    abandoned.write_bytes(b"half an upload")
    with (incoming / "tmp-being-written").open("wb") as writing:
        assert files.hold(writing, writing.name)

        assert files.sweep_incoming() == ["tmp-abandoned"]
        assert sorted(p.name for p in incoming.iterdir()) == ["tmp-being-written"]


def test_storing_leaves_nothing_in_the_incoming_folder():
    stored = files.store(io.BytesIO(b"Escort rules"), original_name="rules.txt")
    again = files.store(io.BytesIO(b"Escort rules"), original_name="copy.txt")
    assert again.name == stored.name
    assert list(files.incoming_dir().iterdir()) == []
