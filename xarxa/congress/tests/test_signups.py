"""Sign-up for sessions with limited places: registered members only, a waiting list promoted in order,
signup_count kept, places left shown on the session's page and in the programme."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from xarxa.accounts.tests.factories import UserFactory
from xarxa.congress import registration
from xarxa.congress.models import Session, SessionSignup, TicketType
from xarxa.congress.tests.programme_helpers import World

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def _english():
    """Services' refusals are read in English here (the site's default language is Spanish)."""
    from django.utils import translation

    with translation.override("en"):
        yield
Status = SessionSignup.Status


@pytest.fixture
def world():
    world = World()
    world.tickets = TicketType.objects.create(edition=world.edition, name="Presencial", capacity=None)
    return world


def attendee(world):
    user = UserFactory()
    registration.register(user, world.edition, ticket_type=world.tickets)
    return user


def workshop(world, places=2):
    world.workshop.capacity = places
    world.workshop.save()
    session = world.session("Taller de datos", session_format=world.workshop)
    world.place(session, minutes=90)
    return session


def test_a_registered_member_signs_up_and_the_count_is_real(world):
    session = workshop(world)
    member = attendee(world)
    row = registration.sign_up(member, session)
    assert row.status == Status.SIGNED_UP
    assert Session.objects.get(pk=session.pk).signup_count == 1


def test_a_full_workshop_is_refused_unless_one_asks_for_the_waiting_list_promoted_in_order(world, client):
    session = workshop(world, places=1)
    first, second, third = attendee(world), attendee(world), attendee(world)
    registration.sign_up(first, session)
    client.force_login(second)
    response = client.post(reverse("congress:signup", args=[session.pk]), follow=True, **EN)
    assert "This session is full. You can join its waiting list." in response.content.decode()
    assert SessionSignup.objects.count() == 1 and Session.objects.get(pk=session.pk).signup_count == 1
    client.post(reverse("congress:signup", args=[session.pk]), {"wait": "1"})
    registration.sign_up(third, session, wait=True)
    assert SessionSignup.objects.get(user=second).status == Status.WAITING
    client.force_login(first)
    client.post(reverse("congress:signup", args=[session.pk]), {"cancel": "1"})
    statuses = dict(SessionSignup.objects.values_list("user", "status"))
    assert statuses == {first.pk: Status.CANCELLED, second.pk: Status.SIGNED_UP, third.pk: Status.WAITING}
    assert Session.objects.get(pk=session.pk).signup_count == 1


def test_signing_up_needs_a_registration_and_a_session_that_needs_it(world):
    session = workshop(world)
    with pytest.raises(PermissionDenied, match="Register for the congress"):
        registration.sign_up(UserFactory(), session)
    talk = world.session("Charla")
    with pytest.raises(ValidationError, match="needs no sign-up"):
        registration.sign_up(attendee(world), talk)
    assert not SessionSignup.objects.exists()


def test_signing_up_twice_is_refused(world):
    session = workshop(world)
    member = attendee(world)
    registration.sign_up(member, session)
    with pytest.raises(ValidationError, match="already signed up"):
        registration.sign_up(member, session)
    assert SessionSignup.objects.count() == 1


def test_cancelling_the_registration_gives_the_places_back(world):
    session = workshop(world, places=1)
    member, waiting = attendee(world), attendee(world)
    registration.sign_up(member, session)
    registration.sign_up(waiting, session, wait=True)
    registration.cancel_registration(member, member.congress_registrations.get())
    assert SessionSignup.objects.get(user=waiting).status == Status.SIGNED_UP


def test_the_session_page_and_the_programme_show_places_left(world, client):
    session = workshop(world, places=2)
    registration.sign_up(attendee(world), session)
    world.publish()
    client.force_login(attendee(world))
    page = client.get(session.get_absolute_url(), **EN).content.decode()
    assert "1 place left" in page and "Sign up</button>" in page
    programme = client.get(reverse("congress:programme", args=[world.edition.space.slug]), **EN).content.decode()
    assert "Sign-up needed: 1 place left" in programme
    registration.sign_up(attendee(world), session)
    programme = client.get(reverse("congress:programme", args=[world.edition.space.slug]), **EN).content.decode()
    assert "Full: waiting list open" in programme


def test_the_session_page_queries_with_sign_up(world, client, django_assert_num_queries):
    session = workshop(world)
    world.publish()
    member = attendee(world)
    client.force_login(member)
    with django_assert_num_queries(20):
        client.get(session.get_absolute_url())


def test_sign_up_closes_when_the_session_begins(world):
    from datetime import timedelta

    from django.utils import timezone

    session = workshop(world)
    start = timezone.now() - timedelta(minutes=5)
    Session.objects.filter(pk=session.pk).update(starts_at=start, ends_at=start + timedelta(minutes=90))
    session.refresh_from_db()
    with pytest.raises(ValidationError, match="sign-up is closed"):
        registration.sign_up(attendee(world), session)
    assert not SessionSignup.objects.exists()
