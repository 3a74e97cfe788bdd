import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from xarxa.accounts.tests.factories import UserFactory
from xarxa.congress import programme
from xarxa.congress.lifecycles import PROPOSAL
from xarxa.congress.models import Phase, ProgrammeChange, ProgrammeVersion, Session, Star
from xarxa.congress.tests.factories import at, edition_in, proposal_for
from xarxa.congress.tests.programme_helpers import World
from xarxa.content.models import Content
from xarxa.notifications.models import Kind, Notification
from xarxa.spaces.models import Space

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def world():
    return World()


# Sessions ----------------------------------------------------------------------------------------

def test_an_accepted_proposal_becomes_a_session_with_its_confirmed_speakers():
    from xarxa.congress import speakers as co_speakers
    from xarxa.spaces.tests.factories import add_member

    edition = edition_in(Phase.CALL)
    organiser, author, partner, hesitant = UserFactory(), UserFactory(), UserFactory(), UserFactory()
    add_member(edition.space, organiser, role="owner")
    proposal = proposal_for(edition, author)
    for invitee in (partner, hesitant):
        co_speakers.invite_co_speaker(author, proposal, username=invitee.username)
    co_speakers.answer_invitation(partner, proposal.co_speakers.get(user=partner), confirm=True)
    with pytest.raises(ValidationError):
        programme.create_session_from_proposal(organiser, proposal)  # submitted, not accepted
    PROPOSAL.transition(proposal, "accept")
    proposal.save()
    session = programme.create_session_from_proposal(organiser, proposal)
    assert session.content.kind == "session" and session.content.title == proposal.content.title
    assert session.content.author == author and [row.user for row in session.speaker_rows.all()] == [
        author, partner]
    assert session.session_format == proposal.session_format and session.abstract == proposal.abstract
    with pytest.raises(ValidationError):
        programme.create_session_from_proposal(organiser, proposal)
    assert Session.objects.count() == 1


def test_only_organisers_add_sessions(world):
    with pytest.raises(PermissionDenied):
        programme.create_session(UserFactory(), world.edition, title="Plenaria")
    assert not Session.objects.exists() and not Content.objects.filter(kind="session").exists()


def test_the_session_page_shows_the_published_place_speakers_materials_and_comments(client, world):
    speaker = UserFactory()
    session = world.session("Apertura", speakers=[speaker], is_plenary=True,
                            links=[{"title": "Diapositivas", "url": "https://example.org/slides.pdf"}])
    world.place(session, hour=9)
    page = client.get(session.get_absolute_url(), **EN)
    assert page.status_code == 200 and "Not in the published programme yet." in page.content.decode()
    world.publish()
    html = client.get(session.get_absolute_url(), **EN).content.decode()
    for text in ("Apertura", "Sala A", "Palau", speaker.display_name, "https://example.org/slides.pdf",
                 reverse("congress:speaker", args=[world.edition.space.slug, speaker.username]), "Plenary"):
        assert text in html
    assert 'id="comments' in html or "comment" in html.lower()


# Scheduling and its conflicts --------------------------------------------------------------------

def test_conflicts_are_refused_all_at_once_and_nothing_is_saved(world):
    speaker = UserFactory()
    first = world.session("Primera", speakers=[speaker])
    world.place(first, room=0, hour=10)
    second = world.session("Segunda", speakers=[speaker])
    start = at(world.day, 10)
    with pytest.raises(ValidationError) as refused:
        programme.schedule_session(world.organiser, second, room=world.rooms[0], starts_at=start,
                                   ends_at=start + timedelta(minutes=60))
    text = " ".join(refused.value.messages)
    assert "Sala A is already used at that time by “Primera”" in text
    assert f"{speaker.display_name} also speaks in “Primera” at that time." in text
    assert "The session lasts 60 minutes, longer than its Talk slot of 45." in text
    second.refresh_from_db()
    assert second.room is None and second.starts_at is None


def test_a_room_smaller_than_the_sign_ups_is_refused(world):
    world.rooms[1].capacity = 20
    world.rooms[1].save()
    workshop = world.session("Taller", session_format=world.workshop)
    Session.objects.filter(pk=workshop.pk).update(signup_count=30)
    workshop.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        world.place(workshop, room=1, minutes=90)
    assert "Sala B holds 20 people; 30 have signed up." in refused.value.messages
    assert "Sala B holds 20 people; the format offers 25 places." in refused.value.messages


def test_a_plenary_leaves_no_room_for_anything_else(world):
    plenary = world.session("Plenaria", is_plenary=True)
    world.place(plenary, room=0, hour=9)
    other = world.session("Paralela")
    with pytest.raises(ValidationError) as refused:
        world.place(other, room=1, hour=9)
    assert "“Plenaria” is a plenary at that time: nothing else runs beside it." in refused.value.messages


def test_the_schedule_form_says_what_conflicts_in_english_and_saves_nothing(client, world):
    first, second = world.session("Primera"), world.session("Segunda")
    world.place(first, room=0, hour=10)
    client.force_login(world.organiser)
    url = reverse("congress:place", args=[world.edition.space.slug, second.pk])
    data = {f"s{second.pk}-room": world.rooms[0].pk, f"s{second.pk}-starts_at": f"{world.day}T10:15",
            f"s{second.pk}-ends_at": ""}
    response = client.post(url, data, HTTP_HX_REQUEST="true", **EN)
    assert response.status_code == 200  # htmx swaps the row with its conflicts
    assert "Nothing was saved" in response.content.decode() and "Saved." not in response.content.decode()
    assert "Sala A is already used at that time by “Primera”" in response.content.decode()
    second.refresh_from_db()
    assert second.starts_at is None
    without_htmx = client.post(url, data, **EN)  # the whole page, the row showing the conflicts
    assert without_htmx.status_code == 400 and "Sala A is already used" in without_htmx.content.decode()
    data[f"s{second.pk}-room"] = world.rooms[1].pk
    response = client.post(url, data, HTTP_HX_REQUEST="true", **EN)
    assert response.status_code == 200 and "Saved." in response.content.decode()
    second.refresh_from_db()
    assert second.room == world.rooms[1] and second.minutes == 45  # the format's duration
    assert second.starts_at == at(world.day, 10) + timedelta(minutes=15)


def test_the_schedule_is_the_organisers_alone(client, world):
    client.force_login(UserFactory())
    assert client.get(reverse("congress:schedule", args=[world.edition.space.slug])).status_code == 404
    session = world.session("Primera")
    response = client.post(reverse("congress:place", args=[world.edition.space.slug, session.pk]),
                           {f"s{session.pk}-room": world.rooms[0].pk, f"s{session.pk}-starts_at": f"{world.day}T10:00"})
    assert response.status_code == 404
    client.force_login(world.organiser)
    assert client.get(reverse("congress:schedule", args=[world.edition.space.slug])).status_code == 200


# Publishing, versions, changes -------------------------------------------------------------------

def test_the_public_reads_the_published_version_not_the_working_one(client, world):
    session = world.session("Primera")
    world.place(session, room=0, hour=10)
    url = reverse("congress:programme", args=[world.edition.space.slug])
    assert "The programme is not published yet." in client.get(url, **EN).content.decode()
    world.publish()
    world.place(session, room=1, hour=12)  # not published yet
    entries = client.get(url, **EN).context["programme"].entries
    assert [(e.title, e.room.name, e.starts_at) for e in entries] == [("Primera", "Sala A", at(world.day, 10))]


def test_a_change_after_publication_is_listed_and_told_to_speakers_and_starrers(client, world, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
                                  "QUEUES": settings.TASK_QUEUES}}
    speaker, fan, bystander = UserFactory(), UserFactory(), UserFactory()
    session = world.session("Datos abiertos en 45 minutos", speakers=[speaker])
    world.place(session, room=0, hour=10)
    assert world.publish().number == 1
    assert not ProgrammeChange.objects.exists()
    programme.star(fan, session)
    world.place(session, room=1, hour=10)
    with pytest.raises(ValidationError):  # a refused placement is not part of the next version
        world.place(world.session("Otra"), room=1, hour=10)
    version = world.publish()
    assert version.number == 2
    change = version.changes.get()
    assert change.kind == ProgrammeChange.Kind.ROOM and (change.before, change.after) == ("Sala A", "Sala B")
    page = client.get(reverse("congress:changes", args=[world.edition.space.slug]), **EN).content.decode()
    assert "v2: <a" in page and "Room change for “Datos abiertos en 45 minutos”: Sala A → Sala B" in page
    told = Notification.objects.filter(kind=Kind.CONGRESS, detail__startswith="programme:")
    assert sorted(told.values_list("recipient", flat=True)) == sorted([speaker.pk, fan.pk])
    assert not told.filter(recipient=bystander).exists()
    client.force_login(fan)
    inbox = client.get(reverse("notifications:list"), **EN).content.decode()
    assert "Room change for “Datos abiertos en 45 minutos”: Sala A → Sala B" in inbox
    with pytest.raises(ValidationError):  # nothing changed since
        world.publish()
    assert ProgrammeVersion.objects.count() == 2


# The public programme ----------------------------------------------------------------------------

def _programme_queries(client, world, count, django_assert_num_queries, user=None, expected=None):
    world.placed_sessions(count)
    world.publish()
    if user:
        client.force_login(user)
    url = reverse("congress:programme", args=[world.edition.space.slug])
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.context["count"] == count
    return response


@pytest.mark.parametrize("count", [5, 30])
def test_the_programme_page_costs_the_same_for_5_and_30_sessions_anonymous(client, django_assert_num_queries, count):
    _programme_queries(client, World(), count, django_assert_num_queries, expected=6)


@pytest.mark.parametrize("count", [5, 30])
def test_the_programme_page_costs_the_same_for_5_and_30_sessions_member(client, django_assert_num_queries, count):
    member = UserFactory()
    world = World()
    _programme_queries(client, world, count, django_assert_num_queries, user=member, expected=12)


def test_filters_keep_the_chosen_day_room_and_track(client, world):
    first, second = world.session("Primera"), world.session("Segunda", track=None)
    world.place(first, room=0, hour=10)
    world.place(second, room=1, hour=10, day=1)
    world.publish()
    url = reverse("congress:programme", args=[world.edition.space.slug])
    titles = lambda response: [e.title for day, entries in response.context["days"] for e in entries]  # noqa: E731
    assert titles(client.get(url, {"day": str(world.day)})) == ["Primera"]
    assert titles(client.get(url, {"room": world.rooms[1].pk})) == ["Segunda"]
    assert titles(client.get(url, {"track": world.track.pk})) == ["Primera"]
    fragment = client.get(url, {"room": world.rooms[1].pk}, HTTP_HX_REQUEST="true")
    assert b"<html" not in fragment.content and b"Segunda" in fragment.content


def test_now_and_next(world):
    first, later = world.session("Ahora"), world.session("Luego")
    world.place(first, room=0, hour=10)
    world.place(later, room=0, hour=12)
    world.publish()
    published = programme.published_programme(UserFactory(), world.edition)
    now, coming = programme.now_and_next(published, at(world.day, 10) + timedelta(minutes=10))
    assert [e.title for e in now] == ["Ahora"] and [e.title for e in coming] == ["Luego"]


def test_a_secret_edition_shows_its_programme_and_exports_to_no_outsider(client):
    world = World(space__visibility=Space.Visibility.SECRET)
    world.place(world.session("Secreta"), hour=10)
    world.publish()
    client.force_login(UserFactory())
    slug = world.edition.space.slug
    for name in ("programme", "now", "speakers", "changes", "programme_ics", "schedule_xml", "schedule_json"):
        assert client.get(reverse(f"congress:{name}", args=[slug])).status_code == 404, name


def test_speaker_pages(client, world):
    speaker = UserFactory()
    world.place(world.session("Primera", speakers=[speaker]), hour=10)
    world.publish()
    slug = world.edition.space.slug
    listing = client.get(reverse("congress:speakers", args=[slug])).content.decode()
    assert reverse("congress:speaker", args=[slug, speaker.username]) in listing
    page = client.get(reverse("congress:speaker", args=[slug, speaker.username])).content.decode()
    assert "Primera" in page and speaker.get_absolute_url() in page
    assert client.get(reverse("congress:speaker", args=[slug, world.organiser.username])).status_code == 404


# The personal agenda -----------------------------------------------------------------------------

def test_stars_build_an_agenda_that_warns_of_overlaps_and_feeds_a_calendar(client, world):
    from icalendar import Calendar

    member = UserFactory()
    first, second, third = world.session("Primera"), world.session("Segunda"), world.session("Tercera")
    world.place(first, room=0, hour=10)
    world.place(second, room=1, hour=10, minute=30)
    world.place(third, room=0, hour=12)
    world.publish()
    client.force_login(member)
    for session in (first, second):
        response = client.post(reverse("congress:star", args=[session.pk]), HTTP_HX_REQUEST="true", **EN)
        assert response.status_code == 200 and b"In my agenda" in response.content
    assert Star.objects.filter(user=member).count() == 2
    page = client.get(reverse("congress:agenda", args=[world.edition.space.slug]), **EN)
    assert [e.title for e in page.context["entries"]] == ["Primera", "Segunda"]
    assert "Two of your sessions overlap" in page.content.decode()
    feed = page.context["feed_url"]
    calendar = Calendar.from_ical(client.get(feed.replace("http://testserver", "")).content)
    assert sorted(str(e["summary"]) for e in calendar.walk("VEVENT")) == ["Primera", "Segunda"]
    client.post(reverse("congress:star", args=[second.pk]), {"unstar": "1"})
    assert "overlap" not in client.get(reverse("congress:agenda", args=[world.edition.space.slug]),
                                       **EN).content.decode()
    client.post(reverse("congress:reset_agenda_feed", args=[world.edition.space.slug]))
    client.logout()
    assert client.get(feed.replace("http://testserver", "")).status_code == 404


# Exports -----------------------------------------------------------------------------------------

def _exported_world():
    world = World()
    speaker = UserFactory()
    first = world.session("Primera", speakers=[speaker],
                          links=[{"title": "Diapositivas", "url": "https://example.org/slides.pdf"}])
    world.place(first, room=0, hour=10)
    world.place(world.session("Segunda"), room=1, hour=11, day=1)
    world.publish()
    return world, first, speaker


def test_schedule_xml_parses_back_in_the_frab_shape(client):
    from xml.etree import ElementTree

    world, first, speaker = _exported_world()
    response = client.get(reverse("congress:schedule_xml", args=[world.edition.space.slug]))
    root = ElementTree.fromstring(response.content)
    assert root.tag == "schedule" and root.findtext("conference/title") == world.edition.name
    assert root.findtext("conference/time_zone_name") == "Europe/Madrid"
    days = root.findall("day")
    assert [d.get("index") for d in days] == ["1", "2", "3"] and days[0].get("date") == "2031-06-10"
    event = days[0].find("room[@name='Sala A']/event")
    assert event.get("id") == str(first.pk) and event.get("guid")
    assert event.findtext("title") == "Primera" and event.findtext("start") == "10:00"
    assert event.findtext("duration") == "00:45" and event.findtext("room") == "Sala A"
    assert event.findtext("date") == "2031-06-10T10:00:00+02:00" and event.findtext("type") == "Talk"
    assert event.findtext("track") == "Datos abiertos" and event.findtext("language") == "es"
    assert [p.text for p in event.findall("persons/person")] == [speaker.display_name]
    assert event.find("links/link").get("href") == "https://example.org/slides.pdf"
    assert days[1].find("room[@name='Sala B']/event").findtext("title") == "Segunda"
    assert days[2].findall("room") == []


def test_schedule_json_parses_back_in_the_frab_shape(client):
    import json

    world, first, speaker = _exported_world()
    document = json.loads(client.get(reverse("congress:schedule_json", args=[world.edition.space.slug])).content)
    conference = document["schedule"]["conference"]
    assert conference["title"] == world.edition.name and conference["daysCount"] == 3
    day = conference["days"][0]
    assert day["index"] == 1 and day["date"] == "2031-06-10"
    [event] = day["rooms"]["Sala A"]
    assert event["id"] == first.pk and event["title"] == "Primera" and event["duration"] == "00:45"
    assert event["persons"][0]["name"] == speaker.display_name
    assert event["links"] == [{"url": "https://example.org/slides.pdf", "title": "Diapositivas"}]
    for key in ("guid", "date", "start", "room", "slug", "subtitle", "track", "type", "language", "abstract",
                "description"):
        assert key in event


def test_the_whole_programme_as_icalendar(client):
    from icalendar import Calendar

    world, first, _speaker = _exported_world()
    response = client.get(reverse("congress:programme_ics", args=[world.edition.space.slug]))
    calendar = Calendar.from_ical(response.content)
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {"Primera", "Segunda"}
    assert events["Primera"].decoded("dtstart") == at(world.day, 10)
    assert str(events["Primera"]["location"]) == "Sala A, Palau"
    assert calendar.walk("VTIMEZONE")


def test_a_visitors_export_is_built_once_until_something_is_written(client, settings, django_assert_max_num_queries):
    from xarxa.core import pagecache

    settings.PAGE_CACHE_SECONDS = 60
    world, first, _speaker = _exported_world()
    url = reverse("congress:schedule_json", args=[world.edition.space.slug])
    assert b"Primera" in client.get(url).content
    with django_assert_max_num_queries(2):  # the edition, and no programme read
        assert b"Primera" in client.get(url).content
    programme.edit_session(world.organiser, first, title="Primera, renombrada", abstract="", description="")
    pagecache.bump()  # what the commit of that write does
    assert "Primera, renombrada" in client.get(url).content.decode()
    member = UserFactory()
    client.force_login(member)  # a member's export is never the visitors' one
    assert "Primera, renombrada" in client.get(url).content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_the_organisers_schedule_queries(client, django_assert_num_queries, count):
    # The same for 1 and 3 sessions: the rooms are read once for every row's menu and the break form.
    world = World()
    world.placed_sessions(count)
    client.force_login(world.organiser)
    with django_assert_num_queries(15):
        response = client.get(reverse("congress:schedule", args=[world.edition.space.slug]))
    assert len(response.context["rows"]) == count
    # Every row's menu still offers every room, named with its venue, its own room chosen.
    page = response.content.decode()
    for session, _form in response.context["rows"]:
        menu = page.split(f'name="s{session.pk}-room"', 1)[1].split("</select>", 1)[0]
        for room in world.rooms:
            label = f"{room.name} ({room.venue.name})"
            chosen = " selected" if room.pk == session.room_id else ""
            assert f'<option value="{room.pk}"{chosen}>{label}</option>' in menu



def test_the_programme_rows_are_kept_for_everyone_with_each_readers_own_stars(settings):
    """With the shared cache the rows are kept per version and language (congress.programme_html); each
    member still gets their own stars and their own page to come back to, a visitor no star buttons, a
    reader who may not see a session never gets rows from one who may, and a write shows at once."""
    from django.test import Client

    from xarxa.core import pagecache

    settings.PAGE_CACHE_SECONDS = 60
    world = World()
    first, second, third = world.placed_sessions(3)
    world.publish()
    amelia, bruno = UserFactory(), UserFactory()
    programme.star(amelia, first)
    programme.star(bruno, second)
    url = reverse("congress:programme", args=[world.edition.space.slug])
    clients = {}
    for name, user in (("amelia", amelia), ("bruno", bruno), ("organiser", world.organiser)):
        clients[name] = Client()
        clients[name].force_login(user)
    clients["visitor"] = Client()

    def stars(name, address=url):
        html = clients[name].get(address, HTTP_ACCEPT_LANGUAGE="es").content.decode()
        forms = re.findall(r'<form method="post" action="[^"]*/(\d+)/star/"[^>]*>.*?</form>', html, re.S)
        starred = {int(pk) for pk in re.findall(r'action="[^"]*/(\d+)/star/"[^>]*>(?:(?!</form>).)*is-starred',
                                                 html, re.S)}
        return html, {int(pk) for pk in forms}, starred

    for _round in range(2):
        html, forms, starred = stars("amelia")
        assert forms == {first.pk, second.pk, third.pk} and starred == {first.pk}
        html, forms, starred = stars("bruno")
        assert forms == {first.pk, second.pk, third.pk} and starred == {second.pk}
        html, forms, starred = stars("visitor")
        assert forms == set() and "Sesión 2" in html
    filtered = f"{url}?room={world.rooms[0].pk}"
    html, _forms, _starred = stars("amelia", filtered)
    assert f'name="next" value="{url}?room={world.rooms[0].pk}"' in html
    Content.objects.filter(pk=third.pk).update(status=Content.Status.HIDDEN)
    pagecache.bump()  # what the commit of that write does
    html, forms, _starred = stars("organiser")  # the organisers moderate the congress: they still see it
    assert forms == {first.pk, second.pk, third.pk}
    html, forms, starred = stars("amelia")
    assert forms == {first.pk, second.pk} and starred == {first.pk} and "Sesión 2" not in html
    Content.objects.filter(pk=first.pk).update(title="Sesión renombrada")
    pagecache.bump()
    html, _forms, starred = stars("bruno")
    assert "Sesión renombrada" in html and starred == {second.pk}
