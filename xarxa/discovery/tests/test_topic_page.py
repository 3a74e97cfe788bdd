"""A topic page gathers the content tagged with it, only what the reader may see, at a fixed cost."""

from datetime import timedelta
from urllib.parse import quote

import pytest
from django.urls import reverse
from django.utils import timezone

from xarxa.accounts.tests.factories import TopicFactory, UserFactory
from xarxa.content.models import Content
from xarxa.content.tests.factories import ContentFactory
from xarxa.debates.tests.factories import DebateFactory
from xarxa.discovery import views
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
    groups = [SpaceFactory(name=f"Red de datos {n}") for n in range(count)]  # the groups list grows too
    for n in range(count):
        tagged(topic, f"Debate sobre datos {n}", space=groups[n] if n % 2 else None)
    client.force_login(UserFactory())
    for group in groups:
        group.topics.add(topic)
    # session, member, profile (header), topic, content, groups, expert count, experts, follow state, followers
    with django_assert_num_queries(10):
        html = client.get(reverse("topics:detail", args=[topic.slug])).content.decode()
    assert all(f"Debate sobre datos {n}" in html for n in range(count))
    assert "Red de datos" in html and all(f"Red de datos {n}" in html for n in range(count))


def test_the_topic_page_shows_only_what_the_reader_may_see(client):
    topic = TopicFactory(name="Salud", slug="salud")
    tagged(topic, "Abierto a todos")
    tagged(topic, "Solo del grupo privado", space=SpaceFactory(visibility=Space.Visibility.PRIVATE))
    tagged(topic, "Oculto por moderación", status=Content.Status.HIDDEN)
    tagged(TopicFactory(name="Otro", slug="otro"), "De otro tema")
    html = client.get(reverse("topics:detail", args=[topic.slug])).content.decode()
    assert "Abierto a todos" in html
    assert "Solo del grupo privado" not in html and "Oculto por moderación" not in html and "De otro tema" not in html


def titles_on(client, topic, **params):
    html = client.get(reverse("topics:detail", args=[topic.slug]), params).content.decode()
    return html


def test_the_topic_content_is_paged_newest_first_with_plain_older_links(client, monkeypatch):
    monkeypatch.setattr(views, "CONTENT_PER_PAGE", 2)
    topic = TopicFactory(name="Vivienda", slug="vivienda")
    now = timezone.now()
    for n in range(5):
        item = tagged(topic, f"Vivienda número {n}")
        # Two items share a timestamp: the id breaks the tie, so none is skipped or shown twice.
        Content.objects.filter(pk=item.pk).update(published_at=now - timedelta(hours=min(n, 3)))
    seen, params = [], {}
    for _page in range(3):
        response = client.get(reverse("topics:detail", args=[topic.slug]), params)
        seen.append([c.title for c in response.context["contents"]])
        older = response.context["older"]
        params = {"after": older}
    assert seen == [["Vivienda número 0", "Vivienda número 1"], ["Vivienda número 2", "Vivienda número 4"],
                    ["Vivienda número 3"]]
    assert older is None
    second_page = client.get(reverse("topics:detail", args=[topic.slug])).context["older"]
    assert f"after={quote(second_page)}" in titles_on(client, topic)


def test_the_topic_content_filters_by_kind_and_bad_cursors_give_the_newest_page(client):
    topic = TopicFactory(name="Empleo", slug="empleo")
    tagged(topic, "Un debate sobre empleo")
    resource = ContentFactory(kind="resource", title="Una guía de empleo")
    resource.topics.add(topic)
    response = client.get(reverse("topics:detail", args=[topic.slug]), {"kind": "resource"})
    assert [c.title for c in response.context["contents"]] == ["Una guía de empleo"]
    for bad in ("nonsense", "1-2-3", "99999999999999999999999-1", "9999-12-31T00:00:00+00:00~99999999999999999999999",
                "~", ""):
        response = client.get(reverse("topics:detail", args=[topic.slug]), {"after": bad, "kind": "nope"})
        assert response.status_code == 200
        assert {c.title for c in response.context["contents"]} == {"Un debate sobre empleo", "Una guía de empleo"}


def test_the_topic_page_lists_only_the_groups_the_reader_may_know_of(client):
    topic = TopicFactory(name="Movilidad", slug="movilidad")
    SpaceFactory(name="Movilidad urbana").topics.add(topic)
    SpaceFactory(name="Comité secreto", visibility=Space.Visibility.SECRET).topics.add(topic)
    SpaceFactory(name="Otro grupo")
    html = titles_on(client, topic)
    assert "Movilidad urbana" in html
    assert "Comité secreto" not in html and "Otro grupo" not in html
