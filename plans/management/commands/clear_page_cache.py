"""Empty the page and part caches (every kept plan page, table part and dashboard) and
delete the kept plan PDFs."""

from django.core.cache import caches
from django.core.management.base import BaseCommand

from plans.pdf import store as pdf_store

# The caches of rendered HTML (serviceplans/settings.py): plans/cache/pages.py and part_cache.py.
ALIASES = ("pages", "parts")


class Command(BaseCommand):
    help = (
        "Forget every rendered plan page, table part and dashboard kept in the page caches "
        "(made by any version of the code), and every kept plan PDF, so that the next request "
        "renders them from the database. Run it after changing data with SQL by hand, or "
        "after a restore."
    )

    def handle(self, *args, **options):
        for alias in ALIASES:
            caches[alias].clear()
        pdfs = pdf_store.forget_all()
        self.stdout.write(
            f"Emptied the page caches: {', '.join(ALIASES)}; deleted {pdfs} kept plan PDFs."
        )
