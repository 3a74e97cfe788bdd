"""The generic delete of every kind (content.kind_views.delete): the author asks, confirms, and the item is
gone for every reader through the content lifecycle's delete transition; anyone else is refused and
nothing changes. Events tell those who had answered; a wiki page with pages under it is refused."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils.translation import gettext

from xarxa.accounts.tests.factories import UserFactory
from xarxa.blogs.tests.factories import PostFactory
from xarxa.content.models import Content
from xarxa.debates.tests.factories import DebateFactory
from xarxa.events import services as event_services
from xarxa.events.models import Rsvp
from xarxa.events.tests.factories import EventFactory
from xarxa.library.tests.factories import ResourceFactory
from xarxa.spaces.tests.factories import SpaceFactory, add_member
from xarxa.wikis import services as wiki_services

pytestmark = pytest.mark.django_db


def statuses():
    return list(Content.objects.order_by("pk").values_list("pk", "status"))


@pytest.mark.parametrize("make, app", [
    (lambda: DebateFactory().content, "debates"), (lambda: PostFactory().content, "blogs"),
    (lambda: EventFactory().content, "events"), (lambda: ResourceFactory().content, "library"),
    (lambda: wiki_services.create_page(UserFactory(), title="Página").content, "wikis"),
])
def test_the_author_deletes_their_own_item_and_nobody_reads_it_any_more(client, make, app):
    content = make()
    url = content.get_absolute_url()
    client.force_login(content.author)
    page = client.get(url, follow=True).content.decode()
    delete_url = reverse(f"{app}:delete", args=[content.pk])
    assert f'href="{delete_url}"' in page
    assert client.get(delete_url).status_code == 200
    response = client.post(delete_url)
    assert response.status_code == 302
    content.refresh_from_db()
    assert content.status == Content.Status.DELETED
    assert client.get(url).status_code == 404


def test_another_member_is_not_offered_delete_and_is_refused(client):
    debate = DebateFactory()
    client.force_login(UserFactory())
    url = reverse("debates:delete", args=[debate.content.pk])
    assert f'href="{url}"' not in client.get(debate.get_absolute_url()).content.decode()
    before = statuses()
    response = client.get(url)
    assert response.status_code == 403
    assert gettext("Only the author or a moderator can delete this.") in response.content.decode()
    response = client.post(url)
    assert response.status_code == 302 and response.url == debate.get_absolute_url()
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        gettext("Only the author or a moderator can delete this.")]
    assert statuses() == before


def test_another_members_draft_cannot_even_be_found(client):
    debate = DebateFactory(content__status=Content.Status.DRAFT)
    client.force_login(UserFactory())
    assert client.post(reverse("debates:delete", args=[debate.content.pk])).status_code == 404


def test_a_group_item_deleted_leads_to_the_group_list(client):
    author = UserFactory()
    group = SpaceFactory()
    add_member(group, author)
    debate = DebateFactory(content__space=group, content__author=author)
    client.force_login(author)
    response = client.post(reverse("debates:delete", args=[debate.content.pk]))
    assert response.url == reverse("debates:space_list", args=[group.slug])


def test_deleting_an_event_tells_those_who_had_answered(client, mailbox):
    event = EventFactory()
    going, maybe, not_going = UserFactory(language="en"), UserFactory(), UserFactory()
    event_services.rsvp(going, event, Rsvp.Answer.GOING)
    event_services.rsvp(maybe, event, Rsvp.Answer.MAYBE)
    event_services.rsvp(not_going, event, Rsvp.Answer.NOT_GOING)
    client.force_login(event.content.author)
    response = client.post(reverse("events:delete", args=[event.content.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    mails = mailbox()
    assert sorted(m["To"] for m in mails) == sorted([going.email, maybe.email])
    english = next(m for m in mails if m["To"] == going.email)
    assert english["Subject"].strip() == f"Cancelled: “{event.content.title}”"
    assert "2 members who had answered were told by e-mail that it no longer takes place." in [
        str(m) for m in get_messages(response.wsgi_request)]


def test_a_wiki_page_with_pages_under_it_is_not_deleted(client):
    author = UserFactory()
    top = wiki_services.create_page(author, title="Manual")
    wiki_services.create_page(author, title="Capítulo", parent=top)
    client.force_login(author)
    before = statuses()
    response = client.post(reverse("wikis:delete", args=[top.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    assert "Move or delete the pages under this one first." in [str(m) for m in get_messages(response.wsgi_request)]
    assert statuses() == before
