"""The article desk's own pages, one module each, and the URLs the article admin adds for them.

Each view is a function of the article admin, the request and the URL's arguments, so that it
asks the admin for the article (`article_or_404`) and renders in its frame (`render_page`).
The revision list itself answers at Django's own history URL (ArticleAdmin.history_view).
"""

from functools import partial

from django.urls import path
from django.views.decorators.http import require_POST

from articles.admin.views import embargo, history, presence, preview, render, trash


def urls(model_admin) -> list:
    """The desk's pages under the article admin's URLs, each an admin view bound to it."""

    def page(route, view, name, *, post_only=False):
        bound = partial(view, model_admin)
        return path(
            route,
            model_admin.admin_site.admin_view(require_POST(bound) if post_only else bound),
            name=name,
        )

    return [
        page("trash/", trash.index, "articles_article_trash"),
        page("trash/empty/", trash.empty, "articles_article_empty_trash", post_only=True),
        page(
            "trash/<int:object_id>/restore/",
            trash.restore,
            "articles_article_untrash",
            post_only=True,
        ),
        page("render/", render.render_body, "articles_article_render", post_only=True),
        page("<int:object_id>/preview/", preview.preview, "articles_article_preview"),
        page("<int:object_id>/presence/", presence.presence, "articles_article_presence"),
        page("<int:object_id>/lift-embargo/", embargo.lift, "articles_article_lift_embargo"),
        page("<int:object_id>/history/compare/", history.compare, "articles_article_compare"),
        page(
            "<int:object_id>/history/<int:version_id>/restore/",
            history.restore,
            "articles_article_restore",
            post_only=True,
        ),
    ]
