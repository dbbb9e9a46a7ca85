"""The desk's preview: any live article, drafts included, rendered with the public template
for staff, never indexed or cached."""

from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from articles.models import Article
from articles.views import ArticleDetailView


class PreviewView(ArticleDetailView):
    """The public article page for any live article, drafts included (staff only)."""

    def get_queryset(self):
        return Article.objects.live().for_page()

    def get_object(self, queryset=None):
        article = super().get_object(queryset)
        # A draft has no publication time yet; show it as if it went out now.
        article.published_at = article.published_at or timezone.now()
        return article


def preview(model_admin, request, object_id):
    """The draft rendered with the public template, for staff only, never indexed or cached."""
    model_admin.article_or_404(request, object_id)
    response = PreviewView.as_view(extra_context={"preview": True, "noindex": True})(
        request, pk=object_id
    )
    response.render()
    response["X-Robots-Tag"] = "noindex, nofollow"
    add_never_cache_headers(response)
    return response
