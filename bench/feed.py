"""Feed benchmark: is fan-out on read fast enough, or do we need a materialised timeline?

Builds a synthetic network in the database named by DATABASE_URL (use a throw-away one: it adds many
rows), then times the home feed of a heavy reader (follows hundreds of members, dozens of groups and
topics), of a light reader, and the public feed, on the first page and deep pages.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/xarxa_bench DEBUG=true \
        .venv/bin/python bench/feed.py --activities 1000000 --members 20000

Activities are inserted with one INSERT … SELECT on PostgreSQL (seconds for a million rows); on SQLite
with bulk_create (slower: use --activities 200000 there).
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
from xarxa.spaces.models import Membership, Space  # noqa: E402
from xarxa.topics.models import Topic  # noqa: E402

PREFIX = "bench"


def build(members: int, spaces: int, contents: int, activities: int, rng: random.Random):
    if User.objects.filter(username=f"{PREFIX}-reader").exists():
        print("network already built; reusing it")
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
        Profile.objects.bulk_create([Profile(user=u, full_name=u.username, visibility="members") for u in users],
                                    batch_size=5000)
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
            + [Follow(follower=light, user=u) for u in rng.sample(users[:-2], 3)], batch_size=5000)
    print(f"people, groups and {contents} items in {time.perf_counter() - started:.1f}s")
    started = time.perf_counter()
    insert_activities(activities, rng)
    print(f"{activities} activities in {time.perf_counter() - started:.1f}s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


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


def timed(label, make_queryset, pages=1, runs=7):
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        cursor = None
        for _page in range(pages):
            page = feed.feed_page(make_queryset(), cursor)
            cursor = page.next_cursor
        times.append((time.perf_counter() - started) * 1000 / pages)
    print(f"{label:<48} median {statistics.median(times):7.1f} ms/page   worst {max(times):7.1f} ms")
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=20000)
    parser.add_argument("--spaces", type=int, default=1000)
    parser.add_argument("--contents", type=int, default=100000)
    parser.add_argument("--activities", type=int, default=1000000)
    parser.add_argument("--seed", type=int, default=6)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    build(args.members, args.spaces, args.contents, args.activities, random.Random(args.seed))
    reader = User.objects.get(username=f"{PREFIX}-reader")
    light = User.objects.get(username=f"{PREFIX}-light")
    from django.contrib.auth.models import AnonymousUser

    print(f"{connection.vendor}: {Activity.objects.count()} activities, {User.objects.count()} members")
    timed("home, heavy reader (400 people, 40 groups), p1", lambda: feed.home_activities(reader))
    timed("home, heavy reader, pages 1-5", lambda: feed.home_activities(reader), pages=5)
    timed("home, light reader (follows 3 people), p1", lambda: feed.home_activities(light), runs=3)
    timed("public feed for a visitor, p1", lambda: feed.public_activities(AnonymousUser()))
    timed("group feed, p1", lambda: feed.space_activities(reader, reader.space_memberships.first().space))
    if connection.vendor == "postgresql":
        sql, params = feed.home_activities(reader).order_by("-created_at", "-id")[:21].query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            plan = [row[0] for row in cursor.fetchall()]
        print("\n".join(plan[:6] + ["…"] + plan[-3:]))


if __name__ == "__main__":
    main()
