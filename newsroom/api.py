"""The API's addresses: `/api/v1/` (one router), `/api/schema/` (OpenAPI 3) and `/api/docs/`
(Swagger UI, served from drf-spectacular-sidecar so it works offline)."""

from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, include, path, re_path, resolve
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import APIRootView, DefaultRouter

from articles.api import ArticleViewSet, ContributorViewSet, SectionViewSet, TopicViewSet
from images.api import ImageViewSet
from newsroom.rest import PrivateToCallers
from sources.api import SourceViewSet

app_name = "api"


class RootView(PrivateToCallers, APIRootView):
    """`/api/v1/`: the resources' addresses."""


class SchemaView(PrivateToCallers, SpectacularAPIView):
    pass


class DocsView(PrivateToCallers, SpectacularSwaggerSplitView):
    pass


class Router(DefaultRouter):
    # JSON is the only format, so no `.json` suffix routes: one address per resource.
    include_format_suffixes = False
    APIRootView = RootView


router = Router()
router.register("articles", ArticleViewSet, basename="article")
router.register("sources", SourceViewSet, basename="source")
router.register("topics", TopicViewSet, basename="topic")
router.register("contributors", ContributorViewSet, basename="contributor")
router.register("sections", SectionViewSet, basename="section")
router.register("images", ImageViewSet, basename="image")


# It changes nothing, so it needs no CSRF check (which would answer a PUT here in HTML).
@csrf_exempt
def not_found(request, path=""):
    """Unknown API addresses answer in JSON too; a missing trailing slash is forgiven on reads."""
    if not request.path.endswith("/"):
        try:
            match = resolve(request.path + "/")
        except Resolver404:
            match = None
        if match is not None and match.func is not not_found:
            if request.method in {"GET", "HEAD"}:
                query = request.META.get("QUERY_STRING")
                return HttpResponsePermanentRedirect(
                    request.path + "/" + (f"?{query}" if query else "")
                )
            return JsonResponse(
                {"detail": f"Not found. Did you mean {request.path}/ (with the slash)?"},
                status=404,
            )
    return JsonResponse(
        {"detail": "Not found. The API lives at /api/v1/; see /api/docs/."}, status=404
    )


urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", SchemaView.as_view(), name="schema"),
    path("docs/", DocsView.as_view(url_name="api:schema"), name="docs"),
    re_path(r"^(?P<path>.*)$", not_found, name="not_found"),
]
