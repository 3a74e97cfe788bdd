from django.core.management.base import BaseCommand

from xarxa.congress.services import record_phase_changes


class Command(BaseCommand):
    help = "Record the congress editions whose phase has changed (run hourly as a safety net for the task)."

    def handle(self, *args, **options):
        changed = record_phase_changes()
        self.stdout.write(f"{changed} phase change(s) recorded")
