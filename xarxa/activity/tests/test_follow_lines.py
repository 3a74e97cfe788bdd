"""A member's follows on a page read as one line: "Aina followed Marta, Cultura and 3 more".

The line names the two newest things followed (each a link on pages), counts the rest, stands where the
newest follow is, and stays inside its page; one follow reads as it always did."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from xarxa.accounts.tests.factories import OrganisationFactory, TopicFactory, UserFactory
from xarxa.activity import feed
from xarxa.activity.services import record_activity
from xarxa.activity.templatetags.activity_tags import activity_sentence
from xarxa.activity.tests.test_texts import feed_lines, named
from xarxa.activity.texts import describe_item, describe_item_html
from xarxa.debates.services import publish_debate
from xarxa.follows.services import follow, unfollow
from xarxa.spaces.tests.factories import SpaceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def aina_and_reader():
    aina, reader = named("aina", "Aina"), UserFactory(username="reader")
    follow(reader, aina)
    return aina, reader


def followed_things():
    """Five things of every kind one may follow, in the order Aina follows them (the last is newest)."""
    return [
        named("marta", "Marta"),
        TopicFactory(slug="cultura", name="Cultura"),
        OrganisationFactory(name="Ajuntament de Girona", slug="girona"),
        SpaceFactory(owner=UserFactory(), name="Agenda 2030"),
        TopicFactory(slug="datos", name="Datos"),
    ]


def aina_follows(aina, things):
    for thing in things:
        if hasattr(thing, "join_policy"):  # a group is followed by joining; the log may still hold the act
            record_activity(aina, "followed", space=thing)
        else:
            follow(aina, thing)


def home_items(reader, per_page=feed.PER_PAGE, cursor=None):
    return feed.feed_page(feed.home_activities(reader), cursor, per_page)


def page_lines(client, reader, language="en", url=None):
    client.force_login(reader)
    return feed_lines(client.get(url or reverse("activity:home"), HTTP_ACCEPT_LANGUAGE=language).content.decode())


@pytest.mark.parametrize(("count", "english"), [
    (1, "Aina followed Marta"),
    (2, "Aina followed Cultura and Marta"),
    (5, "Aina followed Datos, Agenda 2030 and 3 more"),
])
def test_a_members_follows_are_one_line(client, aina_and_reader, count, english):
    aina, reader = aina_and_reader
    aina_follows(aina, followed_things()[:count])
    items = home_items(reader).items
    assert len(items) == 1
    assert page_lines(client, reader) == [english]
    with translation.override("en"):
        assert describe_item(items[0]) == english  # e-mails read the same sentence
        assert activity_sentence(items[0]) == english
    # The home page of the site shows the feed too.
    client.force_login(reader)
    assert english in feed_lines(client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode())


@pytest.mark.parametrize(("count", "language", "line"), [
    (2, "es", "Aina empezó a seguir a Cultura y Marta"),
    (5, "es", "Aina empezó a seguir a Datos, Agenda 2030 y 3 más"),
    (5, "pt-br", "Aina começou a seguir Datos, Agenda 2030 e mais 3"),
    (3, "ca", "Aina ha començat a seguir Ajuntament de Girona, Cultura i 1 més"),
])
def test_the_grouped_line_is_one_translated_sentence(client, aina_and_reader, count, language, line):
    aina, reader = aina_and_reader
    aina_follows(aina, followed_things()[:count])
    assert page_lines(client, reader, language) == [line]


def test_one_follow_reads_as_before_in_spanish(client, aina_and_reader):
    aina, reader = aina_and_reader
    aina_follows(aina, followed_things()[:1])
    assert page_lines(client, reader, "es") == ["Aina empezó a seguir a Marta"]
    with translation.override("es"):
        assert describe_item(home_items(reader).items[0]) == "Aina empezó a seguir a Marta"


def test_the_named_things_are_links_and_their_names_are_escaped(client, aina_and_reader):
    aina, reader = aina_and_reader
    marta, topic = named("marta", "Marta"), TopicFactory(slug="negrita", name="<b>x</b>")
    follow(aina, marta)
    follow(aina, topic)
    with translation.override("en"):
        html = describe_item_html(home_items(reader).items[0])
    assert html == (f'<a href="{aina.get_absolute_url()}">Aina</a> followed '
                    f'<a href="{topic.get_absolute_url()}">&lt;b&gt;x&lt;/b&gt;</a> and '
                    f'<a href="{marta.get_absolute_url()}">Marta</a>')
    client.force_login(reader)
    page = client.get(reverse("activity:home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<b>x</b>" not in page and html in page
    more = [TopicFactory(slug=f"t{number}", name=f"T{number}") for number in range(3)]
    for thing in more:
        follow(aina, thing)
    with translation.override("en"):
        assert describe_item_html(home_items(reader).items[0]) == (
            f'<a href="{aina.get_absolute_url()}">Aina</a> followed <a href="{more[2].get_absolute_url()}">T2</a>, '
            f'<a href="{more[1].get_absolute_url()}">T1</a> and 3 more')


def test_two_members_follows_stay_apart(client, aina_and_reader):
    aina, reader = aina_and_reader
    bruno = named("bruno", "Bruno")
    follow(reader, bruno)
    marta, cultura, girona, agenda, datos = followed_things()
    follow(aina, marta)
    follow(bruno, cultura)
    follow(aina, girona)
    follow(bruno, datos)
    assert page_lines(client, reader) == ["Bruno followed Datos and Cultura",
                                          "Aina followed Ajuntament de Girona and Marta"]


def test_follows_between_other_acts_still_group_where_the_newest_is(client, aina_and_reader):
    aina, reader = aina_and_reader
    marta, cultura, girona, _agenda, _datos = followed_things()
    follow(aina, marta)
    publish_debate(aina, title="Primero")
    follow(aina, cultura)
    publish_debate(aina, title="Segundo")
    follow(aina, girona)
    assert page_lines(client, reader) == [
        "Aina followed Ajuntament de Girona, Cultura and 1 more",
        "Aina published “Segundo”",
        "Aina published “Primero”",
    ]
    publish_debate(aina, title="Tercero")
    lines = page_lines(client, reader)
    assert lines[:2] == ["Aina published “Tercero”", "Aina followed Ajuntament de Girona, Cultura and 1 more"]
    # Her own feed and the network's group the same way.
    assert page_lines(client, reader, url=reverse("activity:member", args=["aina"]))[:2] == lines[:2]


def test_following_again_names_the_thing_once(client, aina_and_reader):
    aina, reader = aina_and_reader
    marta, cultura, *_rest = followed_things()
    follow(aina, marta)
    unfollow(aina, marta)
    follow(aina, marta)
    follow(aina, cultura)
    assert page_lines(client, reader) == ["Aina followed Cultura and Marta"]


def test_the_line_stays_inside_its_page(aina_and_reader):
    aina, reader = aina_and_reader
    aina_follows(aina, followed_things())
    first = home_items(reader, per_page=3)
    second = home_items(reader, per_page=3, cursor=first.next_cursor)
    with translation.override("en"):
        assert [describe_item(item) for item in first.items] == ["Aina followed Datos, Agenda 2030 and 1 more"]
        assert [describe_item(item) for item in second.items] == ["Aina followed Cultura and Marta"]
    assert second.next_cursor is None


def test_grouping_follows_costs_no_query(client, aina_and_reader):
    aina, reader = aina_and_reader
    things = followed_things()
    aina_follows(aina, things[:1])
    client.force_login(reader)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("activity:home"))
    aina_follows(aina, things[1:])
    with CaptureQueriesContext(connection) as five:
        response = client.get(reverse("activity:home"), HTTP_ACCEPT_LANGUAGE="en")
    assert "Aina followed Datos, Agenda 2030 and 3 more" in feed_lines(response.content.decode())
    assert len(five) == len(one)
