from django.core.management.base import BaseCommand

from xarxa.events.services import send_due_reminders


class Command(BaseCommand):
    help = "Send the day-before reminder to everyone going to an event that starts within a day (run hourly)."

    def handle(self, *args, **options):
        sent = send_due_reminders()  # each reminder is then a background task
        self.stdout.write(f"{sent} member(s) reminded")
