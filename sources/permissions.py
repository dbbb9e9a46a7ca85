"""Who may change which sources.

A source that a published story cites (quoted in it, or the organisation of someone who is) is
part of that story: renaming it or merging it away changes what readers see. So changing or
merging one is an editor's action, `sources.change_cited_source`; anyone with
`sources.change_source` may still fix a source that no published story cites yet.
"""

from sources.models import Source

CHANGE_CITED_SOURCE = "sources.change_cited_source"


def cited(sources) -> bool:
    """Whether any of `sources` (a list of sources or ids) is cited by a published story."""
    ids = [getattr(source, "pk", source) for source in sources]
    return Source.objects.in_print().filter(pk__in=[pk for pk in ids if pk]).exists()


def may_change_source(user, source: Source) -> bool:
    if not (user.is_active and user.has_perm("sources.change_source")):
        return False
    return source.pk is None or user.has_perm(CHANGE_CITED_SOURCE) or not cited([source])


def may_merge_sources(user, sources) -> bool:
    """Merging deletes the merged-away sources, so it needs the delete permission too."""
    if not (user.is_active and user.has_perms(["sources.change_source", "sources.delete_source"])):
        return False
    return user.has_perm(CHANGE_CITED_SOURCE) or not cited(sources)


CITED_REFUSAL = (
    "A published story cites this source, so only an editor may change or merge it "
    "(it would change the story)."
)
