"""Feeds: what a member sees, what they must not see (even after the fact), paging and grouping."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from xarxa.accounts.tests.factories import OrganisationFactory, TopicFactory, UserFactory
from xarxa.activity import feed
from xarxa.activity.models import Activity
from xarxa.activity.services import mute, record_activity
from xarxa.content import services as content_services
from xarxa.content.models import Content
from xarxa.debates.services import publish_debate
from xarxa.follows.services import follow
from xarxa.spaces import services as space_services
from xarxa.spaces.models import Space
from xarxa.spaces.tests.factories import SpaceFactory, add_member

pytestmark = pytest.mark.django_db


def titles(page):
    return [item.activity.content.title if item.activity.content_id else item.activity.verb for item in page.items]


def home(reader, cursor=None, per_page=feed.PER_PAGE):
    return feed.feed_page(feed.home_activities(reader), cursor, per_page)


@pytest.fixture
def ana_and_reader():
    ana, reader = UserFactory(username="ana"), UserFactory(username="reader")
    follow(reader, ana)
    return ana, reader


def test_home_feed_shows_what_followed_people_publish(ana_and_reader):
    ana, reader = ana_and_reader
    stranger = UserFactory()
    publish_debate(ana, title="Datos abiertos")
    publish_debate(stranger, title="Nadie me sigue")
    assert titles(home(reader)) == ["Datos abiertos"]


def test_home_feed_follows_organisations_topics_and_groups():
    reader, colleague, tagger, groupmate = UserFactory(), UserFactory(), UserFactory(), UserFactory()
    organisation, topic = OrganisationFactory(), TopicFactory(slug="transparencia")
    colleague.profile.organisation = organisation
    colleague.profile.save()
    group = SpaceFactory(owner=groupmate)
    add_member(group, reader)
    for target in (organisation, topic):
        follow(reader, target)
    publish_debate(colleague, title="Del ayuntamiento")
    publish_debate(tagger, title="Etiquetado", topics=[topic])
    publish_debate(groupmate, space=group, title="En el grupo")
    assert titles(home(reader)) == ["En el grupo", "Etiquetado", "Del ayuntamiento"]


def test_a_member_following_very_many_reads_the_same_feed_through_subqueries(monkeypatch):
    """Past LITERAL_IDS followed people or groups the lists become subqueries; the feed is the same."""
    monkeypatch.setattr(feed, "LITERAL_IDS", 0)
    test_home_feed_follows_organisations_topics_and_groups()


def test_a_group_turning_private_takes_its_activity_out_of_followers_feeds(ana_and_reader):
    ana, reader = ana_and_reader
    group = SpaceFactory(owner=ana)
    publish_debate(ana, space=group, title="Pública de momento")
    assert titles(home(reader)) == ["Pública de momento"]
    Space.objects.filter(pk=group.pk).update(visibility=Space.Visibility.PRIVATE)
    assert titles(home(reader)) == []
    assert not feed.public_activities(reader).filter(space=group).exists()  # her joining it is private too


def test_content_hidden_by_a_moderator_disappears_from_every_feed(ana_and_reader, client):
    ana, reader = ana_and_reader
    debate = publish_debate(ana, title="Será ocultado")
    moderator = UserFactory()
    moderator.groups.add(Group.objects.get_or_create(name="moderators")[0])
    content_services.add_comment(reader, debate.content, "Una respuesta")
    content_services.hide_content(moderator, debate.content, reason="spam")
    assert titles(home(reader)) == []
    assert not feed.public_activities(reader).filter(content=debate.content).exists()
    response = client.get(reverse("activity:network"))
    assert "Será ocultado" not in response.content.decode()


def test_a_member_leaving_a_private_group_stops_seeing_its_activity():
    owner, reader = UserFactory(), UserFactory()
    group = SpaceFactory(owner=owner, visibility=Space.Visibility.PRIVATE)
    add_member(group, reader)
    publish_debate(owner, space=group, title="Solo para miembros")
    assert titles(home(reader)) == ["Solo para miembros"]
    space_services.leave_space(reader, group)
    assert titles(home(reader)) == []
    assert not feed.space_activities(reader, group).exists()


def test_pages_have_no_duplicates_or_gaps_while_new_activity_arrives(ana_and_reader):
    ana, reader = ana_and_reader
    for number in range(7):
        publish_debate(ana, title=f"Debate {number}")
    first = home(reader, per_page=3)
    assert titles(first) == ["Debate 6", "Debate 5", "Debate 4"]
    publish_debate(ana, title="Llega mientras leo")
    second = home(reader, first.next_cursor, per_page=3)
    third = home(reader, second.next_cursor, per_page=3)
    assert titles(second) == ["Debate 3", "Debate 2", "Debate 1"]
    assert titles(third) == ["Debate 0"] and third.next_cursor is None
    assert titles(home(reader, per_page=1)) == ["Llega mientras leo"]


def test_activities_in_the_same_second_are_paged_by_id(ana_and_reader):
    ana, reader = ana_and_reader
    for number in range(4):
        publish_debate(ana, title=f"Mismo instante {number}")
    Activity.objects.update(created_at=timezone.now() - timedelta(minutes=1))
    first = home(reader, per_page=2)
    second = home(reader, first.next_cursor, per_page=2)
    assert titles(first) + titles(second) == [f"Mismo instante {n}" for n in (3, 2, 1, 0)]


def hide_all_but(*titles):
    Content.objects.exclude(title__in=titles).update(status=Content.Status.HIDDEN)


def test_activity_the_reader_may_not_see_does_not_leave_the_page_short(ana_and_reader):
    """Candidates are read per source, then checked for visibility: a second round fills the page."""
    ana, reader = ana_and_reader
    for title in ["Vieja", "Visible", *[f"Oculta {n}" for n in range(8)]]:
        publish_debate(ana, title=title)
    hide_all_but("Vieja", "Visible")
    first = home(reader, per_page=2)  # 6 candidates a round: the first six are all hidden
    assert titles(first) == ["Visible", "Vieja"] and first.next_cursor is None


def test_a_page_of_only_hidden_activity_is_bounded_and_paging_goes_on(ana_and_reader):
    ana, reader = ana_and_reader
    for title in ["Vieja", *[f"Oculta {n}" for n in range(14)]]:
        publish_debate(ana, title=title)
    hide_all_but("Vieja")
    first = home(reader, per_page=1)  # 3 rounds of 4 candidates, all hidden: an empty page that goes on
    assert titles(first) == [] and first.next_cursor is not None
    second = home(reader, first.next_cursor, per_page=1)
    assert titles(second) == ["Vieja"] and second.next_cursor is None


def test_candidates_left_over_by_the_merge_are_still_read(ana_and_reader):
    """Two sources, neither filling its share, still give more than a round keeps: the rest come next round."""
    ana, reader = ana_and_reader
    group = SpaceFactory(owner=UserFactory())
    add_member(group, reader)
    groupmate = UserFactory()
    add_member(group, groupmate)
    publish_debate(ana, title="Vieja de Ana")
    publish_debate(groupmate, space=group, title="Vieja del grupo")
    for number in range(4):
        publish_debate(ana, title=f"Oculta {number}")
        publish_debate(groupmate, space=group, title=f"Oculta en el grupo {number}")
    hide_all_but("Vieja de Ana", "Vieja del grupo")
    first = home(reader, per_page=2)  # 6 candidates a round; each source gives 5, so 4 wait for round two
    assert titles(first) == ["Vieja del grupo", "Vieja de Ana"] and first.next_cursor is None


def test_a_mangled_cursor_gives_the_first_page(ana_and_reader, client):
    ana, reader = ana_and_reader
    publish_debate(ana, title="Primera")
    assert titles(home(reader, "not-a-cursor_x")) == ["Primera"]
    client.force_login(reader)
    assert client.get(reverse("activity:home"), {"after": "2020-99-99_1"}).status_code == 200


def test_many_replies_to_one_item_are_one_line(ana_and_reader):
    ana, reader = ana_and_reader
    debate = publish_debate(ana, title="Muy comentado")
    people = [UserFactory() for _ in range(5)]
    for person in people:
        follow(reader, person)
        content_services.add_comment(person, debate.content, "Opino que sí")
    items = home(reader).items
    commented = [item for item in items if item.activity.verb == "commented"]
    assert len(commented) == 1
    assert commented[0].others == 4 and commented[0].activity.actor == people[-1]


def test_muted_members_and_groups_leave_the_feed(ana_and_reader):
    ana, reader = ana_and_reader
    group = SpaceFactory(owner=UserFactory())
    add_member(group, reader)
    publish_debate(ana, title="De Ana")
    publish_debate(group.memberships.get(role="owner").user, space=group, title="Del grupo")
    mute(reader, member=ana)
    mute(reader, space=group)
    assert titles(home(reader)) == []


def test_visitors_see_only_public_activity(client):
    owner = UserFactory()
    public, private = SpaceFactory(owner=owner), SpaceFactory(owner=owner, visibility=Space.Visibility.PRIVATE)
    publish_debate(owner, space=public, title="PUBLICTOKEN")
    publish_debate(owner, space=private, title="PRIVATETOKEN")
    html = client.get(reverse("activity:network")).content.decode()
    assert "PUBLICTOKEN" in html and "PRIVATETOKEN" not in html


def test_profile_and_group_feeds(client, ana_and_reader):
    ana, reader = ana_and_reader
    group = SpaceFactory(owner=ana)
    publish_debate(ana, space=group, title="En su grupo")
    client.force_login(reader)
    assert "En su grupo" in client.get(reverse("activity:member", args=["ana"])).content.decode()
    assert "En su grupo" in client.get(reverse("activity:space", args=[group.slug])).content.decode()


def test_load_more_works_with_htmx_and_without(client, ana_and_reader):
    ana, reader = ana_and_reader
    for number in range(feed.PER_PAGE + 2):
        record_activity(ana, "followed", target_user=UserFactory(username=f"followed{number:02d}"))
    client.force_login(reader)
    page = client.get(reverse("activity:home")).content.decode()
    first = home(reader)
    assert "?after=" in page and "hx-get" in page
    more = client.get(reverse("activity:home"), {"after": first.next_cursor}, headers={"HX-Request": "true"})
    html = more.content.decode()
    # Her follows are one line per page (grouping stays inside a page): the second page's two are one line.
    assert "<h1>" not in html and html.count('class="feed-item"') == 1
    assert "/u/followed01/" in html and "/u/followed00/" in html and "/u/followed02/" not in html
    plain = client.get(reverse("activity:home"), {"after": first.next_cursor}).content.decode()
    assert "<h1>" in plain and plain.count('class="feed-item"') == 1


def test_home_page_shows_the_feed_to_members_and_the_landing_page_to_visitors(client, ana_and_reader):
    ana, reader = ana_and_reader
    publish_debate(ana, title="En mi portada")
    assert "En mi portada" not in client.get("/").content.decode()
    client.force_login(reader)
    assert "En mi portada" in client.get("/").content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_home_feed_query_count(client, django_assert_num_queries, ana_and_reader, count):
    """Every source in use (a person, a group, a topic): session and user (2), what the reader follows (1),
    whether they moderate (1), one query per source (3), the page's rows with their objects (1), the header's
    profile (1). It was 5 with one OR query; the sources cost 4 more but each one walks an index."""
    ana, reader = ana_and_reader
    group, topic = SpaceFactory(owner=ana), TopicFactory(slug="datos")
    add_member(group, reader)
    follow(reader, topic)
    for number in range(count):
        debate = publish_debate(ana, space=group, title=f"Debate {number}", topics=[topic])
        content_services.toggle_reaction(ana, "like", content=debate.content)
    client.force_login(reader)
    with django_assert_num_queries(9):
        response = client.get(reverse("activity:home"))
    assert response.content.decode().count('class="feed-item"') == 2 * count


@pytest.mark.parametrize("count", [1, 3])
def test_network_feed_query_count(client, django_assert_num_queries, count):
    author = UserFactory()
    for number in range(count):
        publish_debate(author, title=f"Debate {number}")
    with django_assert_num_queries(1):
        response = client.get(reverse("activity:network"))
    assert response.content.decode().count('class="feed-item"') == count


@pytest.mark.parametrize("count", [1, 3])
def test_group_feed_query_count(client, django_assert_num_queries, count):
    author = UserFactory()
    group = SpaceFactory(owner=author)
    for number in range(count):
        publish_debate(author, space=group, title=f"Debate {number}")
    with django_assert_num_queries(2):  # the group, the page's rows with their objects
        response = client.get(reverse("activity:space", args=[group.slug]))
    assert response.content.decode().count('class="feed-item"') == count


@pytest.mark.parametrize("count", [1, 3])
def test_member_feed_query_count(client, django_assert_num_queries, count):
    author = UserFactory(username="autora")
    for number in range(count):
        publish_debate(author, title=f"Debate {number}")
    with django_assert_num_queries(3):  # the member, whether their profile is visible, the page
        response = client.get(reverse("activity:member", args=["autora"]))
    assert response.content.decode().count('class="feed-item"') == count


@pytest.mark.parametrize("literal_ids", [feed.LITERAL_IDS, 0])
def test_mutes_apply_to_every_source(ana_and_reader, monkeypatch, literal_ids):
    """A muted member's activity stays out when it comes through a group the reader is in; a muted
    group's stays out when someone the reader follows writes in it (mutes read as lists, or past
    LITERAL_IDS as subqueries)."""
    monkeypatch.setattr(feed, "LITERAL_IDS", literal_ids)
    ana, reader = ana_and_reader
    joined, muted_group = SpaceFactory(owner=UserFactory()), SpaceFactory(owner=UserFactory())
    add_member(joined, reader)
    add_member(joined, ana)
    add_member(muted_group, ana)
    followed = UserFactory()
    follow(reader, followed)
    add_member(joined, followed)
    add_member(muted_group, followed)
    publish_debate(ana, space=joined, title="De Ana en el grupo")
    publish_debate(followed, space=muted_group, title="En el grupo silenciado")
    publish_debate(followed, space=joined, title="Se ve")
    mute(reader, member=ana)
    mute(reader, space=muted_group)
    assert titles(home(reader)) == ["Se ve"]


def test_the_feed_follows_a_reader_whose_standing_changes(ana_and_reader):
    """The home feed's visibility query is compiled once per kind of reader (feed.reader_shape): a reader
    made a network moderator, or made staff, gets the query of their new standing at once."""
    ana, reader = ana_and_reader
    debate = publish_debate(ana, title="Ocultado por moderación")
    publish_debate(ana, title="Publicado")
    moderator = UserFactory()
    moderators = Group.objects.get_or_create(name="moderators")[0]
    moderator.groups.add(moderators)
    content_services.hide_content(moderator, debate.content, reason="spam")
    assert titles(home(reader)) == ["Publicado"]
    assert titles(home(reader)) == ["Publicado"]  # the second time from the compiled query
    reader.groups.add(moderators)
    reader = type(reader).objects.get(pk=reader.pk)  # the next request's reader
    assert titles(home(reader)) == ["Publicado", "Ocultado por moderación"]
    reader.groups.remove(moderators)
    reader = type(reader).objects.get(pk=reader.pk)
    assert titles(home(reader)) == ["Publicado"]
    type(reader).objects.filter(pk=reader.pk).update(is_staff=True)
    reader = type(reader).objects.get(pk=reader.pk)
    assert titles(home(reader)) == ["Publicado", "Ocultado por moderación"]


def test_the_compiled_visibility_agrees_with_visible_activities():
    """For each kind of reader, the home feed's compiled subquery keeps exactly what visible_activities
    keeps, among every activity there is."""
    owner, member, outsider, staff, unapproved = (UserFactory() for _ in range(5))
    staff.is_staff = True
    staff.save()
    unapproved.is_approved = False
    unapproved.save()
    private = SpaceFactory(owner=owner, visibility=Space.Visibility.PRIVATE)
    add_member(private, member)
    publish_debate(owner, space=private, title="Privado")
    publish_debate(owner, title="Abierto")
    hidden = publish_debate(owner, title="Oculto")
    moderator = UserFactory()
    moderator.groups.add(Group.objects.get_or_create(name="moderators")[0])
    content_services.hide_content(moderator, hidden.content, reason="spam")
    ids = list(Activity.objects.values_list("pk", flat=True))
    for reader in (owner, member, outsider, staff, unapproved, moderator):
        for _twice in range(2):
            compiled = set(Activity.objects.filter(feed.visible_among(reader, ids)).values_list("pk", flat=True))
            assert compiled == set(feed.visible_activities(reader).values_list("pk", flat=True)), reader
