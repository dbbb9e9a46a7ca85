from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from articles import sitemaps
from newsroom import views
from newsroom.caching import reader_page

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("newsroom.api")),
    path("", include("articles.urls")),
    path("sources/", include("sources.urls")),
    path("sitemap.xml", reader_page(sitemaps.index), name="sitemap"),
    path(
        "sitemap-<slug:section>.xml",
        reader_page(sitemap, query=("p",)),
        {"sitemaps": sitemaps.SITEMAPS},
        name="sitemap_section",
    ),
    path(
        "news-sitemap.xml",
        reader_page(sitemap, query=("p",)),
        {"sitemaps": sitemaps.NEWS_SITEMAPS, "template_name": "sitemaps/news_sitemap.xml"},
        name="news_sitemap",
    ),
    path("robots.txt", reader_page(views.robots_txt), name="robots"),
    path("healthz", views.healthz, name="healthz"),
]

handler500 = "newsroom.views.server_error"
