"""seed_demo: a believable network, the same for the same seed, with two demo logins."""

from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command
from django.utils import timezone

from xarxa.accounts.models import Profile, User, VerifiedDomain
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


def test_if_empty_seeds_an_empty_database():
    seed_demo("--if-empty")

    assert User.objects.count() == MEMBERS + 2


def test_refuses_while_mail_goes_to_a_real_server(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"

    with pytest.raises(CommandError, match="real mail server"):
        seed_demo()

    assert not User.objects.exists()


def test_the_demo_network_can_be_found_in_search(client):
    """The demo rows are written in bulk, past the signals: a newcomer must still find them in search."""
    seed_demo(without_search_index=False)
    member = Profile.objects.filter(visibility=Profile.Visibility.EVERYONE).order_by("pk").last()

    page = client.get("/search/", {"q": member.full_name}).content.decode()

    assert f'href="{member.get_absolute_url()}"' in page
