import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.urls import reverse

from policylib.conftest import client_for
from policylib.pages.models import Feedback, FrequentQuestion, QuickLink, SiteText

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_text(db):
    return SiteText.objects.create(
        site_name="DRO Resource Library",
        welcome="The DRO Resource Library is maintained by the **Policy Management Unit**.",
        documents_intro="DRO Policies are published through Directives.",
        development_intro="Tools for policy owners, authors, reviewers and DPCs.",
        references_intro="Resources to assist in the development of policy.",
        help_intro="Look here for answers to frequently asked questions.",
    )


def test_home_shows_the_sections_welcome_quick_links_and_search(client, site_text, library):
    QuickLink.objects.create(title="Recently issued directives", url="/documents/recent/")
    html = client.get(reverse("pages:home")).content.decode()
    for text in [
        "DRO Resource Library",
        "Documents",
        "DRO Policies are published through Directives.",
        "Development Tools",
        "Tools for policy owners, authors, reviewers and DPCs.",
        "References",
        "Resources to assist in the development of policy.",
        "Help",
        "Look here for answers to frequently asked questions.",
        "Welcome",
        "<strong>Policy Management Unit</strong>",
        "Quick Links",
        "Recently issued directives",
        "Recently Issued",
        "Active documents",
        "Archived documents",
        "Entire site",
        "Advanced Search",
    ]:
        assert text in html, text


def test_staff_edit_the_welcome_text_and_readers_see_it(client, site_text, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.org", "pw-123456789")
    staff = client_for(admin)
    form = staff.get(reverse("admin:pages_sitetext_change", args=[site_text.pk]))
    assert form.status_code == 200
    data = {
        f: getattr(site_text, f)
        for f in [
            "site_name",
            "tagline",
            "welcome",
            "documents_intro",
            "development_intro",
            "references_intro",
            "help_intro",
            "about",
        ]
    }
    data["welcome"] = "Welcome to the *new* library."
    response = staff.post(reverse("admin:pages_sitetext_change", args=[site_text.pk]), data)
    assert response.status_code == 302
    assert "Welcome to the <em>new</em> library." in client.get("/").content.decode()


def test_markdown_from_staff_cannot_inject_script(client, site_text):
    site_text.welcome = "Hi <script>alert(1)</script> [x](javascript:alert(1))"
    site_text.save()
    html = client.get("/").content.decode()
    assert "<script>alert(1)" not in html
    assert "javascript:alert" not in html


def test_help_lists_the_questions_and_stores_and_emails_feedback(
    client, site_text, settings, django_capture_on_commit_callbacks
):
    settings.POLICYLIB_LIBRARY_STAFF_EMAILS = ["pmu@example.org"]
    FrequentQuestion.objects.create(
        question="How do I find the version in force?", answer="Use the **Active documents** scope."
    )
    html = client.get(reverse("pages:help")).content.decode()
    assert "How do I find the version in force?" in html
    assert "<strong>Active documents</strong>" in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("pages:help"),
            {
                "name": "Dana",
                "email": "dana@example.org",
                "subject": "Broken link",
                "message": "The link to Chapter 21 is broken.",
                "page": "/documents/",
            },
            follow=True,
        )
    assert "Thank you" in response.content.decode()
    feedback = Feedback.objects.get()
    assert feedback.message == "The link to Chapter 21 is broken."
    assert feedback.page == "/documents/"
    assert mail.outbox[0].to == ["pmu@example.org"]
    assert "The link to Chapter 21 is broken." in mail.outbox[0].body


def test_incomplete_feedback_is_explained_and_nothing_is_stored(client, site_text):
    response = client.post(reverse("pages:help"), {"name": "", "email": "bad", "message": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert "This field is required." in html
    assert "Enter a valid email address." in html
    assert not Feedback.objects.exists()


def test_development_tools_offer_staff_their_drafts(client, site_text, django_user_model):
    html = client.get(reverse("pages:development")).content.decode()
    assert "log in" in html
    staff = django_user_model.objects.create_user("carol", password="pw-123456789", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="change_document"))
    html = client_for(staff).get(reverse("pages:development")).content.decode()
    assert "Drafts in the library" in html


def test_an_error_shows_a_friendly_page_and_no_traceback(client, site_text, monkeypatch):
    from policylib.pages import views

    def broken(*args, **kwargs):
        raise RuntimeError("database exploded at line 42")

    monkeypatch.setattr(views.selectors, "recently_issued", broken)
    client.raise_request_exception = False
    response = client.get(reverse("pages:home"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong" in html
    assert "database exploded" not in html
    assert "Traceback" not in html


def test_login_and_logout(client, django_user_model):
    django_user_model.objects.create_user("alice", password="a long test password 1")
    response = client.post(
        reverse("accounts:login"), {"username": "alice", "password": "a long test password 1"}
    )
    assert response.status_code == 302
    assert "Log out alice" in client.get("/").content.decode()
    client.post(reverse("accounts:logout"))
    assert "Log in" in client.get("/").content.decode()


def test_a_wrong_password_is_refused_with_a_message(client, django_user_model):
    django_user_model.objects.create_user("alice", password="a long test password 1")
    response = client.post(reverse("accounts:login"), {"username": "alice", "password": "nope"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()


def test_the_site_has_an_icon(client, site_text):
    """Browsers ask for /favicon.ico on every site; the pages also link the icon."""
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert response.content.startswith(b"\x00\x00\x01\x00"), "an ICO file"
    assert "public" in response["Cache-Control"]
    assert client.head("/favicon.ico").status_code == 200
    html = client.get(reverse("pages:home")).content.decode()
    assert '<link rel="icon" href="/favicon.ico"' in html
    assert 'favicon.svg" type="image/svg+xml">' in html
