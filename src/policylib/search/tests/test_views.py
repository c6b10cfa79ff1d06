"""The search pages as a reader meets them."""

import datetime

import pytest
from django.urls import reverse

from policylib.library import lifecycle
from policylib.library.models import Category, Marking, Office, Status, Subject

pytestmark = pytest.mark.django_db


def get(client, name, **params):
    response = client.get(reverse(f"search:{name}"), params)
    assert response.status_code == 200
    return response


def test_results_page(client, make_document, index):
    make_document(
        "Field Advisory Deviation from the Escort Policy",
        identifier="FA 2024-01",
        text="Escorts of detainees follow this advisory.",
        issued_on=datetime.date(2024, 3, 1),
    )
    index()
    response = get(client, "results", q="escort", scope="active")
    html = response.content.decode()
    assert "Field Advisory Deviation from the Escort Policy" in html
    assert "[100%]" in html
    assert "<mark>Escorts</mark>" in html
    assert "FA 2024-01" in html
    assert "Directive" in html
    assert "March 1, 2024" in html
    assert response.context["query"] == "escort"
    assert response.context["scope"] == "active"
    assert response.context["breadcrumbs"][-1] == ("Search", "")
    assert "1 result for" in html


def test_pdf_snippet_names_its_page(client, make_document, index, tmp_path):
    from policylib.extraction.tests.test_runner import make_pdf

    pdf = make_pdf(tmp_path / "a.pdf", ["Introduction only", "Escort duties are strict"])
    make_document("Escort manual", file_name="manual.pdf", file_bytes=pdf.read_bytes())
    index()
    html = get(client, "results", q="escort duties").content.decode()
    assert "Page 2:" in html
    assert "<mark>Escort</mark>" in html


def test_query_is_escaped(client, make_document, index):
    make_document("Escort policy")
    index()
    html = get(client, "results", q='<script>alert("x")</script>').content.decode()
    assert '<script>alert("x")' not in html
    assert "&lt;script&gt;" in html


def test_did_you_mean_links_the_respelled_search(client, make_document, index):
    make_document("Detention standards", text="Rules on detention.")
    index()
    html = get(client, "results", q="detension", scope="archived").content.decode()
    assert "No results" in html  # wrong scope: nothing, not even approximately
    html = get(client, "results", q="detension <rules>", scope="active").content.decode()
    assert "Did you mean" in html
    suggestion = html.split("Did you mean", 1)[1].split("</p>", 1)[0]
    # Markup in the query is dropped by the form; the respelled query links to its search.
    assert 'href="?scope=active&amp;q=detention+rules"' in suggestion
    assert ">detention rules</a>" in suggestion


def test_scopes_differ_and_superseded_links_successor(client, make_document, index):
    old = make_document("Escort policy 2019", identifier="EP-2019")
    new = make_document("Escort policy 2024", identifier="EP-2024")
    lifecycle.supersede(successor=new, predecessor=old, by=None)
    index()
    active = get(client, "results", q="escort", scope="active").content.decode()
    archived = get(client, "results", q="escort", scope="archived").content.decode()
    assert "Escort policy 2024" in active
    assert "Escort policy 2019" not in active
    assert "Escort policy 2019" in archived
    assert "Superseded</strong> by" in archived
    assert "EP-2024: Escort policy 2024" in archived


def test_restricted_successor_is_named_only_to_those_who_may_read_it(
    client, make_document, index, member
):
    old = make_document("Escort policy 2019")
    new = make_document(
        "Secret escort rework", marking=Marking.RESTRICTED, restricted_to=member.groups.all()
    )
    lifecycle.supersede(successor=new, predecessor=old, by=None)
    index()
    html = get(client, "results", q="escort", scope="all").content.decode()
    assert "Escort policy 2019" in html
    assert "Secret escort rework" not in html

    client.force_login(member)
    html = get(client, "results", q="escort policy 2019", scope="all").content.decode()
    superseded = html.split("Superseded</strong>", 1)[1].split("</p>", 1)[0]
    assert "Secret escort rework" in superseded


def test_restricted_document_leaks_nowhere_in_pages(client, make_document, index, member, les):
    make_document("Public escort", text="escort")
    make_document("Sealed tactics", text="escort xylophonic", marking=Marking.RESTRICTED,
                  restricted_to=[les])  # fmt: skip
    index()
    for name, params in (("results", {"q": "xylophonic"}), ("live", {"q": "xylo"}),
                         ("results", {"q": "escort"}), ("live", {"q": "escort"})):  # fmt: skip
        html = get(client, name, **params).content.decode()
        assert "Sealed tactics" not in html
        assert "xylophonic" not in html.replace(params["q"], "")
    assert "No results" in get(client, "results", q="xylophonic").content.decode()
    client.force_login(member)
    assert "Sealed tactics" in get(client, "results", q="xylophonic").content.decode()


def test_facets_count_and_narrow(client, make_document, index, guidance):
    travel = Category.objects.create(name="Travel", slug="travel")
    make_document("Escort policy", categories=[travel], issued_on=datetime.date(2023, 1, 1))
    make_document("Escort guidance", document_type=guidance, issued_on=datetime.date(2024, 1, 1))
    index()
    response = get(client, "results", q="escort")
    facets = {group.name: group for group in response.context["facets"]}
    assert {(f.label, f.count) for f in facets["type"].links} == {("Directive", 1), ("Guidance", 1)}
    assert [(f.label, f.count) for f in facets["category"].links] == [("Travel", 1)]
    assert [f.label for f in facets["year"].links] == ["2024", "2023"]
    guidance_link = next(f.url for f in facets["type"].links if f.label == "Guidance")
    narrowed = client.get(reverse("search:results") + guidance_link).content.decode()
    assert "Escort guidance" in narrowed
    assert "Escort policy" not in narrowed


def test_sort_and_pagination(client, make_document, index):
    for year in range(2000, 2025):
        make_document(f"Escort rule {year}", issued_on=datetime.date(year, 1, 1))
    index()
    response = get(client, "results", q="escort", sort="issued")
    rows = response.context["rows"]
    assert rows[0].document.title == "Escort rule 2024"
    assert response.context["results"].total == 25
    assert len(rows) == 20
    page_two = get(client, "results", q="escort", sort="issued", page=2).context["rows"]
    assert [r.document.title for r in page_two][-1] == "Escort rule 2000"


def test_advanced_fields_each_narrow(client, make_document, index, guidance, library):
    from policylib.library.models import Library

    other_library = Library.objects.create(name="MOA", slug="moa")
    office = Office.objects.create(name="Field Operations", abbreviation="FO")
    travel = Category.objects.create(name="Travel", slug="travel")
    vehicles = Subject.objects.create(name="Vehicles", slug="vehicles")
    make_document("Escort policy", identifier="EP-1", summary="escort",
                  signatory_name="Ada Lovelace", issued_on=datetime.date(2020, 5, 1))  # fmt: skip
    make_document("Escort guidance", identifier="EG-2", document_type=guidance, opi=office,
                  categories=[travel], subjects=[vehicles], library=other_library,
                  issued_on=datetime.date(2023, 5, 1))  # fmt: skip
    make_document("Old escort order", identifier="OE-3", status=Status.CURRENT,
                  issued_on=datetime.date(2010, 1, 1))  # fmt: skip
    lifecycle.archive(document=make_document("Archived escort", identifier="AE-4"), by=None)
    index()

    def found(**params):
        response = get(client, "advanced", **params)
        return sorted(row.document.title for row in response.context["rows"])

    everything = found(q="escort")
    assert len(everything) == 4
    assert found(identifier="EG-2") == ["Escort guidance"]
    assert found(title="order") == ["Old escort order"]
    assert found(q="escort", document_type="guidance") == ["Escort guidance"]
    assert found(q="escort", opi=office.pk) == ["Escort guidance"]
    assert found(q="escort", category_choice=travel.pk) == ["Escort guidance"]
    assert found(q="escort", library="moa") == ["Escort guidance"]
    assert found(q="escort", status="archived") == ["Archived escort"]
    assert found(subject="vehicles") == ["Escort guidance"]
    assert found(signatory="lovelace") == ["Escort policy"]
    assert found(issued_from="2015-01-01", issued_to="2021-01-01") == ["Escort policy"]
    assert "Advanced Search" in get(client, "advanced").content.decode()


MALFORMED = ['"unbalanced', "OR", "-", "*", "title:(a OR", "[a TO b]", "x^2", "x" * 10_000,
             "a\x00b", "((", "\\", "%", "' OR 1=1 --"]  # fmt: skip


@pytest.mark.parametrize("text", MALFORMED)
def test_malformed_queries_answer_200(client, make_document, index, text):
    make_document("Escort policy")
    index()
    # A null character cannot be stored or searched for: the page says so (400).
    expected = 400 if "\x00" in text else 200
    for page in ("results", "advanced"):
        assert client.get(reverse(f"search:{page}"), {"q": text}).status_code == expected
    get(client, "live", q=text)


TOO_LARGE = str(2**63)  # one more than the largest id a database holds
UNUSABLE_NUMBERS = [TOO_LARGE, str(2**64), "99999999999999999999", "-1", "0", "1e5", "abc"]


@pytest.mark.parametrize("value", UNUSABLE_NUMBERS)
@pytest.mark.parametrize(
    ("page", "name", "label"),
    [
        ("results", "category", "Category"),
        ("results", "page", "Page"),
        ("results", "year", "Year"),
        ("advanced", "category", "Category"),
        ("advanced", "page", "Page"),
        ("advanced", "opi", "Office of primary interest (OPI)"),
        ("advanced", "category_choice", "Category"),
    ],
)
def test_an_unusable_number_is_a_400_page_that_says_why(
    client, make_document, index, page, name, label, value
):
    make_document("Escort policy")
    index()
    response = client.get(reverse(f"search:{page}"), {"q": "escort", name: value})
    assert response.status_code == 400
    html = response.content.decode()
    assert "This search cannot be run as asked" in html
    assert f"{label}: " in html
    assert "Escort policy" not in html


def test_other_unusable_parameters_are_named_too(client, make_document, index):
    make_document("Escort policy")
    index()
    response = client.get(
        reverse("search:results"), {"q": "escort", "scope": "nonsense", "sort": "x"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Scope: “nonsense” is not a part of the library to search." in html
    assert "Sort: Select a valid choice." in html
    response = client.get(reverse("search:advanced"), {"q": "escort", "issued_from": "soon"})
    assert response.status_code == 400
    assert "Issued on or after: Enter a valid date." in response.content.decode()


def test_live_search_fragment(client, make_document, index):
    escort = make_document("Escort policy", identifier="EP-1", summary="Rules for escorts.")
    make_document("Vehicle policy", identifier="VP-1")
    index()
    html = get(client, "live", q="esc").content.decode()
    assert 'role="option"' in html
    assert "Escort policy" in html
    assert "100%" in html
    assert "Vehicle policy" not in html
    assert f'href="{escort.get_absolute_url()}"' in html
    assert "No quick matches" in get(client, "live", q="zzzz").content.decode()


def test_drafts_hidden_from_readers(client, make_document, index, staff):
    make_document("Draft escort", status=Status.DRAFT)
    index()
    assert "Draft escort" not in get(client, "results", q="escort", scope="all").content.decode()
    client.force_login(staff)
    assert "Draft escort" in get(client, "results", q="escort", scope="all").content.decode()


def test_no_index_yet_is_handled(client, make_document):
    make_document("Escort policy")
    # No apply: the first search triggers a build (at once with the test task backend).
    assert "Escort policy" in get(client, "results", q="escort").content.decode()
