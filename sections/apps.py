from django.apps import AppConfig


class SectionsConfig(AppConfig):
    name = "sections"
    verbose_name = "Sections"

    def ready(self):
        from sections import checks, signals

        signals.connect()
        checks.register()
