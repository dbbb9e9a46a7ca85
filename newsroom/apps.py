from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig


class NewsroomAdminConfig(AdminConfig):
    default_site = "newsroom.admin.NewsroomAdminSite"


class NewsroomConfig(AppConfig):
    """The project package as an app, so its management commands (backup, restore) are found."""

    name = "newsroom"
    verbose_name = "Newsroom"
