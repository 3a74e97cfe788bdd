import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from xarxa.accounts.tests.factories import TopicFactory, UserFactory
from xarxa.content.tests.factories import CommentFactory
from xarxa.debates.tests.factories import DebateFactory
from xarxa.spaces.tests.factories import SpaceFactory

pytestmark = pytest.mark.django_db


def titles(html):
    return re.findall(r'<h3 class="item-title"><a [^>]*>([^<]+)</a>', html)


def next_link(html):
    match = re.search(r'href="\?([^"]*after=[^"]+)"', html)
    return match and "?" + match.group(1).replace("&amp;", "&")


@pytest.mark.parametrize("sort", ["newest", "active"])
def test_pages_follow_each_other_without_gaps_or_repeats(client, sort):
    now = timezone.now()
    for number in range(25):
        debate = DebateFactory(content__title=f"Debate {number:02d}",
                               content__published_at=now - timedelta(hours=number))
        for _reply in range(number % 4):
            CommentFactory(content=debate.content)
    seen, url = [], reverse("debates:list") + f"?sort={sort}"
    while url:
        html = client.get(url if url.startswith("/") else reverse("debates:list") + url).content.decode()
        seen += titles(html)
        url = next_link(html)
    assert sorted(seen) == [f"Debate {n:02d}" for n in range(25)]
    if sort == "newest":
        assert seen[:3] == ["Debate 00", "Debate 01", "Debate 02"]


def test_load_more_with_htmx_returns_only_the_rows(client):
    for number in range(22):
        DebateFactory(content__title=f"Debate {number:02d}")
    first = client.get(reverse("debates:list")).content.decode()
    response = client.get(reverse("debates:list") + next_link(first), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html and len(titles(html)) == 2


def test_unanswered_and_by_topic(client):
    topic = TopicFactory(name="Open data", slug="open-data")
    answered = DebateFactory(content__title="Respondido")
    CommentFactory(content=answered.content)
    tagged = DebateFactory(content__title="Con tema")
    tagged.content.topics.add(topic)
    html = client.get(reverse("debates:list") + "?sort=unanswered").content.decode()
    assert titles(html) == ["Con tema"]
    html = client.get(reverse("debates:list") + "?topic=open-data").content.decode()
    assert titles(html) == ["Con tema"]


def test_pinned_debates_come_first_in_their_group(client):
    group = SpaceFactory(owner=UserFactory())
    now = timezone.now()
    DebateFactory(content__space=group, content__title="Antiguo fijado", content__is_pinned=True,
                  content__published_at=now - timedelta(days=30))
    DebateFactory(content__space=group, content__title="Reciente", content__published_at=now)
    html = client.get(reverse("debates:space_list", args=[group.slug])).content.decode()
    assert titles(html) == ["Antiguo fijado", "Reciente"]
