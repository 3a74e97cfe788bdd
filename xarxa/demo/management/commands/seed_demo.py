from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from xarxa.demo.demo_accounts import ADMIN_EMAIL, ANA_EMAIL, DEMO_PASSWORD
from xarxa.demo.seed import database_has_members, seed_demo


class Command(BaseCommand):
    help = (
        "Fill the database with a believable demo network: organisations, topics, members and follows, "
        f"plus two demo logins ({ANA_EMAIL} and {ADMIN_EMAIL}, password {DEMO_PASSWORD}). "
        "The same --seed always gives the same data. Meant for a fresh database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, default=300, help="How many members to create (default 300).")
        parser.add_argument("--seed", type=int, default=2026, help="Random seed (default 2026).")
        parser.add_argument("--if-empty", action="store_true",
                            help="Do nothing when the database already has members (what `make run` uses).")
        parser.add_argument("--force", action="store_true",
                            help="Add demo members even though the database already has members.")
        parser.add_argument("--without-search-index", action="store_true",
                            help="Leave the search index as it is (rebuild it later with rebuild_search_index).")

    def handle(self, *args, members, seed, if_empty, force, without_search_index, **options):
        if members < 0:
            raise CommandError("--members must be zero or more.")
        if "smtp" in settings.EMAIL_BACKEND.lower():
            # Demo members have addresses at real institutional domains: never mail them.
            raise CommandError("E-mail goes to a real mail server (EMAIL_URL is set); refusing to create demo "
                               "members whose addresses are at real institutional domains.")
        if database_has_members():
            if if_empty:
                self.stdout.write("The database already has members; demo data not added.")
                return
            if not force:
                raise CommandError("The database already has members. seed_demo is meant for a fresh database; "
                                   "use --if-empty to skip quietly, or --force to add demo members anyway.")
        report = seed_demo(members=members, seed=seed, index_search=not without_search_index)
        for name, count in [*report.counts(), *report.community.items()]:
            self.stdout.write(f"  {name.replace('_', ' '):<22}{count:>10,}")
        if options["verbosity"] >= 2:
            for name, seconds, cpu in report.stages:
                self.stdout.write(f"  {name:<48}{seconds:7.1f} s{cpu:7.1f} s CPU")
        self.stdout.write(self.style.SUCCESS(
            f"Seeded {report.members:,} members in {report.seconds:.1f} s "
            f"({report.members_per_second:,.0f} members/s). Log in as {ANA_EMAIL} / {DEMO_PASSWORD}."
        ))
