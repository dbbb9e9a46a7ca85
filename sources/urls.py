from django.urls import path

from newsroom.caching import reader_page
from sources import views

app_name = "sources"

# The query parameter each page reads; the page cache keys on it alone.
PAGE = ("page",)

urlpatterns = [
    path("", reader_page(views.SourceListView.as_view(), query=PAGE), name="index"),
    path("<slug:slug>/", reader_page(views.SourceDetailView.as_view(), query=PAGE), name="detail"),
]
