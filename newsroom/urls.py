from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from articles import sitemaps
from newsroom import sitemaps as sections
from newsroom import views
from newsroom.caching import reader_page

# What the sitemaps show: every published article, topic, contributor and source.
SITEMAPS = ("sitemaps",)

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("newsroom.api")),
    path("", include("articles.urls")),
    path("sources/", include("sources.urls")),
    path(
        "sitemap.xml",
        reader_page(sitemaps.index, tags=SITEMAPS),
        {"sitemaps": sections.SITEMAPS},
        name="sitemap",
    ),
    path(
        "sitemap-<slug:section>.xml",
        reader_page(sitemap, query=("p",), tags=SITEMAPS),
        {"sitemaps": sections.SITEMAPS},
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
]

handler500 = "newsroom.views.server_error"
