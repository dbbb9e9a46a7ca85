"""Who may do what on the desk, in one place for the admin, the API and the workflow.

Model permissions (granted to the Reporter and Editor groups by migrations) say what a role
may do at all; the rules here add what depends on the object: reporters edit only their own
drafts, only editors publish, and a source that a published story cites is part of that story,
so only editors change or merge it.
"""

from articles.models import Article, ArticleStatus

PUBLISH = "articles.publish_article"
LIFT_EMBARGO = "articles.lift_embargo"
CHANGE_CITED_SOURCE = "sources.change_cited_source"

CITED_SOURCE_REFUSAL = (
    "A published story cites this source, so only an editor may change or merge it "
    "(it would change the story)."
)


def _active(user) -> bool:
    return bool(user is not None and user.is_active)


# --- Articles --------------------------------------------------------------------------------


def sees_everything_live(user) -> bool:
    """Staff who may view articles see every article not in the trash; everyone else sees
    published ones."""
    return _active(user) and user.has_perm("articles.view_article")


def reads_embargoed(user) -> bool:
    """A partner's account allowed embargoed copy (distribution/): in the API it sees stories
    under embargo too, with their embargo, and nothing else the public does not."""
    return _active(user) and user.has_perm("articles.read_embargoed")


def may_publish(user) -> bool:
    """Publish, schedule, unpublish and archive: editors."""
    return _active(user) and user.has_perm(PUBLISH)


def may_lift_embargo(user) -> bool:
    """Lift an embargo before its time (breaking it for every partner and reader): its own
    permission, apart from publishing."""
    return _active(user) and user.has_perm(LIFT_EMBARGO)


def may_create(user) -> bool:
    return _active(user) and user.has_perm("articles.add_article")


def is_own(user, article: Article) -> bool:
    """Whether the user wrote the article or is credited on it."""
    if article.created_by_id is not None and article.created_by_id == user.pk:
        return True
    return article.pk is not None and article.credits.filter(contributor__user=user).exists()


def may_edit(user, article: Article) -> bool:
    """Editors edit anything live; reporters only their own drafts."""
    if not (_active(user) and user.has_perm("articles.change_article")):
        return False
    if article.deleted_at is not None:
        return False
    if may_publish(user):
        return True
    return article.status == ArticleStatus.DRAFT and is_own(user, article)


def may_trash(user, article: Article | None = None) -> bool:
    """Move to the trash and restore from it."""
    return _active(user) and user.has_perm("articles.delete_article")


def may_empty_trash(user) -> bool:
    """Delete for good (revisions stay recoverable)."""
    return _active(user) and (user.is_superuser or user.has_perm("articles.delete_article"))


def may_add_topics(user) -> bool:
    return _active(user) and user.has_perm("articles.add_topic")


# --- Sources ---------------------------------------------------------------------------------


def cited(sources) -> bool:
    """Whether a published story cites any of `sources` (quoted, or the organisation of one
    who is quoted): Source.objects.in_print(), asked of these."""
    sources = [source for source in sources if source.pk is not None]
    if not sources:
        return False
    model = type(sources[0])
    return model.objects.in_print().filter(pk__in=[source.pk for source in sources]).exists()


def may_change_source(user, source) -> bool:
    if not (_active(user) and user.has_perm("sources.change_source")):
        return False
    return source.pk is None or user.has_perm(CHANGE_CITED_SOURCE) or not cited([source])


def may_merge_sources(user, sources) -> bool:
    """Merging deletes the merged-away sources, so it needs the delete permission too."""
    if not (_active(user) and user.has_perms(["sources.change_source", "sources.delete_source"])):
        return False
    return user.has_perm(CHANGE_CITED_SOURCE) or not cited(sources)
