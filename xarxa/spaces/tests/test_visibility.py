"""Nothing private leaks. One world with a public, a members-only, a private and a secret group, each
holding a debate, a reply, a reaction and a report; every URL that exists is visited as an anonymous
visitor, an outsider, a member with a pending request, a member, a network moderator and staff.

Extend this module whenever a new surface (page, feed, API, e-mail...) appears.
"""

import pytest
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
VIEWERS = ["anonymous", "outsider", "requester", "member", "netmod", "staff"]

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
        "outsider": UserFactory(username="outsider"),
        "requester": UserFactory(username="requester"),
        "member": UserFactory(username="member"),
        "netmod": UserFactory(username="netmod"),
        "staff": UserFactory(username="staff", is_staff=True),
    }
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


@pytest.mark.parametrize("viewer", ["anonymous", "outsider", "requester"])
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
