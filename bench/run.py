"""Xarxa benchmark: seed a scratch database with demo members, then time the member directory.

    python bench/run.py                      # SQLite in a temporary folder, 100,000 members
    python bench/run.py --members 20000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/xarxa_bench python bench/run.py

With DATABASE_URL the benchmark creates a throw-away database next to the one named (the role
needs CREATEDB) and drops it afterwards; the named database is only used to connect.
"""

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=7, help="runs per query; the median is reported")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database for a look afterwards")
    args = parser.parse_args()

    database_url = os.environ.get("DATABASE_URL", "")
    scratch = scratch_postgres(database_url, args.keep) if database_url else scratch_sqlite(args.keep)
    with scratch as where:
        setup_django()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        run_seed(args.members, args.seed, where)
        time_directory(args.repeat)
        from django.db import connections

        connections.close_all()  # PostgreSQL: let the scratch database be dropped


@contextmanager
def scratch_sqlite(keep: bool):
    folder = Path(tempfile.mkdtemp(prefix="xarxa-bench-"))
    os.environ["XARXA_VAR_DIR"] = str(folder)
    os.environ.pop("DATABASE_URL", None)
    try:
        yield f"SQLite, {folder / 'xarxa.sqlite3'}"
    finally:
        if keep:
            print(f"\nKept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def scratch_postgres(url: str, keep: bool):
    import psycopg

    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql", "pgsql"):
        sys.exit("bench/run.py: DATABASE_URL must be a PostgreSQL URL (or unset, for SQLite).")
    name = f"{parts.path.lstrip('/') or 'xarxa'}_scratch_{os.getpid()}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{name}"))
    os.environ["XARXA_VAR_DIR"] = tempfile.mkdtemp(prefix="xarxa-bench-")
    try:
        yield f"PostgreSQL, database {name}"
    finally:
        if keep:
            print(f"\nKept database {name}")
        else:
            with psycopg.connect(url, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(os.environ["XARXA_VAR_DIR"], ignore_errors=True)


def setup_django():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xarxa.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")  # production settings, minus the key
    os.environ["DEBUG"] = "false"
    import django

    django.setup()


def run_seed(members: int, seed: int, where: str):
    from xarxa.demo.seed import seed_demo

    print(f"Xarxa benchmark on {where}")
    print(f"\nseed_demo --members {members:,} --seed {seed}")
    # The search index is left out: bench/search.py times indexing on its own.
    report = seed_demo(members=members, seed=seed, index_search=False)
    print_table(["stage", "seconds", "CPU s"],
                [(name, f"{seconds:.1f}", f"{cpu:.1f}") for name, seconds, cpu in report.stages])
    rows = (2 * report.members + report.email_addresses + report.profile_topics  # users, profiles, ...
            + report.member_follows + report.organisation_follows + report.topic_follows)
    print(f"\n{report.members:,} members ({rows:,} rows) in {report.seconds:.1f} s: "
          f"{report.members_per_second:,.0f} members/s")
    print(f"This process used {report.cpu_seconds:.1f} s of CPU; the machine's load average is "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (a busy machine stretches the wall-clock time).")


def time_directory(repeat: int):
    """The member directory as a visitor sees it: visible profiles, name order, the first page of 24."""
    from django.contrib.auth.models import AnonymousUser
    from django.core.paginator import Paginator

    from xarxa.accounts.models import Profile
    from xarxa.topics.models import Topic

    topic = Topic.objects.get(name="Datos abiertos")
    directory = Profile.objects.visible_to(AnonymousUser()).for_cards().order_by("full_name", "user_id")
    cases = [
        ("all members", directory),
        ("country = ES", directory.filter(country="ES")),
        ("topic = Datos abiertos", directory.filter(topics=topic)),
        ("country = BR and topic", directory.filter(country="BR", topics=topic)),
    ]
    rows = []
    for label, queryset in cases:
        timings, count = [], 0
        for _ in range(repeat):
            started = time.perf_counter()
            page = Paginator(queryset, 24).page(1)  # a COUNT and the page, as the directory view runs them
            cards = list(page.object_list)
            timings.append((time.perf_counter() - started) * 1000)
            count = page.paginator.count
            assert len(cards) == min(24, count)
        rows.append((label, f"{count:,}", f"{statistics.median(timings):.1f}", f"{min(timings):.1f}"))
    print(f"\nMember directory, anonymous visitor, first page of 24 (COUNT + page), {repeat} runs")
    print_table(["query", "matches", "median ms", "min ms"], rows)


def print_table(headers, rows):
    """A plain text table: first column left-aligned, the others right-aligned."""
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=True)]

    def line(cells):
        return "  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w)
                         for i, (c, w) in enumerate(zip(cells, widths, strict=True)))

    print(line(headers))
    print(line(["-" * w for w in widths]))
    for row in rows:
        print(line(row))


if __name__ == "__main__":
    main()
