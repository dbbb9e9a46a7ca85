from django.urls import path

from articles import feeds, views
from newsroom.caching import reader_page

app_name = "articles"

urlpatterns = [
    path("", reader_page(views.ArticleListView.as_view()), name="index"),
    path("articles/<slug:slug>/", reader_page(views.ArticleDetailView.as_view()), name="detail"),
    path("topics/", reader_page(views.TopicListView.as_view()), name="topics"),
    path("topics/<slug:slug>/", reader_page(views.TopicDetailView.as_view()), name="topic"),
    path("topics/<slug:slug>/feed.rss", reader_page(feeds.TopicFeed()), name="topic_feed"),
    path(
        "contributors/<slug:slug>/",
        reader_page(views.ContributorDetailView.as_view()),
        name="contributor",
    ),
    path("search/", reader_page(views.SearchView.as_view()), name="search"),
    path("feeds/latest.rss", reader_page(feeds.LatestArticlesFeed()), name="feed_rss"),
    path("feeds/latest.atom", reader_page(feeds.LatestArticlesAtomFeed()), name="feed_atom"),
]
