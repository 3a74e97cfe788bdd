"""Search timings on a generated network. Usage (a throw-away database, it is filled with fake data):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/xarxa_bench_search .venv/bin/python bench/search.py 200000 20000
    DATABASE_URL=sqlite:////tmp/bench_search.sqlite3 .venv/bin/python bench/search.py 200000 20000

Arguments: number of content items, number of members. Prints build times, then the median time of
each query (count per kind + first page, as the search page runs them) for an anonymous visitor and a
member of some groups, and of the suggestions. A database that already holds the generated network is
reused (no rebuild). Each line shows "before" (the former search: every match counted and ranked, kept
here as legacy_search) next to "after" (services.search: capped counts, a bounded candidate set), both
timed in the same run on the same data.
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


def build(n_content, n_members, rng):
    from django.contrib.auth.hashers import make_password

    from xarxa.accounts.models import Profile, User
    from xarxa.content.models import Content
    from xarxa.spaces.models import Membership, Space

    password = make_password("x" * 12)
    started = time.perf_counter()
    users = User.objects.bulk_create(
        [User(username=f"bench{i}", email=f"bench{i}@example.org", password=password) for i in range(n_members)],
        batch_size=5000)
    if users[0].pk is None:
        users = list(User.objects.filter(username__startswith="bench").order_by("pk"))
    Profile.objects.bulk_create(
        [Profile(user=u, full_name=f"{rng.choice(NAMES)} {rng.choice(SURNAMES)} {rng.choice(SURNAMES)}",
                 headline=sentence(rng, rng.choice(list(WORDS)), 5), country=rng.choice(["ES", "BR", "PT", "AR", "MX"]),
                 visibility=rng.choice(["everyone", "members", "members", "staff"])) for u in users], batch_size=5000)
    n_spaces = max(10, n_content // 500)
    spaces = Space.objects.bulk_create(
        [Space(name=f"Grupo {sentence(rng, 'es', 3)} {i}", slug=f"bench-{i}", description=sentence(rng, "es", 20),
               visibility=rng.choice(["public", "public", "members", "private", "secret"])) for i in range(n_spaces)])
    if spaces[0].pk is None:
        spaces = list(Space.objects.filter(slug__startswith="bench-").order_by("pk"))
    member = users[0]
    Membership.objects.bulk_create([Membership(space=s, user=member) for s in spaces[::7]])
    now = timezone.now()
    batch = []
    for i in range(n_content):
        language = rng.choice(["es", "es", "pt", "en", "ca"])
        body = sentence(rng, language, rng.randint(30, 120))
        batch.append(Content(kind="debate", space=rng.choice(spaces) if rng.random() < 0.7 else None,
                             author=rng.choice(users), title=sentence(rng, language, 6), body=body,
                             body_html=f"<p>{body}</p>", language=language,
                             status="published" if rng.random() < 0.97 else "hidden",
                             published_at=now - timezone.timedelta(minutes=i), last_activity_at=now))
        if len(batch) == 5000:
            Content.objects.bulk_create(batch)
            batch = []
    Content.objects.bulk_create(batch)
    elapsed = time.perf_counter() - started
    print(f"generated {n_content} items, {n_members} members, {n_spaces} groups in {elapsed:.1f}s")
    started = time.perf_counter()
    call_command("rebuild_search_index", batch_size=2000, verbosity=0)
    print(f"rebuild_search_index: {time.perf_counter() - started:.1f}s")
    return member


def legacy_search(viewer, raw_query, filters=None, page=1, per_page=20):
    """The search as it was before the bounds ("before" in the output): every match counted per kind,
    then every match ranked to cut one page."""
    from django.core.paginator import Paginator
    from django.db.models import Count

    from xarxa.search import services

    parsed, _error = services.parse(raw_query)
    filters = filters or {}
    backend = services.get_backend()
    matched = backend.match(services.apply_filters(services.visible_documents(viewer), filters), parsed)
    counts = {row["kind"]: row["n"] for row in matched.order_by().values("kind").annotate(n=Count("pk"))}
    kind = filters.get("kind")
    total = counts.get(kind, 0) if kind else sum(counts.values())
    if kind:
        matched = matched.filter(kind=kind)
    page = Paginator(range(total), per_page).get_page(page)
    if total:
        start = page.start_index() - 1
        ranked = backend.rank(matched, parsed).select_related("space").order_by("-rank", "-date", "-pk")
        list(ranked[start:start + per_page])
    return total


def timed(function, repeat=5):
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main():
    from django.contrib.auth.models import AnonymousUser

    from xarxa.search import services

    n_content = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    n_members = int(sys.argv[2]) if len(sys.argv) > 2 else n_content // 10
    call_command("migrate", verbosity=0)
    for signal in (post_save, m2m_changed):  # generation is bulk; the rebuild command indexes afterwards
        signal.receivers = []
    from xarxa.accounts.models import User

    member = User.objects.filter(username="bench0").first() or build(n_content, n_members, random.Random(7))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    print(f"engine: {connection.vendor}; documents: {services.SearchDocument.objects.count()}")
    queries = [("common word", "administracion"), ("two words", "datos abiertos"), ("phrase", '"dados abertos"'),
               ("rare word", "interoperabilidad ciberseguridad"), ("stemmed en", "policy evaluation"),
               ("no match", "zzzzqqq")]
    for viewer_name, viewer in (("anonymous", AnonymousUser()), ("member", member)):
        for label, query in queries:
            for when, function in (("before", legacy_search), ("after", services.search)):
                result = function(viewer, query)
                hits = result if isinstance(result, int) else f"{result.total}{'+' if result.total_is_more else ''}"
                ms = timed(lambda q=query, v=viewer, f=function: f(v, q))
                page2 = timed(lambda q=query, v=viewer, f=function: f(v, q, page=50))
                filtered = timed(lambda q=query, v=viewer, f=function: f(v, q, {"language": "es", "kind": "debate"}))
                print(f"{viewer_name:9} {label:12} {when:6} {hits:>8} hits  page 1: {ms:7.1f} ms"
                      f"  page 50: {page2:7.1f} ms  es+debate: {filtered:7.1f} ms")
        for typed in ("ma", "mar", "maria gar"):
            ms = timed(lambda t=typed, v=viewer: services.suggest(v, t))
            print(f"{viewer_name:9} suggest {typed!r:12} {ms:7.1f} ms")


if __name__ == "__main__":
    main()
