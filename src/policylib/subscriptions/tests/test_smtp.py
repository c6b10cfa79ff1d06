"""The library's email goes out through a real SMTP server (on loopback) and reads back whole."""

import email
import email.policy
import socket

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Sink

from policylib.library.models import Status
from policylib.subscriptions.notify import notify
from policylib.subscriptions.services import subscribe

pytestmark = pytest.mark.django_db


class Inbox(Sink):
    def __init__(self) -> None:
        self.messages: list[tuple[list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((list(envelope.rcpt_tos), envelope.original_content))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, server_hostname="localhost")
    controller.start()
    try:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        yield inbox
    finally:
        controller.stop()


def test_a_notification_travels_through_smtp_with_its_unsubscribe_header(
    smtp_server, make_document, category, reader, client, settings
):
    subscription = subscribe(user=reader, category=category)
    document = make_document("Escort policy", status=Status.CURRENT)

    delivery = notify(event="audit:7", document_id=document.pk, kind="issued")

    assert delivery.sent == [reader.email]
    [(recipients, raw)] = smtp_server.messages
    assert recipients == [reader.email]
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert message["Subject"] == f"Issued: {document.identifier}: Escort policy"
    unsubscribe = str(message["List-Unsubscribe"]).strip().strip("<>")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe in message.get_content()

    # The link in the delivered message works, without logging in.
    assert unsubscribe.startswith(settings.POLICYLIB_SITE_URL + "/")
    path = unsubscribe.removeprefix(settings.POLICYLIB_SITE_URL)
    assert client.post(path).status_code == 200
    assert not type(subscription).objects.filter(pk=subscription.pk).exists()
