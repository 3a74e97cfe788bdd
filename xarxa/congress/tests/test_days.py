"""The days themselves and afterwards: check-in at the door, ratings of the sessions attended, materials
and recordings, the organisers' attendance page and its CSV files."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from xarxa.accounts.tests.factories import UserFactory
from xarxa.congress import registration
from xarxa.congress.models import Registration, Session, SessionRating, TicketType
from xarxa.congress.tests.programme_helpers import World
from xarxa.content.models import Attachment

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def _english():
    """Services' refusals are read in English here (the site's default language is Spanish)."""
    from django.utils import translation

    with translation.override("en"):
        yield
Status = Registration.Status


@pytest.fixture
def world():
    world = World()
    world.tickets = TicketType.objects.create(edition=world.edition, name="Presencial", capacity=None)
    return world


def attendee(world, **fields):
    user = UserFactory(**fields)
    return user, registration.register(user, world.edition, ticket_type=world.tickets)


def past(session, hours_ago=2):
    """Move a session to have happened (today's clock is long before the factory's 2031)."""
    start = timezone.now() - timedelta(hours=hours_ago)
    Session.objects.filter(pk=session.pk).update(starts_at=start, ends_at=start + timedelta(minutes=45))
    session.refresh_from_db()
    return session


# Check-in ----------------------------------------------------------------------------------------

def test_check_in_says_valid_then_already_used_with_when(world, client):
    user, ticket = attendee(world, first_name="Ana", last_name="Puig")
    client.force_login(world.organiser)
    url = reverse("congress:check_in", args=[world.edition.space.slug])
    response = client.post(url, {"code": ticket.code_display.lower()}, **EN)
    page = response.content.decode()
    assert response.status_code == 200 and "Valid: checked in" in page
    assert user.display_name in page and "Presencial" in page
    row = Registration.objects.get()
    assert row.status == Status.CHECKED_IN and row.checked_in_by == world.organiser
    again = client.post(url, {"code": ticket.code}, **EN)
    assert again.status_code == 409 and "Already used: this ticket was checked in on" in again.content.decode()
    assert Registration.objects.get().checked_in_at == row.checked_in_at


def test_check_in_refuses_an_unknown_or_cancelled_ticket_and_changes_nothing(world, client):
    user, ticket = attendee(world)
    other = World()
    other_ticket = registration.register(
        UserFactory(), other.edition,
        ticket_type=TicketType.objects.create(edition=other.edition, name="x", capacity=None))
    client.force_login(world.organiser)
    url = reverse("congress:check_in", args=[world.edition.space.slug])
    for code in ("ZZZZ-ZZZZ-ZZZZ", other_ticket.code, ""):
        response = client.post(url, {"code": code}, **EN)
        assert response.status_code == 400
        if code:
            assert "Unknown ticket" in response.content.decode()
    registration.cancel_registration(user, ticket)
    response = client.post(url, {"code": ticket.code}, **EN)
    assert "Cancelled: this ticket is no longer valid." in response.content.decode()
    assert not Registration.objects.filter(status=Status.CHECKED_IN).exists()


def test_only_organisers_and_staff_check_in(world):
    _user, ticket = attendee(world)
    with pytest.raises(PermissionDenied, match="organisers and the staff"):
        registration.check_in(UserFactory(), world.edition, ticket.code)
    registration.check_in(UserFactory(is_staff=True), world.edition, ticket.code)
    assert Registration.objects.get().status == Status.CHECKED_IN


def test_a_pending_ticket_is_not_valid_at_the_door(world):
    approval = TicketType.objects.create(edition=world.edition, name="Ponente", needs_approval=True)
    row = registration.register(UserFactory(), world.edition, ticket_type=approval)
    with pytest.raises(ValidationError, match="Not confirmed"):
        registration.check_in(world.organiser, world.edition, row.code)


def test_the_check_in_page_queries(world, client, django_assert_num_queries):
    _user, ticket = attendee(world)
    client.force_login(world.organiser)
    url = reverse("congress:check_in", args=[world.edition.space.slug])
    with django_assert_num_queries(6):
        client.get(url)
    with django_assert_num_queries(10):  # and the row locked, checked in, saved
        client.post(url, {"code": ticket.code})


# Ratings -----------------------------------------------------------------------------------------

def test_an_attendee_rates_a_session_once_and_can_change_it(world, client):
    session = past(world.session("Charla"))
    user, ticket = attendee(world)
    registration.check_in(world.organiser, world.edition, ticket.code)
    client.force_login(user)
    assert "Rate this session" in client.get(session.get_absolute_url(), **EN).content.decode()
    client.post(reverse("congress:rate", args=[session.pk]), {"score": "4", "comment": "Útil"})
    client.post(reverse("congress:rate", args=[session.pk]), {"score": "5", "comment": "Muy útil"})
    assert list(SessionRating.objects.values_list("user", "score", "comment")) == [(user.pk, 5, "Muy útil")]


def test_rating_a_session_not_attended_is_refused_and_changes_nothing(world, client):
    session = past(world.session("Charla"))
    future = world.session("Mañana")
    world.place(future)
    workshop = past(world.session("Taller", session_format=world.workshop))
    user, _ticket = attendee(world)
    client.force_login(user)
    for target in (future, workshop):
        response = client.post(reverse("congress:rate", args=[target.pk]), {"score": "3"}, follow=True, **EN)
        assert "You can rate only the sessions you attended." in response.content.decode()
    client.force_login(UserFactory())  # not registered
    response = client.post(reverse("congress:rate", args=[session.pk]), {"score": "3"}, follow=True, **EN)
    assert "You can rate only the sessions you attended." in response.content.decode()
    with pytest.raises(ValidationError, match="from 1 to 5"):
        registration.rate(user, session, score=9)
    assert not SessionRating.objects.exists()


# Materials, recordings, attendance -----------------------------------------------------------------

def test_a_speaker_uploads_a_file_and_the_organisers_add_the_recording(world, client):
    speaker = UserFactory()
    session = world.session("Charla", speakers=[speaker])
    client.force_login(speaker)
    url = reverse("congress:session_materials", args=[session.pk])
    client.post(url, {"save": "file", "file": SimpleUploadedFile("slides.pdf", b"%PDF-1.4 slides",
                                                                 content_type="application/pdf")})
    assert list(Attachment.objects.values_list("content", "name")) == [(session.pk, "slides.pdf")]
    refused = client.post(url, {"save": "recording", "recording_link": "https://video.example/1"}, **EN)
    assert refused.status_code == 403 and Session.objects.get(pk=session.pk).recording_link == ""
    client.force_login(world.organiser)
    client.post(url, {"save": "recording", "recording_link": "https://video.example/1"})
    assert Session.objects.get(pk=session.pk).recording_link == "https://video.example/1"
    assert "Watch the recording" in client.get(session.get_absolute_url(), **EN).content.decode()


def test_someone_else_cannot_upload_materials(world, client):
    session = world.session("Charla", speakers=[UserFactory()])
    client.force_login(UserFactory())
    url = reverse("congress:session_materials", args=[session.pk])
    assert client.post(url, {"save": "file", "file": SimpleUploadedFile("x.pdf", b"%PDF-1.4")}).status_code == 404
    assert not Attachment.objects.exists()


def test_attendance_and_ratings_per_session_and_their_csv_without_formulas(world, client):
    session = past(world.session("=HYPERLINK(\"http://evil\")"))
    user, ticket = attendee(world)
    registration.rate(user, session, score=4, comment="+cmd|' /C calc'!A0")
    client.force_login(world.organiser)
    page = client.get(reverse("congress:attendance", args=[world.edition.space.slug]), **EN)
    [row] = [s for s in page.context["sessions"] if s.pk == session.pk]
    assert (row.rating_count, row.rating_average) == (1, 4.0)
    body = client.get(reverse("congress:attendance_csv", args=[world.edition.space.slug])).content.decode()
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[1][0].startswith("'=") and rows[1][-2:] == ["1", "4.0"]
    body = client.get(reverse("congress:ratings_csv", args=[world.edition.space.slug])).content.decode()
    assert list(csv.reader(io.StringIO(body)))[1] == ["'=HYPERLINK(\"http://evil\")", "4", "'+cmd|' /C calc'!A0"]
    client.force_login(user)
    assert client.get(reverse("congress:attendance_csv", args=[world.edition.space.slug])).status_code == 404


@pytest.mark.parametrize("count", [1, 3])
def test_the_attendance_page_queries(world, client, django_assert_num_queries, count):
    for n in range(count):
        session = world.session(f"Sesión {n}", session_format=world.workshop)
        user, _ticket = attendee(world)
        registration.sign_up(user, session)
        registration.rate(user, past(session), score=3)
    client.force_login(world.organiser)
    with django_assert_num_queries(9):
        response = client.get(reverse("congress:attendance", args=[world.edition.space.slug]))
    assert len(response.context["sessions"]) == count
