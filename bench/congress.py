"""Congress benchmark: the programme page and the exports at 60 and 600 sessions.

    make bench-congress                                   # SQLite in var/bench-congress/
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/xarxa_bench_congress .venv/bin/python bench/congress.py
    .venv/bin/python bench/congress.py --sizes 60,600 --repeat 15 --json figures.json

1. Builds, on a fresh database, one public edition per size: 10 rooms (4 for 60 sessions), three tracks,
   a 30-minute talk format, the sessions through congress.programme's services (each a content row with
   one or two speakers, an abstract, a description and a materials link), placed over three days, two
   breaks a day, and a published version. A reader (a member) has starred 30 sessions of each edition.
2. For each page and reader: CPU ms per request in-process (time.process_time around the whole request
   through the middleware, DEBUG off, cached template loaders; median of --repeat after a warm-up), the
   number of queries and the size of the answer. The pages: the programme, as a visitor and as the member
   (with stars); the member's agenda; and the exports (schedule.xml, schedule.json, programme.ics).

Quote medians and ratios: the machine is shared, absolute figures stretch with its load.
"""

import argparse
import json
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def environment():
    var = ROOT / "var" / "bench-congress"
    if not os.environ.get("DATABASE_URL"):
        shutil.rmtree(var, ignore_errors=True)
    var.mkdir(parents=True, exist_ok=True)
    os.environ.update(DEBUG="false", SECRET_KEY="bench-only-not-secret", ALLOWED_HOSTS="testserver",
                      SECURE_COOKIES="false", DJANGO_SETTINGS_MODULE="xarxa.settings", XARXA_STAFF_MFA="optional",
                      LOG_LEVEL="WARNING", XARXA_VAR_DIR=str(var))


def build(size, reader, rng):
    """One edition with `size` placed sessions and a published version; the reader stars 30 of them."""
    from datetime import date, datetime, timedelta
    from zoneinfo import ZoneInfo

    from django.contrib.auth import get_user_model

    from xarxa.congress import programme
    from xarxa.congress.models import Room, Session, SessionFormat, Track, Venue
    from xarxa.congress.services import create_edition

    User = get_user_model()
    organiser = User.objects.create_user(username=f"organiser{size}", email=f"organiser{size}@example.org",
                                         password=None, is_approved=True)
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=organiser, email=organiser.email, verified=True, primary=True)
    starts_on = date(2031, 6, 10)
    edition = create_edition(organiser, name=f"Bench congress {size}", starts_on=starts_on,
                             ends_on=starts_on + timedelta(days=2), time_zone="Europe/Madrid", languages=["es"],
                             programme_at=datetime(2031, 5, 1, tzinfo=ZoneInfo("Europe/Madrid")))
    venue = Venue.objects.create(edition=edition, name="Palau", address="Barcelona")
    room_count = 4 if size <= 60 else 10
    rooms = [Room.objects.create(venue=venue, name=f"Sala {n + 1}", capacity=100, position=n)
             for n in range(room_count)]
    tracks = [Track.objects.create(edition=edition, name=f"Eje {n + 1}", position=n) for n in range(3)]
    talk = SessionFormat.objects.create(edition=edition, kind="talk", duration_minutes=30)
    speakers = list(User.objects.filter(username__startswith="speaker").order_by("pk"))
    zone = edition.zone
    per_day = -(-size // (3 * room_count))  # slots a day in each room
    sessions = []
    for n in range(size):
        day, rest = divmod(n, per_day * room_count)
        slot, room = divmod(rest, room_count)
        session = programme.create_session(
            organiser, edition, title=f"Sesión {n}: innovación pública en práctica", abstract="Qué nos llevamos.",
            description="Una sesión **práctica** con casos de la red.\n\n- Contexto\n- Herramientas",
            session_format=talk, track=tracks[n % 3], speakers=rng.sample(speakers, 1 + n % 2),
            links=[{"title": "Diapositivas", "url": f"https://example.org/{n}.pdf"}])
        start = datetime.combine(starts_on + timedelta(days=day), datetime.min.time(), tzinfo=zone) + timedelta(
            hours=8, minutes=30 * slot)
        Session.objects.filter(pk=session.pk).update(room=rooms[room], starts_at=start,
                                                     ends_at=start + timedelta(minutes=30))
        sessions.append(session)
    for day in range(3):
        start = datetime.combine(starts_on + timedelta(days=day), datetime.min.time(), tzinfo=zone)
        programme.add_break(organiser, edition, title="Café", starts_at=start + timedelta(hours=7),
                            ends_at=start + timedelta(hours=7, minutes=30))
    programme.publish_programme(organiser, edition)
    for session in rng.sample(sessions, min(30, len(sessions))):
        programme.star(reader, session)
    return edition


def cpu_times(call, repeat):
    times = []
    for _ in range(repeat):
        started = time.process_time()
        call()
        times.append((time.process_time() - started) * 1000)
    return times


def measure(client, url, repeat):
    from django.db import connection

    for _ in range(3):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="es")
        assert response.status_code == 200, (url, response.status_code)
    queries = []

    def record(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        client.get(url, HTTP_ACCEPT_LANGUAGE="es")
    times = cpu_times(lambda: client.get(url, HTTP_ACCEPT_LANGUAGE="es"), repeat)
    return {"ms": statistics.median(times), "queries": len(queries), "kb": len(response.content) / 1024}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="60,600", help="numbers of sessions, comma-separated")
    parser.add_argument("--repeat", type=int, default=15, help="timed requests per page and reader (median)")
    parser.add_argument("--json", metavar="FILE", help="write the figures to FILE")
    parser.add_argument("--profile", metavar="PAGE", help=argparse.SUPPRESS)  # cProfile one page (by name)
    args = parser.parse_args()
    environment()
    sys.path.insert(0, str(ROOT))
    import random

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    User = get_user_model()
    rng = random.Random(2026)
    reader = User.objects.create_user(username="reader", email="reader@example.org", password=None, is_approved=True)
    User.objects.bulk_create([User(username=f"speaker{n}", email=f"speaker{n}@example.org", is_approved=True)
                              for n in range(300)])
    visitor, member = Client(raise_request_exception=True), Client(raise_request_exception=True)
    member.force_login(reader)
    rows = []
    for size in [int(value) for value in args.sizes.split(",")]:
        started = time.perf_counter()
        edition = build(size, reader, rng)
        print(f"built {size} sessions in {time.perf_counter() - started:.0f} s", flush=True)
        slug = edition.space.slug
        pages = [
            ("programme", "visitor", visitor, reverse("congress:programme", args=[slug])),
            ("programme", "member", member, reverse("congress:programme", args=[slug])),
            ("my agenda", "member", member, reverse("congress:agenda", args=[slug])),
            ("schedule.xml", "visitor", visitor, reverse("congress:schedule_xml", args=[slug])),
            ("schedule.json", "visitor", visitor, reverse("congress:schedule_json", args=[slug])),
            ("programme.ics", "visitor", visitor, reverse("congress:programme_ics", args=[slug])),
        ]
        for name, who, client, url in pages:
            if args.profile:
                if f"{name} {who}" == args.profile:
                    import cProfile
                    import pstats

                    client.get(url)
                    profiler = cProfile.Profile()
                    profiler.runcall(lambda c=client, u=url: [c.get(u) for _ in range(5)])
                    pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
                continue
            figures = measure(client, url, args.repeat)
            rows.append({"sessions": size, "page": name, "reader": who, **figures})
            print(f"  {size:4d} sessions  {name:<14} {who:<8} {figures['ms']:7.1f} ms  {figures['queries']:3d} queries"
                  f"  {figures['kb']:7.1f} KB", flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
