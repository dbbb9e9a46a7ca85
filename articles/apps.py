from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles"

    def ready(self):
        from articles import cache_invalidation, dependencies, parts, photos, signals

        dependencies.connect()
        photos.connect()
        signals.connect()
        cache_invalidation.connect()
        parts.connect()
