from django.apps import AppConfig


class SourcesConfig(AppConfig):
    name = "sources"
    verbose_name = "Sources"

    def ready(self):
        from sources import checks, dependencies, filters, ninjs, serializers

        dependencies.register()
        checks.register()
        filters.register()
        serializers.register()
        ninjs.register()
