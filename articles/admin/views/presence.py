"""Who else has an article open: the change form asks (GET) and says it is still there (POST)."""

from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers

from articles import presence as notices


def presence(model_admin, request, object_id):
    """The others with this article open, as JSON; a POST first marks this user present."""
    article = model_admin.article_or_404(request, object_id)
    if request.method == "POST":
        notices.mark_present(article_id=article.pk, user=request.user)
    response = JsonResponse(
        {"others": notices.others_present(article_id=article.pk, user=request.user)}
    )
    add_never_cache_headers(response)
    return response
