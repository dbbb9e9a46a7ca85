"""Attribution suggestions in the desk: store what the extractor proposes, let an editor accept
(with edits) or reject each one, and find quotes that no attribution covers before publishing.

Nothing the extractor proposes is saved as an Attribution until an editor accepts it.
"""

import re

import reversion
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from articles import permissions, workflow
from newsroom.slugs import unique_slug
from sources.extraction import (
    KnownSource,
    Suggestion,
    extract_attributions,
    match_source,
    suggest_for_article,
)
from sources.models import (
    Attribution,
    AttributionKind,
    AttributionSuggestion,
    Source,
    SourceKind,
    SuggestionStatus,
)

_SPACE = re.compile(r"\s+")
_FIELDS = (
    "paragraph",
    "kind",
    "text",
    "verb",
    "speaker",
    "speaker_kind",
    "title",
    "affiliation",
    "reason",
)


def _norm(text: str) -> str:
    return _SPACE.sub(" ", text.replace("\\", "")).strip(" .,“”\"'‘’").lower()


def covers(attribution, paragraph: int, text: str) -> bool:
    """Whether an attribution (or decided suggestion) accounts for these words in this block."""
    if attribution.paragraph is not None and attribution.paragraph != paragraph:
        return False
    mine, theirs = _norm(text), _norm(attribution.text)
    return bool(mine and theirs) and (mine in theirs or theirs in mine)


def uncovered_quotes(article) -> list[Suggestion]:
    """Direct quotes in the body that no attribution covers, in order."""
    attributions = list(article.attributions.all())
    return [
        quote
        for quote in extract_attributions(article.body, known_sources=())
        if quote.kind == AttributionKind.DIRECT_QUOTE
        and not any(covers(a, quote.paragraph, quote.text) for a in attributions)
    ]


@transaction.atomic
def store_suggestions(*, article) -> list[AttributionSuggestion]:
    """Run the extractor over the article and store what is new for the editor.

    Pending suggestions are replaced; anything an attribution or an earlier decision (accepted
    or rejected) already covers is not proposed again.
    """
    handled = [
        *article.attributions.all(),
        *article.attribution_suggestions.exclude(status=SuggestionStatus.PENDING),
    ]
    article.attribution_suggestions.filter(status=SuggestionStatus.PENDING).delete()
    fresh = [
        AttributionSuggestion(
            article=article,
            source_id=suggestion.source_id,
            **{
                field: _fitted(field, getattr(suggestion, field) or "")
                for field in _FIELDS
                if field != "paragraph"
            },
            paragraph=suggestion.paragraph,
        )
        for suggestion in suggest_for_article(article)
        if not any(covers(done, suggestion.paragraph, suggestion.text) for done in handled)
    ]
    return AttributionSuggestion.objects.bulk_create(fresh)


def _fitted(field: str, value: str) -> str:
    """The value as its column holds it: a phrase too long is cut between words and ends "…".

    The extractor keeps a title or verb phrase as printed, however long (a whole clause, when it
    misreads one). Shortened rather than skipped: a suggestion is the editor's starting point,
    and skipping it would hide its quote (the part that matters, with no length limit) until the
    pre-publish check finds it unattributed. The "…" shows the editor what was cut.
    """
    column = AttributionSuggestion._meta.get_field(field)
    limit = column.max_length
    if limit is None or column.choices or len(value) <= limit:
        return value
    # The last space within the limit leaves room for the "…" (one character).
    kept = value[:limit].rpartition(" ")[0].rstrip() or value[: limit - 1]
    return kept + "…"


def accept_suggestion(*, suggestion: AttributionSuggestion, by, **edits) -> Attribution:
    """Turn a suggestion (as the editor may have corrected it) into an Attribution, creating
    the source (and an unnamed source's organisation) when it is new; one revision."""
    article = suggestion.article
    if not permissions.may_edit(by, article):
        raise PermissionDenied("You may not edit this article.")
    if suggestion.status != SuggestionStatus.PENDING:
        raise workflow.WorkflowError("This suggestion has already been decided.")
    for field, value in edits.items():
        if field not in {"speaker", "kind", "text", "verb", "paragraph"}:
            raise TypeError(f"{field} cannot be edited")
        if value != getattr(suggestion, field):
            setattr(suggestion, field, value)
            if field == "speaker":
                suggestion.source = None  # a corrected speaker is matched afresh
    with transaction.atomic(), reversion.create_revision():
        source = _source_for(suggestion)
        order = article.attributions.aggregate(last=Max("order"))["last"]
        attribution = Attribution.objects.create(
            article=article,
            source=source,
            kind=suggestion.kind,
            text=suggestion.text,
            verb=suggestion.verb,
            paragraph=suggestion.paragraph,
            order=0 if order is None else order + 1,
        )
        suggestion.source = source
        suggestion.status = SuggestionStatus.ACCEPTED
        suggestion.decided_by = by
        suggestion.decided_at = timezone.now()
        suggestion.save()
        workflow.touch(article=article, by=by, message=f"Accepted an attribution to {source}")
    return attribution


def reject_suggestion(*, suggestion: AttributionSuggestion, by) -> None:
    if not permissions.may_edit(by, suggestion.article):
        raise PermissionDenied("You may not edit this article.")
    suggestion.status = SuggestionStatus.REJECTED
    suggestion.decided_by = by
    suggestion.decided_at = timezone.now()
    suggestion.save(update_fields=["status", "decided_by", "decided_at"])


def _known(kind: str | None = None) -> list[KnownSource]:
    sources = Source.objects.only("pk", "name", "kind", "aliases")
    if kind:
        sources = sources.filter(kind=kind)
    return [KnownSource(s.pk, s.name, s.kind, tuple(s.alias_list)) for s in sources]


def _new_source(**fields) -> Source:
    """A source made from a suggestion, whose phrases may run longer than a source's fields."""
    for name in ("name", "title"):
        limit = Source._meta.get_field(name).max_length
        if len(fields.get(name, "")) > limit:
            raise workflow.WorkflowError(
                f"“{fields[name][:60]}…” is {len(fields[name])} characters, longer than a "
                f"source's {name} may be ({limit}); correct the suggestion first."
            )
    return Source.objects.create(slug=unique_source_slug(fields["name"]), **fields)


def _source_for(suggestion: AttributionSuggestion) -> Source:
    if suggestion.source_id:
        return suggestion.source
    match = match_source(suggestion.speaker, suggestion.speaker_kind, _known())
    if match is not None:
        return Source.objects.get(pk=match.id)
    affiliation = None
    if suggestion.affiliation:
        organisation = match_source(
            suggestion.affiliation, SourceKind.ORGANIZATION, _known(SourceKind.ORGANIZATION)
        )
        affiliation = (
            Source.objects.get(pk=organisation.id)
            if organisation
            else _new_source(name=suggestion.affiliation, kind=SourceKind.ORGANIZATION)
        )
    return _new_source(
        name=suggestion.speaker,
        kind=suggestion.speaker_kind,
        title=suggestion.title,
        affiliation=affiliation,
    )


def unique_source_slug(name: str) -> str:
    return unique_slug(Source.objects.all(), name, max_length=180, fallback="source")
