"""Page benchmark: CPU per page for the key pages, against the same SQL in a bare view, and under load.

    make bench                                     # SQLite in var/bench-pages-x1/, 2,000 members, 50,000 items
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/xarxa_bench REDIS_URL=redis://127.0.0.1:6379/14 \\
        .venv/bin/python bench/pages.py --keep --load --before main~3
    .venv/bin/python bench/pages.py --scale 10     # 20,000 members, 500,000 items, 500,000 activities
    .venv/bin/python bench/pages.py --reuse        # measure again on the database kept by --keep

1. Builds a network (unless --reuse finds one): seed_demo's members, groups, posts, events and library, then
   generated debates and blog posts up to 50,000 items and 50,000 activities (times --scale), a debate and
   a blog post with 50 replies each, and a reader (the demo member ana) who follows 400 people and has
   notifications. The search index is rebuilt.
2. For each key page, for a visitor (served as deployed, and rendered with the page cache off) and for ana:
   CPU ms per page in-process (time.process_time around the
   whole request through the middleware, DEBUG off, cached template loaders, median of --repeat after a
   warm-up), the page's queries, and the bare view: the same SQL, captured from the page and replayed, its
   rows written into a minimal template. page/bare is the figure to drive down.
3. --load: gunicorn (2 workers) on the same database; RSS per worker after 1,000 mixed requests, then wrk
   (16 connections, --load-seconds per page) for req/s and p50/p99.
4. --before REV: the same measurements against another revision (a git worktree of REV, on the same
   database, in the same run), printed side by side.

The in-process figures run in a child process per revision (Django can load one code tree per process).
Quote medians and ratios: the machine is shared, wall-clock figures stretch with its load.
"""

import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH_HOSTS = "testserver,127.0.0.1,localhost"
DEBATE_TITLE = "Bench: a debate with fifty replies"
POST_TITLE = "Bench: a blog post with fifty comments"
READER = "ana"  # the demo member: her follows, groups and notifications make the signed-in pages
BODY = ("Una propuesta para **publicar los datos** de contratación en formato abierto, con un calendario "
        "y responsables.\n\n- Primero, lo que ya existe.\n- Después, documentar cada campo.\n\n"
        "¿Qué os parece? [Más información](https://example.org/datos).")


# ---------------------------------------------------------------------------------------------------------
# Entry point: parse, prepare the database, run the measuring children, print.

def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1,
                        help="times 2,000 members / 50,000 items / activities (0.1 for a quick network to iterate on)")
    parser.add_argument("--repeat", type=int, default=25, help="timed requests per page and reader (median)")
    parser.add_argument("--pages", default="", help="comma-separated page names, or their first words, to "
                        "measure (default: all): --pages 'debate,blog,home feed'")
    parser.add_argument("--keep", action="store_true", help="keep the generated database for --reuse")
    parser.add_argument("--reuse", action="store_true", help="reuse the database kept by an earlier --keep")
    parser.add_argument("--load", action="store_true", help="also run gunicorn + wrk, and measure RSS")
    parser.add_argument("--load-seconds", type=int, default=5, help="wrk seconds per page and reader")
    parser.add_argument("--before", metavar="REV", help="also measure git revision REV, in the same run")
    parser.add_argument("--json", metavar="FILE", help="write every figure to FILE as JSON")
    parser.add_argument("--measure", metavar="CODE_ROOT", help=argparse.SUPPRESS)  # child mode
    args = parser.parse_args()
    if args.measure:
        return measure_child(args)

    env = database_environment(args.scale)
    existed = database_exists(env)
    if not (args.reuse and existed):
        if existed:
            drop_database(env)
        run_child(["--build"], env, ROOT, args)
    trees = [("after", ROOT)]
    before_tree = None
    if args.before:
        before_tree = checkout(args.before)
        trees.insert(0, (f"before ({args.before})", before_tree))
    results = {}
    try:
        for label, tree in trees:
            print(f"\nMeasuring {label}: {tree}", flush=True)
            results[label] = run_child(["--measure", str(tree)], env, tree, args)
            if args.load:
                results[label]["load"] = run_load(env, tree, results[label], args)
    finally:
        if before_tree:
            subprocess.run(["git", "worktree", "remove", "--force", str(before_tree)], cwd=ROOT, check=False)
        if not args.keep:
            drop_database(env)
    report(results, args)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1))


def database_environment(scale: float) -> dict:
    """The child processes' environment: production settings on a database named after the scale."""
    env = dict(os.environ, DEBUG="false", SECRET_KEY="bench-only-not-secret", ALLOWED_HOSTS=BENCH_HOSTS,
               SECURE_COOKIES="false", DJANGO_SETTINGS_MODULE="xarxa.settings", XARXA_STAFF_MFA="optional",
               LOG_LEVEL="WARNING", PYTHONHASHSEED="0")
    url = os.environ.get("DATABASE_URL", "")
    suffix = f"{scale:g}".replace(".", "_")
    var = ROOT / "var" / f"bench-pages-x{suffix}"
    var.mkdir(parents=True, exist_ok=True)
    env["XARXA_VAR_DIR"] = str(var)
    if url:
        parts = urlsplit(url)
        name = f"{parts.path.lstrip('/') or 'xarxa'}_pages_x{suffix}"
        env["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{name}"))
        env["BENCH_ADMIN_URL"] = urlunsplit(parts._replace(path="/postgres"))  # the named one need not exist
    return env


def database_exists(env) -> bool:
    if "BENCH_ADMIN_URL" not in env:
        return (Path(env["XARXA_VAR_DIR"]) / "xarxa.sqlite3").exists() and (
            Path(env["XARXA_VAR_DIR"]) / "built").exists()
    import psycopg

    name = urlsplit(env["DATABASE_URL"]).path.lstrip("/")
    with psycopg.connect(env["BENCH_ADMIN_URL"], autocommit=True) as admin:
        if admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            return False
    with psycopg.connect(env["DATABASE_URL"], autocommit=True) as db:
        return db.execute("SELECT to_regclass('bench_built') IS NOT NULL").fetchone()[0]


def drop_database(env):
    if "BENCH_ADMIN_URL" not in env:
        for suffix in ("", "-wal", "-shm"):
            Path(env["XARXA_VAR_DIR"], f"xarxa.sqlite3{suffix}").unlink(missing_ok=True)
        Path(env["XARXA_VAR_DIR"], "built").unlink(missing_ok=True)
        return
    import psycopg

    name = urlsplit(env["DATABASE_URL"]).path.lstrip("/")
    with psycopg.connect(env["BENCH_ADMIN_URL"], autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def create_database(env):
    if "BENCH_ADMIN_URL" not in env:
        return
    import psycopg

    name = urlsplit(env["DATABASE_URL"]).path.lstrip("/")
    with psycopg.connect(env["BENCH_ADMIN_URL"], autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')


def checkout(rev: str) -> Path:
    """A git worktree of `rev` beside this one, sharing the virtualenv."""
    folder = Path(tempfile.mkdtemp(prefix="xarxa-before-"))
    folder.rmdir()
    subprocess.run(["git", "worktree", "add", "--detach", str(folder), rev], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    (folder / ".venv").symlink_to(ROOT / ".venv")
    return folder


def run_child(extra, env, tree, args) -> dict:
    """Run this file in a child process with `tree` first on sys.path; return the JSON it prints last."""
    command = [sys.executable, str(Path(__file__).resolve()), "--scale", f"{args.scale:g}",
               "--repeat", str(args.repeat), "--pages", args.pages]
    if "--build" in extra:
        command += ["--measure", str(tree), "--json", "BUILD"]
        if "BENCH_ADMIN_URL" in env:
            create_database(env)
    else:
        command += extra
    done = subprocess.run(command, env=env, cwd=tree, stdout=subprocess.PIPE, text=True)
    lines = done.stdout.splitlines()
    for line in lines[:-1]:
        print(line, flush=True)
    if done.returncode != 0:
        sys.exit(f"bench/pages.py: the child process failed ({' '.join(command)})")
    return json.loads(lines[-1])


# ---------------------------------------------------------------------------------------------------------
# Child mode: build the network, or measure the pages of one code tree.

def measure_child(args):
    tree = Path(args.measure)
    sys.path.insert(0, str(tree))
    os.chdir(tree)
    import django

    django.setup()
    if args.json == "BUILD":
        print(json.dumps(build_network(args.scale)))
        return
    from django.core.management import call_command

    call_command("migrate", verbosity=0)  # a kept database meets this tree's schema
    call_command("collectstatic", interactive=False, verbosity=0)  # this tree's files, hashed as in production
    pages = key_pages()
    if args.pages:
        wanted = [name.strip() for name in args.pages.split(",") if name.strip()]
        pages = [page for page in pages if any(page["name"].startswith(name) for name in wanted)]
    rows = []
    for page in pages:
        for reader in READERS:
            if reader != "member" and page["member_only"]:
                continue
            rows.append(measure_page(page, reader, args.repeat))
            row = rows[-1]
            print(f"  {row['page']:<22} {row['reader']:<17} {row['page_ms']:7.1f} ms  bare {row['bare_ms']:5.1f} ms"
                  f"  ratio {row['ratio']:4.1f}  {row['queries']:3d} queries  {row['kb']:5.1f} KB", flush=True)
    print(json.dumps({"rows": rows, "urls": [p["url"] for p in pages], "cookie": member_cookie()}))


def build_network(scale: float) -> dict:
    from django.core.management import call_command
    from django.db import connection

    started, cpu = time.perf_counter(), time.process_time()
    call_command("migrate", verbosity=0)
    from xarxa.demo.seed import seed_demo

    seed_demo(members=max(int(2000 * scale), 500), seed=2026, index_search=False)
    generated = add_generated_items(scale)
    from xarxa.search.rebuild import rebuild_index

    indexed = rebuild_index()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("CREATE TABLE bench_built (at timestamptz DEFAULT now())")
            cursor.execute("ANALYZE")
        else:
            cursor.execute("ANALYZE")
    from django.conf import settings

    if connection.vendor == "sqlite":
        Path(settings.VAR_DIR, "built").touch()
    seconds = time.perf_counter() - started
    print(f"Built the network in {seconds:.0f} s ({time.process_time() - cpu:.0f} s CPU): {generated}, "
          f"{indexed:,} search documents", flush=True)
    return {"seconds": seconds}


def add_generated_items(scale: float) -> str:
    """Debates and blog posts (with their publishing activity) up to the scale's counts, then the two
    50-reply pages and the reader's follows and notifications."""
    import random
    from datetime import timedelta

    from django.db import transaction
    from django.utils import timezone

    from xarxa.activity.models import Activity, Verb
    from xarxa.blogs.models import Post
    from xarxa.content.models import Content
    from xarxa.core.markdown import render_markdown
    from xarxa.debates.models import Debate
    from xarxa.spaces.models import Space

    rng = random.Random(2026)
    User = django_user_model()
    user_ids = list(User.objects.filter(is_active=True).values_list("pk", flat=True))
    spaces = list(Space.objects.values_list("pk", "visibility"))
    body_html = render_markdown(BODY)
    now = timezone.now()
    want_items = want_activities = int(50_000 * scale)
    missing = max(want_items - Content.objects.count(), 0)
    with transaction.atomic():
        for start in range(0, missing, 5000):
            batch = []
            for n in range(start, min(start + 5000, missing)):
                at = now - timedelta(minutes=rng.randint(10, 525_600))
                space = rng.choice(spaces)[0] if rng.random() < 0.6 else None
                batch.append(Content(kind="debate" if rng.random() < 0.75 else "post", space_id=space,
                                     author_id=rng.choice(user_ids), title=f"Propuesta {n}: datos abiertos y "
                                     f"contratación {rng.randint(1, 999)}", body=BODY, body_html=body_html,
                                     language=rng.choice(["es", "es", "pt-br", "ca", "en"]),
                                     status="published" if rng.random() < 0.97 else "hidden",
                                     published_at=at, last_activity_at=at))
            Content.objects.bulk_create(batch)
            Debate.objects.bulk_create([Debate(content=c) for c in batch if c.kind == "debate"])
            Post.objects.bulk_create([Post(content=c, excerpt=BODY[:200]) for c in batch if c.kind == "post"])
            Content.objects.filter(pk__in=[c.pk for c in batch]).update(created_at=models_f("published_at"))
            acts = [Activity(actor_id=c.author_id, verb=Verb.PUBLISHED, content=c, space_id=c.space_id)
                    for c in batch]
            acts = acts[: max(want_activities - Activity.objects.count(), 0)]
            Activity.objects.bulk_create(acts)
            spread_activity_times([a.pk for a in acts], rng, now)
        top_up_activities(want_activities, user_ids, rng, now)
        add_fifty_reply_pages(user_ids, rng, now)
        connect_reader(user_ids, rng, now)
    return (f"{Content.objects.count():,} items, {Activity.objects.count():,} activities, "
            f"{User.objects.count():,} members")


def django_user_model():
    from django.contrib.auth import get_user_model

    return get_user_model()


def models_f(name):
    from django.db.models import F

    return F(name)


def spread_activity_times(ids, rng, now):
    """Activity.created_at is auto_now_add: set it to the published time of its item, in one statement."""
    from datetime import timedelta

    from xarxa.activity.models import Activity
    from xarxa.content.models import Content

    if not ids:
        return
    published = dict(Content.objects.filter(activities__pk__in=ids).values_list("activities__pk", "published_at"))
    rows = Activity.objects.filter(pk__in=ids)
    for activity in rows:
        activity.created_at = published.get(activity.pk) or now - timedelta(minutes=rng.randint(1, 525_600))
    Activity.objects.bulk_update(rows, ["created_at"], batch_size=2000)


def top_up_activities(want, user_ids, rng, now):
    """Comments-free activity (joins and follows) until the log has `want` rows."""
    from datetime import timedelta

    from xarxa.activity.models import Activity, Verb

    missing = want - Activity.objects.count()
    if missing <= 0:
        return
    acts = []
    for _ in range(missing):
        actor, other = rng.sample(user_ids, 2)
        acts.append(Activity(actor_id=actor, verb=Verb.FOLLOWED, target_user_id=other))
    Activity.objects.bulk_create(acts, batch_size=5000)
    for act in acts:
        act.created_at = now - timedelta(minutes=rng.randint(1, 525_600))
    Activity.objects.bulk_update(acts, ["created_at"], batch_size=5000)


def add_fifty_reply_pages(user_ids, rng, now):
    """A public debate and a public blog post with 50 replies each (35 threads, 15 answers inside them),
    some by the reader (so her own actions show), with reactions."""
    from datetime import timedelta

    from xarxa.blogs.models import Post
    from xarxa.content.models import Comment, Content, Reaction
    from xarxa.core.markdown import render_markdown
    from xarxa.debates.models import Debate

    reader = django_user_model().objects.get(username=READER)
    html = render_markdown(BODY)
    for kind, title in (("debate", DEBATE_TITLE), ("post", POST_TITLE)):
        at = now - timedelta(days=2)
        content = Content.objects.create(kind=kind, author_id=rng.choice(user_ids), title=title, body=BODY,
                                         body_html=html, published_at=at, last_activity_at=now,
                                         comment_count=50)
        if kind == "debate":
            Debate.objects.create(content=content)
        else:
            Post.objects.create(content=content, excerpt=BODY[:200])
        roots = []
        for n in range(50):
            author = reader.pk if n % 7 == 3 else rng.choice(user_ids)
            parent = rng.choice(roots) if n >= 35 else None
            comment = Comment.objects.create(content=content, author_id=author, parent=parent, root=parent,
                                             body=BODY, body_html=html)
            Comment.objects.filter(pk=comment.pk).update(created_at=at + timedelta(minutes=n * 7))
            if parent is None:
                roots.append(comment)
        comments = list(Comment.objects.filter(content=content))
        Reaction.objects.bulk_create(
            [Reaction(user_id=u, comment=c, kind=rng.choice(["like", "insightful", "support"]))
             for c in comments for u in rng.sample(user_ids, rng.randint(0, 4))], ignore_conflicts=True)
        Reaction.objects.bulk_create([Reaction(user_id=u, content=content, kind="like")
                                      for u in rng.sample(user_ids, 30)], ignore_conflicts=True)


def connect_reader(user_ids, rng, now):
    """The reader follows 400 people and has 60 notifications, 20 of them unread."""
    from datetime import timedelta

    from xarxa.content.models import Comment
    from xarxa.follows.models import Follow
    from xarxa.notifications.models import Kind, Notification

    reader = django_user_model().objects.get(username=READER)
    followed = set(Follow.objects.filter(follower=reader, user__isnull=False).values_list("user_id", flat=True))
    wanted = [u for u in rng.sample(user_ids, 450) if u != reader.pk and u not in followed]
    Follow.objects.bulk_create([Follow(follower=reader, user_id=u) for u in wanted[: max(400 - len(followed), 0)]],
                               ignore_conflicts=True)
    comments = list(Comment.objects.select_related("content").order_by("-pk")[:60])
    notes = Notification.objects.bulk_create([
        Notification(recipient=reader, kind=Kind.REPLY, actor_id=c.author_id or rng.choice(user_ids),
                     content=c.content, comment=c, url=c.get_absolute_url()) for c in comments])
    for n, note in enumerate(notes):
        note.created_at = now - timedelta(hours=n)
        note.read_at = now if n >= 20 else None
    Notification.objects.bulk_update(notes, ["created_at", "read_at"])


def key_pages() -> list:
    """name, url, whether only members see it. Found by what the build made, so any revision can run them."""
    from django.db.models import Count

    from xarxa.content.models import Content
    from xarxa.spaces.models import Space

    def first(kind, **filters):
        return (Content.objects.filter(kind=kind, status="published", space__isnull=True, **filters)
                .order_by("-comment_count", "-pk").first())

    debate = Content.objects.get(title=DEBATE_TITLE)
    post = Content.objects.get(title=POST_TITLE)
    event = first("event")
    group = (Space.objects.filter(visibility="public").annotate(items=Count("contents"))
             .order_by("-items", "pk").first())
    reader = django_user_model().objects.get(username=READER)
    profile_of = django_user_model().objects.filter(
        profile__visibility="everyone", contents__isnull=False).order_by("pk").first() or reader
    return [
        page("front page", "/"),
        page("home feed", "/activity/home/", member_only=True),
        page("network feed", "/activity/"),
        page("group page", f"/groups/{group.slug}/"),
        page("debate, 50 replies", debate.get_absolute_url()),
        page("blog post, 50 comments", post.get_absolute_url()),
        page("library list", "/library/"),
        page("event page", event.get_absolute_url()),
        page("search results", "/search/?q=datos"),
        page("member profile", f"/u/{profile_of.username}/"),
        page("notifications", "/notifications/", member_only=True),
    ]


# "visitor" is served as deployed (from the shared page cache where the revision has one); "visitor, rendered"
# renders the visitor's page every time (PAGE_CACHE_SECONDS=0), so its page/bare says what rendering costs.
RENDERED = "visitor, rendered"
READERS = ("visitor", RENDERED, "member")


def page(name, url, member_only=False):
    return {"name": name, "url": url, "member_only": member_only}


def member_client():
    from django.test import Client

    client = Client(raise_request_exception=True)
    client.force_login(django_user_model().objects.get(username=READER))
    return client


def member_cookie() -> str:
    client = member_client()
    return "; ".join(f"{name}={morsel.value}" for name, morsel in client.cookies.items())


def measure_page(page, reader, repeat) -> dict:
    """The page through the whole stack, then its SQL through the bare view; medians of CPU ms."""
    from django.core.cache import cache
    from django.test import Client

    if reader == RENDERED:  # a visitor's page rendered each time: the page cache off, the rest as deployed
        from django.test import override_settings

        with override_settings(PAGE_CACHE_SECONDS=0):
            return {**measure_page(page, "visitor", repeat), "reader": RENDERED}
    client = member_client() if reader == "member" else Client(raise_request_exception=True)
    cache.clear()  # every revision starts cold; the warm-up below fills what the page caches
    for _ in range(3):
        response = client.get(page["url"], HTTP_ACCEPT_LANGUAGE="es")
        assert response.status_code == 200, (page, reader, response.status_code)
    queries = capture_queries(lambda: client.get(page["url"], HTTP_ACCEPT_LANGUAGE="es"))
    page_times = cpu_times(lambda: client.get(page["url"], HTTP_ACCEPT_LANGUAGE="es"), repeat)
    bare = bare_view(queries)
    bare_times = cpu_times(bare, repeat)
    page_ms, bare_ms = statistics.median(page_times), statistics.median(bare_times)
    return {"page": page["name"], "reader": reader, "url": page["url"], "page_ms": page_ms, "bare_ms": bare_ms,
            "ratio": page_ms / bare_ms if bare_ms else 0.0, "queries": len(queries),
            "kb": len(response.content) / 1024}


def cpu_times(call, repeat) -> list:
    times = []
    for _ in range(repeat):
        started = time.process_time()
        call()
        times.append((time.process_time() - started) * 1000)
    return times


def capture_queries(call) -> list:
    """(sql, params) of every statement `call` runs, as the driver received them."""
    from django.db import connection

    captured = []

    def record(execute, sql, params, many, context):
        captured.append((sql, params, many))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        call()
    return captured


BARE_TEMPLATE = ("<!doctype html><html><body>{% for rows in results %}<table>{% for row in rows %}<tr>"
                 "{% for cell in row %}<td>{{ cell }}</td>{% endfor %}</tr>{% endfor %}</table>{% endfor %}"
                 "</body></html>")


def bare_view(queries):
    """A view that runs the same statements (reads only) and writes every row into a minimal template."""
    from django.db import connection
    from django.http import HttpResponse
    from django.template import engines

    template = engines["django"].from_string(BARE_TEMPLATE)
    reads = [(sql, params) for sql, params, many in queries
             if not many and sql.lstrip().upper().startswith(("SELECT", "WITH"))]

    def view():
        results = []
        with connection.cursor() as cursor:
            for sql, params in reads:
                cursor.execute(sql, params)
                results.append(cursor.fetchall())
        return HttpResponse(template.render({"results": results}))

    return view


# ---------------------------------------------------------------------------------------------------------
# Load: gunicorn and wrk.

def run_load(env, tree, measured, args) -> dict:
    if not shutil.which("wrk"):
        print("wrk is not installed (apt-get install wrk): no load figures", flush=True)
        return {}
    port = free_port()
    print(f"gunicorn (2 workers) on port {port}", flush=True)
    server = subprocess.Popen([str(ROOT / ".venv" / "bin" / "gunicorn"), "xarxa.wsgi", "--workers", "2",
                               "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
                              cwd=tree, env=env, start_new_session=True)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_up(base)
        urls, cookie = measured["urls"], measured["cookie"]
        mixed_requests(base, urls, cookie, 1000)
        rss = worker_rss(server.pid)
        rows = []
        for row in measured["rows"]:
            if row["reader"] == RENDERED:  # under load the server runs as deployed
                continue
            rows.append({"page": row["page"], "reader": row["reader"],
                         **wrk(base + row["url"], cookie if row["reader"] == "member" else "",
                               args.load_seconds)})
            print(f"  {row['page']:<22} {row['reader']:<17} {rows[-1]['rps']:7.1f} req/s  "
                  f"p50 {rows[-1]['p50']:6.1f} ms  p99 {rows[-1]['p99']:6.1f} ms", flush=True)
        return {"rss_mb": rss, "rows": rows}
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(base):
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/", timeout=5)
            return
        except OSError:
            time.sleep(0.3)
    sys.exit("gunicorn did not answer")


def mixed_requests(base, urls, cookie, count):
    """`count` requests over every page, visitor and member alternately (the RSS figure is taken after)."""
    for n in range(count):
        request = urllib.request.Request(base + urls[n % len(urls)], headers={"Accept-Language": "es"})
        if n % 2:
            request.add_header("Cookie", cookie)
        try:
            urllib.request.urlopen(request, timeout=30).read()
        except urllib.error.HTTPError:
            pass  # a page only members see answers a visitor with a redirect or 403


def worker_rss(master_pid) -> list:
    """Resident MB of each gunicorn worker (the master's children)."""
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    sizes = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        sizes.append(int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024)
    return sizes


def wrk(url, cookie, seconds) -> dict:
    command = ["wrk", "-t2", "-c16", f"-d{seconds}s", "--latency", "-H", "Accept-Language: es"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(command + [url], stdout=subprocess.PIPE, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return {"rps": rps, "p50": latency(out, "50%"), "p99": latency(out, "99%"),
            "errors": int(non2xx.group(1)) if non2xx else 0}


def latency(out, percentile) -> float:
    value, unit = re.search(rf"^\s+{percentile}\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


# ---------------------------------------------------------------------------------------------------------
# Report.

def report(results, args):
    labels = list(results)
    print(f"\nCPU ms per page in-process, median of {args.repeat} (DEBUG off, cached templates); "
          f"bare = the same SQL into a minimal template; load average {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} CPUs")
    headers = ["page", "reader"]
    for label in labels:
        headers += [f"{label} ms", "bare ms", "page/bare", "queries"]
    if len(labels) == 2:
        headers.append("after/before")
    rows = []
    first = {(r["page"], r["reader"]): r for r in results[labels[0]]["rows"]}
    for key in first:
        row = [key[0], key[1]]
        figures = []
        for label in labels:
            match = next((r for r in results[label]["rows"] if (r["page"], r["reader"]) == key), None)
            figures.append(match)
            row += ([f"{match['page_ms']:.1f}", f"{match['bare_ms']:.1f}", f"{match['ratio']:.1f}",
                     str(match["queries"])] if match else ["-"] * 4)
        if len(labels) == 2:
            row.append(f"{figures[1]['page_ms'] / figures[0]['page_ms']:.2f}" if all(figures) else "-")
        rows.append(row)
    print_table(headers, rows)
    if not args.load:
        return
    print("\nUnder load: gunicorn, 2 workers; wrk, 2 threads, 16 connections, "
          f"{args.load_seconds} s per page and reader")
    headers = ["page", "reader"]
    for label in labels:
        headers += [f"{label} req/s", "p50 ms", "p99 ms"]
    rows = []
    for n, row in enumerate(results[labels[0]].get("load", {}).get("rows", [])):
        cells = [row["page"], row["reader"]]
        for label in labels:
            other = results[label].get("load", {}).get("rows", [])
            if n < len(other):
                cells += [f"{other[n]['rps']:.0f}", f"{other[n]['p50']:.1f}", f"{other[n]['p99']:.1f}"]
            else:
                cells += ["-"] * 3
        rows.append(cells)
    print_table(headers, rows)
    for label in labels:
        rss = results[label].get("load", {}).get("rss_mb", [])
        print(f"{label}: RSS per worker after 1,000 mixed requests: {', '.join(f'{mb:.0f} MB' for mb in rss)}")


def print_table(headers, rows):
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=True)]

    def line(cells):
        return "  ".join(str(c).ljust(w) if i < 2 else str(c).rjust(w)
                         for i, (c, w) in enumerate(zip(cells, widths, strict=True)))

    print(line(headers))
    print(line(["-" * w for w in widths]))
    for row in rows:
        print(line(row))


if __name__ == "__main__":
    main()
