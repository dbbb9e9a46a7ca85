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
    load_known_sources,
    match_source,
    read_quotes,
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


def uncovered(body: str, attributions, *, known_sources=(), every_kind=False) -> list[Suggestion]:
    """What the extractor finds in a body that none of `attributions` (saved or not) covers,
    in order: the direct quotes it finds a speaker for, which publishing checks; with
    `every_kind`, the claims too and the direct quotes it finds nobody for (speaker ""), which
    the desk's quote check lists. `known_sources` are matched to the speakers."""
    attributions = list(attributions)
    if every_kind:
        found = read_quotes(body, known_sources=known_sources)
    else:
        found = [
            quote
            for quote in extract_attributions(body, known_sources=known_sources)
            if quote.kind == AttributionKind.DIRECT_QUOTE
        ]
    return [
        quote
        for quote in found
        if not any(covers(a, quote.paragraph, quote.text) for a in attributions)
    ]


def uncovered_quotes(article) -> list[Suggestion]:
    """Direct quotes in the article's body that none of its attributions covers, in order."""
    return uncovered(article.body, article.attributions.all())


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
    return value if column.choices else fitted(value, column.max_length)


def fitted(value: str, limit: int | None) -> str:
    """The value cut between words to at most `limit` characters, ending "…" when cut."""
    if limit is None or len(value) <= limit:
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
    # An unnamed speaker is matched afresh too: a suggestion stored before the affiliation
    # rule (matching.py) may hold another story's "officials".
    matched = suggestion.source if suggestion.speaker_kind != SourceKind.UNNAMED else None
    with transaction.atomic(), reversion.create_revision():
        attribution = attribute(
            article=article,
            finder=SourceFinder(),
            source=matched,
            **{field: getattr(suggestion, field) for field in ATTRIBUTED_FIELDS},
        )
        suggestion.source = attribution.source
        suggestion.status = SuggestionStatus.ACCEPTED
        suggestion.decided_by = by
        suggestion.decided_at = timezone.now()
        suggestion.save()
        message = f"Accepted an attribution to {attribution.source}"
        workflow.touch(article=article, by=by, message=message)
    return attribution


# What an accepted attribution is made from: who speaks, as the text gives them, and what.
ATTRIBUTED_FIELDS = (
    "speaker",
    "speaker_kind",
    "title",
    "affiliation",
    "kind",
    "text",
    "verb",
    "paragraph",
)


def attribute(
    *,
    article,
    finder: "SourceFinder",
    speaker: str,
    speaker_kind: str,
    title: str,
    affiliation: str,
    kind: str,
    text: str,
    verb: str,
    paragraph: int | None,
    source: Source | None = None,
) -> Attribution:
    """An Attribution of the article, last in its order, to `source` or else to the source the
    speaker is (found, or made with its organisation). The caller holds the transaction and
    the revision: accepting a suggestion, or the desk's form accepting from its quote check."""
    if source is None:
        source = finder.source_for(
            speaker=speaker, kind=speaker_kind, title=title, affiliation=affiliation
        )
    order = article.attributions.aggregate(last=Max("order"))["last"]
    return Attribution.objects.create(
        article=article,
        source=source,
        kind=kind,
        text=text,
        verb=verb,
        paragraph=paragraph,
        order=0 if order is None else order + 1,
    )


def reject_suggestion(*, suggestion: AttributionSuggestion, by) -> None:
    if not permissions.may_edit(by, suggestion.article):
        raise PermissionDenied("You may not edit this article.")
    suggestion.status = SuggestionStatus.REJECTED
    suggestion.decided_by = by
    suggestion.decided_at = timezone.now()
    suggestion.save(update_fields=["status", "decided_by", "decided_at"])


class SourceFinder:
    """Speakers to sources for one request: the known sources loaded once, and every source
    made on the way remembered, so a second quote by the same new speaker finds the first's.

    A named speaker is the source of that name (or alias, acronym, surname); an unnamed one is
    an existing unnamed source only when the text names the same affiliation (matching.py)."""

    def __init__(self):
        self.known = load_known_sources()

    def match(self, *, speaker: str, kind: str, affiliation: str = "") -> KnownSource | None:
        """The known source the speaker is, if any; None: a new source would be made."""
        if not speaker:
            return None
        return match_source(speaker, kind, self.known, affiliation=affiliation)

    def source_for(self, *, speaker: str, kind: str, title: str = "", affiliation: str = ""):
        """The speaker's source, made (with an unnamed source's organisation) when new."""
        match = self.match(speaker=speaker, kind=kind, affiliation=affiliation)
        found = Source.objects.filter(pk=match.id).first() if match else None
        if found is not None:
            return found
        organisation = self._organisation(affiliation) if affiliation else None
        return self._made(name=speaker, kind=kind, title=title, affiliation=organisation)

    def _organisation(self, name: str) -> Source:
        organisations = [k for k in self.known if k.kind == SourceKind.ORGANIZATION]
        match = match_source(name, SourceKind.ORGANIZATION, organisations)
        found = Source.objects.filter(pk=match.id).first() if match else None
        return found or self._made(name=name, kind=SourceKind.ORGANIZATION)

    def _made(self, **fields) -> Source:
        source = _new_source(**fields)
        organisation = source.affiliation
        self.known.append(
            KnownSource(
                source.pk,
                source.name,
                source.kind,
                affiliation=organisation
                and KnownSource(organisation.pk, organisation.name, organisation.kind),
            )
        )
        return source


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


def unique_source_slug(name: str) -> str:
    return unique_slug(Source.objects.all(), name, max_length=180, fallback="source")
