"""seed_demo: a believable network, the same for the same seed, with two demo logins."""

from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db.models import Count, F, Q
from django.utils import timezone

from xarxa.accounts.models import LANGUAGE_CHOICES, Profile, User, VerifiedDomain
from xarxa.accounts.services import is_institutional_email
from xarxa.core.markdown import render_markdown
from xarxa.demo import data
from xarxa.demo.demo_accounts import ADMIN_EMAIL, ANA_EMAIL, DEMO_PASSWORD
from xarxa.follows.models import Follow
from xarxa.organisations.models import Organisation
from xarxa.topics.models import Topic

pytestmark = pytest.mark.django_db

MEMBERS = 60


def seed_demo(*args, members=MEMBERS, seed=7, without_search_index=True, **options) -> str:
    """Most tests here look at the network, not at search: they skip the index rebuild (seconds each)."""
    out = StringIO()
    call_command("seed_demo", *args, members=members, seed=seed, without_search_index=without_search_index,
                 stdout=out, **options)
    return out.getvalue()


def network_snapshot():
    """Everything a reader would notice: who is who, and who follows what."""
    members = list(Profile.objects.order_by("user__username").values_list(
        "user__username", "user__email", "full_name", "headline", "position", "organisation__slug", "country",
        "visibility", "bio", "user__date_joined",
    ))
    follows = sorted(
        tuple("" if v is None else str(v) for v in row)
        for row in Follow.objects.values_list("follower__username", "user__username", "organisation__slug",
                                              "topic__slug", "created_at")
    )
    return members, follows


def empty_database():
    Follow.objects.all().delete()
    User.objects.all().delete()
    Organisation.objects.all().delete()
    Topic.objects.all().delete()
    VerifiedDomain.objects.all().delete()


def row_counts():
    return {model.__name__: model.objects.count()
            for model in (User, Profile, EmailAddress, Organisation, Topic, VerifiedDomain, Follow)}


def test_seeding_builds_the_whole_network():
    output = seed_demo()

    assert f"Seeded {MEMBERS} members" in output
    assert User.objects.count() == MEMBERS + 2  # plus Ana and the moderation team
    assert Profile.objects.count() == MEMBERS + 2
    assert EmailAddress.objects.filter(primary=True).count() == MEMBERS + 2
    assert Organisation.objects.count() == len(data.ORGANISATIONS)
    assert Topic.objects.count() == len(data.TOPICS)
    assert VerifiedDomain.objects.count() == len(data.VERIFIED_DOMAINS)
    assert Follow.objects.filter(user__isnull=False).count() >= 3 * MEMBERS


def test_organisations_are_real_bodies_with_parents():
    seed_demo(members=0)

    sgad = Organisation.objects.get(name="Secretaría General de Administración Digital")
    assert sgad.parent.name == "Secretaría de Estado de Función Pública"
    assert sgad.parent.parent.name == "Ministerio para la Transformación Digital y de la Función Pública"
    lisboa = Organisation.objects.get(name="Câmara Municipal de Lisboa")
    assert (lisboa.kind, lisboa.level, lisboa.country.code) == ("administration", "local", "PT")
    clad = Organisation.objects.get(name="Centro Latinoamericano de Administración para el Desarrollo")
    assert (clad.kind, clad.level) == ("international", "supranational")
    assert not Organisation.objects.exclude(kind__in=["administration", "international"]).exclude(level="").exists()
    # Two bodies share a name ("Secretaría de la Función Pública", Mexico and Paraguay): slugs still differ.
    assert Organisation.objects.filter(name="Secretaría de la Función Pública").values("slug").distinct().count() == 2


def test_members_look_like_public_employees():
    seed_demo()
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


@pytest.fixture
def frozen_day(monkeypatch):
    """Both runs of a comparison see the same day, even when a test crosses midnight."""
    day = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)
    monkeypatch.setattr("xarxa.demo.seed.start_of_today", lambda: day)


def test_the_same_seed_gives_the_same_network(frozen_day):
    seed_demo(seed=11)
    first = network_snapshot()
    empty_database()

    seed_demo(seed=11)

    assert network_snapshot() == first


def test_another_seed_gives_other_people():
    seed_demo(seed=11)
    first_names = {row[2] for row in network_snapshot()[0]}
    empty_database()

    seed_demo(seed=12)

    assert {row[2] for row in network_snapshot()[0]} != first_names


def test_the_demo_member_can_log_in_and_has_a_living_profile(client):
    seed_demo()

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


def test_the_staff_account_logs_in_through_the_login_form(client):
    seed_demo()

    response = client.post("/accounts/login/", {"login": ADMIN_EMAIL, "password": DEMO_PASSWORD})

    assert response.status_code == 302
    admin = User.objects.get(email=ADMIN_EMAIL)
    assert client.session["_auth_user_id"] == str(admin.pk)
    assert admin.username == "admin" and admin.is_staff and admin.is_superuser
    assert admin.profile.full_name == "Equipo de moderación"


def test_if_empty_leaves_a_populated_database_unchanged(frozen_day):
    seed_demo()
    before, counts = network_snapshot(), row_counts()

    output = seed_demo("--if-empty", seed=99)

    assert "already has members" in output
    assert row_counts() == counts
    assert network_snapshot() == before


def test_if_empty_seeds_an_empty_database():
    seed_demo("--if-empty")

    assert User.objects.count() == MEMBERS + 2


def test_a_populated_database_is_refused_without_force():
    seed_demo()
    counts = row_counts()

    with pytest.raises(CommandError, match="already has members"):
        seed_demo()

    assert row_counts() == counts


def test_force_adds_more_members_next_to_the_existing_ones():
    seed_demo()

    seed_demo("--force", members=10)

    assert User.objects.count() == MEMBERS + 10 + 2
    assert User.objects.filter(email=ANA_EMAIL).count() == 1
    assert Organisation.objects.count() == len(data.ORGANISATIONS)


def test_refuses_while_mail_goes_to_a_real_server(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"

    with pytest.raises(CommandError, match="real mail server"):
        seed_demo()

    assert not User.objects.exists()


def test_no_follow_breaks_the_rules():
    seed_demo()

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



def test_the_demo_network_can_be_found_in_search(client):
    """The demo rows are written in bulk, past the signals: a newcomer must still find them in search."""
    seed_demo(without_search_index=False)
    member = Profile.objects.filter(visibility=Profile.Visibility.EVERYONE).order_by("pk").last()

    page = client.get("/search/", {"q": member.full_name}).content.decode()

    assert f'href="{member.get_absolute_url()}"' in page
