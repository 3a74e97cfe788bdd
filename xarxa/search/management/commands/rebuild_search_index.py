from django.core.management.base import BaseCommand

from xarxa.search.rebuild import BATCH_SIZE, rebuild_index


class Command(BaseCommand):
    help = "Empty the search index and fill it again from members, organisations, groups, topics and content."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)

    def handle(self, *args, batch_size, verbosity, **options):
        total = rebuild_index(batch_size=batch_size, stdout=self.stdout if verbosity > 1 else None)
        if verbosity:
            self.stdout.write(self.style.SUCCESS(f"Indexed {total} documents."))
