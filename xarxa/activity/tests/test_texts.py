"""Feed lines are whole sentences, the same in the page (with links) and in e-mails, in each language."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from xarxa.accounts.tests.factories import UserFactory
from xarxa.activity import feed
from xarxa.activity.texts import describe_item
from xarxa.content import services as content_services
from xarxa.debates.services import publish_debate
from xarxa.follows.services import follow
from xarxa.spaces.tests.factories import SpaceFactory

pytestmark = pytest.mark.django_db


def feed_lines(html) -> list[str]:
    """What a reader sees of each feed line: its text without markup, the time left out."""
    items = re.findall(r'<li class="feed-item".*?<p>(.*?)<time', html, flags=re.S)
    return [" ".join(re.sub(r"<[^>]+>", "", item).split()) for item in items]


def named(username, full_name):
    user = UserFactory(username=username)
    user.profile.full_name = full_name
    user.profile.save()
    return user


@pytest.fixture
def reader_of_ana():
    ana, reader = named("ana", "Ana Pérez"), UserFactory()
    follow(reader, ana)
    return ana, reader


def three_commenters(reader, debate):
    people = [named(f"person{n}", f"Persona {n}") for n in range(3)]
    for person in people:
        follow(reader, person)
        content_services.add_comment(person, debate.content, "De acuerdo")
    return people


def test_a_page_shows_one_sentence_with_links(client, reader_of_ana):
    ana, reader = reader_of_ana
    group = SpaceFactory(owner=ana, name="Datos & ciudad")
    debate = publish_debate(ana, space=group, title="Datos abiertos")
    client.force_login(reader)
    html = client.get(reverse("activity:home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert feed_lines(html) == ["Ana Pérez published “Datos abiertos” in Datos &amp; ciudad"]
    assert f'<a href="{ana.get_absolute_url()}">Ana Pérez</a> published ' in html
    assert f'<a href="{debate.content.get_absolute_url()}">“Datos abiertos”</a>' in html


def test_a_group_feed_does_not_name_its_own_group(client, reader_of_ana):
    ana, reader = reader_of_ana
    group = SpaceFactory(owner=ana, name="Datos")
    publish_debate(ana, space=group, title="Sin nombre de grupo")
    client.force_login(reader)
    html = client.get(reverse("activity:space", args=[group.slug]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Ana Pérez published “Sin nombre de grupo”" in feed_lines(html)


def test_several_people_doing_the_same_read_as_one_plural_sentence(client, reader_of_ana):
    ana, reader = reader_of_ana
    debate = publish_debate(ana, title="Muy comentado")
    three_commenters(reader, debate)
    client.force_login(reader)
    english = feed_lines(client.get(reverse("activity:home"), HTTP_ACCEPT_LANGUAGE="en").content.decode())
    assert english == ["Persona 2 and 2 others commented on “Muy comentado”", "Ana Pérez published “Muy comentado”"]
    spanish = feed_lines(client.get(reverse("activity:home"), HTTP_ACCEPT_LANGUAGE="es").content.decode())
    assert spanish == ["Persona 2 y 2 personas más comentaron en «Muy comentado»", "Ana Pérez publicó «Muy comentado»"]


def test_e_mails_use_the_same_sentences(reader_of_ana):
    ana, reader = reader_of_ana
    debate = publish_debate(ana, title="Muy comentado")
    three_commenters(reader, debate)
    items = feed.feed_page(feed.home_activities(reader)).items
    with translation.override("en"):
        assert [describe_item(item) for item in items] == [
            "Persona 2 and 2 others commented on “Muy comentado”", "Ana Pérez published “Muy comentado”"]
    with translation.override("es"):
        assert [describe_item(item) for item in items] == [
            "Persona 2 y 2 personas más comentaron en «Muy comentado»", "Ana Pérez publicó «Muy comentado»"]


def test_names_are_escaped_in_the_page(client, reader_of_ana):
    ana, reader = reader_of_ana
    ana.profile.full_name = "<b>Ana</b>"
    ana.profile.save()
    publish_debate(ana, title="<i>Título</i>")
    client.force_login(reader)
    html = client.get(reverse("activity:home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<b>Ana</b>" not in html and "<i>Título</i>" not in html
    assert "&lt;b&gt;Ana&lt;/b&gt; published “&lt;i&gt;Título&lt;/i&gt;”" in feed_lines(html)
