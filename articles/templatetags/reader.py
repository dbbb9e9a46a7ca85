"""Template helpers for the reader site's pages."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from articles import search, structured_data

register = template.Library()

# The same escapes as Django's json_script: inside <script>, "</script>" or "<!--" in a headline
# must not end or confuse the element, and \u003C is still the same character to a JSON parser.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def ld_json(value) -> str:
    """A JSON-LD <script> element for a dict, safe whatever strings it holds."""
    data = json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(data.translate(_JSON_SCRIPT_ESCAPES)),  # noqa: S308 - escaped just above
    )


@register.filter
def absolute(path: str) -> str:
    """The public absolute URL for a site path."""
    return structured_data.absolute_url(path)


@register.filter
def snippet_html(snippet: str, query: str) -> str:
    """A search snippet as HTML: the text escaped, the matched words in <mark>."""
    marked = escape(search.highlight(snippet or "", query or ""))
    return mark_safe(  # noqa: S308 - the text was escaped; only our own tags are added
        marked.replace(search.MARK_START, "<mark>").replace(search.MARK_END, "</mark>")
    )


@register.simple_tag(takes_context=True)
def page_url(context, number) -> str:
    """The current URL's query string with another page number, keeping the search and filters."""
    query = context["request"].GET.copy()
    query["page"] = number
    return f"?{query.urlencode()}"
