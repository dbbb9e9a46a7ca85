"""An article's revisions on the desk: the list, two of them compared, and restoring one as a
new revision."""

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse

from articles import permissions, revisions, workflow
from articles.restore import restore_revision


def index(model_admin, request, object_id):
    """Every revision of the article, newest first, with what changed in each."""
    article = model_admin.article_or_404(request, object_id)
    return model_admin.render_page(
        request,
        "admin/articles/article/history.html",
        title=f"History: {article}",
        article=article,
        versions=list(revisions.history(article)),
        can_restore=permissions.may_edit(request.user, article),
        compare_url=reverse("admin:articles_article_compare", args=[article.pk]),
    )


def compare(model_admin, request, object_id):
    """The differences between revisions `a` and `b` (a revision's id, or "current")."""
    article = model_admin.article_or_404(request, object_id)
    history = {version.pk: version for version in revisions.history(article)}
    old, old_snapshot = _chosen(request, "a", article, history)
    new, new_snapshot = _chosen(request, "b", article, history)
    return model_admin.render_page(
        request,
        "admin/articles/article/compare.html",
        title=f"Compare revisions: {article}",
        article=article,
        old=old,
        new=new,
        changes=revisions.diff(old_snapshot, new_snapshot),
        history_url=reverse("admin:articles_article_history", args=[article.pk]),
    )


def _chosen(request, name, article, history):
    """The revision the query parameter `name` picks, and its snapshot."""
    value = request.GET.get(name, "")
    if value == "current":
        return "current", revisions.current_snapshot(article)
    try:
        version = history[int(value)]
    except (ValueError, KeyError):
        raise Http404("Choose two revisions of this article to compare.") from None
    return version, revisions.snapshot(version)


def restore(model_admin, request, object_id, version_id):
    """Restore a revision as a new one, through the workflow (POST only)."""
    article = model_admin.article_or_404(request, object_id)
    try:
        restore_revision(article=article, version_id=version_id, by=request.user)
    except workflow.WorkflowError as exc:
        messages.error(request, str(exc))
        return HttpResponseRedirect(reverse("admin:articles_article_history", args=[article.pk]))
    messages.success(request, "The revision was restored as a new revision.")
    return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))
