"""Every list page costs the same number of queries for 1 item as for 3 (no N+1)."""

import pytest
from django.urls import reverse

from xarxa.accounts.tests.factories import OrganisationFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def network():
    return {"organisation": OrganisationFactory(), "topic": TopicFactory()}


@pytest.mark.parametrize("count", [1, 3])
def test_directory(client, django_assert_num_queries, network, count):
    for _ in range(count):
        member = UserFactory(profile__organisation=network["organisation"])
        member.profile.topics.add(network["topic"])
    with django_assert_num_queries(4):  # organisation choices, topic choices, count, page
        response = client.get(reverse("accounts:directory"))
    assert len(response.context["page"].object_list) == count


@pytest.mark.parametrize("count", [1, 3])
def test_directory_filtered_by_topic_and_level(client, django_assert_num_queries, network, count):
    for _ in range(count):
        UserFactory(profile__organisation=network["organisation"]).profile.topics.add(network["topic"])
    with django_assert_num_queries(6):  # + the chosen organisation and topic are looked up
        response = client.get(reverse("accounts:directory"), {"topic": network["topic"].slug, "level": "local",
                                                                 "organisation": network["organisation"].pk})
    assert len(response.context["page"].object_list) == count


@pytest.mark.parametrize("count", [1, 3])
def test_home_and_topic_pages(client, django_assert_num_queries, network, count):
    for _ in range(count):
        UserFactory().profile.topics.add(network["topic"])
    with django_assert_num_queries(3):  # figures, organisations, newest members
        client.get(reverse("home"))
    with django_assert_num_queries(6):  # topic, its latest content, its groups, follower count, count, page
        client.get(network["topic"].get_absolute_url())
    with django_assert_num_queries(2):  # count, page
        client.get(reverse("topics:list"))


@pytest.mark.parametrize("count", [1, 3])
def test_profile_page(client, django_assert_num_queries, network, count):
    member = UserFactory()
    for _ in range(count):
        member.profile.topics.add(TopicFactory())
    with django_assert_num_queries(4):  # member with profile, follower count, following count, topics
        client.get(member.get_absolute_url())
