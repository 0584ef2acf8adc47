from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = "Service plans"

    def ready(self):
        from django.db.models.signals import post_save

        from council import stamps
        from council.models import Council
        from plans.models.template import give_council_its_first_template
        from plans.pdf import store as pdf_store

        stamps.on_change(pdf_store.render_after_change)
        post_save.connect(
            give_council_its_first_template, sender=Council, dispatch_uid="first_template"
        )
