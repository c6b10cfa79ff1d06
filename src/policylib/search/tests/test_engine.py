"""Search through the public interface: ranking, syntax, access and index upkeep."""

import shutil
import socket
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from policylib import search
from policylib.library import lifecycle, services
from policylib.library.models import Marking, Status
from policylib.search import SearchQuery, engine
from policylib.search.models import IndexNode, IndexOutbox

pytestmark = pytest.mark.django_db
ANONYMOUS = AnonymousUser()


def titles(text, user=ANONYMOUS, **filters):
    results = search.search(SearchQuery(text=text, **filters), user)
    return [hit.title for hit in results.hits]


def test_word_finds_title_with_percent_and_snippet(make_document, index):
    make_document(
        "Field Advisory Deviation from the Escort Policy",
        text="Officers on escort duty must keep the detainee in view at all times.",
    )
    make_document("Vehicle maintenance", text="Tyres and brakes.")
    index()
    results = search.search(SearchQuery(text="escort"), ANONYMOUS)
    assert results.total == 1
    hit = results.hits[0]
    assert hit.title == "Field Advisory Deviation from the Escort Policy"
    assert hit.percent == 100
    assert "<mark>escort</mark>" in hit.snippet


def test_stemming_and_derivations(make_document, index):
    make_document("Detention standards", text="Rules on detention of persons.")
    index()
    assert titles("detain") == ["Detention standards"]
    assert titles("detained") == ["Detention standards"]
    assert titles("standard") == ["Detention standards"]


def test_words_are_and_phrase_or_exclude(make_document, index):
    make_document("Escort policy", text="armed escort of the vehicle")
    make_document("Vehicle policy", text="escort vehicle armed guard")
    make_document("Firearms", text="armed officers")
    index()
    assert sorted(titles("armed escort")) == ["Escort policy", "Vehicle policy"]
    assert titles('"armed escort"') == ["Escort policy"]
    assert sorted(titles("firearms OR guard")) == ["Firearms", "Vehicle policy"]
    assert titles("armed -vehicle") == ["Firearms"]
    assert titles("armed NOT vehicle") == ["Firearms"]


def test_prefix_with_snippet(make_document, index):
    make_document("Custody", text="Conditions of detention are reviewed yearly.")
    index()
    results = search.search(SearchQuery(text="detent*"), ANONYMOUS)
    assert [h.title for h in results.hits] == ["Custody"]
    assert "<mark>detention</mark>" in results.hits[0].snippet


def test_identifier_first(make_document, index):
    make_document("Style guide", identifier="PEP 8", summary="How to write code.")
    for n in range(5):
        make_document(f"PEP {n + 10} things", identifier=f"PEP {n + 10}",
                      summary="PEP 8 is referenced here, PEP 8 again, pep 8.")  # fmt: skip
    make_document("Property", identifier="DROPPM Chapter 21")
    make_document("Chapter on property", summary="droppm chapter 21 droppm chapter 21")
    make_document("Order", identifier="11064.2")
    make_document("Mentions", summary="see order 11064.2 and 11064.2")
    index()
    assert titles("PEP 8")[0] == "Style guide"
    assert titles("droppm chapter 21")[0] == "Property"
    assert titles("11064.2")[0] == "Order"


def test_typo_tolerance(make_document, index):
    make_document("Escort policy", text="procedures")
    index()
    results = search.search(SearchQuery(text="escrot"), ANONYMOUS)
    assert results.approximate
    assert [h.title for h in results.hits] == ["Escort policy"]
    assert results.suggestion == "escort"


def test_did_you_mean_respells_only_the_misspelled_words(make_document, index):
    make_document("Vehicle policy", text="Rules on the detention of persons in custody.")
    index()
    results = search.search(SearchQuery(text='vehicle detension "in custody"'), ANONYMOUS)
    assert results.suggestion == 'vehicle detention "in custody"'
    exact = search.search(SearchQuery(text=results.suggestion), ANONYMOUS)
    assert not exact.approximate
    assert exact.total == 1


def test_did_you_mean_never_draws_on_documents_the_reader_cannot_see(
    make_document, index, les, member
):
    sealed = make_document("Sealed tactics", text="xylophonic manoeuvres")
    services.update_document(document=sealed, by=None, marking=Marking.RESTRICTED)
    sealed.restricted_to.add(les)
    make_document("Band rules", text="xylophone practice")
    index()
    outsider = search.search(SearchQuery(text="xylophonik"), ANONYMOUS)
    assert outsider.suggestion == "xylophone"
    assert [h.title for h in outsider.hits] == ["Band rules"]
    insider = search.search(SearchQuery(text="xylophonik"), member)
    assert insider.suggestion in {"xylophone", "xylophonic"}


MALFORMED = [
    '"unbalanced', "OR", "AND", "NOT", "-", "*", "a OR", "OR b", "title:(a OR", "[a TO b]",
    "x^2", "x" * 10_000, "a\x00b\x07c", "((((", "~~", "\\", "'", "*:*", "a AND OR NOT b",
    '""', "-*", "🙂", "\u202e evil", "title:escort", "{a TO b}", "a~2", "/regex/",
]  # fmt: skip


@pytest.mark.parametrize("text", MALFORMED)
def test_malformed_queries_answer(make_document, index, text):
    make_document("Escort policy", text="escort")
    index()
    search.search(SearchQuery(text=text), ANONYMOUS)
    search.live_search(text, ANONYMOUS)


def test_restricted_words_leak_nowhere(make_document, index, les, member, reader, staff):
    make_document("Public escort", text="escort")
    make_document("Sealed tactics", text="escort xylophonic", marking=Marking.RESTRICTED,
                  restricted_to=[les])  # fmt: skip
    make_document("Staff only", text="xylophonic", marking=Marking.RESTRICTED)
    index()
    for user in (ANONYMOUS, reader):
        results = search.search(SearchQuery(text="xylophonic"), user)
        assert (results.total, results.hits, results.facets) == (0, [], {})
        results = search.search(SearchQuery(text="escort"), user)
        assert results.total == 1
        assert sum(f.count for f in results.facets["type"]) == 1
        assert search.live_search("xylo", user).hits == []
    assert titles("xylophonic", member) == ["Sealed tactics"]
    assert sorted(titles("xylophonic", staff)) == ["Sealed tactics", "Staff only"]


def test_internal_needs_sign_in_and_drafts_need_staff(make_document, index, reader, staff):
    make_document("Inside memo", text="quokka", marking=Marking.INTERNAL)
    make_document("Draft memo", text="quokka", status=Status.DRAFT)
    index()
    assert titles("quokka", scope="all") == []
    assert titles("quokka", reader, scope="all") == ["Inside memo"]
    assert sorted(titles("quokka", staff, scope="all")) == ["Draft memo", "Inside memo"]


def test_scopes(make_document, index):
    old = make_document("Escort policy 2019", text="escort")
    new = make_document("Escort policy 2024", text="escort")
    lifecycle.supersede(successor=new, predecessor=old, by=None)
    index()
    assert titles("escort") == ["Escort policy 2024"]
    assert titles("escort", scope="archived") == ["Escort policy 2019"]
    assert sorted(titles("escort", scope="all")) == ["Escort policy 2019", "Escort policy 2024"]


def test_index_follows_changes_and_outbox_is_idempotent(make_document, index):
    document = make_document("Escort policy", text="escort")
    index()  # the node registers and builds its index
    assert not IndexOutbox.objects.exists()
    services.update_document(document=document, by=None, title="Convoy policy")
    assert IndexOutbox.objects.count() == 1  # queued for the one node, in the same transaction
    node = IndexOutbox.objects.get().node
    IndexOutbox.objects.create(node=node, document_id=document.pk)  # a duplicate row
    index()
    index()
    assert not IndexOutbox.objects.exists()
    assert titles("convoy") == ["Convoy policy"]
    assert titles("escort") == ["Convoy policy"]  # still in the file text
    assert search.search(SearchQuery(text="convoy"), ANONYMOUS).total == 1
    assert search.check().ok


def test_two_nodes_sharing_a_database_each_converge(make_document, index, settings, tmp_path):
    """Each index folder is a node with its own outbox; a change reaches every node."""

    def on_node(name):
        settings.POLICYLIB_INDEX_DIR = tmp_path / name
        engine.forget_readers()

    make_document("Escort policy", text="escort")
    on_node("a")
    index()
    on_node("b")
    index()
    assert set(IndexNode.objects.values_list("name", flat=True)) == {
        f"{socket.gethostname()}:{tmp_path / 'a'}",
        f"{socket.gethostname()}:{tmp_path / 'b'}",
    }
    vehicle = make_document("Vehicle policy", text="vehicle")
    queued = set(IndexOutbox.objects.values_list("node__name", "document_id"))
    assert {(name, vehicle.pk) for name in IndexNode.objects.values_list("name", flat=True)} == (
        queued
    )  # every node has the change queued
    index()  # node b applies its row only
    assert titles("vehicle") == ["Vehicle policy"]
    on_node("a")
    assert titles("vehicle") == []  # node a has not applied its row yet
    index()
    assert titles("vehicle") == ["Vehicle policy"]
    assert not IndexOutbox.objects.exists()


def test_a_node_silent_too_long_is_forgotten_and_rebuilds_on_return(
    make_document, index, settings, tmp_path
):
    make_document("Escort policy", text="escort")
    index()
    gone = IndexNode.objects.create(name="retired-host:/srv/index", seen_at=timezone.now())
    make_document("Vehicle policy")
    assert gone.outbox.exists()
    IndexNode.objects.filter(pk=gone.pk).update(seen_at=timezone.now() - timedelta(days=8))
    IndexNode.objects.exclude(pk=gone.pk).update(seen_at=timezone.now() - timedelta(minutes=2))
    index()  # the heartbeat of the live node forgets the silent one and its queue
    assert not IndexNode.objects.filter(pk=gone.pk).exists()
    assert not IndexOutbox.objects.exists()
    # The live node's registration is lost too (say, a restored database): it rebuilds.
    IndexNode.objects.all().delete()
    make_document("Convoy policy", text="convoy")  # queued for nobody
    index()
    assert titles("convoy") == ["Convoy policy"]


def test_repair_fixes_what_check_finds(make_document, index):
    first = make_document("Escort policy")
    index()
    second = make_document("Vehicle policy")
    IndexOutbox.objects.all().delete()  # as if the queued change were lost
    report = search.repair()
    assert report.missing == [second.pk]
    assert search.check().ok
    assert titles("vehicle") == ["Vehicle policy"]
    first_pk = first.pk
    first.delete()
    IndexOutbox.objects.all().delete()
    assert search.repair().orphaned == [first_pk]
    assert titles("escort") == []


def test_follower_step_applies_queued_changes(make_document, index):
    from policylib.search.follower import Follower

    follower = Follower()
    make_document("Escort policy", text="escort")
    assert follower.step() == 0  # nothing queued for a node not yet registered: it builds
    assert titles("escort") == ["Escort policy"]
    make_document("Vehicle policy", text="vehicle")
    assert follower.step() >= 1
    assert titles("vehicle") == ["Vehicle policy"]
    assert follower.step() == 0


def test_deleted_document_leaves_the_index(make_document, index):
    document = make_document("Escort policy")
    index()
    document.delete()
    index()
    assert titles("escort") == []
    assert search.check().ok


def test_index_rebuilds_after_folder_is_lost(make_document, index, fresh_index):
    make_document("Escort policy", text="escort")
    index()
    shutil.rmtree(fresh_index)
    # The next search asks for a rebuild (run at once by the test task backend).
    assert titles("escort") == ["Escort policy"]
    shutil.rmtree(fresh_index)
    make_document("Vehicle policy")
    index()  # the applier sees no index and rebuilds everything
    assert sorted(titles("policy")) == ["Escort policy", "Vehicle policy"]


def test_check_reports_missing_and_stale(make_document, index):
    first = make_document("Escort policy")
    index()
    second = make_document("Vehicle policy")
    services.update_document(document=first, by=None, title="Convoy policy")
    report = search.check()
    assert report.missing == [second.pk]
    assert report.stale == [first.pk]
    assert search.reindex() == 2
    assert search.check().ok
