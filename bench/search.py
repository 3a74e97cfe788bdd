"""Search timings on a generated network. Usage (a throw-away database, it is filled with fake data):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/xarxa_bench_search .venv/bin/python bench/search.py 1000000 100000
    DATABASE_URL=sqlite:////tmp/bench_search.sqlite3 .venv/bin/python bench/search.py 100000 10000

Arguments: number of content items, number of members. Builds the network with bulk writes (COPY on
PostgreSQL; texts drawn from a pool of generated sentences; a third of the items tagged with a topic),
then runs the real `rebuild_search_index` and prints its documents/s. A database that already holds
the network is reused (no rebuild). Then, for an anonymous visitor and a member of some groups, the
median of 5 runs of: services.search alone, with the kind+country filters, and the whole search page
through the test client (with its query count); suggestions (service and htmx fragment); the topic
page (first page, a deep page of members, a kind filter).

Figures (2-core machine shared with other jobs, load average 6-7, so wall times are stretched):
PostgreSQL, 1,000,000 items + 100,000 members (1,102,008 documents): generated in 458 s (50 s CPU);
rebuild_search_index 37 min wall, 5 min client CPU (members 1,510/s, content 499/s wall: the server's
tsvector generation and GIN inserts dominate). Medians, anonymous / member, service only:
common word 600 / 300 ms, two words 754 / 753, phrase 1,718 / 2,373 (kind+country 4.1 / 6.5 s),
rare word 193 / 272, no match 57 / 65; suggestions "ma" 665 / 856, "mar" 256 / 330, "maria gar" 87 / 112;
search page 4 queries (member 8), suggestions 3 (5); topic page 2.4 s unfiltered, 75 ms with a kind.
After one bounded scan (the newest matches, read through the date index, both count and pick the
candidates), the names index and content_newest, same database, before / after in one run (median of
5, anonymous; load 5-6): common word 309 / 214 ms, with kind+country 634 / 280, phrase 1,547 / 829,
phrase with kind+country 2,973 / 1,556 (member: phrase 1,171 / 579, kind+country 2,650 / 1,513);
suggestions "ma" 411 / 42, "mar" 273 / 25; topic page (its content query) 1,726 / 21. Phrases stay
slowest: "datos abiertos" is in 1.4% of the documents but both words in 25%, so the GIN index (it
keeps no positions) yields 270k rows to recheck (3.3 s) and the newest-first walk checks ~70k rows
per 1,000 matches, ~1M with country=ES. A faster phrase needs adjacent-word pairs indexed.
SQLite, 100,000 items + 10,000 members: rebuild 361 documents/s wall (1,270/s of CPU; 36/s before, under
cProfile on 5,000 items: 87/s wall); anonymous common word 1,059 ms, phrase 773, rare 247, no match 34;
suggestions "ma" 541, "maria gar" 114; topic page 389 ms.
"""

import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xarxa.settings")
os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")  # the pages are fetched with the test client

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models.signals import m2m_changed, post_save  # noqa: E402
from django.utils import timezone  # noqa: E402

WORDS = {
    "es": "administración pública participación ciudadana datos abiertos transparencia contratación ayuntamiento "
          "gobierno digital innovación servicios presupuestos movilidad urbana salud educación empleo vivienda "
          "sostenibilidad evaluación políticas interoperabilidad ciberseguridad accesibilidad".split(),
    "pt": "administração pública participação cidadã dados abertos transparência prefeitura governo digital "
          "inovação serviços orçamento mobilidade saúde educação emprego habitação avaliação políticas".split(),
    "en": "public administration citizen participation open data transparency procurement government digital "
          "innovation services budgets mobility health education employment housing evaluation policies".split(),
    "ca": "administració pública participació ciutadana dades obertes transparència ajuntament govern digital "
          "innovació serveis pressupostos mobilitat salut educació ocupació habitatge avaluació".split(),
}
FILLER = "de la el los en con para por sobre una un que se del al como más".split()
NAMES = "María José Ana Luis Carmen Pedro Joana João Marta Jordi Núria Paulo Lucía Sofía Carlos Rosa".split()
SURNAMES = "García Pérez Silva Santos Ferrer Puig Oliveira Gómez Martín Costa Vidal Rocha Ortega Soler".split()


def sentence(rng, language, n):
    vocabulary = WORDS[language]
    return " ".join(rng.choice(vocabulary) if rng.random() < 0.6 else rng.choice(FILLER) for _ in range(n))


RARE = "ciberresiliencia"  # one item in RARE_EVERY carries it: a genuinely rare word
RARE_EVERY = 1000
TOPICS = "Datos abiertos|Transparencia|Participación|Salud|Educación|Movilidad|Vivienda|Empleo".split("|")


def build(n_content, n_members, rng):
    """Fill the database fast: rows written with xarxa.core.bulk.insert_rows (COPY on PostgreSQL, a
    prepared INSERT per batch on SQLite), texts drawn from a pool of generated sentences, no signals.
    Then the real `rebuild_search_index` indexes it, timed (documents/s)."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from xarxa.accounts.models import Profile, User
    from xarxa.content.models import Content
    from xarxa.core.bulk import bulk_load_cache, insert_rows, without_query_log
    from xarxa.spaces.models import Membership, Space
    from xarxa.topics.models import Topic

    password, now = make_password("x" * 12), timezone.now()
    started, cpu = time.perf_counter(), time.process_time()
    with without_query_log(), bulk_load_cache(), transaction.atomic():
        insert_rows(User, ({"username": f"bench{i}", "email": f"bench{i}@example.org", "password": password,
                            "date_joined": now} for i in range(n_members)))
        user_ids = list(User.objects.filter(username__startswith="bench").order_by("pk").values_list("pk", flat=True))
        insert_rows(Profile, ({"user_id": uid, "full_name": f"{rng.choice(NAMES)} {rng.choice(SURNAMES)} "
                                                            f"{rng.choice(SURNAMES)}",
                               "headline": sentence(rng, rng.choice(list(WORDS)), 5),
                               "country": rng.choice(["ES", "BR", "PT", "AR", "MX"]),
                               "visibility": rng.choice(["everyone", "members", "members", "staff"]),
                               "created_at": now, "updated_at": now} for uid in user_ids))
        n_spaces = max(10, n_content // 500)
        insert_rows(Space, ({"name": f"Grupo {sentence(rng, 'es', 3)} {i}", "slug": f"bench-{i}",
                             "description": sentence(rng, "es", 20), "country": rng.choice(["ES", "BR", "PT", ""]),
                             "visibility": rng.choice(["public", "public", "members", "private", "secret"]),
                             "created_at": now, "updated_at": now} for i in range(n_spaces)))
        space_ids = list(Space.objects.filter(slug__startswith="bench-").order_by("pk").values_list("pk", flat=True))
        member = User.objects.get(pk=user_ids[0])
        Membership.objects.bulk_create([Membership(space_id=s, user=member) for s in space_ids[::7]])
        topics = [Topic.objects.get_or_create(name=name)[0].pk for name in TOPICS]
        # A pool of texts per language: generating a million distinct bodies in Python would dominate.
        pool = {lang: [(sentence(rng, lang, 6), sentence(rng, lang, rng.randint(30, 120))) for _ in range(3000)]
                for lang in WORDS}

        def content_row(i):
            language = rng.choice(["es", "es", "pt", "en", "ca"])
            title, body = rng.choice(pool[language])
            if i % RARE_EVERY == 0:
                title = f"{title} {RARE}"
            published = now - timezone.timedelta(seconds=30 * i)
            return {"kind": "debate", "space_id": rng.choice(space_ids) if rng.random() < 0.7 else None,
                    "author_id": rng.choice(user_ids), "title": title, "body": body, "body_html": f"<p>{body}</p>",
                    "language": language, "status": "published" if rng.random() < 0.97 else "hidden",
                    "published_at": published, "last_activity_at": published, "created_at": published,
                    "updated_at": published}

        insert_rows(Content, (content_row(i) for i in range(n_content)), batch_size=5000)
        Through = Content.topics.through
        with connection.cursor() as cursor:  # a third of the items get one topic each
            for k, topic in enumerate(topics):
                cursor.execute(f"INSERT INTO {Through._meta.db_table} (content_id, topic_id)"
                               f" SELECT id, %s FROM {Content._meta.db_table} WHERE id %% %s = %s",
                               [topic, 3 * len(topics), 3 * k])
    print(f"generated {n_content} items, {n_members} members, {n_spaces} groups in "
          f"{time.perf_counter() - started:.1f}s ({time.process_time() - cpu:.1f}s CPU)")
    started, cpu = time.perf_counter(), time.process_time()
    with without_query_log():
        call_command("rebuild_search_index", verbosity=2)
    elapsed = time.perf_counter() - started
    documents = n_content + n_members + n_spaces + len(topics)
    print(f"rebuild_search_index: {elapsed:.1f}s ({time.process_time() - cpu:.1f}s CPU), "
          f"{documents / elapsed:.0f} documents/s")
    return member


def timed(function, repeat=5):
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def page(client, url, repeat=5):
    """The whole page as the browser gets it: median ms and the number of queries it ran."""
    queries = []  # counted by a wrapper: the query log is cleared at the start of each request

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return timed(lambda: client.get(url), repeat), len(queries)


def main():
    from urllib.parse import urlencode

    from django.contrib.auth.models import AnonymousUser
    from django.test import Client
    from django.urls import reverse

    from xarxa.accounts.models import User
    from xarxa.search import services
    from xarxa.topics.models import Topic

    n_content = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    n_members = int(sys.argv[2]) if len(sys.argv) > 2 else n_content // 10
    call_command("migrate", verbosity=0)
    for signal in (post_save, m2m_changed):  # generation is bulk; the rebuild command indexes afterwards
        signal.receivers = []
    member = User.objects.filter(username="bench0").first() or build(n_content, n_members, random.Random(7))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    print(f"engine: {connection.vendor}; documents: {services.SearchDocument.objects.count()}")
    queries = [("common word", "administracion"), ("two words", "datos abiertos"), ("phrase", '"datos abiertos"'),
               ("rare word", RARE), ("no match", "zzzzqqq")]
    filters = {"kind": "debate", "country": "ES"}
    anonymous, signed_in = Client(), Client()
    signed_in.force_login(member)
    for viewer_name, viewer, client in (("anonymous", AnonymousUser(), anonymous), ("member", member, signed_in)):
        for label, query in queries:
            result = services.search(viewer, query)
            hits = f"{result.total}{'+' if result.total_is_more else ''}"
            ms = timed(lambda q=query, v=viewer: services.search(v, q))
            filtered = timed(lambda q=query, v=viewer: services.search(v, q, filters))
            page_ms, page_queries = page(client, reverse("search:search") + "?" + urlencode({"q": query}))
            page_f_ms, _n = page(client, reverse("search:search") + "?" + urlencode({"q": query, **filters}))
            print(f"{viewer_name:9} {label:12} {hits:>7} hits  search: {ms:7.1f} ms  kind+country: {filtered:7.1f} ms"
                  f"  page: {page_ms:7.1f} ms ({page_queries} queries)  page kind+country: {page_f_ms:7.1f} ms")
        for typed in ("ma", "mar", "maria gar"):
            ms = timed(lambda t=typed, v=viewer: services.suggest(v, t))
            page_ms, page_queries = page(client, reverse("search:suggest") + "?" + urlencode({"q": typed}))
            print(f"{viewer_name:9} suggest {typed!r:12} {ms:7.1f} ms"
                  f"  fragment: {page_ms:7.1f} ms ({page_queries} queries)")
        topic = Topic.objects.get(name=TOPICS[0])
        for suffix in ("", "?kind=debate"):  # older pages follow a keyset cursor: the cost of any page
            page_ms, page_queries = page(client, topic.get_absolute_url() + suffix)
            print(f"{viewer_name:9} topic page {suffix or '1':20} {page_ms:7.1f} ms ({page_queries} queries)")


if __name__ == "__main__":
    main()
