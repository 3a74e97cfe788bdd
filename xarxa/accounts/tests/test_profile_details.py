"""Per-detail privacy (e-mail, phone, organisation, position, location): each member chooses who sees each
detail, and every surface that shows or filters on one honours it: the profile, the directory, member cards,
search, people suggestions, the home feed and the attendee export."""

import csv
import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from xarxa.accounts.tests.factories import OrganisationFactory, UserFactory
from xarxa.accounts.tests.test_profile import profile_form_data
from xarxa.activity import feed
from xarxa.debates.services import publish_debate
from xarxa.discovery.services import people_you_may_know
from xarxa.events import services as event_services
from xarxa.events.tests.factories import EventFactory
from xarxa.follows.services import follow
from xarxa.search import services as search

pytestmark = pytest.mark.django_db

EMAIL, PHONE, POSITION = "lucia.hidden@ayto.example", "+34 611 222 333", "Jefa de compras"


@pytest.fixture
def lucia():
    """A public profile whose details each have their own audience."""
    return UserFactory(
        username="lucia", email=EMAIL, profile__full_name="Lucía Prieto", profile__visibility="everyone",
        profile__phone=PHONE, profile__position=POSITION, profile__country="PT",
        profile__organisation=OrganisationFactory(name="Câmara de Braga"),
        profile__email_visibility="members", profile__phone_visibility="staff",
        profile__organisation_visibility="staff", profile__position_visibility="everyone",
        profile__location_visibility="members")


def viewer_named(kind):
    return {"anonymous": None, "member": UserFactory(), "staff": UserFactory(is_staff=True)}[kind]


@pytest.mark.parametrize(("kind", "sees"), [
    ("anonymous", {POSITION}),
    ("member", {POSITION, EMAIL, "Portugal"}),
    ("staff", {POSITION, EMAIL, "Portugal", PHONE, "Câmara de Braga"}),
])
def test_the_profile_shows_each_detail_to_its_audience_only(client, lucia, kind, sees):
    viewer = viewer_named(kind)
    if viewer:
        client.force_login(viewer)
    page = client.get(reverse("accounts:profile", args=["lucia"])).content.decode()
    everything = {POSITION, EMAIL, "Portugal", PHONE, "Câmara de Braga"}
    assert {detail for detail in everything if detail in page} == sees


def test_the_member_sees_all_their_own_details(client, lucia):
    client.force_login(lucia)
    page = client.get(reverse("accounts:profile", args=["lucia"])).content.decode()
    assert all(detail in page for detail in (POSITION, EMAIL, "Portugal", PHONE, "Câmara de Braga"))


def test_the_directory_neither_shows_nor_filters_on_a_hidden_detail(client, lucia):
    organisation = lucia.profile.organisation
    client.force_login(UserFactory())
    listing = client.get(reverse("accounts:directory")).content.decode()
    assert "Lucía Prieto" in listing and '<p class="small">Câmara de Braga' not in listing
    assert '<p class="small">Portugal</p>' in listing  # the country is for members
    by_organisation = client.get(reverse("accounts:directory"), {"organisation": organisation.pk}).content.decode()
    assert "Lucía Prieto" not in by_organisation
    assert "Lucía Prieto" in client.get(reverse("accounts:directory"), {"country": "PT"}).content.decode()
    client.logout()
    assert "Lucía Prieto" not in client.get(reverse("accounts:directory"), {"country": "PT"}).content.decode()
    client.force_login(UserFactory(is_staff=True))
    assert "Lucía Prieto" in client.get(reverse("accounts:directory"),
                                        {"organisation": organisation.pk}).content.decode()


def test_the_organisation_page_lists_only_members_who_show_it(client, lucia):
    page = client.get(lucia.profile.organisation.get_absolute_url()).content.decode()
    assert "Lucía Prieto" not in page
    lucia.profile.organisation_visibility = "everyone"
    lucia.profile.save()
    assert "Lucía Prieto" in client.get(lucia.profile.organisation.get_absolute_url()).content.decode()


def test_search_does_not_find_a_member_by_a_detail_hidden_from_the_profiles_audience(lucia):
    search.index_member(lucia.profile)
    def members_found(viewer, query, filters=None):
        return search.search(viewer, query, filters).counts.get("member", 0)

    for viewer in (AnonymousUser(), UserFactory()):
        assert members_found(viewer, "Braga") == 0
        assert members_found(viewer, "Prieto", {"country": "PT"}) == 0
    assert members_found(AnonymousUser(), "compras") == 1  # the position is for everyone


def test_following_an_organisation_does_not_bring_the_activity_of_members_who_hide_it(lucia):
    reader = UserFactory()
    follow(reader, lucia.profile.organisation)
    publish_debate(lucia, title="Compras públicas abiertas")
    assert feed.feed_page(feed.home_activities(reader), None, 20).items == []


def test_colleagues_who_hide_their_organisation_are_not_suggested_as_colleagues(lucia):
    colleague = UserFactory(profile__organisation=lucia.profile.organisation)
    assert people_you_may_know(colleague) == []
    lucia.profile.organisation_visibility = "members"
    lucia.profile.save()
    assert [s.item.user for s in people_you_may_know(colleague)] == [lucia]


def test_the_attendee_export_leaves_out_an_organisation_hidden_from_the_organiser(client, lucia):
    organiser = UserFactory()
    event = EventFactory(content__author=organiser)
    event_services.rsvp(lucia, event, "going")
    client.force_login(organiser)
    response = client.get(reverse("events:attendees_csv", args=[event.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][1] == "lucia" and rows[1][3] == ""


def test_the_member_chooses_each_detail_on_the_profile_form(client, lucia):
    client.force_login(lucia)
    data = profile_form_data(lucia.profile, phone_visibility="everyone", organisation_visibility="members")
    assert client.post(reverse("accounts:edit_profile"), data).status_code == 302
    lucia.profile.refresh_from_db()
    assert (lucia.profile.phone_visibility, lucia.profile.organisation_visibility) == ("everyone", "members")
