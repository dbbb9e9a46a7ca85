"""The writing desk's quote check, for its side panel: what the extractor finds in the body as
typed that the story's attributions do not cover yet (the publish check's rule, covers()), each
with the source it would be credited to (an existing one, an unnamed source only of the same
affiliation; or none: a new one); and the attributions the panel accepts from that list, read
strictly from the desk's form and applied when the form is saved.

Checking writes nothing and costs the same few queries however many quotes the body holds.
"""

import hashlib
import json

from django import forms
from django.urls import reverse

from articles.ingest_checks import MAX_WIRE_BYTES
from articles.models import Article
from newsroom import jsonlimits
from sources import suggestions
from sources.models import Attribution, AttributionKind, Source, SourceKind

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


# --- Accepted from the panel ----------------------------------------------------------------

MAX_ACCEPTED = 200

STRINGS = ("speaker", "speaker_kind", "title", "affiliation", "kind", "text", "verb")
KEYS = frozenset({*suggestions.ATTRIBUTED_FIELDS, "source"})
MAX_PARAGRAPH = 2_147_483_647  # what Attribution.paragraph holds on every database


def parse_accepted(raw: str) -> list[dict]:
    """The accepted attributions the panel wrote into the form, checked strictly: a JSON list
    of at most MAX_ACCEPTED objects with the known keys, each the type and size its field
    holds, with `source` (if given) an existing source's id. Raises ValidationError, saying
    which item and why."""
    if not raw.strip():
        return []
    try:
        jsonlimits.check_depth(raw, limit=3)
        data = json.loads(raw)
        jsonlimits.check_strings(data, allow_nul=False)
    except (ValueError, RecursionError) as exc:
        raise forms.ValidationError(f"The accepted attributions cannot be read ({exc}).") from exc
    if not isinstance(data, list):
        raise forms.ValidationError("The accepted attributions must be a list.")
    if len(data) > MAX_ACCEPTED:
        raise forms.ValidationError(
            f"At most {MAX_ACCEPTED} attributions can be accepted in one save."
        )
    items = [_item(number, item) for number, item in enumerate(data, start=1)]
    _sources(items)
    return items


def _item(number: int, item) -> dict:
    def refuse(problem: str):
        raise forms.ValidationError(f"Accepted attribution {number}: {problem}.")

    if not isinstance(item, dict):
        refuse("not an object")
    unknown = sorted(set(item) - KEYS)
    if unknown:
        refuse(f"unknown key(s) {', '.join(unknown)}")
    missing = [key for key in suggestions.ATTRIBUTED_FIELDS if key not in item]
    if missing:
        refuse(f"missing {', '.join(missing)}")
    for key in STRINGS:
        if not isinstance(item[key], str):
            refuse(f"{key} must be text")
        limit = LIMITS.get(key)
        if limit is not None and len(item[key]) > limit:
            refuse(f"{key} is {len(item[key]):,} characters; at most {limit:,} fit")
    paragraph = item["paragraph"]
    if isinstance(paragraph, bool) or not isinstance(paragraph, int):
        refuse("paragraph must be a whole number")
    if not 0 <= paragraph <= MAX_PARAGRAPH:
        refuse("paragraph must be a block of the text, counting from 0")
    if item["kind"] not in AttributionKind.values:
        refuse(f"kind must be one of {', '.join(AttributionKind.values)}")
    if not item["text"].strip():
        refuse("the quoted words are empty")
    source = item.get("source")
    if source is not None and (isinstance(source, bool) or not isinstance(source, int)):
        refuse("source must be a source's id")
    if source is None and not item["speaker"].strip():
        refuse("it names no speaker and no source")
    if item["speaker_kind"] not in SourceKind.values and not (
        source is not None and item["speaker_kind"] == ""
    ):
        refuse(f"speaker_kind must be one of {', '.join(SourceKind.values)}")
    return {
        **{key: item[key].strip() for key in STRINGS if key != "text"},
        "text": item["text"].strip(),
        "paragraph": paragraph,
        "source": source,
    }


def _sources(items: list[dict]) -> None:
    """Each item's `source` id as the Source it names, in one query; an unknown id refuses."""
    field = Source._meta.pk
    wanted = set()
    for number, item in enumerate(items, start=1):
        if item["source"] is None:
            continue
        try:
            field.run_validators(item["source"])
        except forms.ValidationError:
            raise forms.ValidationError(f"Accepted attribution {number}: no such source.") from None
        wanted.add(item["source"])
    found = Source.objects.in_bulk(wanted) if wanted else {}
    for number, item in enumerate(items, start=1):
        if item["source"] is not None:
            item["source"] = found.get(item["source"])
            if item["source"] is None:
                raise forms.ValidationError(f"Accepted attribution {number}: no such source.")


def apply_accepted(*, article, items: list[dict], formsets=()) -> list[Attribution]:
    """The accepted items as the article's attributions, each to the source its speaker is
    (found under the affiliation rule, or made with its organisation) or to the one it names;
    an item the article already has, or is given by the form's own rows (`formsets`), or that
    an earlier item already made, is skipped. The caller holds the transaction and revision."""
    have = _attributions_after_save(article, formsets)
    finder = None
    made = []
    for item in items:
        if any(suggestions.covers(a, item["paragraph"], item["text"]) for a in have):
            continue
        finder = finder or suggestions.SourceFinder()
        attribution = suggestions.attribute(article=article, finder=finder, **item)
        have.append(attribution)
        made.append(attribution)
    return made


def _attributions_after_save(article, formsets) -> list:
    """The article's attributions as its form leaves them: stored, less the rows the form
    deletes, with the rows it edits or adds as typed."""
    rows = {row.pk: row for row in article.attributions.all()} if article.pk else {}
    for formset in formsets:
        if formset.model is not Attribution:
            continue
        deleted = formset.deleted_forms if formset.can_delete else []
        for number, form in enumerate(formset.forms):
            key = form.instance.pk or f"new-{number}"
            if form in deleted:
                rows.pop(key, None)
            elif form.instance.pk or form.has_changed():
                data = getattr(form, "cleaned_data", {})
                typed = Attribution(paragraph=data.get("paragraph"), text=data.get("text") or "")
                rows[key] = typed
    return list(rows.values())
