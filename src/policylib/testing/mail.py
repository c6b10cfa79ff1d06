"""Reading sent email as its recipients do: every link in it, opened on the site."""

import re
import urllib.parse
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

# Anything that looks like a link: an address with a scheme, or a bare path ("/documents/1/").
_ABSOLUTE = re.compile(r"[a-z][a-z0-9+.-]*://[^\s<>\"']+", re.IGNORECASE)
_PATH = re.compile(r"(?<![\w/:.])/[A-Za-z0-9_][^\s<>\"']*")


@dataclass(frozen=True)
class Link:
    url: str
    message: object  # django.core.mail.EmailMessage

    def __str__(self) -> str:
        return f"{self.url} (in {self.message.subject!r} to {', '.join(self.message.to)})"


def links_in(messages) -> list[Link]:
    """Every link in the messages' subjects, bodies and headers, in order; a bare path too."""
    found = []
    for message in messages:
        text = "\n".join(
            [message.subject, message.body, *(str(v) for v in message.extra_headers.values())]
        )
        for match in _ABSOLUTE.finditer(text):
            found.append(Link(match.group().rstrip(".,;)>"), message))
        for match in _PATH.finditer(_ABSOLUTE.sub(" ", text)):
            found.append(Link(match.group().rstrip(".,;)>"), message))
    return found


def not_on_the_site(links: list[Link]) -> list[str]:
    """The links that do not start with the site's configured address."""
    base = settings.POLICYLIB_SITE_URL + "/"
    return [str(link) for link in links if not link.url.startswith(base)]


def _path(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _is_login_redirect(response, path: str) -> bool:
    if response.status_code != 302:
        return False
    where = urllib.parse.urlsplit(response["Location"])
    asked = urllib.parse.parse_qs(where.query).get("next")
    return where.path == reverse(settings.LOGIN_URL) and asked == [path]


def _open_signed_out(path: str) -> int:
    """200 when the page opens signed out or asks to log in first (following other redirects,
    such as a document's number to its readable address), else the status it ends on."""
    client = Client()
    for _ in range(5):
        response = client.get(path)
        if response.status_code == 200 or _is_login_redirect(response, path):
            return 200
        if response.status_code not in {301, 302}:
            break
        path = response["Location"]
    return response.status_code


def unopened(links: list[Link], *, anonymous: bool = True) -> list[str]:
    """The links a recipient cannot open: each is fetched as every recipient of its message who
    has an account (expecting 200), and, with `anonymous`, signed out, where 200 or a redirect
    to log in is right. Read-only: a GET never changes anything."""
    users = {user.email.lower(): user for user in get_user_model().objects.exclude(email="")}
    clients: dict[object, Client] = {}
    failures = []
    for link in links:
        path = _path(link.url)
        addresses = [address.lower() for address in link.message.to]
        for reader in [users[address] for address in addresses if address in users]:
            if reader.pk not in clients:
                clients[reader.pk] = Client()
                clients[reader.pk].force_login(reader)
            status = clients[reader.pk].get(path, follow=True).status_code
            if status != 200:
                failures.append(f"{link}: {status} for {reader.get_username()}")
        if anonymous:
            status = _open_signed_out(path)
            if status != 200:
                failures.append(f"{link}: {status} signed out")
    return failures
