from django.db.models import Count, F, Q
from django.shortcuts import get_object_or_404
from django.views.generic import ListView

from articles.models import Article
from articles.pagination import UncountedPaginator
from articles.querysets import TEASER_DEFERS
from newsroom.pagecache import depends_on, tag_for
from sources.models import Attribution, Source


class SourceListView(ListView):
    context_object_name = "sources"
    cache_tags = ("sources",)
    paginate_by = 100

    def get_queryset(self):
        published = Article.objects.published()
        return (
            Source.objects.in_print()
            .select_related("affiliation")
            .annotate(
                attribution_count=Count(
                    "attributions", filter=Q(attributions__article__in=published)
                )
            )
            .order_by("name")
        )


class SourceDetailView(ListView):
    """A source, and everything attributed to it (or to those speaking for it) in published
    articles, newest story first."""

    template_name = "sources/source_detail.html"
    context_object_name = "attributions"
    paginate_by = 50
    paginator_class = UncountedPaginator
    cache_tags = ()  # the source's own, below; the stories listed bring their own

    def get(self, request, *args, **kwargs):
        self.source = get_object_or_404(
            Source.objects.in_print().select_related("affiliation"), slug=kwargs["slug"]
        )
        depends_on(request, tag_for(self.source))
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        # Ids, not a subquery: with the values in hand PostgreSQL knows how often each source
        # is quoted, and walks the newest stories rather than sorting all of a prolific one's.
        speaking_for = list(
            Source.objects.filter(Q(pk=self.source.pk) | Q(affiliation=self.source)).values_list(
                "pk", flat=True
            )
        )
        return (
            Attribution.objects.in_print()
            .filter(source__in=speaking_for)
            # Each story's lead photo for its thumbnail (its renditions are on its row).
            .select_related("article__lead_image", "source")
            # A teaser's columns, not the story's copy (50 of them a page).
            .defer(*(f"article__{name}" for name in TEASER_DEFERS))
            # The public lists' order, so that walk can use their index.
            .order_by(
                F("article__published_at").desc(nulls_last=True),
                "-article__created_at",
                "article_id",
                "order",
                "pk",
            )
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(source=self.source, **kwargs)
