from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = "Service plans"

    def ready(self):
        from plans import stamps

        stamps.connect()
