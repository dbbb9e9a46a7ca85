"""The desk's preview: any live article, drafts included, rendered with the public template
for staff, never indexed or cached. A banner says it is a preview, with the story's status and
the way back to its form; a story that has not gone out shows no publication time."""

import copy

from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.generic import DetailView

from articles import parts, structured_data
from articles.models import Article
from articles.views import ArticleDetailView


class PreviewView(ArticleDetailView):
    """The public article page for any live article, drafts included (staff only)."""

    template_name = "articles/article_preview.html"

    def get_queryset(self):
        return Article.objects.live().for_page()

    def get_object(self, queryset=None):
        return DetailView.get_object(self, queryset)  # the whole article, never stored parts

    def get_context_data(self, **kwargs):
        article = self.object
        # What the public page shows, minus its cache declarations (a preview is never cached)
        # and, for a story not yet out, minus a publication time it does not have.
        # Its parts are rendered from the current text every time, never stored.
        unpublished = not article.is_public
        rendered = parts.render(
            article,
            self.request,
            head="articles/parts/preview_head.html",
            story="articles/parts/preview_story.html",
            news_article=_unpublished_news_article(article)
            if unpublished
            else structured_data.news_article(article),
            unpublished=unpublished,
        )
        head, story = parts.html(rendered)
        return DetailView.get_context_data(
            self,
            modified_at=rendered.modified_at,
            head=head,
            story=story,
            unpublished=unpublished,
            change_url=reverse("admin:articles_article_change", args=[article.pk]),
            **kwargs,
        )


def _unpublished_news_article(article: Article) -> dict:
    """The JSON-LD of a story that has not gone out: all of it but a datePublished. (A draft
    may have no publication time at all, or an old one from before it was unpublished.)"""
    stand_in = copy.copy(article)
    stand_in.published_at = structured_data.modified_at(article)
    data = structured_data.news_article(stand_in)
    del data["datePublished"]
    return data


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
