from django.apps import AppConfig


class CouncilConfig(AppConfig):
    name = "council"
    verbose_name = "Council set-up"

    def ready(self):
        from council import stamps

        stamps.connect()
