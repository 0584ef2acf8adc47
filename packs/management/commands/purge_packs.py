"""Delete performance packs past their retention time and fail packs whose worker died."""

from django.conf import settings
from django.core.management.base import BaseCommand

from packs.services import pack_mark_stale, pack_purge


class Command(BaseCommand):
    help = (
        "Delete performance packs (files and records) older than PACK_RETENTION_DAYS and "
        "mark packs that stopped making progress as failed. Run it daily, e.g. from cron."
    )

    def handle(self, *args, **options):
        stale = pack_mark_stale()
        purged = pack_purge()
        self.stdout.write(
            f"{purged} pack{'s' if purged != 1 else ''} older than "
            f"{settings.PACK_RETENTION_DAYS} days deleted; {stale} stopped pack"
            f"{'s' if stale != 1 else ''} marked as failed."
        )
