"""Who is going to an event is shown only to those who may see its attendee list, and goes with the answer."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.urls import reverse
from django.utils import timezone

from xarxa.accounts.tests.factories import UserFactory
from xarxa.activity.feed import visible_activities
from xarxa.activity.models import Activity, Verb
from xarxa.events import services
from xarxa.events.tests.factories import EventFactory
from xarxa.spaces.models import Membership
from xarxa.spaces.tests.factories import SpaceFactory, add_member

pytestmark = pytest.mark.django_db


def sees_attendance(reader, member, event):
    return visible_activities(reader).filter(verb=Verb.RSVPED, actor=member, content=event.content).exists()


def test_going_is_seen_by_the_organiser_and_moderators_only():
    organiser, owner, member, other = UserFactory(), UserFactory(), UserFactory(), UserFactory()
    group = SpaceFactory(owner=owner)
    add_member(group, other)
    event = EventFactory(content__author=organiser, content__space=group)
    services.rsvp(member, event, "going")
    network_moderator = UserFactory()
    network_moderator.groups.add(Group.objects.get_or_create(name="moderators")[0])
    assert Membership.objects.get(space=group, user=owner).can_moderate
    shown = {name: sees_attendance(reader, member, event) for name, reader in [
        ("anonymous", AnonymousUser()), ("fellow member", other), ("someone", UserFactory()),
        ("organiser", organiser), ("group owner", owner), ("network moderator", network_moderator),
        ("staff", UserFactory(is_staff=True))]}
    assert shown == {"anonymous": False, "fellow member": False, "someone": False, "organiser": True,
                     "group owner": True, "network moderator": True, "staff": True}


def test_the_public_feed_does_not_say_who_is_going(client):
    member = UserFactory(profile__full_name="Asistente Secreta")
    event = EventFactory()
    services.rsvp(member, event, "going")
    assert Activity.objects.filter(verb=Verb.RSVPED, actor=member).exists()
    assert "Asistente Secreta" not in client.get(reverse("activity:network")).content.decode()


def test_cancelling_takes_the_line_back_unless_still_going_to_another_date():
    member = UserFactory()
    start = (timezone.now() + timedelta(days=2)).replace(microsecond=0)
    series = EventFactory(starts_at=start, ends_at=start + timedelta(hours=1), recurrence="FREQ=WEEKLY;COUNT=3")
    first, second = start, start + timedelta(weeks=1)
    services.rsvp(member, series, "going", occurrence=first)
    services.rsvp(member, series, "going", occurrence=second)
    services.rsvp(member, series, "not_going", occurrence=first)
    assert Activity.objects.filter(verb=Verb.RSVPED, actor=member).exists()
    services.rsvp(member, series, "maybe", occurrence=second)
    assert not Activity.objects.filter(verb=Verb.RSVPED, actor=member).exists()
