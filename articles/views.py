from django.db.models import Prefetch
from django.views.generic import DetailView, ListView

from articles.models import Article, Credit


class PublishedArticlesMixin:
    """The public's articles: published only, with what the templates show prefetched."""

    def get_queryset(self):
        return Article.objects.published().prefetch_related(
            Prefetch("credits", queryset=Credit.objects.select_related("contributor")),
            "topics",
        )


class ArticleListView(PublishedArticlesMixin, ListView):
    paginate_by = 20
    context_object_name = "articles"


class ArticleDetailView(PublishedArticlesMixin, DetailView):
    context_object_name = "article"

    def get_queryset(self):
        return super().get_queryset().prefetch_related("corrections")
