"""The desk's trash: the trashed articles, bringing one back, and emptying it for good."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse

from articles import trash
from articles.models import Article


def index(model_admin, request):
    """The trashed articles, most recently trashed first."""
    if not model_admin.has_delete_permission(request):
        raise PermissionDenied
    return model_admin.render_page(
        request,
        "admin/articles/article/trash.html",
        title="Trash",
        articles=Article.objects.trashed().select_related("deleted_by").order_by("-deleted_at"),
        can_empty=request.user.is_superuser or model_admin.has_delete_permission(request),
    )


def restore(model_admin, request, object_id):
    """Bring an article back from the trash (POST only)."""
    article = get_object_or_404(Article.objects.trashed(), pk=object_id)
    trash.restore_from_trash(article=article, by=request.user)
    messages.success(request, f"{article} is back from the trash.")
    return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))


def empty(model_admin, request):
    """Delete every trashed article for good (POST only; the workflow checks who may)."""
    count = trash.empty_trash(by=request.user)
    messages.success(request, f"Deleted {count} article(s) for good.")
    return HttpResponseRedirect(reverse("admin:articles_article_trash"))
