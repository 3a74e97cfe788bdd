"""What members do with events: organise, answer, wait and be promoted, export, subscribe."""

import csv
import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from icalendar import Calendar

from xarxa.accounts.tests.factories import UserFactory
from xarxa.activity.models import Activity
from xarxa.content.models import Content
from xarxa.events import services
from xarxa.events.models import Event, Rsvp
from xarxa.events.tests.factories import EventFactory
from xarxa.spaces.models import Space
from xarxa.spaces.tests.factories import SpaceFactory, add_member

pytestmark = pytest.mark.django_db
MADRID = ZoneInfo("Europe/Madrid")


def state():
    return (list(Content.objects.order_by("pk").values_list("pk", "title", "body")),
            list(Event.objects.order_by("pk").values_list("pk", "starts_at", "ends_at", "capacity", "recurrence",
                                                          "going_count")),
            list(Rsvp.objects.order_by("pk").values_list("pk", "answer", "waiting_since")))


def answers(event):
    return dict(Rsvp.objects.filter(event=event).values_list("user__username", "answer"))


def form_data(**overrides):
    data = {"title": "Jornada de datos abiertos", "body": "Con **talleres**.", "starts_at": "2031-03-10T10:00",
            "ends_at": "2031-03-10T14:00", "time_zone": "America/Bogota", "mode": "hybrid", "venue": "Biblioteca",
            "address": "Calle 26, Bogotá", "country": "CO", "online_url": "https://meet.example.org/abc",
            "capacity": "2", "registration_deadline": "", "repeats": "", "repeat_count": "", "repeat_until": "",
            "language": "es", "topic_names": "open data"}
    data.update(overrides)
    return data


def test_organise_an_event_in_its_own_time_zone(client):
    ana = UserFactory(username="ana")
    client.force_login(ana)
    response = client.post(reverse("events:create"), form_data())
    event = Event.objects.select_related("content").get()
    assert response.status_code == 302 and response.url == event.content.get_absolute_url()
    # 10:00 in Bogotá (UTC-5) is 15:00 UTC.
    assert event.starts_at == datetime(2031, 3, 10, 15, 0, tzinfo=ZoneInfo("UTC"))
    assert (event.time_zone, event.mode, event.capacity, event.country.code) == ("America/Bogota", "hybrid", 2, "CO")
    assert Activity.objects.filter(actor=ana, verb="published", content=event.content).exists()
    page = client.get(event.content.get_absolute_url()).content.decode()
    assert "10:00" in page and "UTC-05:00" in page and "America/Bogota" in page


@pytest.mark.parametrize(("overrides", "message"), [
    ({"ends_at": "2031-03-10T09:00"}, "The end must be after the start."),
    ({"mode": "online", "online_url": ""}, "Give the link to join online."),
    ({"registration_deadline": "2031-03-11T10:00"}, "Registration must close before the event ends."),
    ({"repeats": "weekly"}, "Say how many times the event repeats, or until when."),
    ({"time_zone": "Mars/Olympus"}, None),
])
def test_bad_event_input_is_refused_and_changes_nothing(client, overrides, message):
    client.force_login(UserFactory())
    before = state()
    response = client.post(reverse("events:create"), form_data(**overrides))
    assert response.status_code == 400
    if message:
        assert gettext(message) in response.content.decode()
    assert state() == before


def test_a_malformed_recurrence_is_refused_by_the_service():
    before = state()
    start = timezone.now() + timedelta(days=3)
    for rule in ("FREQ=DAILY;COUNT=3", "FREQ=WEEKLY;COUNT=abc", "nonsense", "FREQ=WEEKLY;COUNT=500"):
        with pytest.raises(ValidationError):
            services.create_event(UserFactory(), title="Reunión", starts_at=start, ends_at=start + timedelta(hours=1),
                                  time_zone="Europe/Madrid", mode="in_person", recurrence=rule)
    assert state() == before


def test_capacity_below_current_attendees_is_refused(client):
    organiser = UserFactory()
    event = EventFactory(content__author=organiser, capacity=3)
    for _n in range(2):
        services.rsvp(UserFactory(), event, "going")
    client.force_login(organiser)
    before = state()
    data = form_data(title=event.content.title, capacity="1", mode="in_person", online_url="")
    response = client.post(reverse("events:edit", args=[event.pk]), data)
    assert response.status_code == 400
    assert gettext("%(going)d people are already going: the places cannot be fewer than that.") % {"going": 2} \
        in response.content.decode()
    assert state() == before


def test_a_full_event_has_a_waiting_list_promoted_in_order(client, mailbox):
    organiser, ana, ben, cris = (UserFactory(username=n) for n in ("organiser", "ana", "ben", "cris"))
    event = EventFactory(content__author=organiser, capacity=1, mode="online", online_url="https://meet.example.org/x",
                         venue="", address="")
    for user in (ana, ben, cris):
        client.force_login(user)
        client.post(reverse("events:rsvp", args=[event.pk]), {"answer": "going"})
    assert answers(event) == {"ana": "going", "ben": "waiting", "cris": "waiting"}
    page = client.get(event.content.get_absolute_url()).content.decode()
    assert "https://meet.example.org/x" not in page  # Cris is waiting: no link yet
    assert "number 2 on the waiting list" in page or "2" in page

    client.force_login(ana)
    client.post(reverse("events:rsvp", args=[event.pk]), {"answer": "not_going"})
    assert answers(event) == {"ana": "not_going", "ben": "going", "cris": "waiting"}
    event.refresh_from_db()
    assert event.going_count == 1
    mails = mailbox()
    assert [m["To"] for m in mails] == [ben.email]
    assert event.content.title in mails[0]["Subject"]

    # The organiser adds a place: Cris goes too.
    services.edit_event(organiser, event, title=event.content.title, body="", starts_at=event.starts_at,
                        ends_at=event.ends_at, time_zone=event.time_zone, mode="online",
                        online_url=event.online_url, capacity=2)
    assert answers(event)["cris"] == "going"
    client.force_login(cris)
    assert "https://meet.example.org/x" in client.get(event.content.get_absolute_url()).content.decode()
    assert Activity.objects.filter(verb="rsvped", actor=cris).exists()


def test_no_answers_after_the_deadline_but_withdrawing_is_fine():
    member = UserFactory()
    event = EventFactory(registration_deadline=timezone.now() - timedelta(hours=1))
    with pytest.raises(ValidationError, match=gettext("Registration for this event has closed.")):
        services.rsvp(member, event, "going")
    assert services.rsvp(member, event, "not_going").answer == "not_going"


def test_group_events_need_a_reader_of_the_group():
    from django.core.exceptions import PermissionDenied

    group = SpaceFactory(owner=UserFactory(), visibility=Space.Visibility.PRIVATE)
    event = EventFactory(content__space=group)
    with pytest.raises(PermissionDenied):
        services.rsvp(UserFactory(), event, "going")
    assert not Rsvp.objects.exists()


def test_the_organiser_exports_attendees_as_csv(client):
    organiser = UserFactory()
    event = EventFactory(content__author=organiser, capacity=1)
    ana, ben = UserFactory(username="ana", profile__full_name="=HYPERLINK()"), UserFactory(username="ben")
    services.rsvp(ana, event, "going")
    services.rsvp(ben, event, "going")
    client.force_login(ben)
    assert client.get(reverse("events:attendees_csv", args=[event.pk])).status_code == 404
    client.force_login(organiser)
    response = client.get(reverse("events:attendees_csv", args=[event.pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r[1] for r in rows[1:]] == ["ana", "ben"]
    assert rows[1][0] == "'=HYPERLINK()"  # no formula injection
    assert rows[2][4] == str(Rsvp.Answer.WAITING.label)
    assert "ana" in client.get(reverse("events:attendees", args=[event.pk])).content.decode()


def parse_ics(response):
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def test_the_event_file_parses_and_keeps_the_link_for_attendees(client):
    event = EventFactory(mode="hybrid", online_url="https://meet.example.org/secret-room", content__title="Taller",
                         recurrence="FREQ=WEEKLY;COUNT=4")
    cal = parse_ics(client.get(reverse("events:ics", args=[event.pk])))
    [vevent] = cal.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Taller"
    assert vevent.decoded("DTSTART") == event.starts_at.astimezone(MADRID)
    assert vevent["DTSTART"].params["TZID"] == "Europe/Madrid"
    assert cal.walk("VTIMEZONE")[0]["TZID"] == "Europe/Madrid"
    assert vevent["RRULE"]["FREQ"] == ["WEEKLY"] and vevent["RRULE"]["COUNT"] == [4]
    assert str(vevent["URL"]).startswith("http://testserver/events/")
    assert "secret-room" not in response_text(cal)

    member = UserFactory()
    services.rsvp(member, event, "going")
    client.force_login(member)
    cal = parse_ics(client.get(reverse("events:ics", args=[event.pk])))
    assert "secret-room" in response_text(cal)


def response_text(cal):
    """What the parsed event says (parsed, so the format's 75-octet line folding does not matter)."""
    [vevent] = cal.walk("VEVENT")
    return f"{vevent['DESCRIPTION']} {vevent.get('LOCATION', '')}"


def test_all_day_events_are_dates_in_the_file(client):
    start = datetime(2031, 5, 1, 0, 0, tzinfo=MADRID)
    event = services.create_event(UserFactory(), title="Congreso", starts_at=start, ends_at=start + timedelta(days=1),
                                  time_zone="Europe/Madrid", mode="in_person", all_day=True)
    [vevent] = parse_ics(client.get(reverse("events:ics", args=[event.pk]))).walk("VEVENT")
    assert str(vevent.decoded("DTSTART")) == "2031-05-01" and str(vevent.decoded("DTEND")) == "2031-05-03"


def test_calendar_feeds_public_group_and_mine_with_a_resettable_token(client):
    member = UserFactory()
    public_group = SpaceFactory(owner=UserFactory(), slug="abierto")
    private_group = SpaceFactory(owner=UserFactory(), slug="cerrado", visibility=Space.Visibility.PRIVATE)
    add_member(private_group, member)
    EventFactory(content__title="Abierto", content__space=public_group)
    private = EventFactory(content__title="Cerrado", content__space=private_group)
    EventFactory(content__title="Red")

    def summaries(response):
        return sorted(str(v["SUMMARY"]) for v in parse_ics(response).walk("VEVENT"))

    assert summaries(client.get(reverse("events:public_calendar"))) == ["Abierto", "Red"]
    assert summaries(client.get(reverse("events:space_calendar", args=["abierto"]))) == ["Abierto"]
    assert client.get(reverse("events:space_calendar", args=["cerrado"])).status_code == 404
    token = services.calendar_token_for(member).token
    group_token = services.calendar_token_for(member, private_group).token
    url = reverse("events:space_calendar", args=["cerrado"]) + f"?token={group_token}"
    assert summaries(client.get(url)) == ["Cerrado"]

    services.rsvp(member, private, "going")
    assert summaries(client.get(reverse("events:my_calendar", args=[token]))) == ["Cerrado"]
    client.force_login(member)
    assert token in client.get(reverse("events:mine")).content.decode()
    client.post(reverse("events:reset_token"))
    assert client.get(reverse("events:my_calendar", args=[token])).status_code == 404
    assert client.get(url).status_code == 404
    new = services.calendar_token_for(member).token
    assert new != token and summaries(client.get(reverse("events:my_calendar", args=[new]))) == ["Cerrado"]


def test_lists_upcoming_past_by_country_and_online(client):
    EventFactory(content__title="Pronto en Chile", country="CL")
    EventFactory(content__title="En línea", mode="online", online_url="https://x.example.org", country="")
    past_start = timezone.now() - timedelta(days=10)
    EventFactory(content__title="Ya pasó", starts_at=past_start, ends_at=past_start + timedelta(hours=1),
                 series_ends_at=past_start + timedelta(hours=1))

    def titles(query=""):
        html = client.get(reverse("events:list") + query).content.decode()
        return sorted(t for t in ("Pronto en Chile", "En línea", "Ya pasó") if t in html)

    assert titles() == ["En línea", "Pronto en Chile"]
    assert titles("?when=past") == ["Ya pasó"]
    assert titles("?country=CL") == ["Pronto en Chile"]
    assert titles("?online=on") == ["En línea"]



def test_the_list_says_how_many_places_are_left_and_when_an_event_is_full(client):
    EventFactory(content__title="Taller lleno", capacity=2, going_count=2)
    EventFactory(content__title="Taller abierto", capacity=5, going_count=4)

    html = " ".join(client.get(reverse("events:list")).content.decode().split())

    assert "Taller lleno</a></h3>" in html and "<strong>Completo</strong>" in html
    assert "Queda 1 plaza" in html
    assert "Quedan 0 plazas" not in html


def test_month_view_shows_each_occurrence_of_a_weekly_event(client):
    start = datetime(2031, 3, 4, 10, 0, tzinfo=MADRID)  # a Tuesday
    services.create_event(UserFactory(), title="Café semanal", starts_at=start, ends_at=start + timedelta(hours=1),
                          time_zone="Europe/Madrid", mode="in_person", recurrence="FREQ=WEEKLY;COUNT=6")
    html = client.get(reverse("events:month_of", args=[2031, 3])).content.decode()
    assert html.count("Café semanal") == 4  # 4, 11, 18 and 25 March
    april = client.get(reverse("events:month_of", args=[2031, 4])).content.decode()
    assert april.count("Café semanal") == 2  # 1 and 8 April, still at 10:00 after the change to summer time
    assert "10:00" in april
    assert client.get(reverse("events:month_of", args=[2031, 13])).status_code == 404


def test_the_day_before_reminder_goes_once_to_those_going(mailbox, django_capture_on_commit_callbacks):
    soon = timezone.now() + timedelta(hours=20)
    event = EventFactory(starts_at=soon, ends_at=soon + timedelta(hours=1), series_ends_at=soon + timedelta(hours=1))
    later = EventFactory(content__title="Más tarde")
    going, maybe, other = UserFactory(), UserFactory(), UserFactory()
    services.rsvp(going, event, "going")
    services.rsvp(maybe, event, "maybe")
    services.rsvp(other, later, "going")
    mailbox()  # nothing queued so far
    from xarxa.events.tasks import send_event_reminders

    with django_capture_on_commit_callbacks(execute=True):
        send_event_reminders.enqueue()
    mails = mailbox()
    assert [m["To"] for m in mails] == [going.email]
    assert event.content.title in mails[0]["Subject"]
    assert services.send_due_reminders() == 0  # not twice


def test_creating_an_event_enqueues_its_reminder(django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    start = timezone.now() + timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        services.create_event(UserFactory(), title="Con aviso", starts_at=start, ends_at=start + timedelta(hours=1),
                              time_zone="Europe/Madrid", mode="in_person")
    if DBTaskResult.objects.exists():  # the database backend (RQ keeps it in Redis)
        task = DBTaskResult.objects.get(task_path__endswith="send_event_reminders")
        assert abs(task.run_after - (start - timedelta(days=1))) < timedelta(seconds=1)


def test_no_cell_of_the_attendee_csv_can_run_as_a_formula(client):
    organiser = UserFactory()
    event = EventFactory(content__author=organiser)
    for name in ("\t=1+1", "\r=1+1", "\uff1dHYPERLINK()"):
        services.rsvp(UserFactory(profile__full_name=name), event, "going")
    client.force_login(organiser)
    response = client.get(reverse("events:attendees_csv", args=[event.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))
    assert sorted(row[0] for row in rows[1:]) == sorted(["'\t=1+1", "'\r=1+1", "'\uff1dHYPERLINK()"])
