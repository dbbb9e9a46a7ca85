"""Conditional requests on an article: its ETag (the version number), If-None-Match for a 304,
and If-Match, which every change must send so that nobody's edits are overwritten unseen."""

from articles import workflow
from articles.models import Article
from newsroom.rest import PreconditionRequired


def etag(article: Article) -> str:
    """The article's ETag: its version number, which goes up on every save."""
    return f'"{article.version}"'


def _entity_tags(header: str) -> set[str]:
    # Weak and strong forms name the same version; compare them alike.
    return {tag.strip().removeprefix("W/").strip('"') for tag in header.split(",") if tag.strip()}


def still_current(request, article: Article) -> bool:
    """Whether the copy the client has (If-None-Match) is this version: a 304 is the answer."""
    return str(article.version) in _entity_tags(request.headers.get("If-None-Match", ""))


def check_if_match(request, article: Article, *, required: bool) -> int | None:
    """The version the client read (from If-Match), or 428/412 when it is missing or stale."""
    header = request.headers.get("If-Match", "").strip()
    if not header:
        if required:
            raise PreconditionRequired()
        return None
    tags = _entity_tags(header)
    if "*" in tags:
        # "Whatever is there now" is exactly what optimistic concurrency must not assume.
        raise PreconditionRequired(
            'If-Match must name the version you read, e.g. "3"; * would overwrite anyone\'s edits.'
        )
    if str(article.version) not in tags:
        raise workflow.StaleVersion(Article.objects.select_related("updated_by").get(pk=article.pk))
    return article.version
