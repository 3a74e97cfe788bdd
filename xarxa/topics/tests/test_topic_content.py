"""A topic page gathers the content tagged with it, only what the reader may see, at a fixed cost."""

import pytest
from django.urls import reverse

from xarxa.accounts.tests.factories import TopicFactory, UserFactory
from xarxa.content.models import Content
from xarxa.debates.tests.factories import DebateFactory
from xarxa.spaces.models import Space
from xarxa.spaces.tests.factories import SpaceFactory

pytestmark = pytest.mark.django_db


def tagged(topic, title, **content):
    item = DebateFactory(content__title=title, **{f"content__{k}": v for k, v in content.items()}).content
    item.topics.add(topic)
    return item


@pytest.mark.parametrize("count", [1, 3])
def test_the_topic_page_lists_its_content_at_the_same_cost_for_one_or_three(client, django_assert_num_queries,
                                                                            count):
    topic = TopicFactory(name="Datos abiertos", slug="datos-abiertos")
    group = SpaceFactory(name="Red de datos")
    for n in range(count):
        tagged(topic, f"Debate sobre datos {n}", space=group if n % 2 else None)
    client.force_login(UserFactory())
    # session, member, profile (header), topic, content, expert count, experts, follow state, followers
    with django_assert_num_queries(9):
        html = client.get(reverse("topics:detail", args=[topic.slug])).content.decode()
    assert all(f"Debate sobre datos {n}" in html for n in range(count))


def test_the_topic_page_shows_only_what_the_reader_may_see(client):
    topic = TopicFactory(name="Salud", slug="salud")
    tagged(topic, "Abierto a todos")
    tagged(topic, "Solo del grupo privado", space=SpaceFactory(visibility=Space.Visibility.PRIVATE))
    tagged(topic, "Oculto por moderación", status=Content.Status.HIDDEN)
    tagged(TopicFactory(name="Otro", slug="otro"), "De otro tema")
    html = client.get(reverse("topics:detail", args=[topic.slug])).content.decode()
    assert "Abierto a todos" in html
    assert "Solo del grupo privado" not in html and "Oculto por moderación" not in html and "De otro tema" not in html
