"""What can be asked of each model's rows: the visibility vocabulary (`published()`,
`.scheduled()`, `.embargoed()`, `in_print()`; `published_q()` / `scheduled_q()` /
`embargoed_q()` for aggregates) and the prefetch bundles each kind of page needs. The one
place "published", "scheduled" and "embargoed" are written out (tests/test_architecture.py
holds the line)."""

from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.dispatch import Signal
from django.utils import timezone

# The models, read when a query is built (they import this module to make their managers).
from articles import models as models_


class TopicQuerySet(models.QuerySet):
    def in_print(self, *, counted: bool = False):
        """Topics a reader may see: those of at least one published article. `counted` adds
        `article_count`, the number of those articles (dearer: it counts every tagging)."""
        if counted:
            published = Q(tagged_articles__content_object__in=models_.Article.objects.published())
            return self.annotate(
                article_count=models.Count("tagged_articles", filter=published)
            ).filter(article_count__gt=0)
        published = models_.Article.objects.published().filter(tagged_topics__tag=OuterRef("pk"))
        return self.filter(Exists(published))


class ContributorQuerySet(models.QuerySet):
    def in_print(self):
        """Contributors a reader may see: credited on at least one published article."""
        credits = models_.Credit.objects.filter(
            published_q("article__"), contributor=OuterRef("pk")
        )
        return self.filter(Exists(credits))


def published_q(prefix: str = "", *, at=None) -> Q:
    """What the public may see: published, not scheduled for later, not under an embargo still
    to lift, not in the trash. With a prefix (`"article__"`) it filters a related model's rows
    through a join rather than an `IN (subquery)`, so that ordering by the article can walk the
    public order's index. Like a schedule, an embargo lifts with no job: the rule is the time
    (now, or `at`: a prepared query passes its own now, newsroom/prepared.py)."""
    now = timezone.now() if at is None else at
    return Q(
        **{
            f"{prefix}deleted_at__isnull": True,
            f"{prefix}status": models_.ArticleStatus.PUBLISHED,
            f"{prefix}published_at__lte": now,
        }
    ) & (
        Q(**{f"{prefix}embargoed_until__isnull": True})
        | Q(**{f"{prefix}embargoed_until__lte": now})
    )


def embargoed_q(prefix: str = "", *, until=None) -> Q:
    """Under embargo: published (or scheduled) with an embargo still to lift (up to `until`, if
    given), not in the trash. Hidden from the public; partners allowed embargoed copy see it."""
    rule = Q(
        **{
            f"{prefix}deleted_at__isnull": True,
            f"{prefix}status": models_.ArticleStatus.PUBLISHED,
            f"{prefix}embargoed_until__gt": timezone.now(),
        }
    )
    return rule if until is None else rule & Q(**{f"{prefix}embargoed_until__lte": until})


def scheduled_q(prefix: str = "", *, until=None) -> Q:
    """Scheduled: published for a time still to come (up to `until`, if given), not in the
    trash. Invisible to the public until then, with no job needed to make it visible."""
    rule = Q(
        **{
            f"{prefix}deleted_at__isnull": True,
            f"{prefix}status": models_.ArticleStatus.PUBLISHED,
            f"{prefix}published_at__gt": timezone.now(),
        }
    )
    return rule if until is None else rule & Q(**{f"{prefix}published_at__lte": until})


# Sent after a bulk UPDATE of articles, with `pks`: a save that bypasses save() is still a change
# (the page cache listens).
bulk_updated = Signal()


# What a list of stories never shows, and which is most of each row: the copy, twice (markdown
# and HTML), and the search vector (kilobytes, out of line, written by a trigger and only ever
# read by the database itself).
TEASER_DEFERS = ("body", "body_html", "search_document")


class ArticleQuerySet(models.QuerySet):
    def update(self, **kwargs):
        """A bulk update is a change like a save: bulk_updated names the articles it changed."""
        pks = list(self.values_list("pk", flat=True))
        count = super().update(**kwargs)
        if pks:
            bulk_updated.send(sender=self.model, pks=pks)
        return count

    def claim_version(self, *, pk: int, expected: int) -> bool:
        """Take the next version number of one article, if it is still at `expected`. For a
        save that follows at once (and announces itself), so no bulk_updated."""
        return bool(
            models.QuerySet.update(self.filter(pk=pk, version=expected), version=expected + 1)
        )

    def published(self, *, at=None):
        """What the public may see: see published_q()."""
        return self.filter(published_q(at=at))

    def scheduled(self):
        """Published for later: see scheduled_q()."""
        return self.filter(scheduled_q())

    def embargoed(self):
        """Under an embargo still to lift: see embargoed_q()."""
        return self.filter(embargoed_q())

    def for_partner(self, *, embargoed_copy: bool):
        """What a distribution partner may see: the public's, and, if it is allowed embargoed
        copy, stories under embargo too (published, only waiting for the embargo to lift)."""
        rule = published_q()
        if embargoed_copy:
            rule |= embargoed_q() & Q(published_at__isnull=False)
        return self.filter(rule)

    def live(self):
        """Everything not in the trash: what the desk works on."""
        return self.filter(deleted_at__isnull=True)

    def trashed(self):
        return self.filter(deleted_at__isnull=False)

    # What each kind of page shows, prefetched: a fixed number of queries however many
    # articles there are. Combine with the visibility above, e.g. `published().for_page()`.

    def in_section(self, section):
        """Articles whose home is this section or one of its subsections, or which also appear
        in it: what its front, its feed and the API's `?section=` list."""
        also_in = models_.Article.also_in.through.objects.filter(
            article=OuterRef("pk"), section=section
        )
        return self.filter(Q(section=section) | Q(section__parent=section) | Exists(also_in))

    def for_teaser(self):
        """A teaser in a list: the byline, the topics and the lead photo (joined: its
        renditions are on its row) and the section under its parent (joined too); not the
        copy (TEASER_DEFERS), which a list never shows."""
        return self._with_teaser_relations().defer(*TEASER_DEFERS)

    def _with_teaser_relations(self):
        return self.select_related("lead_image", "section__parent").prefetch_related(
            Prefetch("credits", queryset=models_.Credit.objects.select_related("contributor")),
            # taggit's manager takes no custom Prefetch queryset; Topic.Meta orders by name.
            "topics",
        )

    def for_page(self):
        """The article page (and the desk's preview): a teaser's, the copy, the corrections,
        and who said what with their organisations; not the search vector."""
        return (
            self._with_teaser_relations()
            .defer("search_document")
            .prefetch_related(
                Prefetch(
                    "corrections", queryset=models_.Correction.objects.order_by("published_at")
                ),
                Prefetch(
                    "attributions",
                    queryset=_attributions().select_related("source__affiliation"),
                ),
            )
        )

    def for_api(self, *, whole: bool = True):
        """The API's representation. A list item (not `whole`) counts its sources but does not
        list them, and shows no corrections."""
        attributions = _attributions().select_related("source", "source__affiliation")
        if not whole:
            attributions = (
                _attributions()
                .select_related("source")
                .only("article_id", "source_id", "kind", "source__kind")
            )
        articles = self if whole else self.defer(*TEASER_DEFERS)
        articles = articles.select_related("lead_image", "section").prefetch_related(
            Prefetch("credits", queryset=models_.Credit.objects.select_related("contributor")),
            Prefetch(
                "tagged_topics",
                queryset=models_.TaggedArticle.objects.select_related("tag").order_by("tag__name"),
            ),
            Prefetch("attributions", queryset=attributions),
        )
        return articles.prefetch_related("corrections", "inline_images") if whole else articles


def _attributions():
    # The sources app's Attribution, reached through the relation: sources depends on
    # articles, so articles never imports it.
    return models_.Article.attributions.rel.related_model.objects.all()
