from django.apps import AppConfig


class ImagesConfig(AppConfig):
    name = "images"
    verbose_name = "Photos"

    def ready(self):
        from images import signals

        signals.connect()
