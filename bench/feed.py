"""Feed benchmark: is fan-out on read fast enough, or do we need a materialised timeline?

Builds a synthetic network in the database named by DATABASE_URL (use a throw-away one: it adds many
rows): 100,000 members (70% show their profile to members, 25% to everyone, 5% to staff, as in the demo),
500 organisations, 1,000 groups, 200,000 items. Then it times, old (the single OR query, kept below as
`legacy_home_activities`) against new (xarxa.activity.feed) in the same run, the home feed of a heavy
reader (400 people, 2 organisations, i.e. ~800 colleagues, 40 groups, 20 topics) and of a light reader
(3 people), the public feed for a visitor and a group's feed, and prints the light reader's plans.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/xarxa_feedbench DEBUG=true \
        .venv/bin/python bench/feed.py --members 100000 --contents 200000 --activities 1000000
    # then grow the same network (adds the missing activities over the same year) and time again:
    ... bench/feed.py --members 100000 --contents 200000 --activities 5000000 --build-only
    ... bench/feed.py --members 100000 --contents 200000 --activities 5000000

Activities are inserted with one INSERT … SELECT on PostgreSQL (about 4 minutes a million on the shared
2-core machine, all indexes kept); on SQLite with bulk_create (slower: use --activities 200000 there).

Issue 6, PostgreSQL 15, JIT off (see below), medians of 5 runs in ms per page, on a machine shared with
other jobs (load 6 to 8 on 2 cores: compare the ratios, not the absolute figures):

                                     1,000,000 activities       5,000,000 activities
                                     old    new  new/old        old    new  new/old
    home, heavy reader, p1          1203    399   0.33         1369    304   0.22
    home, heavy reader, pages 1-5   1388    479   0.35         1154    281   0.24
    home, light reader, p1          5561    198   0.04         4342    222   0.05
    public feed (visitor), p1        944    149   0.16          632    126   0.20
    group feed, p1                   842    157   0.19          465    119   0.26

5M rather than 10M: growing the table took 20 minutes for 4M rows on the shared machine. At 5M the new
home feed's queries took, one by one: what the reader follows 7 ms, people 18 ms, groups 7 ms, topics
8 ms, visibility and page 28 ms (the rest of a page's time is this busy machine); the light reader's
source is a bitmap index scan on actor, 3 ms (plan printed at the end of a run).
What the figures taught:
- The old single query walked the newest-first index and filtered: a light reader's page read most of the
  table (5 s). Each source alone is one index walk (the light reader's is an index scan on actor: 0.5 ms).
- Visibility as IN-subqueries under an OR made PostgreSQL hash every visible item and profile for each
  query (~0.7 s at 1M); visibility is now a per-row primary-key probe (feed.is_one_of), on few rows.
- Visibility inside each source query priced every row the planner might walk with those probes, so it
  chose to read and sort all 7,000 activities of the people followed (0.4 s): the sources now read
  candidates only, and one query checks the candidates' visibility and loads the page (MergedFeed).
- PostgreSQL's JIT spent 3 s compiling queries whose estimated cost is high and whose run takes 10 ms:
  settings.py turns JIT off for the site's connections.
- Fan-out on read stays: every page is a handful of index walks whose cost did not grow from 1M to 5M;
  a materialised timeline would cost a write per follower per act and its own visibility upkeep, for no
  gain these figures show.
"""

import argparse
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
from django.db import connection, transaction  # noqa: E402

from xarxa.accounts.models import Profile, User  # noqa: E402
from xarxa.activity import feed  # noqa: E402
from xarxa.activity.models import Activity  # noqa: E402
from xarxa.content.models import Content  # noqa: E402
from xarxa.follows.models import Follow  # noqa: E402
from xarxa.organisations.models import Organisation  # noqa: E402
from xarxa.spaces.models import Membership, Space  # noqa: E402
from xarxa.topics.models import Topic  # noqa: E402

PREFIX = "bench"


def build(members: int, spaces: int, contents: int, activities: int, rng: random.Random):
    if User.objects.filter(username=f"{PREFIX}-reader").exists():
        have = Activity.objects.count()
        print(f"network already built ({have} activities); reusing it")
        if have < activities * 0.99:  # a few rows are dropped when actor and target coincide
            top_up(activities - have, rng)
        return
    started = time.perf_counter()
    with transaction.atomic():
        users = User.objects.bulk_create(
            [User(username=f"{PREFIX}-{n}", email=f"{PREFIX}{n}@example.org", is_approved=True)
             for n in range(members)] + [User(username=f"{PREFIX}-reader", email="reader@example.org",
                                              is_approved=True),
                                         User(username=f"{PREFIX}-light", email="light@example.org",
                                              is_approved=True)],
            batch_size=5000)
        organisations = Organisation.objects.bulk_create([
            Organisation(name=f"{PREFIX} organisation {n}", slug=f"{PREFIX}-organisation-{n}") for n in range(500)])
        # As in the demo network: 70% show their profile to members, 25% to everyone, 5% to staff only.
        Profile.objects.bulk_create([Profile(user=u, full_name=u.username, visibility=rng.choices(
            ["members", "everyone", "staff"], [70, 25, 5])[0], organisation=rng.choice(organisations))
            for u in users[:-2]] + [Profile(user=u, full_name=u.username) for u in users[-2:]], batch_size=5000)
        topics = Topic.objects.bulk_create([Topic(name=f"{PREFIX} topic {n}", slug=f"{PREFIX}-topic-{n}")
                                            for n in range(200)])
        visibilities = ["public"] * 6 + ["members"] * 2 + ["private", "secret"]
        groups = Space.objects.bulk_create([
            Space(name=f"{PREFIX} group {n}", slug=f"{PREFIX}-group-{n}", visibility=rng.choice(visibilities))
            for n in range(spaces)])
        items = Content.objects.bulk_create([
            Content(kind="debate", space=rng.choice(groups) if rng.random() < 0.7 else None,
                    author=rng.choice(users), title=f"item {n}", status="published" if rng.random() < 0.97
                    else "hidden") for n in range(contents)], batch_size=5000)
        Content.topics.through.objects.bulk_create([
            Content.topics.through(content_id=item.pk, topic_id=rng.choice(topics).pk) for item in items
            if rng.random() < 0.5], batch_size=5000, ignore_conflicts=True)
        reader, light = users[-2], users[-1]
        Membership.objects.bulk_create(
            [Membership(space=s, user=reader) for s in rng.sample(groups, 40)]
            + [Membership(space=s, user=u) for u in rng.sample(users[:-2], min(members, 20000))
               for s in rng.sample(groups, 3)], batch_size=5000, ignore_conflicts=True)
        Follow.objects.bulk_create(
            [Follow(follower=reader, user=u) for u in rng.sample(users[:-2], 400)]
            + [Follow(follower=reader, topic=t) for t in rng.sample(topics, 20)]
            + [Follow(follower=reader, organisation=o) for o in rng.sample(organisations, 2)]
            + [Follow(follower=light, user=u) for u in rng.sample(users[:-2], 3)], batch_size=5000)
    print(f"people, groups and {contents} items in {time.perf_counter() - started:.1f}s")
    top_up(activities, rng)


def top_up(count, rng):
    """Add `count` activities spread over the same year (so a 10M network can grow from a 1M one)."""
    started = time.perf_counter()
    insert_activities(count, rng)
    print(f"{count} activities in {time.perf_counter() - started:.1f}s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def insert_activities(count: int, rng: random.Random):
    lo_user, hi_user = (User.objects.filter(username__startswith=PREFIX).order_by("pk").values_list("pk", flat=True)
                        .first(), User.objects.order_by("-pk").values_list("pk", flat=True).first() - 2)
    lo_item = Content.objects.order_by("pk").values_list("pk", flat=True).first()
    hi_item = Content.objects.order_by("-pk").values_list("pk", flat=True).first()
    if connection.vendor == "postgresql":
        # Spread over a year, newest last; 80% about an item (its space copied), the rest follows.
        with connection.cursor() as cursor:
            cursor.execute(f"""
                INSERT INTO activity_activity (actor_id, verb, content_id, space_id, target_user_id, created_at)
                SELECT a.actor, CASE WHEN a.about_item THEN (ARRAY['published','commented','reacted'])[1 + (g % 3)]
                                     ELSE 'followed' END,
                       CASE WHEN a.about_item THEN c.id END, CASE WHEN a.about_item THEN c.space_id END,
                       CASE WHEN a.about_item THEN NULL ELSE a.target END,
                       now() - (interval '365 days' * (1 - g::float / {count}))
                FROM generate_series(1, {count}) g
                CROSS JOIN LATERAL (SELECT {lo_user} + floor(random() * ({hi_user} - {lo_user}))::int AS actor,
                                           {lo_user} + floor(random() * ({hi_user} - {lo_user}))::int AS target,
                                           {lo_item} + floor(random() * ({hi_item} - {lo_item}))::int AS item,
                                           random() < 0.8 AS about_item, g AS gg) a
                JOIN content_content c ON c.id = a.item
                WHERE a.actor <> a.target
            """)
        return
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    spaces = dict(Content.objects.values_list("pk", "space_id"))
    batch = []
    for n in range(count):
        item = rng.randint(lo_item, hi_item)
        batch.append(Activity(actor_id=rng.randint(lo_user, hi_user), verb=rng.choice(["published", "commented"]),
                              content_id=item, space_id=spaces.get(item),
                              created_at=now - timedelta(days=365 * (1 - n / count))))
        if len(batch) == 10000:
            Activity.objects.bulk_create(batch)
            batch = []
    Activity.objects.bulk_create(batch)


def legacy_visible_activities(reader):
    """The feed as it was before issue 6, kept here to compare in the same run: visibility as IN-subqueries."""
    from django.db.models import Q

    people = Profile.objects.visible_to(reader).values("user_id")
    shown = (
        (Q(space__isnull=True) | Q(space__in=Space.objects.readable_by(reader).values("pk")))
        & (Q(content__isnull=True) | Q(content__in=Content.objects.visible_to(reader).values("pk")))
        & (Q(comment__isnull=True) | Q(comment__is_hidden=False, comment__is_deleted=False))
        & Q(actor_id__in=people)
        & (Q(target_user__isnull=True) | Q(target_user_id__in=people))
    )
    return Activity.objects.filter(shown)


def legacy_home_activities(reader):
    """The old home feed: one query, an OR of IN-subqueries over every source."""
    from django.db.models import Q

    follows = Follow.objects.filter(follower=reader)
    followed_people = follows.filter(user__isnull=False).values("user_id")
    colleagues = Profile.objects.filter(
        organisation_id__in=follows.filter(organisation__isnull=False).values("organisation_id")).values("user_id")
    tagged = Content.topics.through.objects.filter(
        topic_id__in=follows.filter(topic__isnull=False).values("topic_id")).values("content_id")
    joined = Membership.objects.filter(user=reader).values("space_id")
    sources = (Q(actor_id__in=followed_people) | Q(actor_id__in=colleagues) | Q(content_id__in=tagged)
               | Q(space_id__in=joined))
    return feed.without_muted(legacy_visible_activities(reader).filter(sources).exclude(actor=reader), reader)


def timed(label, make_feed, pages=1, runs=7):
    """Median wall-clock ms per page over `runs`, and the CPU ms this process spent (the rest is the server)."""
    times, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        cursor = None
        for _page in range(pages):
            page = feed.feed_page(make_feed(), cursor)
            cursor = page.next_cursor
        times.append((time.perf_counter() - started) * 1000 / pages)
        cpu.append((time.process_time() - started_cpu) * 1000 / pages)
    print(f"{label:<52} median {statistics.median(times):8.1f} ms/page   worst {max(times):8.1f}   "
          f"python cpu {statistics.median(cpu):6.1f}", flush=True)
    return statistics.median(times)


def explain(label, queryset):
    sql, params = queryset.order_by("-created_at", "-id").values_list("created_at", "id")[:21].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        plan = [row[0] for row in cursor.fetchall()]
    print(f"\n{label}:\n" + "\n".join(line for line in plan if "->" in line or "Execution" in line
                                       or line == plan[0]))


def compare(label, old, new, pages=1, runs=7):
    before = timed(f"{label}, old", old, pages, runs)
    after = timed(f"{label}, new", new, pages, runs)
    print(f"{'':<52} new/old {after / before:.2f}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=20000)
    parser.add_argument("--spaces", type=int, default=1000)
    parser.add_argument("--contents", type=int, default=100000)
    parser.add_argument("--activities", type=int, default=1000000)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--skip-old", action="store_true", help="time only the current feed")
    parser.add_argument("--build-only", action="store_true", help="build or grow the network, time nothing")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    build(args.members, args.spaces, args.contents, args.activities, random.Random(args.seed))
    if args.build_only:
        return
    reader = User.objects.get(username=f"{PREFIX}-reader")
    light = User.objects.get(username=f"{PREFIX}-light")
    from django.contrib.auth.models import AnonymousUser

    group = reader.space_memberships.order_by("space_id").first().space
    print(f"{connection.vendor}: {Activity.objects.count()} activities, {User.objects.count()} members")
    rows = [
        ("home, heavy reader (400 people, 2 organisations, 40 groups, 20 topics), p1", reader, 1, args.runs),
        ("home, heavy reader, pages 1-5", reader, 5, args.runs),
        ("home, light reader (follows 3 people), p1", light, 1, max(3, args.runs // 2)),
    ]
    for label, who, pages, runs in rows:
        if args.skip_old:
            timed(label, lambda who=who: feed.home_activities(who), pages, runs)
        else:
            compare(label, lambda who=who: legacy_home_activities(who), lambda who=who: feed.home_activities(who),
                    pages, runs)
    anonymous = AnonymousUser()
    if args.skip_old:
        timed("public feed for a visitor, p1", lambda: feed.public_activities(anonymous), 1, args.runs)
        timed("group feed, p1", lambda: feed.space_activities(reader, group), 1, args.runs)
    else:
        compare("public feed for a visitor, p1", lambda: feed.without_muted(legacy_visible_activities(anonymous),
                                                                            anonymous),
                lambda: feed.public_activities(anonymous), 1, args.runs)
        compare("group feed, p1", lambda: feed.without_muted(legacy_visible_activities(reader).filter(space=group),
                                                             reader),
                lambda: feed.space_activities(reader, group), 1, args.runs)
    if connection.vendor == "postgresql":
        for source in feed.home_activities(light).sources:
            explain("light reader, new: the people source", source)
        if not args.skip_old:
            explain("light reader, old", legacy_home_activities(light))


if __name__ == "__main__":
    main()
