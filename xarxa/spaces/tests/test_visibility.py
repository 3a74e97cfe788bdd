"""Nothing private leaks. One world with a public, a members-only, a private and a secret group, each
holding a debate, a reply, a reaction and a report; every URL that exists is visited as an anonymous
visitor, an account whose e-mail address is not confirmed, an outsider, a member with a pending request, a
member, a network moderator and staff.

Extend this module whenever a new surface (page, feed, API, e-mail...) appears.
"""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.translation import gettext

from xarxa.accounts.tests.factories import TopicFactory, UserFactory
from xarxa.content import rules as content_rules
from xarxa.content.models import Attachment, Content
from xarxa.content.tests.factories import CommentFactory, FlagFactory, ReactionFactory
from xarxa.debates.tests.factories import DebateFactory
from xarxa.spaces import rules as space_rules
from xarxa.spaces.models import JoinRequest, Membership, Space
from xarxa.spaces.tests.factories import SpaceFactory, add_member

pytestmark = pytest.mark.django_db

VISIBILITIES = ["public", "members", "private", "secret"]
# "unverified": signed in, approved, but with no confirmed e-mail address (in open sign-up, anyone who
# registers any address). Members-only means verified members: they may know such groups exist, not read them.
VIEWERS = ["anonymous", "unverified", "outsider", "requester", "member", "netmod", "staff"]

# Who may know the group exists, and who may read inside it.
CAN_VIEW = {
    "public": set(VIEWERS),
    "members": set(VIEWERS),
    "private": set(VIEWERS),
    "secret": {"member", "staff"},
}
CAN_READ = {
    "public": set(VIEWERS),
    "members": {"outsider", "requester", "member", "netmod", "staff"},
    "private": {"member", "staff"},
    "secret": {"member", "staff"},
}


def token(kind, visibility):
    return f"{kind.upper()}{visibility.upper()}TOKEN"


@pytest.fixture
def world():
    topic = TopicFactory(name="Open government", slug="open-government")
    people = {
        "owner": UserFactory(username="owner"),
        "unverified": UserFactory(username="unverified"),
        "outsider": UserFactory(username="outsider"),
        "requester": UserFactory(username="requester"),
        "member": UserFactory(username="member"),
        "netmod": UserFactory(username="netmod"),
        "staff": UserFactory(username="staff", is_staff=True),
    }
    EmailAddress.objects.filter(user=people["unverified"]).update(verified=False)
    people["unverified"].profile.topics.add(topic)
    people["netmod"].groups.add(Group.objects.get_or_create(name="moderators")[0])
    people["member"].profile.topics.add(topic)
    people["outsider"].profile.topics.add(topic)
    spaces, debates = {}, {}
    for visibility in VISIBILITIES:
        space = SpaceFactory(name=token("group", visibility), slug=f"group-{visibility}", visibility=visibility,
                             join_policy=Space.JoinPolicy.REQUEST, owner=people["owner"],
                             description=token("about", visibility))
        space.topics.add(topic)
        add_member(space, people["member"])
        JoinRequest.objects.create(space=space, user=people["requester"])
        debate = DebateFactory(content__space=space, content__author=people["member"],
                               content__title=token("title", visibility), content__body=token("body", visibility))
        debate.content.topics.add(topic)
        reply = CommentFactory(content=debate.content, author=people["owner"], body=token("reply", visibility))
        ReactionFactory(content=debate.content, user=people["owner"])
        FlagFactory(content=debate.content, comment=reply, reporter=people["member"], note=token("flag", visibility))
        attachment = Attachment(content=debate.content, name="acta.txt", size=5, mime_type="text/plain",
                                uploaded_by=people["member"])
        attachment.file.save("acta.txt", SimpleUploadedFile("acta.txt", b"acta\n"), save=True)
        spaces[visibility], debates[visibility] = space, debate
        debate.reply, debate.attachment = reply, attachment
    return {"people": people, "spaces": spaces, "debates": debates, "topic": topic}


def login(client, world, viewer):
    if viewer != "anonymous":
        client.force_login(world["people"][viewer])


def page(client, url):
    response = client.get(url)
    return response.status_code, response.content.decode()


def absent_unless(allowed, html, *tokens):
    for text in tokens:
        assert (text in html) == allowed, f"{text} {'missing' if allowed else 'leaked'}"


@pytest.mark.parametrize("viewer", VIEWERS)
def test_group_directory_lists_only_groups_the_viewer_may_know(client, world, viewer):
    login(client, world, viewer)
    _status, html = page(client, reverse("spaces:directory"))
    for visibility in VISIBILITIES:
        absent_unless(viewer in CAN_VIEW[visibility], html, token("group", visibility))
        assert token("title", visibility) not in html
    if viewer != "anonymous":
        _status, mine = page(client, reverse("spaces:directory") + "?tab=mine")
        for visibility in VISIBILITIES:
            assert (token("group", visibility) in mine) == (viewer == "member")


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("visibility", VISIBILITIES)
def test_group_pages(client, world, viewer, visibility):
    login(client, world, viewer)
    space = world["spaces"][visibility]
    can_view, can_read = viewer in CAN_VIEW[visibility], viewer in CAN_READ[visibility]

    status, html = page(client, space.get_absolute_url())
    assert status == (200 if can_view else 404)
    absent_unless(can_view, html, token("group", visibility), token("about", visibility))
    absent_unless(can_read, html, token("title", visibility))

    for name in ("spaces:members", "debates:space_list"):
        status, html = page(client, reverse(name, args=[space.slug]))
        assert status == (200 if can_read else 404), name
        absent_unless(can_view and can_read, html, token("group", visibility))
    status, html = page(client, reverse("debates:space_list", args=[space.slug]))
    absent_unless(can_read, html, token("title", visibility))

    status, html = page(client, reverse("debates:space_list", args=[space.slug]) + "?sort=unanswered")
    assert token("title", visibility) not in html  # it has a reply
    status, _html = page(client, reverse("spaces:request", args=[space.slug]))
    assert status in ((302,) if viewer == "anonymous" else (200,) if can_view else (404,))

    assert token("group", visibility) not in page(client, reverse("debates:list"))[1] or can_read


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("visibility", VISIBILITIES)
def test_debate_pages_and_comment_endpoints(client, world, viewer, visibility):
    login(client, world, viewer)
    debate = world["debates"][visibility]
    content, reply = debate.content, debate.reply
    can_read = viewer in CAN_READ[visibility]
    expected = 200 if can_read else 404

    status, html = page(client, content.get_absolute_url())
    assert status == expected
    absent_unless(can_read, html, token("title", visibility), token("body", visibility), token("reply", visibility))

    status, html = page(client, reverse("content:comments", args=[content.pk]))
    assert status == expected
    absent_unless(can_read, html, token("reply", visibility))
    assert page(client, reverse("content:detail", args=[content.pk]))[0] == (302 if can_read else 404)
    attachment = debate.attachment
    response = client.get(reverse("content:attachment", args=[attachment.pk, attachment.name]))
    assert response.status_code == expected
    if can_read:
        assert b"".join(response.streaming_content) == b"acta\n"

    _status, html = page(client, reverse("debates:list"))
    absent_unless(can_read, html, token("title", visibility))
    _status, html = page(client, reverse("debates:list") + "?sort=active")
    absent_unless(can_read, html, token("title", visibility))

    # Acts on the item: anonymous visitors are sent to log in; signed-in outsiders get the same 404 as for nothing.
    posts = [
        (reverse("content:add_comment", args=[content.pk]), {"body": "hola"}),
        (reverse("content:react", args=[content.pk]), {"kind": "like"}),
        (reverse("content:react_comment", args=[reply.pk]), {"kind": "like"}),
        (reverse("content:flag_comment", args=[reply.pk]), {"reason": "spam"}),
        (reverse("content:moderate", args=[content.pk]), {"action": "hide"}),
        (reverse("debates:mark_useful", args=[content.pk, reply.pk]), {}),
    ]
    before = Content.objects.filter(pk=content.pk).values_list("status", "comment_count").get()
    for url, data in posts:
        response = client.post(url, data)
        if viewer == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response.url
        elif not can_read:
            assert response.status_code == 404, url
    if not can_read:
        assert Content.objects.filter(pk=content.pk).values_list("status", "comment_count").get() == before
    for url in (reverse("content:flag", args=[content.pk]), reverse("debates:edit", args=[content.pk]),
                reverse("content:translate", args=[content.pk]), reverse("debates:close", args=[content.pk])):
        status = client.get(url).status_code
        if viewer == "anonymous":
            assert status == 302
        elif not can_read:
            assert status == 404, url


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("visibility", VISIBILITIES)
def test_moderation_queues(client, world, viewer, visibility):
    login(client, world, viewer)
    space = world["spaces"][visibility]
    may_moderate = viewer == "staff" or (viewer == "netmod" and visibility in ("public", "members"))
    status, html = page(client, reverse("content:space_queue", args=[space.slug]))
    if viewer == "anonymous":
        assert status == 302
    else:
        assert status == (200 if may_moderate else 404)
        absent_unless(may_moderate, html, token("flag", visibility), token("reply", visibility))
    status, html = page(client, reverse("content:network_queue"))
    if viewer in ("netmod", "staff"):
        assert status == 200
        # The network queue holds open-network reports; only staff see every group's.
        absent_unless(viewer == "staff", html, token("flag", visibility))
    else:
        assert status in (302, 404)
        assert token("flag", visibility) not in html


@pytest.mark.parametrize("viewer", ["anonymous", "unverified", "outsider", "requester"])
def test_profiles_members_topics_and_home_do_not_leak(client, world, viewer):
    login(client, world, viewer)
    member = world["people"]["member"]
    urls = [member.get_absolute_url(), reverse("accounts:directory"), reverse("home"),
            world["topic"].get_absolute_url(), reverse("topics:list")]
    for url in urls:
        _status, html = page(client, url)
        for visibility in ("private", "secret"):
            for kind in ("title", "body", "reply", "flag"):
                assert token(kind, visibility) not in html, url
        assert token("group", "secret") not in html, url


def test_suggested_groups_never_include_secret_ones(client, world):
    client.force_login(world["people"]["outsider"])
    html = client.get(reverse("spaces:directory")).content.decode()
    assert gettext("Suggested for you") in html and token("group", "public") in html
    assert token("group", "secret") not in html


def test_an_invitation_lets_the_invited_member_see_a_secret_group_but_not_read_it(client, world):
    from xarxa.spaces.services import invite_to_space

    outsider = world["people"]["outsider"]
    secret = world["spaces"]["secret"]
    invite_to_space(world["people"]["owner"], secret, username="outsider")
    client.force_login(outsider)
    status, html = page(client, secret.get_absolute_url())
    assert status == 200 and token("group", "secret") in html
    assert token("title", "secret") not in html
    assert page(client, world["debates"]["secret"].content.get_absolute_url())[0] == 404


def test_lists_and_rules_agree_for_every_viewer_and_item(world):
    """BookWyrm's pairing: the QuerySet filter and the instance check are the same rule."""
    from django.contrib.auth.models import AnonymousUser

    people = dict(world["people"], anonymous=AnonymousUser())
    for space in world["spaces"].values():
        for status in (Content.Status.HIDDEN, Content.Status.DRAFT):
            DebateFactory(content__space=space, content__status=status, content__author=people["member"])
    DebateFactory(content__space=None)
    DebateFactory(content__space=None, content__status=Content.Status.HIDDEN)
    for name, user in people.items():
        visible_spaces = set(Space.objects.visible_to(user).values_list("pk", flat=True))
        readable_spaces = set(Space.objects.readable_by(user).values_list("pk", flat=True))
        for space in Space.objects.all():
            assert (space.pk in visible_spaces) == bool(space_rules.can_view_space(user, space)), (name, space)
            assert (space.pk in readable_spaces) == bool(space_rules.can_read_space_content(user, space)), (name, space)
        visible_content = set(Content.objects.visible_to(user).values_list("pk", flat=True))
        for content in Content.objects.select_related("space"):
            assert (content.pk in visible_content) == bool(content_rules.can_read_content(user, content)), (
                name, content.space, content.status)


def test_membership_roles_in_the_world_are_as_described(world):
    assert Membership.objects.filter(user=world["people"]["member"]).count() == 4
    assert not Membership.objects.filter(user=world["people"]["requester"]).exists()


# ==== Library (xarxa/library): resource pages, lists, collections and every open-data export ====

@pytest.fixture
def library_world(world):
    from xarxa.library.models import Collection, CollectionItem
    from xarxa.library.tests.factories import ReplicationFactory, ResourceFactory

    resources = {}
    curated = Collection.objects.create(owner=world["people"]["staff"], title="CURATEDTOKEN", is_curated=True)
    for visibility in VISIBILITIES:
        resource = ResourceFactory(content__space=world["spaces"][visibility],
                                   content__author=world["people"]["member"],
                                   content__title=token("resource", visibility),
                                   summary=token("summary", visibility), countries=["ES"], goals=[16])
        ReplicationFactory(resource=resource, place=token("replication", visibility))
        CollectionItem.objects.create(collection=curated, resource=resource)
        resources[visibility] = resource
    open_one = ResourceFactory(content__title="OPENRESOURCETOKEN", countries=["ES"], goals=[16])
    CollectionItem.objects.create(collection=curated, resource=open_one)
    return {**world, "resources": resources, "curated": curated, "open": open_one}


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("visibility", VISIBILITIES)
def test_library_pages_lists_and_collections(client, library_world, viewer, visibility):
    login(client, library_world, viewer)
    resource = library_world["resources"][visibility]
    space = library_world["spaces"][visibility]
    can_read = viewer in CAN_READ[visibility]
    status, html = page(client, resource.get_absolute_url())
    assert status == (200 if can_read else 404)
    absent_unless(can_read, html, token("resource", visibility), token("summary", visibility),
                  token("replication", visibility))
    for url in (reverse("library:list"), reverse("library:list") + "?country=ES&sdg=16&sort=replicated",
                library_world["curated"].get_absolute_url()):
        _status, html = page(client, url)
        absent_unless(can_read, html, token("resource", visibility))
        assert "OPENRESOURCETOKEN" in html
    status, html = page(client, reverse("library:space_list", args=[space.slug]))
    assert status == (200 if can_read else 404)
    absent_unless(can_read, html, token("resource", visibility))
    for name in ("library:edit", "library:replicate"):
        status = client.get(reverse(name, args=[resource.pk])).status_code
        assert status == 302 if viewer == "anonymous" else status in ((200, 403) if can_read else (404,))
    for name, data in (("library:review", {"rating": "5"}), ("library:collect", {})):
        status = client.post(reverse(name, args=[resource.pk]), data).status_code
        assert status == 302 if viewer == "anonymous" else status == (302 if can_read else 404)


@pytest.mark.parametrize("viewer", VIEWERS)
def test_open_data_exports_hold_only_public_content_whoever_asks(client, library_world, viewer):
    """The exports are the public catalogue: the same for staff as for a visitor, never a group's resources
    unless the group is public."""
    login(client, library_world, viewer)
    for name in ("library:export_json", "library:export_csv", "library:dcat"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        text = b"".join(response.streaming_content).decode()
        assert "OPENRESOURCETOKEN" in text and token("resource", "public") in text, name
        for visibility in ("members", "private", "secret"):
            for kind in ("resource", "summary", "replication", "group"):
                assert token(kind, visibility) not in text, (name, visibility, kind)


def test_hidden_and_draft_resources_are_not_exported(client, library_world):
    from xarxa.library.tests.factories import ResourceFactory

    ResourceFactory(content__title="HIDDENRESOURCETOKEN", content__status=Content.Status.HIDDEN)
    ResourceFactory(content__title="DRAFTRESOURCETOKEN", content__status=Content.Status.DRAFT)
    for name in ("library:export_json", "library:export_csv", "library:dcat", "library:list"):
        response = client.get(reverse(name))
        text = (b"".join(response.streaming_content) if response.streaming else response.content).decode()
        assert "HIDDENRESOURCETOKEN" not in text and "DRAFTRESOURCETOKEN" not in text


@pytest.mark.parametrize("viewer", ["anonymous", "outsider"])
def test_personal_collections_are_private(client, library_world, viewer):
    from xarxa.library.models import Collection

    mine = Collection.objects.create(owner=library_world["people"]["member"], title="MYCOLLECTIONTOKEN")
    login(client, library_world, viewer)
    assert client.get(mine.get_absolute_url()).status_code == 404
    assert "MYCOLLECTIONTOKEN" not in client.get(reverse("library:collections")).content.decode()
# ==== end of library ====


# --- Feeds and notifications (issue 6: activity, notifications, messaging) ---------------------------

def _world_activity(world):
    from xarxa.activity.services import record_activity

    for debate in world["debates"].values():
        record_activity(world["people"]["member"], "published", content=debate.content)
        record_activity(world["people"]["owner"], "commented", content=debate.content, comment=debate.reply)


@pytest.mark.parametrize("viewer", VIEWERS)
def test_activity_feeds_do_not_leak(client, world, viewer):
    _world_activity(world)
    login(client, world, viewer)
    html = ""
    for url in (reverse("activity:network"), reverse("activity:member", args=["member"]),
                reverse("activity:member", args=["owner"])):
        status, body = page(client, url)
        assert status == 200
        html += body
    for visibility in VISIBILITIES:
        absent_unless(viewer in CAN_READ[visibility], html, token("title", visibility))


@pytest.mark.parametrize("viewer", ["unverified", "outsider", "requester", "member"])
def test_notifications_never_name_unreadable_content(world, viewer):
    from xarxa.notifications.models import Kind, Notification
    from xarxa.notifications.services import notify

    person = world["people"][viewer]
    for debate in world["debates"].values():
        notify(person, Kind.REPLY, actor=world["people"]["owner"], content=debate.content)
    told = set(Notification.objects.filter(recipient=person).values_list("content__title", flat=True))
    assert told == {token("title", v) for v in VISIBILITIES if viewer in CAN_READ[v]}


# --- Blogs, wikis and events (issue 4) ---------------------------------------------------------------
# Each group of the world gets a blog post, a wiki page and an event; every page, RSS feed and
# iCalendar file is visited by every viewer. Feeds and public calendars are always the anonymous view.


@pytest.fixture
def kinds_world(world):
    from xarxa.blogs.tests.factories import PostFactory
    from xarxa.events.tests.factories import EventFactory
    from xarxa.wikis import services as wiki_services

    member = world["people"]["member"]
    items = {}
    for visibility, space in world["spaces"].items():
        post = PostFactory(content__space=space, content__author=member, content__title=token("post", visibility))
        event = EventFactory(content__space=space, content__author=member, content__title=token("event", visibility),
                             mode="hybrid", online_url=f"https://meet.example.org/{visibility}")
        page = wiki_services.create_page(member, space=space, title=token("wiki", visibility),
                                         body=token("wikibody", visibility))
        items[visibility] = {"post": post, "event": event, "page": page}
    return dict(world, items=items)


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("visibility", VISIBILITIES)
def test_blog_wiki_and_event_pages(client, kinds_world, viewer, visibility):
    login(client, kinds_world, viewer)
    space, items = kinds_world["spaces"][visibility], kinds_world["items"][visibility]
    can_read = viewer in CAN_READ[visibility]
    expected = 200 if can_read else 404
    for name, kind in (("blogs:space_list", "post"), ("events:space_list", "event"), ("wikis:space_index", "wiki")):
        status, html = page(client, reverse(name, args=[space.slug]))
        assert status == expected, name
        absent_unless(can_read, html, token(kind, visibility))
    for item, kind in ((items["post"].content, "post"), (items["event"].content, "event"),
                       (items["page"].content, "wiki")):
        status, html = page(client, item.get_absolute_url())
        assert status == expected
        absent_unless(can_read, html, token(kind, visibility))
    page_pk = items["page"].pk
    for url in (reverse("wikis:history", args=[page_pk]), reverse("wikis:revision", args=[page_pk, 1]),
                reverse("wikis:diff", args=[page_pk]) + "?from=1&to=1", reverse("blogs:history", args=[page_pk]),
                reverse("events:ics", args=[items["event"].pk])):
        assert client.get(url).status_code in ((expected,) if "blogs" not in url else (404,)), url
    for url in (reverse("events:attendees", args=[items["event"].pk]),
                reverse("events:attendees_csv", args=[items["event"].pk])):
        assert client.get(url).status_code == (302 if viewer == "anonymous" else 200 if viewer in ("staff",)
                                               or (viewer == "member") or (viewer == "netmod" and can_read)
                                               else 404), url
    # The online link is for people going (and the organiser, here the member) only.
    html = page(client, items["event"].content.get_absolute_url())[1]
    assert (f"meet.example.org/{visibility}" in html) == (viewer in ("member", "staff", "netmod") and can_read)
    for name in ("blogs:list", "events:list", "wikis:index"):
        html = page(client, reverse(name))[1]
        assert token("post", visibility) not in html or can_read
        assert token("event", visibility) not in html or can_read


@pytest.mark.parametrize("visibility", VISIBILITIES)
def test_feeds_and_calendars_never_carry_private_content(client, kinds_world, visibility):
    import feedparser
    from icalendar import Calendar

    space = kinds_world["spaces"][visibility]
    client.force_login(kinds_world["people"]["staff"])  # even staff get the anonymous view of public feeds
    is_public = visibility == "public"
    for url in (reverse("blogs:feed"), reverse("blogs:atom_feed")):
        feed = feedparser.parse(client.get(url).content)
        titles = [entry.title for entry in feed.entries]
        assert (token("post", visibility) in titles) == is_public, url
    # A member's personal feed holds only their own blog, never a group's posts.
    member_feed = feedparser.parse(client.get(reverse("blogs:member_feed", args=["member"])).content)
    assert token("post", visibility) not in [entry.title for entry in member_feed.entries]
    response = client.get(reverse("blogs:space_feed", args=[space.slug]))
    assert response.status_code == (200 if is_public else 404)

    calendar = Calendar.from_ical(client.get(reverse("events:public_calendar")).content)
    summaries = [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]
    assert (token("event", visibility) in summaries) == is_public
    assert all("meet.example.org" not in str(event.get("DESCRIPTION", "")) for event in calendar.walk("VEVENT"))
    client.logout()
    response = client.get(reverse("events:space_calendar", args=[space.slug]))
    assert response.status_code == (200 if is_public else 404)


@pytest.mark.parametrize("viewer", ["unverified", "outsider", "requester", "member"])
@pytest.mark.parametrize("visibility", VISIBILITIES)
def test_personal_calendar_feeds_follow_the_token_holders_rights(client, kinds_world, viewer, visibility):
    from icalendar import Calendar

    from xarxa.events import services as event_services

    user = kinds_world["people"][viewer]
    space = kinds_world["spaces"][visibility]
    token_value = event_services.calendar_token_for(user, space).token  # the token made for this group's link
    can_read = viewer in CAN_READ[visibility]
    response = client.get(reverse("events:space_calendar", args=[space.slug]) + f"?token={token_value}")
    assert response.status_code == (200 if can_read else 404)
    if can_read:
        summaries = [str(e["SUMMARY"]) for e in Calendar.from_ical(response.content).walk("VEVENT")]
        assert summaries == [token("event", visibility)]
    assert client.get(reverse("events:space_calendar", args=[space.slug]) + "?token=wrong").status_code == 404
    # Answers recorded before the member lost access never leak through "my events".
    from xarxa.events.models import Rsvp

    event = kinds_world["items"][visibility]["event"]
    Rsvp.objects.create(event=event, occurrence=event.starts_at, user=user, answer="going")
    personal = event_services.calendar_token_for(user).token
    html = client.get(reverse("events:my_calendar", args=[personal])).content.decode()
    assert (token("event", visibility) in html) == can_read


# ==== search and discovery (issue 7): results, counts, suggestions, filters, trending, related ====

def _search_rows(client, query, **params):
    response = client.get(reverse("search:search"), {"q": query, **params})
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("visibility", VISIBILITIES)
def test_search_results_counts_and_suggestions(client, world, viewer, visibility):
    from xarxa.search import services as search_services

    login(client, world, viewer)
    user = world["people"][viewer] if viewer != "anonymous" else None
    can_view, can_read = viewer in CAN_VIEW[visibility], viewer in CAN_READ[visibility]
    debate_url = world["debates"][visibility].content.get_absolute_url()
    space = world["spaces"][visibility]

    for kind in ("title", "body"):
        html = _search_rows(client, token(kind, visibility))
        assert (f'href="{debate_url}"' in html) == can_read, kind
        assert html.count('class="search-result"') == (1 if can_read else 0)
    html = _search_rows(client, token("group", visibility))
    assert (f'href="{space.get_absolute_url()}"' in html) == can_view
    # Counts are computed inside the query, so they never count what the reader may not see.
    from django.contrib.auth.models import AnonymousUser

    counts = search_services.search(user or AnonymousUser(), token("title", visibility)).counts
    assert counts == ({"debate": 1} if can_read else {})

    suggestions = client.get(reverse("search:suggest"), {"q": token("group", visibility)[:9]}).content.decode()
    assert (f'href="{space.get_absolute_url()}"' in suggestions) == can_view

    # Filtering by a group the reader may not know exists answers as for a group that does not exist.
    html = _search_rows(client, token("title", visibility), space=space.slug)
    assert (f'href="{debate_url}"' in html) == can_read
    assert ("errorlist" in html) == (not can_view)


@pytest.mark.parametrize("viewer", VIEWERS)
def test_discovery_shows_only_what_the_viewer_may_read(client, world, viewer):
    from xarxa.activity.services import record_activity

    for visibility in VISIBILITIES:
        record_activity(world["people"]["owner"], "commented", content=world["debates"][visibility].content)
    login(client, world, viewer)
    html = page(client, reverse("discovery:discover"))[1]
    for visibility in VISIBILITIES:
        absent_unless(viewer in CAN_READ[visibility], html, token("title", visibility))
        if viewer not in CAN_VIEW[visibility]:
            assert token("group", visibility) not in html
    # Suggested groups are never secret, even for members of other secret groups.
    assert token("group", "secret") not in html or viewer in ("member", "staff")


@pytest.mark.parametrize("viewer", VIEWERS)
def test_related_content_only_lists_readable_items(rf, world, viewer):
    from django.contrib.auth.models import AnonymousUser
    from django.template import Context, Template

    request = rf.get("/")
    request.user = world["people"].get(viewer) or AnonymousUser()
    html = Template("{% load discovery_tags %}{% related_content content %}").render(
        Context({"request": request, "content": world["debates"]["public"].content}))
    for visibility in ("members", "private", "secret"):
        absent_unless(viewer in CAN_READ[visibility], html, token("title", visibility))


def test_search_visibility_agrees_with_the_visibility_querysets(world):
    """The search index joins the live rules; the sets it lets through are exactly theirs."""
    from django.contrib.auth.models import AnonymousUser

    from xarxa.accounts.models import Profile
    from xarxa.search.services import visible_documents

    people = dict(world["people"], anonymous=AnonymousUser())
    Profile.objects.filter(user=people["outsider"]).update(visibility=Profile.Visibility.STAFF)
    Profile.objects.filter(user=people["requester"]).update(visibility=Profile.Visibility.MEMBERS)
    for space in world["spaces"].values():
        DebateFactory(content__space=space, content__status=Content.Status.HIDDEN)
    for name, user in people.items():
        documents = visible_documents(user)
        found_content = set(documents.filter(content__isnull=False).values_list("content_id", flat=True))
        assert found_content == set(Content.objects.visible_to(user).published().values_list("pk", flat=True)), name
        found_members = set(documents.filter(kind="member").values_list("user_id", flat=True))
        assert found_members == set(Profile.objects.visible_to(user).values_list("user_id", flat=True)), name
        found_groups = set(documents.filter(kind="group").values_list("space_id", flat=True))
        assert found_groups == set(Space.objects.visible_to(user).values_list("pk", flat=True)), name


# ==== draft debates (issue 3 follow-up): a draft is its author's alone ================================
# In every group the member keeps a draft debate (mentioning the owner); no viewer but the member finds
# it on its page, in a list, in "my drafts", in the activity feed, in search or in a notification.

@pytest.fixture
def drafts_world(world):
    from xarxa.debates import services as debate_services

    drafts = {}
    for visibility, space in world["spaces"].items():
        drafts[visibility] = debate_services.publish_debate(
            world["people"]["member"], space=space, draft=True, title=token("draft", visibility),
            body=f"{token('draftbody', visibility)} @owner")
    drafts["open"] = debate_services.publish_debate(world["people"]["member"], draft=True,
                                                    title=token("draft", "open"), body="@owner")
    return dict(world, drafts=drafts)


@pytest.mark.parametrize("viewer", VIEWERS)
def test_draft_debates_are_seen_by_their_author_alone(client, drafts_world, viewer):
    from xarxa.notifications.models import Notification

    login(client, drafts_world, viewer)
    is_author = viewer == "member"
    for visibility, draft in drafts_world["drafts"].items():
        for url in (draft.content.get_absolute_url(), reverse("debates:edit", args=[draft.pk])):
            response = client.get(url)
            expected = (200,) if is_author else (302,) if viewer == "anonymous" and "edit" in url else (404,)
            assert response.status_code in expected, (url, visibility)
        if not is_author:  # nobody else can publish it either
            assert client.post(reverse("debates:publish", args=[draft.pk])).status_code in (302, 404)
            assert Content.objects.get(pk=draft.pk).status == Content.Status.DRAFT
    html = ""
    urls = [reverse("debates:list"), reverse("activity:network"), reverse("activity:member", args=["member"])]
    urls += [reverse("debates:space_list", args=[space.slug]) for space in drafts_world["spaces"].values()]
    for url in urls:
        status, body = page(client, url)
        html += body if status == 200 else ""
    html += _search_rows(client, "DRAFT")
    for visibility in [*VISIBILITIES, "open"]:
        assert token("draft", visibility) not in html, visibility
    if viewer != "anonymous":
        mine = page(client, reverse("debates:drafts"))[1]
        for visibility in [*VISIBILITIES, "open"]:
            assert (token("draft", visibility) in mine) == is_author
    assert not Notification.objects.filter(content__status=Content.Status.DRAFT).exists()


def test_a_published_draft_appears_where_its_group_allows(client, drafts_world):
    from xarxa.debates import services as debate_services

    draft = drafts_world["drafts"]["public"]
    debate_services.publish_draft(drafts_world["people"]["member"], draft)
    assert token("draft", "public") in page(client, reverse("debates:list"))[1]
    assert page(client, draft.content.get_absolute_url())[0] == 200
    assert token("draft", "private") not in page(client, reverse("debates:list"))[1]


# The school: a cohort is a space (its visibility is the space's); a course in a group is read as the group allows.

@pytest.fixture
def school_world(world):
    from datetime import timedelta

    from django.utils import timezone

    from xarxa.debates import services as debate_services
    from xarxa.school import services as school_services
    from xarxa.school.models import Course
    from xarxa.school.tests.world import add_quiz

    owner, member = world["people"]["owner"], world["people"]["member"]
    cohort_course = school_services.create_course(owner, title="COHORTCOURSETOKEN",
                                                  enrolment_mode=Course.Enrolment.COHORT)
    today = timezone.localdate()
    cohorts, courses = {}, {}
    for visibility in VISIBILITIES:
        cohort = school_services.create_cohort(owner, cohort_course, name=token("cohort", visibility),
                                               starts_on=today, ends_on=today + timedelta(days=30),
                                               visibility=visibility, description=token("cohortabout", visibility))
        school_services.enrol(member, cohort_course, cohort)
        debate_services.publish_debate(member, space=cohort.space, title=token("cohortdebate", visibility))
        course = school_services.create_course(owner, space=world["spaces"][visibility],
                                               title=token("course", visibility))
        module = school_services.add_module(owner, course, title="M")
        school_services.add_lesson(owner, module, title=token("preview", visibility), allows_preview=True,
                                   body=token("lessonbody", visibility))
        add_quiz(owner, course)
        cohorts[visibility], courses[visibility] = cohort, course
        # One enrolment per course: forget this one (the cohort membership stays) to enrol in the next cohort.
        cohort_course.enrolments.filter(user=member).delete()
    return {**world, "cohorts": cohorts, "courses": courses}


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("visibility", VISIBILITIES)
def test_school_pages(client, school_world, viewer, visibility):
    login(client, school_world, viewer)
    can_view, can_read = viewer in CAN_VIEW[visibility], viewer in CAN_READ[visibility]
    cohort, course = school_world["cohorts"][visibility], school_world["courses"][visibility]

    status, html = page(client, cohort.get_absolute_url())
    assert status == (200 if can_view else 404)
    absent_unless(can_view, html, token("cohort", visibility))
    absent_unless(can_read, html, token("cohortdebate", visibility))
    absent_unless(can_read, html, f'href="{reverse("accounts:profile", args=["owner"])}"')  # the members list

    status, html = page(client, course.get_absolute_url())
    assert status == (200 if can_read else 404)
    absent_unless(can_read, html, token("course", visibility), token("preview", visibility))
    lesson, quiz = course.lessons.get(), course.quizzes.get()
    status, html = page(client, lesson.get_absolute_url())
    assert status == (200 if can_read else 404)
    absent_unless(can_read, html, token("lessonbody", visibility))
    assert page(client, quiz.get_absolute_url())[0] == (200 if can_read else 404)
    assert page(client, reverse("school:lesson_file", args=[lesson.pk]))[0] == 404  # no file, or not readable

    catalogue = page(client, reverse("school:index"))[1]
    absent_unless(can_read, catalogue, token("course", visibility))
    course_page = page(client, reverse("school:detail", args=[school_world["cohorts"]["public"].course_id]))[1]
    absent_unless(can_view, course_page, token("cohort", visibility))  # the course lists the cohorts one may know


# The lab: a challenge awaiting review (a draft, its author's alone), an approved one, and a project space
# of each visibility whose team is "member" (the owner posted the challenge), with a line in its log.

@pytest.fixture
def lab_world(world):
    from xarxa.lab import services as lab_services
    from xarxa.lab.models import Application, LogEntry, Project, Team, TeamMember
    from xarxa.lab.tests.helpers import challenge_arguments
    from xarxa.lab.tests.helpers import member as lab_member

    owner, member = world["people"]["owner"], world["people"]["member"]
    poster = lab_member()
    pending = lab_services.create_challenge(poster, **challenge_arguments(title="PENDINGCHALLENGETOKEN"))
    challenge = lab_services.create_challenge(poster, **challenge_arguments(title="OPENCHALLENGETOKEN"))
    lab_services.approve_challenge(world["people"]["netmod"], challenge)
    projects = {}
    for visibility in VISIBILITIES:
        space = SpaceFactory(name=token("project", visibility), slug=f"project-{visibility}", visibility=visibility,
                             kind=Space.Kind.LAB_PROJECT, join_policy=Space.JoinPolicy.INVITATION, owner=owner)
        add_member(space, member)
        team = Team.objects.create(challenge=challenge, name=token("team", visibility), created_by=member)
        TeamMember.objects.create(team=team, user=member, sector="public")
        Application.objects.create(team=team, challenge=challenge, state=Application.State.SELECTED)
        project = Project.objects.create(space=space, challenge=challenge, team=team)
        lab_services._log(member, project, LogEntry.Event.STARTED, token("log", visibility))
        projects[visibility] = project
    return {**world, "pending": pending, "challenge": challenge, "projects": projects}


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("visibility", VISIBILITIES)
def test_lab_pages(client, lab_world, viewer, visibility):
    from xarxa.lab.models import LogEntry

    login(client, lab_world, viewer)
    can_view, can_read = viewer in CAN_VIEW[visibility], viewer in CAN_READ[visibility]
    project = lab_world["projects"][visibility]

    status, html = page(client, project.get_absolute_url())
    assert status == (200 if can_read else 404)
    absent_unless(can_read, html, token("project", visibility), token("log", visibility))
    entry = LogEntry.objects.get(project=project)
    assert client.get(reverse("lab:log_entry", args=[entry.pk])).status_code == (302 if can_read else 404)

    portfolio = page(client, reverse("lab:home"))[1]
    absent_unless(can_view, portfolio, token("project", visibility))
    assert "OPENCHALLENGETOKEN" in portfolio and "PENDINGCHALLENGETOKEN" not in portfolio
    challenge_page = page(client, reverse("lab:detail", args=[lab_world["challenge"].pk]))[1]
    absent_unless(can_view, challenge_page, token("team", visibility))  # a selected team, where its project is known
    assert page(client, reverse("lab:detail", args=[lab_world["pending"].pk]))[0] == 404
    assert page(client, reverse("lab:review_queue"))[0] in ((200,) if viewer in ("netmod", "staff") else (302, 404))

    for name in ("lab:opendata_json", "lab:opendata_csv"):
        exported = page(client, reverse(name))[1]
        absent_unless(visibility == "public", exported, token("project", visibility))
        assert "PENDINGCHALLENGETOKEN" not in exported
    feed = page(client, reverse("activity:network"))[1]
    absent_unless(can_read, feed, token("log", visibility))
    results = _search_rows(client, token("log", visibility))
    assert results.count('class="search-result"') == (1 if can_read else 0)
    assert (f'href="{reverse("lab:log_entry", args=[entry.pk])}"' in results) == can_read
