from django.apps import AppConfig


class DistributionConfig(AppConfig):
    name = "distribution"
    verbose_name = "Distribution to partners"

    def ready(self):
        from distribution import outbox

        outbox.connect()
