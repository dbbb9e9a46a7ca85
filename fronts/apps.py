from django.apps import AppConfig


class FrontsConfig(AppConfig):
    name = "fronts"
    verbose_name = "Fronts"

    def ready(self):
        from fronts import signals

        signals.connect()
