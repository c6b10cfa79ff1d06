import markdown as markdown_lib
import nh3
from django import template
from django.template.defaultfilters import filesizeformat
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "h2",
    "h3",
    "h4",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
}


@register.filter
def markdown(text: str) -> SafeString:
    """Markdown written by staff, rendered and then sanitised (no scripts, no raw HTML tricks)."""
    html = markdown_lib.markdown(text or "", extensions=["tables", "sane_lists"])
    return mark_safe(nh3.clean(html, tags=_ALLOWED_TAGS, link_rel="noopener"))  # noqa: S308


@register.filter
def file_size(size: int) -> str:
    return filesizeformat(size).replace("\xa0", " ")


@register.simple_tag(takes_context=True)
def page_url(context, page_number: int) -> str:
    querystring = context.get("querystring", "")
    return f"?{querystring}&page={page_number}" if querystring else f"?page={page_number}"
