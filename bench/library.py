"""Library benchmark: fill a scratch database with N resources, then time the faceted library list.

    python bench/library.py                      # SQLite in a temporary folder, 100,000 resources
    python bench/library.py --resources 20000
    python bench/library.py --parts lists --keep      # keep the filled database, then time it again and again:
    python bench/library.py --parts lists --reuse /tmp/xarxa-library-bench-…   (a PostgreSQL name with DATABASE_URL)
    python bench/library.py --parts exports --before HEAD~3   # the exports, and those of a git revision
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/xarxa_h5 python bench/library.py

With DATABASE_URL a throw-away database named after it is created (connecting to the server's "postgres"
database; the role needs CREATEDB) and dropped afterwards. The fill has 2 % of resources translated and
0-3 topics each, 5 % in 30 groups of every visibility.
Each case is the whole page as the view serves it (the readable groups, on a cache miss the total and 9
facet counts, the page's ids, its rows, countries and versions, template rendering), through Django's test
client: cold (cache emptied before each run, the counts computed) and warm (counts from the cache).
The exports are read to their last byte, one run each: wall-clock and CPU seconds and the rise of the peak
RSS (VmHWM, reset per run); with --before, the exporter of that revision too, and whether the bytes match.

Figures (29 Nov 2026, third session, 100,000 resources, medians of 5 on a quiet 2-core machine, load 1-1.5;
the previous code, c221fb6, timed in the same hour on the same data; anonymous visitor; ms):
                                 SQLite                          PostgreSQL
                                 before      now                 before      now
  list, anonymous                cold  warm  cold  change  warm  cold  warm  cold  change  warm
  no filter, newest              474   62    433   20      33    415   46    553   35      31
  kind = practice                332   70    251   172     37    307   35    290   225     25
  country = ES                   392   92    297   168     37    349   33    270   172     44
  SDG 11 + level local           391   85    194   199     41    302   33    361   362     34
  kind + area + country + SDG    353   72    141   134     37    119   33    166   164     35
  all nine facets                478   10    139   134     12     58   13     97    74     19
  best rated                     438   23    526   25      31    435   30    560   45      46
  most replicated, area          298   35    322   147     37    219   27    371   260     27
  words in the title             256   64    249   241     23    326   32    303   294     31
  page 200                       518   64    477   23      25    383   36    453   43      44
  "cold": nothing cached (a restarted cache); "change": the first visit to these filters after a change,
  once the background task has counted the unfiltered library again (the state a busy library is in; with
  a shared cache the task also recounts the 12 filter sets used last, which are then warm);
  "warm": counted by an earlier visitor. Queries: 9-11 cold, 5-11 after a change, 5 warm (1 with no match).
  A member of 3 private groups, no filter: before 525 cold; now 492 cold, 81 after a change (only their
  groups are counted: the open library's counts are everyone's), 30 warm (SQLite); PostgreSQL 379 before,
  now 430 / 133 / 49.
  Exports (74.8 MB JSON, 31.1 MB CSV, 134.2 MB DCAT), CPU seconds before (model instances) → now (values
  in batches of 2,000), SQLite / PostgreSQL: JSON 127.5 → 16.7 / 126.5 → 23.7; CSV 114.1 → 17.9 /
  120.3 → 22.3; DCAT 114.6 → 19.8 / 124.1 → 23.4; peak RSS rise 2-4 MiB → under 1 MiB. JSON and CSV
  byte-identical; DCAT identical on PostgreSQL, not on SQLite in that run (most likely the order of the
  dct:spatial countries, which the old exporter took from SQLite's index order; now listed by code).
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
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--before", metavar="REV", help="also time the exporter of this git revision")
    parser.add_argument("--parts", default="lists,exports", help="what to time: lists, exports or both")
    parser.add_argument("--keep", action="store_true",
                        help="keep the filled database and say how to --reuse it (to compare changes quickly)")
    parser.add_argument("--reuse", metavar="WHERE",
                        help="time a database kept by --keep (its folder, or its PostgreSQL name) without refilling")
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL", "")
    if args.reuse:
        scratch = kept_database(args.reuse, database_url)
    elif database_url:
        scratch = scratch_postgres(database_url, keep=args.keep)
    else:
        scratch = scratch_sqlite(keep=args.keep)
    with scratch as where:
        setup_django()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        print(f"Library benchmark on {where}")
        if args.reuse:
            from xarxa.accounts.models import User

            member = User.objects.get(username="member")
        else:
            started = time.perf_counter()
            member = fill(args.resources, random.Random(args.seed))
            print(f"{args.resources:,} resources written in {time.perf_counter() - started:.1f} s")
        if "lists" in args.parts:
            for label, user in (("anonymous visitor", None), ("member of 3 private groups", member)):
                time_cases(label, user, args.repeat)
        if "exports" in args.parts:
            time_exports(args.before)
        from django.db import connections

        connections.close_all()


@contextmanager
def scratch_sqlite(keep=False):
    folder = Path(tempfile.mkdtemp(prefix="xarxa-library-bench-"))
    os.environ["XARXA_VAR_DIR"] = str(folder)
    os.environ.pop("DATABASE_URL", None)
    try:
        yield f"SQLite, {folder / 'xarxa.sqlite3'}"
    finally:
        if keep:
            print(f"Kept: python bench/library.py --reuse {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def kept_database(where, url):
    """A database an earlier run kept: a folder holding xarxa.sqlite3, or a PostgreSQL database's name."""
    os.environ["XARXA_VAR_DIR"] = tempfile.mkdtemp(prefix="xarxa-library-bench-")
    if url:
        os.environ["DATABASE_URL"] = urlunsplit(urlsplit(url)._replace(path=f"/{where}"))
        label = f"PostgreSQL, database {where} (reused)"
    else:
        os.environ["XARXA_VAR_DIR"] = where
        os.environ.pop("DATABASE_URL", None)
        label = f"SQLite, {Path(where) / 'xarxa.sqlite3'} (reused)"
    yield label


@contextmanager
def scratch_postgres(url, keep=False):
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
        if keep:
            print(f"Kept: DATABASE_URL={url.rsplit('/', 1)[0]}/postgres python bench/library.py --reuse {name}")
        else:
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
    from django.utils.text import slugify

    from xarxa.accounts.models import Profile, User
    from xarxa.content.models import Content
    from xarxa.library.choices import Goal, Level, Licence, PolicyArea, ResourceKind, Stage
    from xarxa.library.models import Resource, ResourceCountry, ResourceGoal
    from xarxa.spaces.models import Membership, Space
    from xarxa.topics.models import Topic

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
    topics = [Topic.objects.create(name=name, slug=slugify(name)) for name in (
        "Administración electrónica", "Datos abiertos", "Participación", "Transparencia", "Compras públicas",
        "Salud pública", "Educación", "Movilidad", "Clima", "Empleo público", "Vivienda", "Cultura")]
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
            Content.topics.through.objects.bulk_create([
                Content.topics.through(content_id=content.pk, topic_id=topic.pk)
                for content in contents for topic in rng.sample(topics, rng.randint(0, 3))])
            # 2 % have a version in another language, as a translated library would: the list fetches the
            # reader's versions, and the planner's statistics on original_id are not "all NULL".
            Content.objects.bulk_create([
                Content(kind="resource", author=author, title=f"{content.title} (versión)", body="", body_html="",
                        language="en" if content.language != "en" else "es", original=content,
                        space=content.space, status="published", published_at=content.published_at)
                for content in contents if rng.random() < 0.02])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return member


def time_cases(label, user, repeat):
    """Each case `repeat` times in three states of the cache of counts, medians, and the queries of one page
    in each: cold (emptied: nothing counted, as after a restart of the cache), after a change (emptied,
    then the unfiltered library counted as the background task does after every change, so this is the
    first visit to the case's filters since the change; skipped by an exporter without that task) and
    warm (counted by an earlier visitor with the same groups and filters)."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from xarxa.library import facets

    warm_landing = getattr(facets, "warm_counts", None)  # not in older revisions
    client = Client(HTTP_HOST="localhost")
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")

    def prepare(state):
        if state in ("cold", "after a change"):
            cache.clear()  # the login session is in the database, not the cache
        if state == "after a change":
            warm_landing()

    def timed(query, state):
        prepare(state)
        started = time.perf_counter()
        response = client.get(reverse("library:list") + query)
        assert response.status_code == 200, response.status_code
        return (time.perf_counter() - started) * 1000

    def queries(query, state):
        prepare(state)
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse("library:list") + query)
        return len(captured)

    states = ["cold", *(["after a change"] if warm_landing else []), "warm"]
    rows = []
    for name, query in CASES:
        row = [name, f"{count_matches(query, user):,}"]
        for state in states:
            times = [timed(query, state) for _ in range(repeat)]
            row += [queries(query, state), f"{statistics.median(times):.0f}"]
        rows.append(row)
    print(f"\nLibrary list as a {label}: the whole page, median of {repeat} runs each")
    headers = ["case", "matches"]
    for state in states:
        headers += [f"{state} queries", f"{state} ms"]
    print_table(headers, rows)


EXPORTS = [("JSON", "stream_json", ()), ("CSV", "stream_csv", ()),
           ("DCAT-AP JSON-LD", "stream_dcat", ("Catalogue", "Good practices", "en"))]


def exporter_at(revision):
    """xarxa/library/opendata.py as it was at `revision` (git), loaded as a module of its own."""
    import subprocess
    import types

    source = subprocess.run(["git", "show", f"{revision}:xarxa/library/opendata.py"], cwd=ROOT, check=True,
                            capture_output=True, text=True).stdout
    module = types.ModuleType(f"opendata_at_{revision}")
    exec(compile(source, f"opendata.py@{revision}", "exec"), module.__dict__)  # noqa: S102 - our own file
    return module


def _status(field):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024  # kB → MiB
    return 0.0


def _reset_peak_rss():
    """Linux: writing 5 to clear_refs resets the peak RSS (VmHWM), so each export gets its own peak."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass


def drain(chunks):
    """Read an export to its last byte, encoded as the view sends it: (first-chunk s, last s, CPU s, bytes,
    digest of the output with its timestamps blanked, so two implementations can be compared)."""
    import hashlib
    import re

    digest = hashlib.sha256()
    stamp = re.compile(r'("generated_at": |"dct:modified": \{"@value": )"[^"]*"')
    started, cpu = time.perf_counter(), time.process_time()
    first, size, number = None, 0, 0
    for chunk in chunks:
        data = chunk.encode()
        if first is None:
            first = time.perf_counter() - started
        size += len(data)
        if number < 1:  # the catalogue's own timestamps are in the first chunk
            chunk = stamp.sub(r'\1""', chunk)
        digest.update(chunk.encode())
        number += 1
    return first or 0.0, time.perf_counter() - started, time.process_time() - cpu, size, digest.hexdigest()


def time_exports(before=None):
    """Each export as a harvester reads it, to the last byte (one run each): wall-clock and CPU seconds, and
    the rise of the process's peak RSS over what it held before (VmHWM, reset per run). With `before`, the
    exporter of that git revision first, then the current one, and whether their bytes are the same."""
    from django.utils import translation

    from xarxa.library import opendata

    implementations = [("now", opendata)]
    if before:
        implementations.insert(0, (f"at {before}", exporter_at(before)))
    rows = []
    with translation.override("en"):
        for name, function, arguments in EXPORTS:
            digests = []
            for label, module in implementations:
                import gc

                gc.collect()
                held = _status("VmRSS")
                _reset_peak_rss()
                first, last, cpu, size, digest = drain(getattr(module, function)(*arguments))
                digests.append(digest)
                rows.append((name, label, f"{size / 1e6:.1f}", f"{first * 1000:.0f}", f"{last:.1f}", f"{cpu:.1f}",
                             f"{max(_status('VmHWM') - held, 0):.0f}"))
            if len(digests) > 1:
                print(f"{name}: the same bytes before and now: {'yes' if len(set(digests)) == 1 else 'NO'}")
    print("\nOpen-data exports as an anonymous harvester, streamed to the last byte (one run each)")
    print_table(["export", "exporter", "MB", "first byte ms", "last byte s", "CPU s", "peak RSS rise MiB"], rows)


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
