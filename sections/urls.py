from django.urls import path

from newsroom.caching import reader_page
from sections import feeds, views

app_name = "sections"

urlpatterns = [
    path("", reader_page(views.SectionIndexView.as_view()), name="index"),
    path(
        "<slug:slug>/",
        reader_page(views.SectionFrontView.as_view(), query=("page",)),
        name="front",
    ),
    path("<slug:slug>/feed.rss", reader_page(feeds.SectionFeed()), name="feed"),
]
