"""Who follows whom among demo members: mostly colleagues and compatriots, plus a few popular people.

Works on list positions of the generated members (never on database ids), so the plan depends
only on the seed. Each planned follow is (follower position, target, POSIX time).
"""

import random
from dataclasses import dataclass, field

from xarxa.demo import data
from xarxa.demo.people import Member, Weighted

ORGANISATION_FOLLOWS = (0, 1, 1, 1, 2, 2, 3)


@dataclass
class FollowPlan:
    members: list = field(default_factory=list)  # (follower, followed member) positions
    organisations: list = field(default_factory=list)  # (follower, index into data.ORGANISATIONS)
    topics: list = field(default_factory=list)  # (follower, index into data.TOPICS)

    def __len__(self):
        return len(self.members) + len(self.organisations) + len(self.topics)


def member_follow_count(rng: random.Random) -> int:
    """3 to 25, most people near the bottom of the range."""
    return 3 + int(23 * rng.random() ** 2.2)


def popular_position(n: int, rng: random.Random) -> int:
    """A rank in 0..n-1 where low ranks are far likelier: a few members gather many followers."""
    return int(n * rng.random() ** 2.5)


def plan_follows(members: list[Member], seed, now: float) -> FollowPlan:
    rng = random.Random(f"{seed}:follows")
    plan = FollowPlan()
    n = len(members)
    if n < 2:
        return plan
    by_org, by_country = {}, {}
    for position, member in enumerate(members):
        if member.organisation is not None:
            by_org.setdefault(member.organisation, []).append(position)
        by_country.setdefault(member.country, []).append(position)
    popularity = list(range(n))
    rng.shuffle(popularity)
    organisations = Weighted(range(len(data.ORGANISATIONS)), [_organisation_appeal(o) for o in data.ORGANISATIONS])
    topics = Weighted(range(len(data.TOPICS)), [t.weight for t in data.TOPICS])

    def when(*joined):
        start = max(joined)
        return start + (now - start) * rng.random() ** 2  # people follow most soon after joining

    for me, member in enumerate(members):
        colleagues = by_org.get(member.organisation, ())
        compatriots = by_country[member.country]
        wanted = min(member_follow_count(rng), n - 1)
        chosen = []
        attempts = 0
        while len(chosen) < wanted:
            attempts += 1
            roll = rng.random() if attempts <= 4 * wanted else 1.0  # small groups exhausted: anyone
            if roll < 0.3 and len(colleagues) > 1:
                other = rng.choice(colleagues)
            elif roll < 0.55:
                other = rng.choice(compatriots)
            elif roll < 0.85:
                other = popularity[popular_position(n, rng)]
            else:
                other = rng.randrange(n)
            if other != me and other not in chosen:
                chosen.append(other)
        plan.members.extend((me, other, when(member.joined, members[other].joined)) for other in chosen)

        followed_orgs = []
        count = rng.choice(ORGANISATION_FOLLOWS)
        if count and member.organisation is not None and rng.random() < 0.7:
            followed_orgs.append(member.organisation)
        while len(followed_orgs) < count:
            org = organisations.pick(rng)
            if org not in followed_orgs:
                followed_orgs.append(org)
        plan.organisations.extend((me, org, when(member.joined)) for org in followed_orgs)

        followed_topics = [t for t in member.topics if rng.random() < 0.6]
        followed_topics += [t for t in topics.pick_distinct(rng, rng.randint(0, 3)) if t not in followed_topics]
        plan.topics.extend((me, topic, when(member.joined)) for topic in followed_topics[:5])
    return plan


def _organisation_appeal(org: data.Org) -> int:
    """Big, national and international bodies draw more followers than a single department."""
    if org.kind == "international" or (org.level == "national" and not org.parent):
        return 4
    if org.level == "regional" and not org.parent:
        return 3
    return 1
