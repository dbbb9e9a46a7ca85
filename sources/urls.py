from django.urls import path

from newsroom.caching import reader_page
from sources import views

app_name = "sources"

urlpatterns = [
    path("", reader_page(views.SourceListView.as_view()), name="index"),
    path("<slug:slug>/", reader_page(views.SourceDetailView.as_view()), name="detail"),
]
