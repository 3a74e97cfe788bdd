"""Awards benchmark: counting and validating 50,000 votes in one category, and the results pages.

    make bench-awards                                        # SQLite in var/bench-awards/
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/xarxa_bench_awards .venv/bin/python bench/awards.py
    .venv/bin/python bench/awards.py --votes 50000 --repeat 5 --json figures.json

1. Builds, on a fresh database, a public edition with one category in its jury stage, 8 eligible nominations
   and --votes votes (bulk-inserted rows shaped as voting.cast_vote writes them: pseudonyms, snapshotted
   features; about 3 % from fresh accounts, a burst from one network, a cluster on one unusual domain,
   disposable addresses, 8 % never confirmed).
2. Times (wall ms, median of --repeat): computing the fraud signals (fraud.compute_signals), invalidating the
   flagged votes and validating the rest in bulk (voting.review_votes, two UPDATEs with audit rows),
   counting the validated votes per nominee (results.validated_counts); and the pages, as the organiser:
   the vote review, the transparency page, the JSON export, the category page.

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
    var = ROOT / "var" / "bench-awards"
    if not os.environ.get("DATABASE_URL"):
        shutil.rmtree(var, ignore_errors=True)
    var.mkdir(parents=True, exist_ok=True)
    os.environ.update(DEBUG="false", SECRET_KEY="bench-only-not-secret", ALLOWED_HOSTS="testserver",
                      SECURE_COOKIES="false", DJANGO_SETTINGS_MODULE="xarxa.settings", XARXA_STAFF_MFA="optional",
                      LOG_LEVEL="WARNING", XARXA_VAR_DIR=str(var))


def build(votes, rng):
    from datetime import date, timedelta

    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from xarxa.accounts.models import Profile
    from xarxa.awards import services, voting
    from xarxa.awards.models import Category, Nomination
    from xarxa.awards.vote_models import DomainKind, Vote
    from xarxa.congress.services import create_edition
    from xarxa.organisations.models import Organisation

    User = get_user_model()
    organiser = User.objects.create_user(username="organiser", email="organiser@example.org", is_approved=True)
    Profile.objects.create(user=organiser, full_name="Organiser")
    EmailAddress.objects.create(user=organiser, email=organiser.email, primary=True, verified=True)
    now = timezone.now()
    edition = create_edition(organiser, name="Bench congress", starts_on=(now + timedelta(days=60)).date(),
                             ends_on=(now + timedelta(days=61)).date())
    category = services.create_category(organiser, edition, name="Bench category", nominations_open_at=now,
                                        vote_opens_at=now + timedelta(days=10), jury_opens_at=now + timedelta(days=20),
                                        announce_at=now + timedelta(days=30), finalists=3)
    town = Organisation.objects.create(name="Bench town", slug="bench-town", level="local", country="ES")
    nominations = [services.nominate(organiser, category, title=f"Project {n}", nominee=organiser, organisation=town,
                                     work_started_on=date(2024, 1, 1), problem="p", solution="s", results="r")
                   for n in range(8)]
    Nomination.objects.filter(category=category).update(status=Nomination.Status.ELIGIBLE)
    start = now - timedelta(days=5)
    Category.objects.filter(pk=category.pk).update(nominations_open_at=start - timedelta(days=10),
                                                   vote_opens_at=start, jury_opens_at=now - timedelta(hours=1),
                                                   announce_at=now + timedelta(days=10))
    rows = []
    for n in range(votes):
        nomination = nominations[min(int(rng.random() ** 2 * 8), 7)]
        fresh, roll = rng.random() < 0.03, rng.random()
        kind = DomainKind.DISPOSABLE if roll < 0.01 else DomainKind.OTHER if roll < 0.05 else DomainKind.COMMON
        domain = "cluster.example" if kind == DomainKind.OTHER and roll < 0.02 else f"d{n % 900}"
        network = "203.0.113.0/24" if n % 1000 == 0 else f"10.{n % 250}.{n // 250 % 250}.0/24"
        cast_at = (start + timedelta(seconds=int(rng.random() * 4.5 * 86400))).replace(second=0, microsecond=0)
        rows.append(Vote(category=category, nomination=nomination, voter_key=voting.voter_key(n, category.pk),
                         cast_at=cast_at, confirmed_at=None if rng.random() < 0.08 else cast_at,
                         account_age_hours=rng.randint(0, 40) if fresh else 720, domain_kind=kind,
                         domain_key=voting.feature_key("domain", category.pk, domain),
                         network_key=voting.feature_key("network", category.pk, network),
                         device_key=voting.feature_key("device", category.pk, f"UA {n % 5000}")))
    Vote.objects.bulk_create(rows, batch_size=2000)
    return Category.objects.select_related("edition__space").get(pk=category.pk), organiser


def timed(call, repeat):
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = call()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--votes", type=int, default=50000)
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per step (median)")
    parser.add_argument("--json", metavar="FILE", help="write the figures to FILE")
    args = parser.parse_args()
    environment()
    sys.path.insert(0, str(ROOT))
    import random

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from xarxa.awards import fraud, results, voting
    from xarxa.awards.vote_models import Review, Vote

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    started = time.perf_counter()
    category, organiser = build(args.votes, random.Random(2026))
    print(f"built {args.votes} votes in {time.perf_counter() - started:.0f} s", flush=True)
    figures = {}
    figures["compute signals"], counts = timed(lambda: fraud.compute_signals(category.pk), args.repeat)
    print("  signals:", {k: v for k, v in counts.items()}, flush=True)
    votes = Vote.objects.filter(category=category)

    def review():
        votes.update(review=Review.PENDING, invalid_reason="")
        flagged = voting.review_votes(organiser, category, action="invalidate", invalid_reason="other",
                                      votes=votes.exclude(**dict.fromkeys(Vote.SIGNALS, False)), reason="bench")
        clean = voting.review_votes(organiser, category, action="validate", votes=votes.filter(review="pending"),
                                    reason="bench")
        return flagged, clean

    figures["validate and invalidate in bulk"], (flagged, clean) = timed(review, args.repeat)
    print(f"  invalidated {flagged}, validated {clean}", flush=True)
    figures["count validated votes"], counts = timed(lambda: results.validated_counts(category), args.repeat)
    assert sum(counts.values()) == clean
    client = Client(raise_request_exception=True)
    client.force_login(organiser)
    slug = category.edition.space.slug
    pages = {
        "page: vote review": reverse("awards:review_votes", args=[slug, category.slug]),
        "page: transparency": reverse("awards:transparency", args=[slug]),
        "page: results.json": reverse("awards:export", args=[slug, category.slug, "json"]),
        "page: category": category.get_absolute_url(),
    }
    queries = {}
    for name, url in pages.items():
        assert client.get(url).status_code == 200, url
        figures[name], _response = timed(lambda u=url: client.get(u), args.repeat)
        seen = []

        def record(execute, sql, params, many, context, seen=seen):
            seen.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(record):
            client.get(url)
        queries[name] = len(seen)
    for name, ms in figures.items():
        print(f"  {name:<34} {ms:9.1f} ms{'  ' + str(queries[name]) + ' queries' if name in queries else ''}",
              flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps({"votes": args.votes, "median_ms": figures, "queries": queries},
                                              indent=1))


if __name__ == "__main__":
    main()
