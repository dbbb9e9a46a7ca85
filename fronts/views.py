"""The home page: the lead story with its photo, the featured stories, a block per top-level
section (its newest few), then the newest of the rest, paginated like every list."""

from articles.views import ArticleListView
from fronts import curation
from newsroom.pagecache import depends_on, expires_at
from sections.navigation import top_sections


class HomeView(ArticleListView):
    template_name = "fronts/home.html"
    cache_tags = ("home",)  # and the home front's pins, below

    def get(self, request, *args, **kwargs):
        depends_on(request, curation.front_tag(None))
        self.first_page = request.GET.get("page", "1") in {"", "1"}
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        # The list's own visibility (ArticleListView's), without the topics fronts don't show.
        latest = super().get_queryset().prefetch_related(None)
        self.front = curation.front(None)
        if self.front.expires_at is not None:
            expires_at(self.request, self.front.expires_at)
        self.blocks = curation.section_blocks(top_sections(), exclude=self.front.pinned_ids)
        shown = self.front.pinned_ids + [
            article.pk for _, articles in self.blocks for article in articles
        ]
        return curation.teasers(latest.exclude(pk__in=shown))

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            lead=self.front.lead if self.first_page else None,
            featured=self.front.featured if self.first_page else [],
            blocks=self.blocks if self.first_page else [],
            **kwargs,
        )
