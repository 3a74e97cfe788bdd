from django.core.management.base import BaseCommand

from xarxa.notifications.models import DigestSubscription


class Command(BaseCommand):
    help = "Queue the digest e-mails that are due (run daily from a scheduler such as cron or a systemd timer)."

    def add_arguments(self, parser):
        parser.add_argument("--frequency", choices=["daily", "weekly"], action="append")

    def handle(self, *args, frequency=None, **options):
        from xarxa.notifications.tasks import send_due_digests

        for which in frequency or [DigestSubscription.Frequency.DAILY, DigestSubscription.Frequency.WEEKLY]:
            send_due_digests.enqueue(which)
            self.stdout.write(f"queued the {which} digests")
