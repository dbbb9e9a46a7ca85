"""The writing desk's quote check, for its side panel: what the extractor finds in the body as
typed that the story's attributions do not cover yet (the publish check's rule, covers()), each
with the source it would be credited to (an existing one, an unnamed source only of the same
affiliation; or none: a new one); and the attributions the panel accepts from that list, read
strictly from the desk's form and applied when the form is saved.

Checking writes nothing and costs the same few queries however many quotes the body holds.
"""

import hashlib

from django import forms
from django.urls import reverse

from articles.ingest_checks import MAX_WIRE_BYTES
from articles.models import Article
from sources import suggestions
from sources.models import Attribution, Source, SourceKind

# The longest body checked: the model's limit if it has one, else the longest story the
# newsroom takes in from the wire.
MAX_BODY = Article._meta.get_field("body").max_length or MAX_WIRE_BYTES

# The strings a quote is listed with (and an accepted one may hold), at most as long as what
# they become: the speaker and their organisation a source's name, the title a source's title,
# the verb an attribution's verb.
LIMITS = {
    "speaker": Source._meta.get_field("name").max_length,
    "affiliation": Source._meta.get_field("name").max_length,
    "title": Source._meta.get_field("title").max_length,
    "verb": Attribution._meta.get_field("verb").max_length,
    "text": MAX_BODY,
}
FITTED = ("verb", "speaker", "title", "affiliation")

# --- The check -------------------------------------------------------------------------------


class CheckForm(forms.Form):
    """What the panel posts: the body as typed, and the article being edited (none: a new one)."""

    body = forms.CharField(required=False, strip=False, max_length=MAX_BODY)
    article = forms.CharField(required=False)

    def clean_article(self):
        value = self.cleaned_data["article"].strip()
        if not value:
            return None
        try:
            article_id = Article._meta.pk.clean(value, None)
        except forms.ValidationError:
            article_id = None
        if article_id is None or article_id < 1:
            raise forms.ValidationError("The article must be given by its id.")
        return article_id


def quote_key(paragraph: int, text: str) -> str:
    """A quote's stable id in the panel: its paragraph and its words."""
    return hashlib.sha256(f"{paragraph}\n{text}".encode()).hexdigest()[:20]


def check(*, body: str, article: Article | None) -> dict:
    """The panel's JSON: the uncovered quotes and claims, and the attributions stored."""
    attributions = list(article.attributions.select_related("source")) if article else []
    finder = suggestions.SourceFinder()
    known = {source.id: source for source in finder.known}
    found = suggestions.uncovered(body, attributions, known_sources=finder.known, every_kind=True)
    return {
        "quotes": [_quote(suggestion, known) for suggestion in found],
        "attributed": [
            {
                "source": attribution.source.name,
                "kind": attribution.kind,
                "text": attribution.text,
                "paragraph": attribution.paragraph,
            }
            for attribution in attributions
        ],
    }


def _quote(suggestion, known: dict) -> dict:
    source = known.get(suggestion.source_id)
    unnamed = suggestion.speaker_kind == SourceKind.UNNAMED
    # As a source's fields hold them, so accepting the quote as listed is always valid.
    fields = {name: suggestions.fitted(getattr(suggestion, name), LIMITS[name]) for name in FITTED}
    return {
        "key": quote_key(suggestion.paragraph, suggestion.text),
        "paragraph": suggestion.paragraph,
        "text": suggestion.text,
        "kind": suggestion.kind,
        **fields,
        "speaker_kind": suggestion.speaker_kind,
        "source": source
        and {
            "id": source.id,
            "name": source.name,
            "url": reverse("admin:sources_source_change", args=[source.id]),
        },
        "needs_affiliation": unnamed and not suggestion.affiliation,
        "reason": suggestion.reason,
    }
