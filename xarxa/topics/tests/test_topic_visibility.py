"""A topic first (or only) used in a secret group names nothing: not on /topics/, not on its own page, not in
form suggestions, filters, search or the header suggestions, for anyone who may not see that group."""

import pytest
from django.urls import reverse

from xarxa.accounts.tests.factories import TopicFactory, UserFactory
from xarxa.debates.tests.factories import DebateFactory
from xarxa.search import rebuild
from xarxa.search import services as search
from xarxa.spaces.models import Space
from xarxa.spaces.tests.factories import SpaceFactory, add_member
from xarxa.topics.models import Topic

pytestmark = pytest.mark.django_db
SECRET_TOPIC = "Fusion Ministerial"


@pytest.fixture
def world():
    insider, outsider, staff = UserFactory(), UserFactory(), UserFactory(is_staff=True)
    secret = SpaceFactory(name="Grupo reservado", visibility=Space.Visibility.SECRET)
    add_member(secret, insider)
    hidden = TopicFactory(name=SECRET_TOPIC, slug="fusion-ministerial")
    secret.topics.add(hidden)
    DebateFactory(content__space=secret, content__title="Plan").content.topics.add(hidden)
    shared = TopicFactory(name="Datos abiertos", slug="datos-abiertos")
    DebateFactory(content__title="Abierto").content.topics.add(shared)
    rebuild.rebuild_index()  # search documents for every topic, as the nightly rebuild writes them
    return {"insider": insider, "outsider": outsider, "staff": staff, "hidden": hidden, "shared": shared}


@pytest.mark.parametrize("viewer", ["anonymous", "outsider"])
def test_a_secret_groups_topic_appears_nowhere_to_those_outside(client, world, viewer):
    if viewer != "anonymous":
        client.force_login(world[viewer])
        user = world[viewer]
    else:
        from django.contrib.auth.models import AnonymousUser

        user = AnonymousUser()
    assert list(Topic.objects.listed_to(user)) == [world["shared"]]
    pages = [reverse("topics:list"), reverse("search:search") + "?q=datos", reverse("search:suggest") + "?q=fus",
             reverse("debates:list"), reverse("spaces:directory"), reverse("accounts:directory")]
    if viewer != "anonymous":
        pages += [reverse("spaces:create"), reverse("accounts:edit_profile")]
    for url in pages:
        html = client.get(url).content.decode()
        assert SECRET_TOPIC not in html, url
    assert "Datos abiertos" in client.get(reverse("topics:list")).content.decode()
    assert client.get(reverse("topics:detail", args=["fusion-ministerial"])).status_code == 404
    assert not [row for row in search.suggest(user, "Fusion") if row.kind == "topic"]


def test_those_in_the_group_and_staff_see_the_topic(client, world):
    for who in ("insider", "staff"):
        client.force_login(world[who])
        assert SECRET_TOPIC in client.get(reverse("topics:list")).content.decode()
        assert client.get(reverse("topics:detail", args=["fusion-ministerial"])).status_code == 200
        assert world["hidden"] in Topic.objects.listed_to(world[who])


def test_a_topic_shows_once_used_where_the_reader_may_look(world):
    from django.contrib.auth.models import AnonymousUser

    assert world["hidden"] not in Topic.objects.listed_to(AnonymousUser())
    DebateFactory(content__title="Ahora en abierto").content.topics.add(world["hidden"])
    assert world["hidden"] in Topic.objects.listed_to(AnonymousUser())
