"""Each calendar link has its own token: sharing one group's calendar opens that calendar and nothing else, and
the member lists and revokes them on /settings/calendars/."""

import pytest
from django.urls import reverse

from xarxa.accounts.tests.factories import UserFactory
from xarxa.events import services
from xarxa.events.models import CalendarToken
from xarxa.events.tests.factories import EventFactory
from xarxa.spaces.models import Space
from xarxa.spaces.tests.factories import SpaceFactory, add_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def member_in_two_secret_groups():
    member = UserFactory()
    groups = []
    for slug in ("uno", "dos"):
        group = SpaceFactory(owner=UserFactory(), slug=slug, visibility=Space.Visibility.SECRET)
        add_member(group, member)
        EventFactory(content__title=f"Evento {slug}", content__space=group)
        groups.append(group)
    return member, groups


def group_calendar(client, group, token):
    return client.get(reverse("events:space_calendar", args=[group.slug]) + f"?token={token}")


def test_a_group_calendar_link_opens_that_group_alone(client, member_in_two_secret_groups):
    member, (uno, dos) = member_in_two_secret_groups
    client.force_login(member)
    page = client.get(reverse("events:space_list", args=["uno"])).content.decode()
    shared = CalendarToken.objects.get(user=member, space=uno).token
    assert f"?token={shared}" in page
    client.logout()
    assert group_calendar(client, uno, shared).status_code == 200
    assert group_calendar(client, dos, shared).status_code == 404
    assert client.get(reverse("events:my_calendar", args=[shared])).status_code == 404


def test_the_personal_token_no_longer_opens_group_calendars(client, member_in_two_secret_groups):
    member, (uno, _dos) = member_in_two_secret_groups
    personal = services.calendar_token_for(member).token
    assert client.get(reverse("events:my_calendar", args=[personal])).status_code == 200
    assert group_calendar(client, uno, personal).status_code == 404


def test_the_member_lists_and_revokes_their_calendar_links(client, member_in_two_secret_groups):
    member, (uno, dos) = member_in_two_secret_groups
    personal, for_uno = services.calendar_token_for(member), services.calendar_token_for(member, uno)
    services.calendar_token_for(UserFactory(), dos)  # someone else's
    client.force_login(member)
    client.get(reverse("events:my_calendar", args=[personal.token]))
    page = client.get(reverse("events:calendar_links")).content.decode()
    assert page.count('class="calendar-link"') == 2 and uno.name in page
    personal.refresh_from_db()
    assert personal.last_used_at is not None and for_uno.last_used_at is None

    others = CalendarToken.objects.exclude(user=member).get()
    client.post(reverse("events:calendar_links"), {"token_id": others.pk})
    others.refresh_from_db()
    assert others.revoked_at is None  # not theirs to revoke

    client.post(reverse("events:calendar_links"), {"token_id": for_uno.pk})
    assert group_calendar(client, uno, for_uno.token).status_code == 404
    assert client.get(reverse("events:my_calendar", args=[personal.token])).status_code == 200
    assert services.calendar_token_for(member, uno).token != for_uno.token  # the group's page makes a new one
