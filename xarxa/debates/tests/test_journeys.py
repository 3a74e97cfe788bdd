"""What members do, end to end, through the pages (plain form posts and htmx)."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from xarxa.accounts.tests.factories import UserFactory
from xarxa.content.models import Comment, Flag, Mention, ModerationLog, Reaction
from xarxa.debates.models import Debate
from xarxa.spaces.models import JoinRequest, Membership, Space, SpaceInvitation
from xarxa.spaces.tests.factories import SpaceFactory, add_member

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def test_create_invite_accept_debate_reply_mention_react_and_mark_useful(client):
    ana, marta = UserFactory(username="ana"), UserFactory(username="marta")

    # Ana creates a private group, open by invitation only.
    client.force_login(ana)
    response = client.post(reverse("spaces:create"), {
        "name": "Compra pública innovadora", "description": "Pliegos, *consultas preliminares* y más.",
        "visibility": "private", "join_policy": "invitation", "topic_names": "public procurement, innovation",
        "organisation": "", "country": "ES",
    })
    group = Space.objects.get()
    assert response.status_code == 302 and response.url == group.get_absolute_url()
    assert sorted(t.name for t in group.topics.all()) == ["innovation", "public procurement"]

    # She invites Marta by username.
    response = client.post(reverse("spaces:manage", args=[group.slug]), {"username": "@marta", "email": ""})
    assert response.status_code == 302
    invitation = SpaceInvitation.objects.get(user=marta)

    # Marta finds the invitation under "My groups" and accepts it.
    client.force_login(marta)
    page = client.get(reverse("spaces:directory") + "?tab=mine")
    assert "Compra pública innovadora" in page.content.decode()
    response = client.post(invitation.get_absolute_url(), {"answer": "accept"})
    assert response.status_code == 302
    assert Membership.objects.filter(space=group, user=marta, role="member").exists()

    # Marta opens a debate in the group.
    response = client.post(reverse("debates:space_create", args=[group.slug]), {
        "title": "¿Qué lotes usáis para servicios digitales?", "body": "Buscamos ejemplos.", "language": "es",
        "topic_names": "public procurement",
    })
    debate = Debate.objects.select_related("content").get()
    assert response.status_code == 302 and response.url == debate.content.get_absolute_url()
    assert debate.content.space == group

    # Ana replies with htmx, mentioning Marta; the reply comes back as a fragment.
    client.force_login(ana)
    response = client.post(reverse("content:add_comment", args=[debate.content.pk]),
                           {"body": "Nosotros dividimos por perfiles, @marta. Mira #public-procurement.",
                            "parent": ""}, **HTMX)
    assert response.status_code == 200
    reply = Comment.objects.get()
    html = response.content.decode()
    assert f'id="comment-{reply.pk}"' in html
    assert f'href="{marta.get_absolute_url()}"' in reply.body_html
    assert 'href="/topics/public-procurement/"' in reply.body_html
    assert Mention.objects.filter(user=marta, comment=reply).exists()
    assert 'hx-swap-oob="true"' in html  # a fresh, empty reply form replaces the one used

    # Marta answers Ana's reply (a second level), then reacts to it with htmx.
    client.force_login(marta)
    client.post(reverse("content:add_comment", args=[debate.content.pk]),
                {"body": "¡Gracias! ¿Y el lote de mantenimiento?", "parent": reply.pk})
    nested = Comment.objects.exclude(pk=reply.pk).get()
    assert nested.parent == reply and nested.root == reply
    response = client.post(reverse("content:react_comment", args=[reply.pk]), {"kind": "insightful"}, **HTMX)
    assert response.status_code == 200 and 'aria-pressed="true"' in response.content.decode()
    assert Reaction.objects.filter(user=marta, comment=reply, kind="insightful").exists()

    # Marta marks Ana's reply as the most useful answer.
    response = client.post(reverse("debates:mark_useful", args=[debate.content.pk, reply.pk]))
    assert response.status_code == 302
    debate.refresh_from_db()
    assert debate.useful_answer == reply

    page = client.get(debate.content.get_absolute_url()).content.decode()
    assert gettext("Most useful answer") in page
    assert f'id="comment-{nested.pk}"' in page
    debate.content.refresh_from_db()
    assert debate.content.comment_count == 2


def test_request_to_join_a_private_group_then_approve(client):
    owner, luis = UserFactory(), UserFactory()
    group = SpaceFactory(owner=owner, visibility=Space.Visibility.PRIVATE, join_policy=Space.JoinPolicy.REQUEST)

    client.force_login(luis)
    page = client.get(group.get_absolute_url()).content.decode()
    assert reverse("spaces:request", args=[group.slug]) in page
    response = client.post(reverse("spaces:request", args=[group.slug]), {"message": "Soy técnico de compras."})
    assert response.status_code == 302
    join_request = JoinRequest.objects.get()
    assert join_request.status == "pending"

    client.force_login(owner)
    manage = client.get(reverse("spaces:manage", args=[group.slug])).content.decode()
    assert "Soy técnico de compras." in manage
    response = client.post(reverse("spaces:decide_request", args=[group.slug, join_request.pk]),
                           {"decision": "approve", "response": "Bienvenido"})
    assert response.status_code == 302
    assert Membership.objects.filter(space=group, user=luis).exists()
    assert Space.objects.get(pk=group.pk).member_count == 2


def test_a_moderator_hides_a_reported_reply(client):
    owner, moderator, member, troll = UserFactory(), UserFactory(), UserFactory(), UserFactory()
    group = SpaceFactory(owner=owner)
    add_member(group, moderator, Membership.Role.MODERATOR)
    add_member(group, member)
    add_member(group, troll)
    from xarxa.content.tests.factories import CommentFactory
    from xarxa.debates.tests.factories import DebateFactory

    debate = DebateFactory(content__space=group, content__author=member)
    bad = CommentFactory(content=debate.content, author=troll, body="Publicidad de mi empresa")

    client.force_login(member)
    response = client.post(reverse("content:flag_comment", args=[bad.pk]), {"reason": "spam", "note": "Anuncio"})
    assert response.status_code == 302
    flag = Flag.objects.get()
    assert flag.space == group and flag.comment == bad

    client.force_login(moderator)
    queue = client.get(reverse("content:space_queue", args=[group.slug])).content.decode()
    assert "Publicidad de mi empresa" in queue
    response = client.post(reverse("content:moderate_comment", args=[bad.pk]),
                           {"action": "hide", "reason": "Publicidad", "next": reverse("content:space_queue",
                                                                                      args=[group.slug])})
    assert response.status_code == 302
    bad.refresh_from_db()
    flag.refresh_from_db()
    assert bad.is_hidden and flag.status == Flag.Status.UPHELD
    entry = ModerationLog.objects.get()
    assert (entry.actor, entry.action, entry.comment, entry.reason) == (moderator, "hide", bad, "Publicidad")
    debate.content.refresh_from_db()
    assert debate.content.comment_count == 0

    client.force_login(member)
    page = client.get(debate.content.get_absolute_url()).content.decode()
    assert "Publicidad de mi empresa" not in page
