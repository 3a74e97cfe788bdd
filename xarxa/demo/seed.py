"""Writes the demo network: organisations, topics, verified domains, the two demo accounts,
members with profiles, and who follows whom. Everything in one transaction, rows in batches.

people.py and network.py decide what to write (deterministically, from the seed); this module
turns those records into rows; bulk.py does the fast writing.
"""

import random
import time
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from datetime import datetime

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from xarxa.accounts.models import Profile, User, VerifiedDomain
from xarxa.core.bulk import BATCH_SIZE, bulk_load_cache, insert_rows, refresh_planner_statistics, without_query_log
from xarxa.demo import data
from xarxa.demo.community import seed_community
from xarxa.demo.demo_accounts import DEMO_PASSWORD, connect_demo_member, ensure_demo_accounts
from xarxa.demo.network import plan_follows
from xarxa.demo.people import BioPool, Member, MemberFactory, UniqueNames, joined_datetime, verified_after
from xarxa.follows.models import Follow
from xarxa.organisations.models import Organisation
from xarxa.search.rebuild import rebuild_index
from xarxa.topics.models import Topic


@dataclass
class SeedReport:
    members: int = 0
    email_addresses: int = 0
    organisations: int = 0
    topics: int = 0
    verified_domains: int = 0
    profile_topics: int = 0
    member_follows: int = 0
    organisation_follows: int = 0
    topic_follows: int = 0
    demo_accounts: int = 0
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # this process only: a PostgreSQL server's work is not in it
    stages: list = field(default_factory=list)  # (what, seconds, cpu seconds), for -v 2 and the benchmark
    community: dict = field(default_factory=dict)  # groups, content and activity: what each part wrote

    @property
    def members_per_second(self) -> float:
        return self.members / self.seconds if self.seconds else 0.0

    def counts(self):
        return [(f.name, getattr(self, f.name)) for f in fields(self) if f.type is int]

    def start(self, name):
        """Start timing a stage; call what this returns when it ends."""
        started, cpu = time.perf_counter(), time.process_time()

        def stop():
            self.stages.append((name, time.perf_counter() - started, time.process_time() - cpu))

        return stop

    @contextmanager
    def stage(self, name):
        stop = self.start(name)
        yield
        stop()


def database_has_members() -> bool:
    return User.objects.exists()


def seed_demo(members: int, seed: int, index_search: bool = True) -> SeedReport:
    """Add `members` demo members (plus the two demo accounts, if missing) and everything around them.
    The rows are written in bulk, past the signals that keep the search index current, so the index is
    rebuilt at the end (`index_search=False` skips it, for benchmarks that time the seeding alone)."""
    started, cpu = time.perf_counter(), time.process_time()
    report = SeedReport()
    today = start_of_today()
    with without_query_log(), bulk_load_cache(), transaction.atomic():
        with report.stage("organisations, topics, domains, demo accounts"):
            organisations = ensure_organisations(report)
            topics = ensure_topics(report)
            ensure_verified_domains(report)
            password = make_password(DEMO_PASSWORD)  # once for everybody: Argon2 is slow on purpose
            accounts = ensure_demo_accounts(password, organisations, topics, today)
            report.demo_accounts = accounts.created
        with report.stage("generate members"):
            people = generate_members(members, seed, today)
        user_ids = insert_members(people, password, organisations, topics, accounts.admin, seed, report)
        insert_follows(people, user_ids, organisations, topics, seed, today, report)
        if accounts.ana_is_new:
            counts = connect_demo_member(accounts.ana, people, user_ids, organisations, topics, seed, today)
            report.member_follows += counts[0]
            report.organisation_follows += counts[1]
            report.topic_follows += counts[2]
        with report.stage("groups, content and activity"):
            report.community = seed_community(seed)
        committed = report.start("commit")
    committed()
    with report.stage("analyze"):
        refresh_planner_statistics()
    if index_search:
        with report.stage("search index"):
            rebuild_index()
    report.seconds, report.cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
    return report


def start_of_today() -> datetime:
    """Dates are spread back from here, so two runs on one day write identical rows."""
    return timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)


def organisation_slugs() -> list[str]:
    """A unique slug per entry of data.ORGANISATIONS; a repeated name gets its country code."""
    slugs, seen = [], set()
    for org in data.ORGANISATIONS:
        slug = slugify(org.name)[:200]
        if slug in seen:
            slug = f"{slug}-{org.country.lower()}"
        seen.add(slug)
        slugs.append(slug)
    return slugs


def ensure_organisations(report: SeedReport) -> list[Organisation]:
    """The organisations of data.ORGANISATIONS, in that order, created where missing."""
    slugs = organisation_slugs()
    existing = Organisation.objects.in_bulk(slugs, field_name="slug")
    missing = [
        Organisation(name=org.name, slug=slug, kind=org.kind, level=org.level, country=org.country,
                     website=org.website)
        for org, slug in zip(data.ORGANISATIONS, slugs, strict=True) if slug not in existing
    ]
    Organisation.objects.bulk_create(missing, batch_size=BATCH_SIZE)
    by_slug = {**existing, **{o.slug: o for o in missing}}
    ordered = [by_slug[slug] for slug in slugs]
    by_name = {}
    for org, row in zip(data.ORGANISATIONS, ordered, strict=True):
        by_name.setdefault(org.name, row)  # parents are named before their children
    created = {id(row) for row in missing}
    children = []
    for org, row in zip(data.ORGANISATIONS, ordered, strict=True):
        if org.parent and id(row) in created:
            row.parent = by_name[org.parent]
            children.append(row)
    Organisation.objects.bulk_update(children, ["parent"], batch_size=BATCH_SIZE)
    report.organisations = len(missing)
    return ordered


def ensure_topics(report: SeedReport) -> list[Topic]:
    """The topics of data.TOPICS, in that order, created where missing (matched by name)."""
    existing = {t.name: t for t in Topic.objects.filter(name__in=[t.es for t in data.TOPICS])}
    missing = [Topic(name=t.es, slug=slugify(t.es)[:90], description=t.description)
               for t in data.TOPICS if t.es not in existing]
    Topic.objects.bulk_create(missing, batch_size=BATCH_SIZE)
    existing.update({t.name: t for t in missing})
    report.topics = len(missing)
    return [existing[t.es] for t in data.TOPICS]


def ensure_verified_domains(report: SeedReport) -> None:
    existing = set(VerifiedDomain.objects.values_list("domain", flat=True))
    missing = [VerifiedDomain(domain=domain, note=note) for domain, note in data.VERIFIED_DOMAINS
               if domain not in existing]
    VerifiedDomain.objects.bulk_create(missing, batch_size=BATCH_SIZE)
    report.verified_domains = len(missing)


def generate_members(count: int, seed, today: datetime) -> list[Member]:
    """The people to add; names and addresses already taken (by an earlier run, with --force) are avoided."""
    unique = UniqueNames(User.objects.values_list("username", flat=True),
                         User.objects.values_list("email", flat=True))
    first_number = User.objects.count()
    factory = MemberFactory(seed, today, unique)
    return [factory.make(first_number + i) for i in range(1, count + 1)]


def insert_members(people: list[Member], password, organisations, topics, admin, seed, report: SeedReport) -> list:
    """Users (bulk_create, for their ids), then addresses, profiles and topics. Returns the user ids."""
    users = [
        User(username=m.username, email=m.email, password=password, first_name=m.first_name[:150],
             last_name=m.last_name[:150], language=data.USER_LANGUAGE[m.language],
             date_joined=joined_datetime(m.joined), is_approved=True)
        for m in people
    ]
    with report.stage("users"):
        User.objects.bulk_create(users, batch_size=BATCH_SIZE)
    report.members = len(users)
    pairs = list(zip(people, users, strict=True))
    with report.stage("e-mail addresses"):
        report.email_addresses = insert_rows(EmailAddress, (
            {"user_id": u.pk, "email": u.email, "primary": True, "verified": m.email_verified} for m, u in pairs
        ))
    bios = BioPool(seed)
    stamps = random.Random(f"{seed}:verification")
    with report.stage("profiles"):
        insert_rows(Profile, (_profile_row(m, u, bios, organisations, admin, stamps) for m, u in pairs))
    with report.stage("profile topics"):
        report.profile_topics = insert_rows(Profile.topics.through, (
            {"profile_id": u.pk, "topic_id": topics[t].pk} for m, u in pairs for t in m.topics
        ))
    return [u.pk for u in users]


def _profile_row(member, user, bios, organisations, admin, stamps) -> dict:
    bio, bio_html = bios.get(member.bio_key) if member.bio_key else ("", "")
    row = {
        "user_id": user.pk, "full_name": member.full_name, "headline": member.headline,
        "position": member.position, "country": member.country, "languages": member.languages,
        "bio": bio, "bio_html": bio_html, "visibility": member.visibility, "allow_indexing": member.allow_indexing,
        "organisation_id": organisations[member.organisation].pk if member.organisation is not None else None,
        "created_at": user.date_joined, "updated_at": user.date_joined,
    }
    if member.domain_verified:
        row.update(verification=Profile.Verification.DOMAIN, verified_at=verified_after(member.joined, stamps))
    elif member.moderator_verified:
        row.update(verification=Profile.Verification.MODERATOR, verified_at=verified_after(member.joined, stamps),
                   verified_by_id=admin.pk)
    return row


def insert_follows(people, user_ids, organisations, topics, seed, today: datetime, report: SeedReport) -> None:
    with report.stage("plan follows"):
        plan = plan_follows(people, seed, today.timestamp())
    with report.stage("follows"):
        report.member_follows = insert_rows(Follow, (
            {"follower_id": user_ids[f], "user_id": user_ids[t], "created_at": joined_datetime(at)}
            for f, t, at in plan.members
        ))
        report.organisation_follows = insert_rows(Follow, (
            {"follower_id": user_ids[f], "organisation_id": organisations[o].pk, "created_at": joined_datetime(at)}
            for f, o, at in plan.organisations
        ))
        report.topic_follows = insert_rows(Follow, (
            {"follower_id": user_ids[f], "topic_id": topics[t].pk, "created_at": joined_datetime(at)}
            for f, t, at in plan.topics
        ))
