"""Suggestions with their reasons: people you may know, groups for you, trending, related content."""

import pytest
from django.urls import reverse

from xarxa.accounts.tests.factories import OrganisationFactory, TopicFactory, UserFactory
from xarxa.activity.services import record_activity
from xarxa.debates.tests.factories import DebateFactory
from xarxa.discovery import services
from xarxa.follows.models import Follow
from xarxa.spaces.models import Space
from xarxa.spaces.tests.factories import SpaceFactory, add_member

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The reasons are checked in the source language; the pages are checked in Spanish elsewhere."""
    from django.utils import translation

    with translation.override("en"):
        yield


def test_people_you_may_know_come_with_their_reasons():
    city = OrganisationFactory(name="Ayuntamiento de Valencia")
    me = UserFactory(profile__organisation=city, profile__country="ES")
    topic = TopicFactory(name="Datos", slug="datos")
    me.profile.topics.add(topic)
    friend = UserFactory()
    Follow.objects.create(follower=me, user=friend)
    followed_by_friend = UserFactory(profile__full_name="Amiga De Amiga")
    Follow.objects.create(follower=friend, user=followed_by_friend)
    colleague = UserFactory(profile__full_name="Colega", profile__organisation=city)
    expert = UserFactory(profile__full_name="Experta", profile__country="ES")
    expert.profile.topics.add(topic)
    stranger = UserFactory(profile__full_name="Desconocido")

    found = {s.item.user_id: s.reasons for s in services.people_you_may_know(me)}
    assert friend.pk not in found and me.pk not in found and stranger.pk not in found
    assert found[followed_by_friend.pk] == ["1 person you follow follows them"]
    assert found[colleague.pk] == ["Also works at Ayuntamiento de Valencia"]
    assert found[expert.pk] == ["Knows about 1 of your topics", "Also in Spain"]


def test_hidden_profiles_are_never_suggested():
    from xarxa.accounts.models import Profile

    me, friend = UserFactory(), UserFactory()
    hidden = UserFactory(profile__visibility=Profile.Visibility.STAFF)
    Follow.objects.create(follower=me, user=friend)
    Follow.objects.create(follower=friend, user=hidden)
    assert services.people_you_may_know(me) == []


def test_groups_for_you_explain_why_and_skip_joined_and_secret_groups():
    me, friend, other = UserFactory(), UserFactory(), UserFactory()
    Follow.objects.create(follower=me, user=friend)
    topic = TopicFactory(name="Clima", slug="clima")
    me.profile.topics.add(topic)
    with_friend = SpaceFactory(name="Con amiga")
    add_member(with_friend, friend)
    on_topic = SpaceFactory(name="Sobre clima")
    on_topic.topics.add(topic)
    joined = SpaceFactory(name="Ya dentro")
    joined.topics.add(topic)
    add_member(joined, me)
    secret = SpaceFactory(name="Secreto", visibility=Space.Visibility.SECRET)
    add_member(secret, friend)
    add_member(SpaceFactory(name="Sin relación"), other)
    found = {s.item.name: s.reasons for s in services.groups_for_you(me)}
    assert found == {"Con amiga": ["1 person you follow is a member"], "Sobre clima": ["About 1 of your topics"]}


def test_trending_this_week_counts_recent_activity_on_readable_items(client):
    busy = DebateFactory(content__title="Muy activo").content
    quiet = DebateFactory(content__title="Tranquilo").content
    private = DebateFactory(content__title="Privado", content__space=SpaceFactory(visibility="private")).content
    topic = TopicFactory(name="Movilidad", slug="movilidad")
    busy.topics.add(topic)
    people = [UserFactory() for _ in range(3)]
    for person in people:
        record_activity(person, "commented", content=busy)
        record_activity(person, "commented", content=private)
    record_activity(people[0], "reacted", content=quiet)
    trending = services.trending_content(UserFactory())
    assert [(s.item.title, s.reasons) for s in trending] == [
        ("Muy activo", ["3 acts this week by 3 people"]), ("Tranquilo", ["1 act this week by 1 person"])]
    assert [s.item.name for s in services.trending_topics(UserFactory())] == ["Movilidad"]
    html = client.get(reverse("discovery:discover")).content.decode()
    assert "Muy activo" in html and "Privado" not in html


def test_related_content_shares_topics_and_says_which():
    topic, other_topic = TopicFactory(name="Agua", slug="agua"), TopicFactory(name="Energía", slug="energia")
    item = DebateFactory(content__title="Gestión del agua").content
    item.topics.add(topic, other_topic)
    both = DebateFactory(content__title="Agua y energía").content
    both.topics.add(topic, other_topic)
    one = DebateFactory(content__title="Sequía").content
    one.topics.add(topic)
    DebateFactory(content__title="Sin tema")
    related = services.related_content(item, UserFactory())
    assert [(s.item.title, s.reasons) for s in related] == [
        ("Agua y energía", ["Also about Agua, Energía"]), ("Sequía", ["Also about Agua"])]


@pytest.mark.parametrize("count", [1, 3])
def test_the_discover_page_costs_the_same_for_one_or_three_suggestions(client, django_assert_num_queries, count):
    me = UserFactory()
    topic = TopicFactory(name="Datos", slug="datos")
    me.profile.topics.add(topic)
    for n in range(count):
        other = UserFactory()
        other.profile.topics.add(topic)
        group = SpaceFactory(name=f"Grupo {n}")
        group.topics.add(topic)
        record_activity(other, "commented", content=DebateFactory().content)
    client.force_login(me)
    with django_assert_num_queries(14):
        response = client.get(reverse("discovery:discover"))
    assert response.status_code == 200


def test_the_home_page_links_signed_in_members_to_discover(client):
    client.force_login(UserFactory())
    assert reverse("discovery:discover") in client.get(reverse("home")).content.decode()
