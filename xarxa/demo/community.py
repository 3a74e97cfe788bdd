"""Everything members do together in the demo network: groups and debates, blogs, wikis and
events, the good-practice library, and the activity and notifications around them.

It works on a fixed-size sample of members, so its cost does not grow with --members: a
network of 100,000 members gets the same few hundred active people as one of 300.
"""

import random
from dataclasses import asdict, is_dataclass

from django.utils import timezone

from xarxa.accounts.models import User
from xarxa.organisations.models import Organisation
from xarxa.spaces.models import Space
from xarxa.topics.models import Topic

ACTIVE_MEMBERS = 400


def active_members(count=ACTIVE_MEMBERS) -> list:
    """The demo accounts first, then the earliest members: the same people for the same seed."""
    demo = list(User.objects.filter(username__in=["ana", "admin"]).select_related("profile").order_by("pk"))
    others = User.objects.filter(is_active=True, is_approved=True).exclude(pk__in=[u.pk for u in demo])
    return demo + list(others.select_related("profile").order_by("pk")[: count - len(demo)])


def seed_community(seed: int) -> dict[str, int]:
    """Run each part's seeder with its own random stream; return what each one wrote."""
    from xarxa.demo.seed_activity import seed_activity
    from xarxa.demo.seed_spaces import seed_spaces

    users = active_members()
    topics = list(Topic.objects.order_by("slug"))
    organisations = list(Organisation.objects.listed().order_by("slug"))
    counts: dict[str, int] = {}
    counts.update(_as_counts(seed_spaces(random.Random(f"{seed}-spaces"), users, topics, organisations)))
    spaces = list(Space.objects.order_by("pk"))
    for part in extra_parts():
        counts.update(_as_counts(part(seed, users, spaces, topics, organisations)))
    counts.update(_as_counts(seed_activity(random.Random(f"{seed}-activity"), users)))
    return counts


def extra_parts():
    """Seeders of the content kinds beyond debates, each called with the same arguments."""
    from xarxa.demo.seed_blogs import seed_blogs
    from xarxa.demo.seed_congress import seed_congress
    from xarxa.demo.seed_congress_call import seed_congress_call
    from xarxa.demo.seed_congress_days import seed_congress_days
    from xarxa.demo.seed_lab import seed_lab
    from xarxa.demo.seed_library import seed_library
    from xarxa.demo.seed_school import seed_school

    return [
        lambda seed, users, spaces, topics, organisations:
            seed_blogs(random.Random(f"{seed}-blogs"), users, spaces, topics),
        lambda seed, users, spaces, topics, organisations:
            seed_library(random.Random(f"{seed}-library"), users, topics, organisations),
        lambda seed, users, spaces, topics, organisations:
            seed_congress(random.Random(f"{seed}-congress"), users, start_of_today()),
        lambda seed, users, spaces, topics, organisations:
            seed_congress_call(random.Random(f"{seed}-congress-call"), users, start_of_today()),
        lambda seed, users, spaces, topics, organisations:
            seed_school(random.Random(f"{seed}-school"), users),
        lambda seed, users, spaces, topics, organisations:
            seed_congress_days(random.Random(f"{seed}-congress-days"), users, start_of_today()),
        lambda seed, users, spaces, topics, organisations:
            seed_lab(random.Random(f"{seed}-lab"), users, start_of_today()),
    ]


def _as_counts(report) -> dict[str, int]:
    values = asdict(report) if is_dataclass(report) else dict(report)
    return {name: value for name, value in values.items() if isinstance(value, int)}


def start_of_today():
    return timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)
