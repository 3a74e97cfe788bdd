from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from xarxa.accounts.tests.factories import UserFactory
from xarxa.congress.models import CommitteeMember, Edition, Phase
from xarxa.congress.tests.factories import (
    EditionFactory,
    RoomFactory,
    SessionFormatFactory,
    TrackFactory,
    VenueFactory,
)
from xarxa.spaces.models import Space
from xarxa.spaces.tests.factories import add_member

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def full_edition(**fields):
    edition = EditionFactory(**fields)
    room = RoomFactory(venue=VenueFactory(edition=edition, name="Palau de Congressos"), name="Sala Gaudí",
                       stream_link="https://stream.example.org/gaudi")
    TrackFactory(edition=edition, name="Datos abiertos")
    SessionFormatFactory(edition=edition, duration_minutes=90)
    return edition, room


def test_the_home_says_the_phase_and_shows_what_the_organisers_set(client):
    edition, room = full_edition()
    page = client.get(edition.get_absolute_url())
    assert page.status_code == 200
    assert page.context["phase"] == edition.phase
    html = page.content.decode()
    for text in (edition.name, "Palau de Congressos", "Sala Gaudí", "https://stream.example.org/gaudi",
                 "Datos abiertos", "<strong>talleres</strong>", room.accessibility):
        assert text in html


def test_the_space_of_an_edition_links_to_the_edition():
    edition = EditionFactory()
    assert edition.space.get_absolute_url() == reverse("congress:edition", args=[edition.space.slug])


def test_the_list_puts_coming_editions_before_the_archive(client):
    today = timezone.localdate()
    past = EditionFactory(starts_on=date(2020, 6, 1), ends_on=date(2020, 6, 2), call_opens_at=None,
                          vote_opens_at=None, review_opens_at=None, programme_at=None)
    coming = EditionFactory(starts_on=today + timedelta(days=300), ends_on=today + timedelta(days=301),
                            call_opens_at=None, vote_opens_at=None, review_opens_at=None, programme_at=None)
    page = client.get(reverse("congress:list"))
    assert page.context["coming"] == [coming]
    assert page.context["past"] == [past]
    assert past.phase == Phase.AFTERWARDS


def test_a_secret_edition_is_invisible_to_outsiders_and_visible_to_its_members(client):
    edition = EditionFactory(space__visibility=Space.Visibility.SECRET)
    outsider = UserFactory()
    member = UserFactory()
    add_member(edition.space, member)
    for reader in (None, outsider):
        if reader:
            client.force_login(reader)
        assert client.get(reverse("congress:list")).context["coming"] + \
            client.get(reverse("congress:list")).context["past"] == []
        assert client.get(edition.get_absolute_url()).status_code == 404
    client.force_login(member)
    assert client.get(edition.get_absolute_url()).context["can_read"] is True
    assert list(Edition.objects.visible_to(member)) == [edition]
    assert list(Edition.objects.visible_to(outsider)) == []


def test_a_private_edition_is_listed_but_its_details_are_for_its_members(client):
    edition, _room = full_edition(space__visibility=Space.Visibility.PRIVATE)
    client.force_login(UserFactory())
    page = client.get(edition.get_absolute_url())
    assert page.status_code == 200
    assert page.context["can_read"] is False
    assert "Palau de Congressos" not in page.content.decode()
    assert "talleres" not in page.content.decode()


def test_a_missing_edition_is_a_404(client):
    assert client.get(reverse("congress:edition", args=["nope"])).status_code == 404


def test_a_group_slug_is_not_an_edition(client):
    from xarxa.spaces.tests.factories import SpaceFactory

    group = SpaceFactory()
    assert client.get(reverse("congress:edition", args=[group.slug])).status_code == 404


@pytest.mark.parametrize("items", [1, 3])
def test_edition_list_queries(client, django_assert_num_queries, items):
    for _n in range(items):
        EditionFactory()
    with django_assert_num_queries(1):
        assert client.get(reverse("congress:list")).status_code == 200


@pytest.mark.parametrize("items", [1, 3])
def test_edition_home_queries(client, django_assert_num_queries, items):
    edition = EditionFactory()
    for _n in range(items):
        RoomFactory(venue=VenueFactory(edition=edition))
        TrackFactory(edition=edition)
        SessionFormatFactory(edition=edition)
    with django_assert_num_queries(5):  # edition+space, venues, rooms, tracks, formats
        assert client.get(edition.get_absolute_url()).status_code == 200


def test_staff_create_an_edition_in_the_admin(client):
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    data = {
        "name": "Congreso 2032", "visibility": "public", "description": "", "starts_on": "2032-06-10",
        "ends_on": "2032-06-11", "time_zone": "Europe/Lisbon", "languages": ["pt", "es"], "call_text": "",
        "call_opens_at_0": "2032-01-10", "call_opens_at_1": "09:00", "vote_opens_at_0": "", "vote_opens_at_1": "",
        "review_opens_at_0": "", "review_opens_at_1": "", "programme_at_0": "", "programme_at_1": "",
    }
    for prefix in ("tracks", "formats", "venues", "ticket_types", "registration_questions", "committee",
                   "phase_changes"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    response = client.post(reverse("admin:congress_edition_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    edition = Edition.objects.get()
    assert edition.space.kind == Space.Kind.CONGRESS_EDITION
    assert edition.space.name == "Congreso 2032"
    assert edition.languages == ["pt", "es"]
    assert edition.space.memberships.get().user == staff


def test_the_admin_refuses_phases_out_of_order_and_creates_nothing(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    data = {
        "name": "Congreso 2032", "visibility": "public", "starts_on": "2032-06-10", "ends_on": "2032-06-11",
        "time_zone": "Europe/Madrid", "call_opens_at_0": "2032-03-10", "call_opens_at_1": "09:00",
        "vote_opens_at_0": "2032-02-01", "vote_opens_at_1": "09:00",
    }
    for prefix in ("tracks", "formats", "venues", "ticket_types", "registration_questions", "committee",
                   "phase_changes"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    response = client.post(reverse("admin:congress_edition_add"), data)
    assert response.status_code == 200
    assert not Edition.objects.exists()
    assert not Space.objects.exists()


def test_a_committee_member_joins_the_space_to_read_a_secret_edition():
    from xarxa.congress import rules as congress_rules
    from xarxa.congress import services

    organiser = UserFactory()
    edition = EditionFactory(space__visibility=Space.Visibility.SECRET, space__owner=organiser)
    reviewer = UserFactory()
    services.add_committee_member(organiser, edition, reviewer)
    edition = Edition.objects.get(pk=edition.pk)
    assert CommitteeMember.objects.filter(edition=edition, user=reviewer).exists()
    assert congress_rules.can_read_edition(reviewer, edition)
    assert congress_rules.can_act_as_committee(reviewer, edition)
    assert congress_rules.can_act_as_committee(organiser, edition)
    assert not congress_rules.can_act_as_committee(UserFactory(), edition)


def test_only_organisers_choose_the_committee():
    from django.core.exceptions import PermissionDenied

    from xarxa.congress import services

    edition = EditionFactory()
    with pytest.raises(PermissionDenied):
        services.add_committee_member(UserFactory(), edition, UserFactory())
    assert not CommitteeMember.objects.exists()
