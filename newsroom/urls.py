from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.templatetags.static import static
from django.urls import include, path, re_path
from django.utils.decorators import method_decorator
from django.views.decorators.cache import cache_control
from django.views.generic import RedirectView

from articles import sitemaps
from newsroom import media, views
from newsroom import sitemaps as sections
from newsroom.caching import reader_page

# What the sitemaps show: every published article, topic, contributor and source.
SITEMAPS = ("sitemaps",)


@method_decorator(cache_control(public=True, max_age=60 * 60 * 24), name="dispatch")
class FaviconView(RedirectView):
    """/favicon.ico, which browsers and crawlers ask for whatever a page links: the static icon,
    by its hashed name in production (so the redirect is not permanent)."""

    def get_redirect_url(self, *args, **kwargs):
        return static("favicon.ico")


urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("newsroom.api")),
    path("", include("articles.urls")),
    path("sources/", include("sources.urls")),
    path("sections/", include("sections.urls")),
    path("", include("trust.urls")),
    path(
        "sitemap.xml",
        reader_page(sitemaps.index, tags=SITEMAPS),
        {"sitemaps": sections.SITEMAPS},
        name="sitemap",
    ),
    path(
        "sitemap-<slug:section>.xml",
        reader_page(sitemap, query=("p",), tags=SITEMAPS),
        {"sitemaps": sections.SITEMAPS, "template_name": "sitemaps/sitemap.xml"},
        name="sitemap_section",
    ),
    path(
        "news-sitemap.xml",
        reader_page(sitemap, query=("p",), tags=SITEMAPS),
        {"sitemaps": sitemaps.NEWS_SITEMAPS, "template_name": "sitemaps/news_sitemap.xml"},
        name="news_sitemap",
    ),
    # robots.txt shows nothing that changes with the content.
    path("robots.txt", reader_page(views.robots_txt, tags=()), name="robots"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", FaviconView.as_view(), name="favicon"),
]

if not settings.MEDIA_S3_BUCKET and not settings.MEDIA_URL.startswith("http"):
    urlpatterns.append(
        re_path(rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.+)$", media.rendition, name="media")
    )

handler500 = "newsroom.views.server_error"
