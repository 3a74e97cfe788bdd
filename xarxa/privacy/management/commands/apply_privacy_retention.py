from django.core.management.base import BaseCommand

from xarxa.privacy.retention import apply_retention


class Command(BaseCommand):
    help = ("Delete the accounts whose grace period is over, expired data exports, old background-task records "
            "and sessions (run daily from cron; the periods are the XARXA_*_DAYS settings).")

    def handle(self, *args, **options):
        for what, count in apply_retention().items():
            self.stdout.write(f"{what}: {count}")
