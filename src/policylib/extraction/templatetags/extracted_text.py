"""What the document page says of a file's text, for everyone who may see the document."""

from django import template

register = template.Library()


@register.filter
def text_from_scan(document_file) -> str:
    """ "text recognised from a scan" (with how many pages, when not all), or ""."""
    extracted = getattr(document_file, "extracted_text", None)
    return extracted.from_scan_label if extracted is not None and extracted.from_scan else ""
