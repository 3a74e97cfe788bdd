from django.core.management.base import BaseCommand

from xarxa.blogs.services import publish_due_posts


class Command(BaseCommand):
    help = "Publish the scheduled blog posts whose time has come (a safety net for the queued task)."

    def handle(self, *args, **options):
        self.stdout.write(f"{publish_due_posts()} post(s) published")
