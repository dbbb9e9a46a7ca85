from django.apps import AppConfig


class TrustConfig(AppConfig):
    name = "trust"
    verbose_name = "Trust and feedback"

    def ready(self):
        from trust import indicators

        indicators.register()
