from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig


class NewsroomAdminConfig(AdminConfig):
    default_site = "newsroom.admin.NewsroomAdminSite"


class NewsroomConfig(AppConfig):
    """The project package as an app: its management commands (backup, restore), the sign-in
    throttle's table and receivers."""

    name = "newsroom"
    verbose_name = "Newsroom"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        from newsroom import logins

        user_login_failed.connect(logins.record_failure, dispatch_uid="newsroom-login-failed")
        user_logged_in.connect(logins.forget_failures, dispatch_uid="newsroom-logged-in")
