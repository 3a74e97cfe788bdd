"""Mute buttons on a member's profile and on a group's page (plain forms, htmx swaps the button)."""

import pytest
from django.urls import reverse

from xarxa.accounts.tests.factories import UserFactory
from xarxa.activity.models import Mute
from xarxa.spaces.tests.factories import SpaceFactory

pytestmark = pytest.mark.django_db
UNMUTE = 'name="action" value="unmute"'


def test_a_member_mutes_and_unmutes_someone_from_their_profile(client):
    reader, ana = UserFactory(), UserFactory()
    client.force_login(reader)
    url = reverse("activity:mute_member", args=[ana.username])
    page = client.get(ana.get_absolute_url()).content.decode()
    assert f'action="{url}"' in page and UNMUTE not in page
    assert client.post(url).status_code == 302
    assert Mute.objects.filter(user=reader, muted_user=ana).exists()
    assert UNMUTE in client.get(ana.get_absolute_url()).content.decode()
    client.post(url, {"action": "unmute"})
    assert not Mute.objects.exists()


def test_no_mute_button_on_ones_own_profile_or_for_visitors(client):
    ana = UserFactory()
    url = reverse("activity:mute_member", args=[ana.username])
    assert url not in client.get(ana.get_absolute_url()).content.decode()
    client.force_login(ana)
    assert url not in client.get(ana.get_absolute_url()).content.decode()


def test_a_member_mutes_a_group_from_its_page_and_htmx_swaps_the_button(client):
    reader, group = UserFactory(), SpaceFactory()
    client.force_login(reader)
    url = reverse("activity:mute_space", args=[group.slug])
    assert f'action="{url}"' in client.get(group.get_absolute_url()).content.decode()
    response = client.post(url, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200 and html.startswith("<form") and UNMUTE in html
    assert Mute.objects.filter(user=reader, muted_space=group).exists()
    response = client.post(url, {"action": "unmute"}, headers={"HX-Request": "true"})
    assert response.content.decode().startswith("<form") and UNMUTE not in response.content.decode()
    assert not Mute.objects.exists()
    assert 'role="status"' not in client.get(group.get_absolute_url()).content.decode()  # no stale message


def test_muting_oneself_changes_nothing(client):
    ana = UserFactory()
    client.force_login(ana)
    response = client.post(reverse("activity:mute_member", args=[ana.username]), follow=True)
    assert response.status_code == 200
    assert not Mute.objects.exists()


def test_visitors_see_no_mute_button_on_a_group(client):
    group = SpaceFactory()
    assert reverse("activity:mute_space", args=[group.slug]) not in client.get(
        group.get_absolute_url()).content.decode()
