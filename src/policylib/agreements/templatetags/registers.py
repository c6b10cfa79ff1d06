"""The MOA/MOU and Delegations libraries have pages of their own: the site header links to them
in place of the Library rows of the same name (by slug, see settings), so no library is listed
twice and the header works even where no such Library row exists."""

from django import template
from django.conf import settings

register = template.Library()


@register.filter
def without_registers(libraries):
    """The header libraries other than those the agreement and delegation pages stand for."""
    taken = {settings.POLICYLIB_AGREEMENTS_LIBRARY, settings.POLICYLIB_DELEGATIONS_LIBRARY}
    return [library for library in libraries if library.slug not in taken]
