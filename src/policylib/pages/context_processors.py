from django.http import HttpRequest

from policylib.library import selectors
from policylib.pages.models import SiteText


def site(request: HttpRequest) -> dict:
    """What every page's header and footer show."""
    return {
        "site_text": SiteText.load(),
        "header_libraries": selectors.header_libraries(),
    }
