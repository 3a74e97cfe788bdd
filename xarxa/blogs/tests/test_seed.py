"""The demo seed for blogs, wikis and events makes pages that render."""

import random

import pytest

from xarxa.accounts.tests.factories import TopicFactory, UserFactory
from xarxa.spaces.tests.factories import SpaceFactory, add_member


@pytest.mark.django_db
def test_seed(client):
    from xarxa.demo.seed_blogs import seed_blogs
    users = [UserFactory() for _ in range(10)]
    spaces = [SpaceFactory(owner=users[0]), SpaceFactory(owner=users[1])]
    add_member(spaces[0], users[2])
    topics = [TopicFactory(), TopicFactory()]
    report = seed_blogs(random.Random(3), users, spaces, topics)
    assert report.posts == 10 and report.events == 8 and report.wiki_pages == 9
    from xarxa.wikis.models import WikiPage
    page = WikiPage.objects.filter(space=None).first()
    assert client.get(page.content.get_absolute_url()).status_code == 200
    for url in ("/blogs/", "/events/", "/wiki/", "/events/month/", "/events/calendar.ics", "/blogs/feed/"):
        assert client.get(url).status_code == 200, url
