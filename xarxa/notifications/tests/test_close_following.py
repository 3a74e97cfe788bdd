"""Following a group closely: the toggle on the group page, and the fan-out of each new post as a task."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from xarxa.accounts.tests.factories import UserFactory
from xarxa.content import services as content_services
from xarxa.core.testing import run_queued_tasks
from xarxa.debates.services import publish_debate
from xarxa.notifications.models import Channel, Kind, Notification, Preference
from xarxa.notifications.services import notify_space_followers
from xarxa.notifications.texts import describe
from xarxa.spaces import services as space_services
from xarxa.spaces.models import Membership
from xarxa.spaces.tests.factories import SpaceFactory, add_member

pytestmark = pytest.mark.django_db


def told(user):
    return list(Notification.objects.filter(recipient=user, kind=Kind.SPACE_CONTENT)
                .values_list("content__title", flat=True))


@pytest.fixture
def owner():
    return UserFactory(username="ana")


@pytest.fixture
def group(owner):
    return SpaceFactory(owner=owner, name="Compra pública")


def close_follower(group, **kwargs):
    member = UserFactory(**kwargs)
    add_member(group, member)
    Membership.objects.filter(space=group, user=member).update(follows_closely=True)
    return member


def publish(author, group, title, body="", *, capture):
    with capture(execute=True):
        debate = publish_debate(author, space=group, title=title, body=body)
    return debate


# The toggle --------------------------------------------------------------------------------------

def test_a_member_follows_a_group_closely_with_a_plain_form_and_stops_again(client, group):
    bea = UserFactory()
    add_member(group, bea)
    client.force_login(bea)
    page = client.get(group.get_absolute_url())
    assert reverse("spaces:follow_closely", args=[group.slug]) in page.content.decode()
    response = client.post(reverse("spaces:follow_closely", args=[group.slug]))
    assert response.status_code == 302
    assert Membership.objects.get(space=group, user=bea).follows_closely
    assert gettext("Stop following closely") in client.get(group.get_absolute_url()).content.decode()
    client.post(reverse("spaces:follow_closely", args=[group.slug]), {"action": "stop"})
    assert not Membership.objects.get(space=group, user=bea).follows_closely


def test_htmx_swaps_only_the_membership_buttons(client, group):
    bea = UserFactory()
    add_member(group, bea)
    client.force_login(bea)
    response = client.post(reverse("spaces:follow_closely", args=[group.slug]), headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200 and html.lstrip().startswith('<div id="membership-actions"')
    assert gettext("Stop following closely") in html


def test_someone_outside_the_group_cannot_follow_it_closely_and_nothing_changes(client, group):
    carla = UserFactory()
    client.force_login(carla)
    response = client.post(reverse("spaces:follow_closely", args=[group.slug]), follow=True)
    assert gettext("Join the group to follow it closely.") in response.content.decode()
    assert not Membership.objects.filter(user=carla).exists()
    assert client.post(reverse("spaces:follow_closely", args=["no-such-group"])).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, group):
    response = client.post(reverse("spaces:follow_closely", args=[group.slug]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_leaving_the_group_ends_close_following(group):
    bea = close_follower(group)
    space_services.leave_space(bea, group)
    space_services.join_space(bea, group)
    assert not Membership.objects.get(space=group, user=bea).follows_closely


# The fan-out -------------------------------------------------------------------------------------

def test_a_new_post_tells_close_followers_only_through_a_task(owner, group, django_capture_on_commit_callbacks):
    bea, carla = close_follower(group), close_follower(group)
    quiet = UserFactory()
    add_member(group, quiet)  # a member, but not following closely
    outsider = UserFactory()
    publish(owner, group, "Nueva guía", capture=django_capture_on_commit_callbacks)
    assert told(bea) == []  # not yet: the task has not run
    run_queued_tasks()
    assert told(bea) == told(carla) == ["Nueva guía"]
    assert told(quiet) == told(outsider) == told(owner) == []
    notification = Notification.objects.get(recipient=bea, kind=Kind.SPACE_CONTENT)
    assert notification.actor == owner and notification.space == group
    assert "Compra pública" in describe(notification) and "Nueva guía" in describe(notification)


def test_the_author_is_not_told_of_their_own_post(group, django_capture_on_commit_callbacks):
    bea = close_follower(group)
    publish(bea, group, "Lo mío", capture=django_capture_on_commit_callbacks)
    run_queued_tasks()
    assert told(bea) == []


def test_nobody_is_told_of_a_post_hidden_before_the_task_ran(owner, group, django_capture_on_commit_callbacks):
    bea = close_follower(group)
    debate = publish(owner, group, "Retirado", capture=django_capture_on_commit_callbacks)
    content_services.hide_content(owner, debate.content, "duplicado")
    run_queued_tasks()
    assert told(bea) == []


def test_a_member_who_switched_the_kind_off_is_not_told(owner, group, django_capture_on_commit_callbacks):
    bea = close_follower(group)
    Preference.objects.create(user=bea, kind=Kind.SPACE_CONTENT, channel=Channel.OFF)
    publish(owner, group, "Silencio", capture=django_capture_on_commit_callbacks)
    run_queued_tasks()
    assert told(bea) == []


def test_a_mentioned_close_follower_hears_once_and_a_retry_tells_nobody_twice(
        owner, group, django_capture_on_commit_callbacks):
    bea = close_follower(group, username="bea")
    carla = close_follower(group)
    debate = publish(owner, group, "Pregunta", "¿Qué opinas, @bea?", capture=django_capture_on_commit_callbacks)
    run_queued_tasks()
    assert list(Notification.objects.filter(recipient=bea).values_list("kind", flat=True)) == [Kind.MENTION]
    assert notify_space_followers(debate.content_id) == 0  # as a retry after a failure would
    assert told(carla) == ["Pregunta"]


def test_posts_outside_groups_queue_no_fan_out(owner, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        publish_debate(owner, title="En abierto")
    assert callbacks == []
