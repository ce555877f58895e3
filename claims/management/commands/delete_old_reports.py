"""Delete reports made in the background, with their files, once they are
older than REPORT_KEEP_DAYS days: the files are copies, made again on
demand, and the storage should not fill with them. Run daily (cron or a
systemd timer, as the README shows)."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from claims.services.reports import delete_old_reports


class Command(BaseCommand):
    help = "Delete background reports and their files older than REPORT_KEEP_DAYS days."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None,
                            help="Keep this many days instead (default: REPORT_KEEP_DAYS).")

    def handle(self, *args, days=None, **options):
        days = settings.REPORT_KEEP_DAYS if days is None else days
        deleted = delete_old_reports(before=timezone.now() - datetime.timedelta(days=days))
        if options["verbosity"]:
            self.stdout.write(f"{deleted} report(s) older than {days} day(s) deleted.")
