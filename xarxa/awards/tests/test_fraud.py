"""Each fraud signal fires on a case built for it, and not on an ordinary vote."""

from datetime import timedelta

import pytest
from django.utils import timezone

from xarxa.accounts.models import VerifiedDomain
from xarxa.awards import fraud, voting
from xarxa.awards.models import Stage
from xarxa.awards.tests.factories import category_in, eligible_nomination, voter
from xarxa.awards.vote_models import DomainKind, Vote

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():
    category = category_in(Stage.VOTE)
    return category, eligible_nomination(category), eligible_nomination(category)


def cast(category, nomination, member=None, network="10.1.0.0/24", device="Firefox|es"):
    return voting.cast_vote(member or voter(), category, nomination, features={"network": network, "device": device})


def signals_of(vote):
    vote.refresh_from_db()
    return vote.signals


def ordinary(category, nomination, n):
    """Votes from old accounts on a common provider, each from its own network and device, confirmed."""
    votes = [cast(category, nomination, voter(email_domain="gmail.com"), network=f"10.9.{i}.0/24", device=f"UA{i}")
             for i in range(n)]
    Vote.objects.filter(pk__in=[v.pk for v in votes]).update(confirmed_at=timezone.now())
    return votes


def test_an_ordinary_vote_carries_no_signal(setting):
    category, first, _second = setting
    votes = ordinary(category, first, 4)
    fraud.compute_signals(category.pk)
    assert all(signals_of(vote) == [] for vote in votes)


def test_an_account_created_just_before_voting(setting):
    category, first, _second = setting
    fresh = cast(category, first, voter(days_old=0), network="10.2.0.0/24")
    (old,) = ordinary(category, first, 1)
    fraud.compute_signals(category.pk)
    assert signals_of(fresh) == ["new_account"] or "new_account" in signals_of(fresh)
    assert "new_account" not in signals_of(old)


def test_a_burst_for_one_nominee_from_one_network(setting):
    category, first, second = setting
    burst = [cast(category, first, network="192.0.2.0/24", device=f"UA{i}") for i in range(3)]
    elsewhere = cast(category, second, network="192.0.2.0/24", device="other")  # another nominee
    spread = ordinary(category, first, 3)
    fraud.compute_signals(category.pk)
    assert all("burst" in signals_of(vote) for vote in burst)
    assert "burst" not in signals_of(elsewhere)
    assert all("burst" not in signals_of(vote) for vote in spread)


def test_votes_from_one_network_far_apart_are_no_burst(setting):
    category, first, _second = setting
    votes = [cast(category, first, network="192.0.2.0/24", device=f"UA{i}") for i in range(3)]
    for n, vote in enumerate(votes):
        Vote.objects.filter(pk=vote.pk).update(cast_at=timezone.now() - timedelta(hours=n))
    fraud.compute_signals(category.pk)
    assert all("burst" not in signals_of(vote) for vote in votes)


def test_a_burst_from_one_device_across_networks(setting):
    category, first, _second = setting
    burst = [cast(category, first, network=f"10.{i}.0.0/24", device="Bot/1.0") for i in range(3)]
    fraud.compute_signals(category.pk)
    assert all("burst" in signals_of(vote) for vote in burst)


def test_many_accounts_on_one_unusual_domain(setting):
    category, first, _second = setting
    clustered = [cast(category, first, voter(email_domain="votos-baratos.example"), network=f"10.3.{i}.0/24",
                      device=f"UA{i}") for i in range(fraud.DOMAIN_CLUSTER_VOTES)]
    VerifiedDomain.objects.create(domain="gob.es")
    institutional = [cast(category, first, voter(email_domain="madrid.gob.es"), network=f"10.4.{i}.0/24",
                          device=f"UB{i}") for i in range(fraud.DOMAIN_CLUSTER_VOTES)]
    fraud.compute_signals(category.pk)
    assert all("domain_cluster" in signals_of(vote) for vote in clustered)
    assert institutional[0].domain_kind == DomainKind.INSTITUTIONAL
    assert all("domain_cluster" not in signals_of(vote) for vote in institutional)


def test_a_disposable_address(setting):
    category, first, _second = setting
    throwaway = cast(category, first, voter(email_domain="mailinator.com"))
    (ordinary_vote,) = ordinary(category, first, 1)
    fraud.compute_signals(category.pk)
    assert "disposable" in signals_of(throwaway) and "disposable" not in signals_of(ordinary_vote)


def test_a_vote_unconfirmed_after_a_day(setting):
    category, first, _second = setting
    late = cast(category, first, network="10.5.0.0/24")
    recent = cast(category, first, network="10.6.0.0/24", device="x")
    Vote.objects.filter(pk=late.pk).update(cast_at=timezone.now() - timedelta(days=1, minutes=5))
    fraud.compute_signals(category.pk)
    assert "unconfirmed" in signals_of(late) and "unconfirmed" not in signals_of(recent)


def test_the_task_computes_the_signals_and_records_when(setting):
    from xarxa.awards.tasks import compute_fraud_signals

    category, first, _second = setting
    cast(category, first, voter(email_domain="yopmail.com"))
    compute_fraud_signals.call(category.pk)
    category.refresh_from_db()
    assert category.signals_computed_at is not None and Vote.objects.get().disposable


def test_signals_per_nominee(setting):
    category, first, second = setting
    cast(category, first, voter(email_domain="yopmail.com"))
    ordinary(category, second, 2)
    fraud.compute_signals(category.pk)
    rows = {row["nomination_id"]: row for row in fraud.per_nominee(category)}
    assert rows[first.pk]["n_disposable"] == 1
    assert rows[second.pk]["n_disposable"] == 0 and rows[second.pk]["total"] == 2


def test_colleagues_on_one_domain_voting_each_their_own_way_are_no_cluster(setting):
    category, first, second = setting
    split = [cast(category, first if i % 2 else second, voter(email_domain="ayto-villaprueba.example"),
                  network=f"10.8.{i}.0/24", device=f"UC{i}") for i in range(2 * fraud.DOMAIN_CLUSTER_VOTES)]
    fraud.compute_signals(category.pk)
    assert all("domain_cluster" not in signals_of(vote) for vote in split)
