"""The editor's live preview: the body as typed, rendered and sanitised exactly as the site
renders it (articles/rendering.py), so what the preview shows is what readers will get, library
photos included (their figures filled in from the library, one query, none for a body without).

(Django's DATA_UPLOAD_MAX_MEMORY_SIZE bounds what may be posted: larger is a 400.)"""

from django.http import HttpResponse, JsonResponse

from articles import rendering
from images import figures
from images.models import Image


def render_body(model_admin, request):
    """POST `body` (Markdown) → the HTML the article page would show for it."""
    if not (model_admin.has_add_permission(request) or model_admin.has_change_permission(request)):
        return JsonResponse({"error": "You may not write articles."}, status=403)
    body = request.POST.get("body", "")
    html = rendering.render_markdown(body)
    if figures.PLACEHOLDER_START in html:
        html = figures.fill(html, Image.objects.filter(pk__in=rendering.image_references(body)))
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response
