from django.urls import path

from newsroom.caching import reader_page
from trust import feeds, views

app_name = "trust"

urlpatterns = [
    path("about/", reader_page(views.PolicyIndexView.as_view()), name="policies"),
    path("about/<slug:slug>/", reader_page(views.PolicyDetailView.as_view()), name="policy"),
    path(
        "corrections/",
        reader_page(views.CorrectionsArchiveView.as_view(), query=("page",)),
        name="corrections",
    ),
    path("corrections/feed.rss", reader_page(feeds.CorrectionsFeed()), name="corrections_feed"),
    path("articles/<slug:slug>/feedback/", views.feedback_form, name="feedback"),
]
