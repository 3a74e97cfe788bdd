"""The fraud signals of a category's votes, computed by a background task (tasks.compute_fraud_signals) from
the features each vote snapshotted when it was cast (vote_models). Each signal is a column on the vote, so the
organisers' review filters and counts by it in the database; none of them needs to know who voted.

- new_account: the account was created less than NEW_ACCOUNT_HOURS before the vote.
- burst: BURST_VOTES or more votes for one nominee from one network (/24) or one device within BURST_MINUTES.
- domain_cluster: many accounts on one unusual e-mail domain (not a common provider, not a verified
  institutional domain) voting as one: DOMAIN_CLUSTER_VOTES or more votes for one nominee from that domain,
  making DOMAIN_CLUSTER_SHARE or more of the domain's votes in the category. (Colleagues on their own
  organisation's domain who vote each their own way do not fire it.)
- disposable: the voter's address is on a disposable e-mail service (disposable_domains.txt).
- unconfirmed: the vote is still unconfirmed a day (UNCONFIRMED_AFTER) after it was cast.
"""

from collections import defaultdict
from datetime import timedelta

from django.db import transaction
from django.db.models import BooleanField, Count, ExpressionWrapper, Q
from django.utils import timezone

from xarxa.awards.vote_models import DomainKind, Vote

NEW_ACCOUNT_HOURS = 48
BURST_VOTES = 3
BURST_MINUTES = 10
DOMAIN_CLUSTER_VOTES = 5
DOMAIN_CLUSTER_SHARE = 0.8
UNCONFIRMED_AFTER = timedelta(days=1)
CHUNK = 2000


def _flag(condition):
    return ExpressionWrapper(condition, output_field=BooleanField())


def _bursts(rows, key_index):
    """Ids of votes that sit in a window of BURST_MINUTES holding BURST_VOTES or more votes for one nominee
    from one source (network or device)."""
    groups = defaultdict(list)
    for row in rows:
        groups[(row[1], row[key_index])].append((row[2], row[0]))
    flagged, window = set(), timedelta(minutes=BURST_MINUTES)
    for times in groups.values():
        if len(times) < BURST_VOTES:
            continue
        times.sort()
        start = 0
        for end in range(len(times)):
            while times[end][0] - times[start][0] > window:
                start += 1
            if end - start + 1 >= BURST_VOTES:
                flagged.update(vote_id for _at, vote_id in times[start:end + 1])
    return flagged


def compute_signals(category_id, now=None) -> dict:
    """Recompute every signal of the category's votes; returns how many votes carry each."""
    from xarxa.awards.models import Category

    now = now or timezone.now()
    votes = Vote.objects.filter(category_id=category_id)
    rows = list(votes.values_list("pk", "nomination_id", "cast_at", "network_key", "device_key"))
    burst = _bursts(rows, 3) | _bursts(rows, 4)
    pairs = list(votes.filter(domain_kind=DomainKind.OTHER).values_list("domain_key", "nomination_id")
                 .annotate(n=Count("pk")))
    per_domain = defaultdict(int)
    for domain_key, _nomination, n in pairs:
        per_domain[domain_key] += n
    clusters = [(domain_key, nomination) for domain_key, nomination, n in pairs
                if n >= DOMAIN_CLUSTER_VOTES and n >= DOMAIN_CLUSTER_SHARE * per_domain[domain_key]]
    with transaction.atomic():
        votes.update(
            new_account=_flag(Q(account_age_hours__lt=NEW_ACCOUNT_HOURS)),
            disposable=_flag(Q(domain_kind=DomainKind.DISPOSABLE)),
            domain_cluster=False,
            unconfirmed=_flag(Q(confirmed_at__isnull=True, cast_at__lte=now - UNCONFIRMED_AFTER)),
            burst=False,
        )
        for domain_key, nomination in clusters:
            votes.filter(domain_kind=DomainKind.OTHER, domain_key=domain_key, nomination_id=nomination).update(
                domain_cluster=True)
        ids = sorted(burst)
        for start in range(0, len(ids), CHUNK):
            Vote.objects.filter(pk__in=ids[start:start + CHUNK]).update(burst=True)
        Category.objects.filter(pk=category_id).update(signals_computed_at=now)
    return signal_counts(votes)


def signal_counts(votes) -> dict:
    """{"total", "clean" (no signal), "n_<signal>" for each signal}."""
    return votes.aggregate(total=Count("pk"), clean=Count("pk", filter=Q(**dict.fromkeys(Vote.SIGNALS, False))),
                           **{f"n_{name}": Count("pk", filter=Q(**{name: True})) for name in Vote.SIGNALS})


def per_nominee(category):
    """Per nominee: votes cast, each signal's count, validated and invalidated (what organisers weigh)."""
    from xarxa.awards.vote_models import Review

    return (Vote.objects.filter(category=category).values("nomination_id", "nomination__content__title")
            .annotate(total=Count("pk"), valid=Count("pk", filter=Q(review=Review.VALID)),
                      invalid=Count("pk", filter=Q(review=Review.INVALID)),
                      **{f"n_{name}": Count("pk", filter=Q(**{name: True})) for name in Vote.SIGNALS})
            .order_by("-total", "nomination_id"))
