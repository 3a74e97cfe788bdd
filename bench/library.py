"""Library benchmark: fill a scratch database with N resources, then time the faceted library list.

    python bench/library.py                      # SQLite in a temporary folder, 100,000 resources
    python bench/library.py --resources 20000
    python bench/library.py --parts exports       # only the open-data exports (JSON, CSV, DCAT-AP)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/xarxa_h5 python bench/library.py

With DATABASE_URL a throw-away database named after it is created (connecting to the server's "postgres"
database; the role needs CREATEDB) and dropped afterwards.
Each case is the whole page as the view serves it (9 facet counts, the total, the page and its
countries, template rendering), through Django's test client; the median of --repeat runs is reported.
The exports are read to their last byte; their memory is measured with tracemalloc and getrusage.
"""

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent

CASES = [
    ("no filter, newest", ""),
    ("kind = practice", "?kind=practice"),
    ("country = ES", "?country=ES"),
    ("SDG 11 + level local", "?sdg=11&level=local"),
    ("kind + area + country + SDG", "?kind=practice&area=digital&country=MX&sdg=16"),
    ("all nine facets", "?kind=practice&area=health&level=local&country=ES&sdg=3&stage=operating&language=es"
                        "&licence=cc-by-4.0&year=2024"),
    ("best rated", "?sort=rated"),
    ("most replicated, area", "?sort=replicated&area=education"),
    ("words in the title", "?q=datos"),
    ("page 200", "?page=200"),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resources", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--export-repeat", type=int, default=1, help="timed runs of each export")
    parser.add_argument("--no-trace", action="store_true", help="skip the tracemalloc run of each export")
    parser.add_argument("--parts", default="lists,exports", help="what to time: lists, exports or both")
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL", "")
    scratch = scratch_postgres(database_url) if database_url else scratch_sqlite()
    with scratch as where:
        setup_django()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        print(f"Library benchmark on {where}")
        started = time.perf_counter()
        member = fill(args.resources, random.Random(args.seed))
        print(f"{args.resources:,} resources written in {time.perf_counter() - started:.1f} s")
        if "lists" in args.parts:
            for label, user in (("anonymous visitor", None), ("member of 3 private groups", member)):
                time_cases(label, user, args.repeat)
        if "exports" in args.parts:
            time_exports(args.export_repeat, trace_memory=not args.no_trace)
        from django.db import connections

        connections.close_all()


@contextmanager
def scratch_sqlite():
    folder = Path(tempfile.mkdtemp(prefix="xarxa-library-bench-"))
    os.environ["XARXA_VAR_DIR"] = str(folder)
    os.environ.pop("DATABASE_URL", None)
    try:
        yield f"SQLite, {folder / 'xarxa.sqlite3'}"
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def scratch_postgres(url):
    import psycopg

    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/') or 'xarxa'}_library_{os.getpid()}"
    url = urlunsplit(parts._replace(path="/postgres"))  # the named database need not exist: only its name is used
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{name}"))
    os.environ["XARXA_VAR_DIR"] = tempfile.mkdtemp(prefix="xarxa-library-bench-")
    try:
        yield f"PostgreSQL, database {name}"
    finally:
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(os.environ["XARXA_VAR_DIR"], ignore_errors=True)


def setup_django():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xarxa.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
    os.environ["DEBUG"] = "false"
    os.environ["XARXA_TESTING"] = "true"  # plain static files storage: no collectstatic manifest needed
    import django

    django.setup()


def fill(count, rng):
    """`count` resources (95 % in the open library, the rest in 30 groups of every visibility)."""
    from django.db import connection, transaction
    from django.utils import timezone

    from xarxa.accounts.models import Profile, User
    from xarxa.content.models import Content
    from xarxa.library.choices import Goal, Level, Licence, PolicyArea, ResourceKind, Stage
    from xarxa.library.models import Resource, ResourceCountry, ResourceGoal
    from xarxa.spaces.models import Membership, Space

    author = User.objects.create(username="author", email="author@example.org")
    member = User.objects.create(username="member", email="member@example.org")
    for user in (author, member):
        Profile.objects.create(user=user, full_name=user.username.title())
    visibilities = ["public", "members", "private", "secret"]
    spaces = [Space.objects.create(name=f"Group {n}", slug=f"group-{n}", visibility=visibilities[n % 4])
              for n in range(30)]
    for space in spaces[2:14:4]:  # three private groups
        Membership.objects.create(space=space, user=member, role="member")
    words = ["datos", "abiertos", "cita", "previa", "participación", "presupuesto", "salud", "escuela",
             "movilidad", "energía", "contratación", "transparencia", "ventanilla", "digital", "empleo"]
    countries = ["ES", "PT", "BR", "MX", "AR", "CO", "CL", "PE", "UY", "EC", "BO", "PY", "CR", "PA", "DO", "GT"]
    now = timezone.now()
    batch = 5000
    for start in range(0, count, batch):
        size = min(batch, count - start)
        with transaction.atomic():
            contents = Content.objects.bulk_create([
                Content(kind="resource", author=author, title=" ".join(rng.sample(words, 4)).capitalize(),
                        body="", body_html="", language=rng.choice(["es", "es", "es", "pt", "pt", "en", "ca"]),
                        space=rng.choice(spaces) if rng.random() < 0.05 else None, status="published",
                        published_at=now - timezone.timedelta(minutes=start + n), last_activity_at=now)
                for n in range(size)])
            if connection.vendor == "sqlite" and contents[0].pk is None:  # older SQLite: fetch the ids back
                contents = list(Content.objects.order_by("-pk")[:size])[::-1]
            resources = Resource.objects.bulk_create([
                Resource(content=content, resource_kind=rng.choice(ResourceKind.values), summary="Resumen.",
                         licence=rng.choice(Licence.values), policy_area=rng.choice(PolicyArea.values),
                         level=rng.choice(Level.values), stage=rng.choice(Stage.values),
                         year=rng.randint(2010, 2026), replication_count=rng.randint(0, 12),
                         rating_count=rng.randint(0, 9), rating_average=round(rng.uniform(1, 5), 2))
                for content in contents])
            ResourceCountry.objects.bulk_create([
                ResourceCountry(resource=resource, country=code)
                for resource in resources for code in rng.sample(countries, rng.randint(1, 2))])
            ResourceGoal.objects.bulk_create([
                ResourceGoal(resource=resource, goal=goal)
                for resource in resources for goal in rng.sample(Goal.values, rng.randint(1, 3))])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return member


def time_cases(label, user, repeat):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    client = Client(HTTP_HOST="localhost")
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    rows = []
    for name, query in CASES:
        timings = []
        for _ in range(repeat):
            started = time.perf_counter()
            response = client.get(reverse("library:list") + query)
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.status_code
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("library:list") + query)
        matches = count_matches(query, user)
        rows.append((name, f"{matches:,}", len(queries), f"{statistics.median(timings):.0f}",
                     f"{min(timings):.0f}"))
    print(f"\nLibrary list as a {label}: the whole page, {repeat} runs")
    print_table(["case", "matches", "queries", "median ms", "min ms"], rows)


EXPORTS = [("JSON", "library:export_json"), ("CSV", "library:export_csv"), ("DCAT-AP JSON-LD", "library:dcat")]


def drain(response):
    """Read a streamed response to its last byte: (seconds to the first chunk, seconds to the last, bytes)."""
    started = time.perf_counter()
    first, size = None, 0
    for chunk in response.streaming_content:
        if first is None:
            first = time.perf_counter() - started
        size += len(chunk)
    return first or 0.0, time.perf_counter() - started, size


def time_exports(repeat, trace_memory=True):
    """Each export as an anonymous harvester reads it: time to the first and the last byte (median of
    `repeat` runs, no tracing), then one run under tracemalloc for the peak of Python allocations while it
    streams (the rise over what the process already held), and the process's peak RSS so far."""
    import resource as rusage
    import tracemalloc

    from django.test import Client
    from django.urls import reverse

    client = Client(HTTP_HOST="localhost")
    rows = []
    for name, route in EXPORTS:
        runs = []
        for _ in range(repeat):
            started = time.perf_counter()
            response = client.get(reverse(route))
            assert response.status_code == 200 and response.streaming, response.status_code
            first, _last, size = drain(response)
            runs.append((first + (time.perf_counter() - started - first), first, size))
        peak = "-"
        if trace_memory:  # a second run: tracing slows Python down, so it is never the timed one
            tracemalloc.start()
            baseline = tracemalloc.get_traced_memory()[0]
            drain(client.get(reverse(route)))
            peak = f"{(tracemalloc.get_traced_memory()[1] - baseline) / 2**20:.1f}"
            tracemalloc.stop()
        maxrss_mib = rusage.getrusage(rusage.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
        last = statistics.median(run[0] for run in runs)
        first = statistics.median(run[1] for run in runs)
        rows.append((name, f"{runs[0][2] / 1e6:.1f}", f"{first * 1000:.0f}", f"{last:.1f}", peak,
                     f"{maxrss_mib:.0f}"))
    print(f"\nOpen-data exports as an anonymous harvester, streamed to the last byte ({repeat} timed run(s))")
    print_table(["export", "MB", "first byte ms", "last byte s", "peak traced MiB",
                 "process max RSS MiB"], rows)


def count_matches(query, user):
    from django.contrib.auth.models import AnonymousUser
    from django.http import QueryDict

    from xarxa.library.facets import apply_filters
    from xarxa.library.forms import LibraryFilterForm
    from xarxa.library.services import visible_resources

    form = LibraryFilterForm(QueryDict(query.lstrip("?")))
    filters = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")} if form.is_valid() else {}
    return apply_filters(visible_resources(user or AnonymousUser()), filters).count()


def print_table(headers, rows):
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
