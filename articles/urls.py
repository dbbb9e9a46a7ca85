from django.urls import path

from articles import feeds, views
from articles.forms import SearchForm
from fronts.views import HomeView
from newsroom.caching import reader_page

app_name = "articles"

# The query parameters each page reads; the page cache keys on these alone.
PAGE = ("page",)

urlpatterns = [
    # The home page is a curated front (fronts/views.py), its newest stories an ArticleListView.
    path("", reader_page(HomeView.as_view(), query=PAGE), name="index"),
    path("articles/<slug:slug>/", reader_page(views.ArticleDetailView.as_view()), name="detail"),
    path("topics/", reader_page(views.TopicListView.as_view(), query=PAGE), name="topics"),
    path(
        "topics/<slug:slug>/",
        reader_page(views.TopicDetailView.as_view(), query=PAGE),
        name="topic",
    ),
    path("topics/<slug:slug>/feed.rss", reader_page(feeds.TopicFeed()), name="topic_feed"),
    path(
        "contributors/<slug:slug>/",
        reader_page(views.ContributorDetailView.as_view(), query=PAGE),
        name="contributor",
    ),
    path(
        "search/",
        reader_page(views.SearchView.as_view(), query=(*SearchForm.base_fields, "page")),
        name="search",
    ),
    path("feeds/latest.rss", reader_page(feeds.LatestArticlesFeed()), name="feed_rss"),
    path("feeds/latest.atom", reader_page(feeds.LatestArticlesAtomFeed()), name="feed_atom"),
]
