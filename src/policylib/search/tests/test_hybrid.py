"""Questions in plain words: keyword and semantic ranking fused, relaxed matching, passages,
attachments named, and access applied inside the semantic part."""

import io

import numpy as np
import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from reportlab.pdfgen import canvas

from policylib import search
from policylib.library.models import Marking
from policylib.search import SearchQuery, engine, semantic, vectors

pytestmark = pytest.mark.django_db

QUESTION = (
    "What do I need to do before I transfer a detainee to another detention facility, "
    "and do I have to tell their lawyer?"
)
TRANSFERS = (
    "Detainee transfers. Before a detainee is moved from one detention facility to another, "
    "the officer reviews the medical record and notifies the detainee's attorney of record "
    "of the transfer and the new location within 24 hours. Transfers of detainees with "
    "counsel are coordinated with the field office."
)
OTHERS = {
    "Vehicle maintenance": "Fleet vehicles are serviced every 5,000 miles. Tires are rotated "
    "and oil is changed by the motor pool. Mileage logs are kept by the driver.",
    "Travel card use": "The government travel card pays for lodging and airfare on official "
    "travel. Receipts are kept for vouchers. Personal purchases are not allowed.",
    "Records retention": "Records are kept for the period in the records schedule and then "
    "destroyed or sent to the National Archives. Email is a record when it documents "
    "decisions.",
}


def pdf(pages: list[str]) -> bytes:
    buffer = io.BytesIO()
    drawing = canvas.Canvas(buffer)
    for text in pages:
        y = 720
        for line in _lines(text):
            drawing.drawString(72, y, line)
            y -= 14
        drawing.showPage()
    drawing.save()
    return buffer.getvalue()


def _lines(text: str, width: int = 80) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if len(line) + len(word) + 1 > width:
            lines.append(line)
            line = ""
        line = f"{line} {word}".strip()
    return [*lines, line]


@pytest.fixture
def library_of_questions(make_document, index):
    for title, text in OTHERS.items():
        make_document(title, text=text)
    made = make_document(
        "Detainee Transfers",
        identifier="DRO 11064.2",
        file_name="transfers.pdf",
        file_bytes=pdf([OTHERS["Vehicle maintenance"], TRANSFERS]),
    )
    index()
    return made


def ask(text: str, user=None, **fields) -> search.SearchResults:
    return search.search(SearchQuery(text=text, scope="all", **fields), user or AnonymousUser())


def test_a_long_question_finds_the_answering_passage(library_of_questions):
    found = ask(QUESTION)
    first = found.hits[0]
    assert first.title == "Detainee Transfers"
    # The passage shown is the page that answers (page 2 of the file), not page 1.
    assert first.page == 2
    assert "attorney" in str(first.snippet)


def test_the_results_page_answers_the_question_and_keeps_its_percentages(
    client, library_of_questions
):
    response = client.get(reverse("search:results"), {"q": QUESTION})
    assert response.status_code == 200
    rows = response.context["rows"]
    assert rows[0].title == "Detainee Transfers"
    assert rows[0].hit.percent == 100
    assert all(0 <= row.hit.percent <= 100 for row in rows)
    assert "No results" not in response.content.decode()


def test_words_that_do_not_all_match_are_relaxed_for_a_question(library_of_questions):
    # "zebra" is in no document: every-word matching finds nothing; the question's other
    # meaningful words still rank the transfer directive first, by words alone.
    found = ask("detainee transfer attorney zebra notification", mode="keyword")
    assert [hit.title for hit in found.hits][:1] == ["Detainee Transfers"]
    # A word or two that match nothing are still read as a typo (Did you mean).
    assert ask("detaine", mode="keyword").approximate


def test_meaning_finds_a_document_that_shares_no_word_with_the_question(library_of_questions):
    text = "automobile upkeep schedule"  # the document says fleet vehicles, serviced, miles
    assert "Vehicle maintenance" not in [hit.title for hit in ask(text, mode="keyword").hits]
    found = ask(text, mode="semantic")
    assert found.hits[0].title == "Vehicle maintenance"
    # Fused, it stands beside the keyword hit on "schedule" (records schedule).
    assert "Vehicle maintenance" in [hit.title for hit in ask(text).hits[:2]]


def test_an_identifier_typed_exactly_stays_first(library_of_questions, make_document, index):
    make_document("Transfers of detainees between facilities", identifier="DRO 11064.1")
    index()
    assert ask("DRO 11064.1").hits[0].identifier == "DRO 11064.1"
    assert ask("DRO 11064.2").hits[0].identifier == "DRO 11064.2"


def test_short_keyword_queries_rank_by_their_words(library_of_questions):
    # One word is a keyword query: only documents holding it.
    titles = [hit.title for hit in ask("receipts").hits]
    assert titles == ["Travel card use"]


def test_excluded_words_hold_for_hits_found_by_meaning(library_of_questions):
    found = ask("moving a detainee to another facility and telling the lawyer -attorney")
    assert "Detainee Transfers" not in [hit.title for hit in found.hits]


def test_nothing_restricted_is_ranked_counted_or_shown_by_meaning(
    client, make_document, index, member, les
):
    for title, text in OTHERS.items():
        make_document(title, text=text)
    make_document(
        "Sealed transfer tactics",
        text=TRANSFERS,
        marking=Marking.RESTRICTED,
        restricted_to=[les],
    )
    index()
    for mode in ("semantic", "hybrid"):
        found = ask(QUESTION, mode=mode)
        assert "Sealed transfer tactics" not in [hit.title for hit in found.hits]
        assert found.total == len(found.hits)
        counted = sum(f.count for f in found.facets.get("type", []))
        assert counted == found.total
    html = client.get(reverse("search:results"), {"q": QUESTION, "scope": "all"}).content
    assert b"Sealed transfer tactics" not in html
    assert "Sealed transfer tactics" in [hit.title for hit in ask(QUESTION, member).hits]


def test_a_hit_in_an_attachment_names_the_file_and_page(client, make_document, index):
    from policylib import extraction
    from policylib.library import services
    from policylib.library.models import FileRole

    document = make_document("Escort procedures", text="Escorts are planned in advance.")
    attached = services.attach_file(
        document=document,
        by=None,
        stream=io.BytesIO(pdf(["Forms list.", "The quarterly xylograph audit of escorts."])),
        original_name="annex-b.pdf",
        role=FileRole.ATTACHMENT,
    )
    extraction.extract_now(attached.pk)
    index()
    response = client.get(reverse("search:results"), {"q": "xylograph"})
    html = response.content.decode()
    address = reverse("library:file", args=[document.pk, attached.pk, "annex-b.pdf"])
    assert f'In <a href="{address}#page=2">annex-b.pdf</a>, page 2:' in html
    # The API says the same, and the link opens the file.
    hit = client.get("/api/v1/search/", {"q": "xylograph"}).json()["results"][0]
    assert hit["page"] == 2
    assert hit["attachment"] == {
        "name": "annex-b.pdf",
        "url": f"http://testserver{address}#page=2",
    }
    assert client.get(address).status_code == 200


def test_mode_is_a_parameter_of_the_api(client, library_of_questions):
    def first(mode: str) -> list[str]:
        answer = client.get("/api/v1/search/", {"q": QUESTION, "mode": mode})
        assert answer.status_code == 200
        return [hit["title"] for hit in answer.json()["results"]][:1]

    assert first("hybrid") == ["Detainee Transfers"]
    assert first("semantic") == ["Detainee Transfers"]
    assert client.get("/api/v1/search/", {"q": "x", "mode": "psychic"}).status_code == 400


def test_mode_is_a_parameter_of_the_results_page(client, library_of_questions):
    for mode in ("hybrid", "keyword", "semantic"):
        response = client.get(reverse("search:results"), {"q": "travel card", "mode": mode})
        assert response.status_code == 200, mode
    response = client.get(reverse("search:results"), {"q": "travel card", "mode": "psychic"})
    assert response.status_code == 400
    assert "Match" in response.content.decode()


def test_the_embedding_is_wordllamas_own(tmp_path):
    """The model's files, read directly (weights memory-mapped), and passages embedded word by
    word from a cache, give wordllama's own vector of the text with its spaces collapsed."""
    import shutil

    from wordllama import WordLlama

    # wordllama 0.4 looks for its shipped tokenizer in a folder it does not ship, then tries
    # to download it: given a cache holding it, with downloads off, it loads offline.
    shipped = semantic._package() / "tokenizers" / semantic.TOKENIZER
    (tmp_path / "tokenizers").mkdir()
    shutil.copyfile(shipped, tmp_path / "tokenizers" / semantic.TOKENIZER)
    model = WordLlama.load(semantic.MODEL, cache_dir=tmp_path, disable_download=True)

    embedder = semantic.embedder()
    text = "The officer\n\nnotifies  the detainee's attorney of record, within 24 hours."
    theirs = model.embed(" ".join(text.split()), norm=True)[0]
    ours = embedder.passages([text])[0]
    assert float(np.dot(theirs, ours)) > 0.999
    assert float(np.dot(embedder.query(text), ours)) > 0.999
    assert isinstance(embedder.table, np.memmap)


def test_vectors_follow_the_index_and_check_reports_them(make_document, index, fresh_index):
    document = make_document("Travel card use", text=OTHERS["Travel card use"])
    index()
    assert search.check().ok
    stamps = engine.vector_store().stamps()
    assert document.pk in stamps

    # Vectors older than the database are stale to `search check`; repair rewrites them.
    writer = vectors.VectorWriter(fresh_index)
    writer.remove(document.pk)
    writer.commit()
    report = search.check()
    assert report.stale == [document.pk]
    assert search.repair().stale == [document.pk]
    assert search.check().ok
    assert document.pk in engine.vector_store().stamps()


def test_many_commits_keep_one_live_row_set_per_owner(make_document, index, fresh_index):
    from policylib.library import services

    document = make_document("Travel card use", text=OTHERS["Travel card use"])
    index()
    for number in range(vectors.MAX_SEGMENTS * 3):
        services.update_document(document=document, by=None, title=f"Travel card rules {number}")
        index()
    store = engine.vector_store()
    assert len(store.segments) <= vectors.MAX_SEGMENTS + 1
    # One heading row and one page row: the latest, with nothing left of earlier titles.
    assert store.rows == 2
    found = ask("Travel card rules", mode="semantic")
    assert [hit.title for hit in found.hits] == [
        f"Travel card rules {vectors.MAX_SEGMENTS * 3 - 1}"
    ]
    assert search.check().ok


def test_segments_merge_small_with_small(tmp_path, monkeypatch):
    """One document changed per commit, 1,000 times: few segments, each row rewritten a few
    times at most (not the whole store on every commit), every document's latest rows kept."""
    import math

    import tantivy

    written = []
    write = vectors._write_segment

    def counting(folder, rows, keys, touched):
        written.append(len(keys))
        return write(folder, rows, keys, touched)

    monkeypatch.setattr(vectors, "_write_segment", counting)
    owners, changes = 500, 1000
    for change in range(changes):
        writer = vectors.VectorWriter(tmp_path)
        owner = change % owners + 1
        writer.remove(owner)
        writer.add(tantivy.Document(id=owner, kind="doc", title=f"Rule {change}", stamp=change))
        writer.commit()
    store = vectors.store(tmp_path)
    assert len(store.segments) <= math.log2(changes) + 2
    assert store.rows == owners
    assert store.stamps() == {o: changes - owners + o - 1 for o in range(1, owners + 1)}
    # Each commit writes its own row, a share of the merges, and of the compactions that
    # drop dead rows: rows written grow as changes times log2(changes), not as changes squared.
    assert sum(written) <= changes * (math.log2(changes) + 4)


def test_a_hidden_document_close_to_the_question_changes_nothing_a_reader_sees(
    make_document, index, les
):
    """The semantic hits a reader gets, and their count, are the same with or without a
    restricted document that answers the question word for word."""
    for title, text in OTHERS.items():
        make_document(title, text=text)
    make_document("Detainee Transfers", text=TRANSFERS)
    index()
    question = "how are fleet vehicles serviced and what about the mileage logs"
    before = ask(question, mode="semantic")
    make_document("Sealed fleet notes", text=question, marking=Marking.RESTRICTED,
                  restricted_to=[les])  # fmt: skip
    index()
    after = ask(question, mode="semantic")
    assert [h.title for h in after.hits] == [h.title for h in before.hits]
    assert after.total == before.total
