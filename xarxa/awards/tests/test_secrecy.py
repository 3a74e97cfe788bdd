"""Who voted for whom is unreachable: no vote row names its voter, and no page, export or admin screen shows
it. (The guarantee is written on awards.vote_models.)"""

import json

import pytest
from django.contrib import admin
from django.urls import reverse

from xarxa.accounts.tests.factories import UserFactory
from xarxa.awards import voting
from xarxa.awards.models import Stage
from xarxa.awards.tests.factories import FEATURES, category_in, eligible_nomination, move_to, organiser_of, voter
from xarxa.awards.vote_models import Review, Vote

pytestmark = pytest.mark.django_db


@pytest.fixture
def voted():
    category = category_in(Stage.VOTE)
    first, second = eligible_nomination(category), eligible_nomination(category)
    alice = voter(username="alicia", email_domain="rareville.example")
    voting.cast_vote(alice, category, first, features=FEATURES)
    voting.cast_vote(voter(), category, second, features={"network": "10.7.0.0/24", "device": "Other"})
    return category, first, second, alice


def test_no_vote_row_holds_the_voter(voted):
    category, first, _second, alice = voted
    vote = Vote.objects.get(nomination=first)
    for field in Vote._meta.get_fields():
        value = getattr(vote, field.attname, None) if hasattr(field, "attname") else None
        assert value not in (alice.pk, alice.username, alice.email, "rareville.example")
        assert field.related_model is None or field.related_model.__name__ in ("Category", "Nomination")
    # The pseudonym is a keyed hash: without the key, it is not the hash of the ids.
    import hashlib
    assert vote.voter_key != hashlib.sha256(f"{category.pk}:{alice.pk}".encode()).hexdigest()
    assert vote.voter_key == voting.voter_key(alice.pk, category.pk)
    assert voting.voter_key(alice.pk, category.pk) != voting.voter_key(alice.pk, category.pk + 1)


def test_the_vote_is_not_on_the_admin_site(client):
    assert Vote not in admin.site._registry
    for model_admin in admin.site._registry.values():
        assert all(inline.model is not Vote for inline in getattr(model_admin, "inlines", []))
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    from django.urls import NoReverseMatch
    with pytest.raises(NoReverseMatch):
        reverse("admin:awards_vote_changelist")


def test_no_page_or_export_names_a_voter(client, voted):
    category, first, second, alice = voted
    organiser = organiser_of(category)
    client.force_login(organiser)
    slug = category.edition.space.slug
    pages = [category.get_absolute_url(), reverse("awards:review_votes", args=[slug, category.slug]),
             reverse("awards:review_votes", args=[slug, category.slug]) + "?signal=new_account",
             reverse("awards:export", args=[slug, category.slug, "csv"]),
             reverse("awards:export", args=[slug, category.slug, "json"]),
             reverse("awards:transparency", args=[slug]), reverse("awards:announcement", args=[slug]),
             reverse("awards:manage_jury", args=[slug, category.slug]), first.get_absolute_url()]
    move_to(category, Stage.JURY)
    voting.review_votes(organiser, category, action="validate", votes=Vote.objects.all(), reason="ok")
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        for secret in (alice.username, alice.email, "rareville", alice.display_name, voting.voter_key(
                alice.pk, category.pk)):
            assert secret not in text, (url, secret)
    exported = json.loads(client.get(reverse("awards:export", args=[slug, category.slug, "json"])).content)
    assert {row["votes_validated"] for row in exported["results"]} == {1}


def test_the_audit_trail_and_activity_know_nothing_of_a_vote(voted):
    from xarxa.activity.models import Activity
    from xarxa.audit.models import AuditEntry

    _category, _first, _second, alice = voted
    assert not Activity.objects.filter(actor=alice).exists()
    assert not AuditEntry.objects.filter(actor_id=alice.pk).exists()


def test_the_privacy_export_tells_the_voter_the_category_only(voted):
    from xarxa.privacy.export import KINDS

    category, first, _second, alice = voted
    rows = KINDS["award_votes"](alice)
    assert rows == [{"edition": category.edition.name, "category": category.name, "confirmed": False}]
    assert first.content.title not in json.dumps(rows)
    assert KINDS["award_votes"](UserFactory()) == []


def test_the_organisers_review_shows_votes_by_number_and_signals(client, voted):
    category, *_rest = voted
    client.force_login(organiser_of(category))
    response = client.get(reverse("awards:review_votes", args=[category.edition.space.slug, category.slug]))
    rows = list(response.context["page"].object_list)
    assert len(rows) == 2 and {row.review for row in rows} == {Review.PENDING}
    client.force_login(voter())
    assert client.get(reverse("awards:review_votes", args=[category.edition.space.slug, category.slug])
                      ).status_code == 404
