"""seed_demo's network, looked at once: these tests share one seeding (seed 7), each in its own savepoint."""

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management import CommandError
from django.db import transaction
from django.db.models import Count, F, Q
from django.test import override_settings

from xarxa.accounts.models import LANGUAGE_CHOICES, Profile, User, VerifiedDomain
from xarxa.accounts.services import is_institutional_email
from xarxa.core.markdown import render_markdown
from xarxa.demo import data
from xarxa.demo.demo_accounts import ADMIN_EMAIL, ANA_EMAIL, DEMO_PASSWORD
from xarxa.demo.tests.test_seed import MEMBERS, network_snapshot, row_counts, seed_demo
from xarxa.follows.models import Follow
from xarxa.organisations.models import Organisation
from xarxa.topics.models import Topic

pytestmark = pytest.mark.django_db


def test_seeding_builds_the_whole_network(seeded):
    assert f"Seeded {MEMBERS} members" in seeded
    assert User.objects.count() == MEMBERS + 2  # plus Ana and the moderation team
    assert Profile.objects.count() == MEMBERS + 2
    assert EmailAddress.objects.filter(primary=True).count() == MEMBERS + 2
    assert Organisation.objects.count() == len(data.ORGANISATIONS)
    assert Topic.objects.count() == len(data.TOPICS)
    assert VerifiedDomain.objects.count() == len(data.VERIFIED_DOMAINS)
    assert Follow.objects.filter(user__isnull=False).count() >= 3 * MEMBERS


def test_members_look_like_public_employees(seeded):
    spoken = {code for code, _name in LANGUAGE_CHOICES}
    site_languages = {code for code, _name in settings.LANGUAGES}
    members = Profile.objects.exclude(user__email__endswith="@demo.xarxa.example").select_related("user")

    for profile in members:
        assert profile.full_name and profile.headline and profile.position
        assert len(profile.headline) <= 160
        assert profile.country
        assert profile.languages and set(profile.languages) <= spoken
        assert profile.user.language in site_languages
        assert 1 <= profile.topics.count() <= 5
        assert profile.bio_html == render_markdown(profile.bio)
        if profile.verification == Profile.Verification.DOMAIN:
            assert profile.verified_at and is_institutional_email(profile.user.email)
    visibilities = {p.visibility for p in members}
    assert Profile.Visibility.MEMBERS in visibilities and Profile.Visibility.EVERYONE in visibilities
    assert members.filter(verification=Profile.Verification.DOMAIN).exists()
    assert len({p.user.username for p in members}) == MEMBERS
    assert len({p.user.email.lower() for p in members}) == MEMBERS


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    """One demo network (seed 7) for the tests that only look at it: seeding takes seconds. Each test
    still runs in its own savepoint inside this transaction, which is rolled back at the end."""
    files = tmp_path_factory.mktemp("seeded")
    with django_db_blocker.unblock(), override_settings(
        EMAIL_BACKEND="xarxa.core.mail.QueuedEmailBackend",
        XARXA_DELIVERY_EMAIL_BACKEND="xarxa.core.mail.EmlFileBackend",
        EMAIL_FILE_PATH=str(files / "mail"), MEDIA_ROOT=str(files / "media"),
    ), transaction.atomic():
        output = seed_demo()
        yield output
        transaction.set_rollback(True)


def test_the_demo_member_can_log_in_and_has_a_living_profile(seeded, client):
    assert client.login(email=ANA_EMAIL, password=DEMO_PASSWORD)
    ana = User.objects.get(email=ANA_EMAIL)
    assert ana.username == "ana"
    profile = ana.profile
    assert profile.full_name == "Ana García Romero"
    assert profile.organisation.name == "Ayuntamiento de Madrid"
    assert profile.country.code == "ES"
    assert profile.visibility == Profile.Visibility.MEMBERS
    assert profile.verification == Profile.Verification.MODERATOR
    assert profile.verified_by.email == ADMIN_EMAIL
    assert "<strong>Ayuntamiento de Madrid</strong>" in profile.bio_html
    assert profile.topics.count() == 5
    assert ana.follows.filter(user__isnull=False).exists()
    assert ana.follows.filter(organisation__isnull=False).exists()
    assert ana.follows.filter(topic__isnull=False).exists()
    assert ana.followers.exists()
    assert EmailAddress.objects.filter(user=ana, email=ANA_EMAIL, primary=True, verified=True).exists()


def test_the_staff_account_logs_in_through_the_login_form(seeded, client):
    response = client.post("/accounts/login/", {"login": ADMIN_EMAIL, "password": DEMO_PASSWORD})

    assert response.status_code == 302
    admin = User.objects.get(email=ADMIN_EMAIL)
    assert client.session["_auth_user_id"] == str(admin.pk)
    assert admin.username == "admin" and admin.is_staff and admin.is_superuser
    assert admin.profile.full_name == "Equipo de moderación"


def test_if_empty_leaves_a_populated_database_unchanged(seeded):
    before, counts = network_snapshot(), row_counts()

    output = seed_demo("--if-empty", seed=99)

    assert "already has members" in output
    assert row_counts() == counts
    assert network_snapshot() == before


def test_a_populated_database_is_refused_without_force(seeded):
    counts = row_counts()

    with pytest.raises(CommandError, match="already has members"):
        seed_demo()

    assert row_counts() == counts


def test_force_adds_more_members_next_to_the_existing_ones(seeded):
    seed_demo("--force", members=10)

    assert User.objects.count() == MEMBERS + 10 + 2
    assert User.objects.filter(email=ANA_EMAIL).count() == 1
    assert Organisation.objects.count() == len(data.ORGANISATIONS)


def test_no_follow_breaks_the_rules(seeded):

    assert not Follow.objects.filter(user=F("follower")).exists()
    one_target = (Q(user__isnull=False, organisation__isnull=True, topic__isnull=True)
                  | Q(user__isnull=True, organisation__isnull=False, topic__isnull=True)
                  | Q(user__isnull=True, organisation__isnull=True, topic__isnull=False))
    assert not Follow.objects.exclude(one_target).exists()
    for target in ("user", "organisation", "topic"):
        repeated = (Follow.objects.filter(**{f"{target}__isnull": False}).values("follower", target)
                    .annotate(n=Count("pk")).filter(n__gt=1))
        assert not repeated.exists(), target
    per_member = (Follow.objects.filter(user__isnull=False).exclude(follower__email__endswith="demo.xarxa.example")
                  .values("follower").annotate(n=Count("pk")).values_list("n", flat=True))
    assert len(per_member) == MEMBERS
    assert min(per_member) >= 3 and max(per_member) <= 25 + 1  # some also follow Ana
    organisations = (Follow.objects.filter(organisation__isnull=False).values("follower")
                     .annotate(n=Count("pk")).values_list("n", flat=True))
    assert max(organisations) <= 3
    topics = Follow.objects.filter(topic__isnull=False).values("follower").annotate(n=Count("pk"))
    assert max(topics.values_list("n", flat=True)) <= 5
