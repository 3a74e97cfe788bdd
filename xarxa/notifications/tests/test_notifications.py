"""Notifications: who is told what, grouping, preferences, visibility, blocks, e-mails and digests."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from xarxa.accounts.tests.factories import UserFactory
from xarxa.content import services as content_services
from xarxa.core.models import TaskFailure
from xarxa.core.testing import FlakyEmailBackend, make_deferred_tasks_due, run_queued_tasks
from xarxa.debates.services import mark_useful_answer, publish_debate
from xarxa.follows.services import follow
from xarxa.messaging.services import block
from xarxa.notifications import services
from xarxa.notifications.mail import digest_email
from xarxa.notifications.models import Channel, DigestSubscription, Kind, Notification, Preference
from xarxa.notifications.tasks import send_due_digests
from xarxa.spaces import services as space_services
from xarxa.spaces.models import Space
from xarxa.spaces.tests.factories import SpaceFactory, add_member

pytestmark = pytest.mark.django_db


def kinds_for(user):
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


@pytest.fixture
def ana():
    return UserFactory(username="ana", language="es")


@pytest.fixture
def debate(ana):
    return publish_debate(ana, title="Compra pública innovadora")


def test_a_mention_notifies_the_mentioned_member(ana, django_capture_on_commit_callbacks):
    bea = UserFactory(username="bea")
    with django_capture_on_commit_callbacks(execute=True):
        publish_debate(ana, title="Pregunta", body="¿Qué opinas, @bea?")
    assert kinds_for(bea) == [Kind.MENTION]
    assert services.unread_count(bea) == 1


def test_replies_notify_the_author_and_the_member_replied_to(ana, debate):
    bea, carla = UserFactory(), UserFactory()
    first = content_services.add_comment(bea, debate.content, "Primera")
    content_services.add_comment(carla, debate.content, "Respondo a Bea", parent=first)
    assert kinds_for(ana) == [Kind.REPLY, Kind.REPLY]
    assert kinds_for(bea) == [Kind.REPLY]
    assert kinds_for(carla) == []


def test_reactions_are_grouped_into_one_notification(ana, debate):
    for _ in range(4):
        content_services.toggle_reaction(UserFactory(), "like", content=debate.content)
    notification = Notification.objects.get(recipient=ana)
    assert notification.kind == Kind.REACTION and notification.count == 4
    from django.utils import translation

    from xarxa.notifications.texts import describe

    with translation.override("en"):
        assert "and 3 others reacted" in describe(notification)
    services.mark_read(ana, notification.pk)
    content_services.toggle_reaction(UserFactory(), "like", content=debate.content)
    assert Notification.objects.filter(recipient=ana).count() == 2  # a new one once the first was read


def test_followers_useful_answers_and_moderation(ana, debate):
    bea = UserFactory()
    follow(bea, ana)
    reply = content_services.add_comment(bea, debate.content, "La respuesta buena")
    mark_useful_answer(ana, debate, reply)
    moderator = UserFactory()
    moderator.groups.add(Group.objects.get_or_create(name="moderators")[0])
    content_services.hide_content(moderator, debate.content, reason="Publicidad")
    assert set(kinds_for(ana)) == {Kind.FOLLOWER, Kind.REPLY, Kind.MODERATION}
    assert Kind.USEFUL_ANSWER in kinds_for(bea)
    moderation = Notification.objects.get(recipient=ana, kind=Kind.MODERATION)
    assert moderation.actor is None and "Publicidad" in moderation.detail


def test_join_requests_decisions_and_invitations(ana):
    bea, carla = UserFactory(), UserFactory()
    group = SpaceFactory(owner=ana, join_policy=Space.JoinPolicy.REQUEST)
    request = space_services.request_to_join(bea, group, "Hola")
    assert kinds_for(ana) == [Kind.JOIN_REQUEST]
    space_services.decide_join_request(ana, request, approve=True)
    assert kinds_for(bea) == [Kind.JOIN_DECISION]
    space_services.invite_to_space(ana, group, username=carla.username)
    assert kinds_for(carla) == [Kind.INVITATION]


def test_nobody_is_told_about_what_they_cannot_read(ana):
    bea = UserFactory(username="bea")
    group = SpaceFactory(owner=ana, visibility=Space.Visibility.PRIVATE)
    debate = publish_debate(ana, space=group, title="Secreto")
    # Bea is not a member: a reaction to her comment elsewhere can't drag this item to her.
    assert services.notify(bea, Kind.REPLY, actor=ana, content=debate.content) is None
    assert kinds_for(bea) == []


def test_preference_off_and_blocks_silence_notifications(ana, debate):
    bea, carla = UserFactory(), UserFactory()
    Preference.objects.create(user=ana, kind=Kind.REPLY, channel=Channel.OFF)
    content_services.add_comment(bea, debate.content, "No lo verá")
    block(ana, carla)
    follow(carla, ana)
    content_services.toggle_reaction(carla, "like", content=debate.content)
    assert kinds_for(ana) == []


def test_blocked_members_mentions_are_not_notified(ana, django_capture_on_commit_callbacks):
    bea = UserFactory(username="bea")
    block(bea, ana)
    with django_capture_on_commit_callbacks(execute=True):
        publish_debate(ana, title="Hola", body="@bea mira esto")
    assert kinds_for(bea) == []


def test_email_at_once_is_a_task_in_the_members_language(ana, debate, mailbox, django_capture_on_commit_callbacks):
    ana.language = "en"
    ana.save()
    Preference.objects.create(user=ana, kind=Kind.REPLY, channel=Channel.EMAIL)
    with django_capture_on_commit_callbacks(execute=True):
        content_services.add_comment(UserFactory(username="bea"), debate.content, "Hola")
    [message] = mailbox()
    assert "replied in" in message["Subject"]
    assert message["List-Unsubscribe"].strip().startswith("<http")


def test_a_failing_notification_email_is_retried_then_recorded(ana, debate, settings, mailbox,
                                                               django_capture_on_commit_callbacks):
    settings.XARXA_DELIVERY_EMAIL_BACKEND = "xarxa.core.testing.FlakyEmailBackend"
    FlakyEmailBackend.failures_left = 1
    Preference.objects.create(user=ana, kind=Kind.REPLY, channel=Channel.EMAIL)
    with django_capture_on_commit_callbacks(execute=True):
        content_services.add_comment(UserFactory(), debate.content, "Hola")
    assert mailbox() == []  # the first attempt failed and waits for its back-off
    make_deferred_tasks_due()
    assert len(mailbox()) == 1
    FlakyEmailBackend.failures_left = 99
    with django_capture_on_commit_callbacks(execute=True):
        content_services.add_comment(UserFactory(), debate.content, "Otra")
    for _ in range(6):
        run_queued_tasks()
        make_deferred_tasks_due()
    assert TaskFailure.objects.filter(task_path__endswith="send_notification_email").count() == 1
    FlakyEmailBackend.failures_left = 0


def test_the_digest_lists_what_happened_in_the_members_language(ana, debate, mailbox):
    ana.language = "en"
    ana.save()
    DigestSubscription.objects.create(user=ana, frequency="daily")
    bea = UserFactory(username="bea")
    follow(ana, bea)
    publish_debate(bea, title="Lo que publicó Bea")
    content_services.add_comment(bea, debate.content, "Una respuesta")
    send_due_digests.enqueue("daily")
    run_queued_tasks()
    [message] = mailbox()
    text = message.get_body(("plain",)).get_content()
    assert message["Subject"] == "Your daily summary from Xarxa"
    assert "Bea replied in “Compra pública innovadora”" in text
    assert "Lo que publicó Bea" in text
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert not digest_email(ana.pk)  # nothing new since: no second e-mail


def test_the_digest_leaves_out_what_the_member_may_no_longer_see(ana, mailbox):
    bea = UserFactory()
    group = SpaceFactory(owner=bea)
    add_member(group, ana)
    follow(ana, bea)
    publish_debate(bea, space=group, title="PRIVATETOKEN")
    Space.objects.filter(pk=group.pk).update(visibility=Space.Visibility.PRIVATE)
    space_services.leave_space(ana, group)
    assert not digest_email(ana.pk)
    assert mailbox() == []


def test_one_click_unsubscribe_works_without_logging_in(ana, client):
    token = services.unsubscribe_token(ana)
    url = reverse("notifications:unsubscribe", args=[token])
    assert client.get(url).status_code == 200
    assert services.digest_frequency(ana) == "weekly"  # a GET only asks
    assert client.post(url, {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert services.digest_frequency(ana) == "never"
    assert services.preferences_of(ana)[Kind.INVITATION] == Channel.IN_APP
    assert client.post(reverse("notifications:unsubscribe", args=[token + "x"])).status_code == 400


def test_the_unsubscribe_page_names_no_one(ana, client):
    ana.email = "ana.secreta@ministerio.example"
    ana.save()
    page = client.get(reverse("notifications:unsubscribe", args=[services.unsubscribe_token(ana)]),
                      HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "the address this link was sent to" in page
    assert "ana.secreta" not in page and "ministerio" not in page and "@ana" not in page


def test_an_unsubscribe_link_once_used_is_refused(ana, client):
    url = reverse("notifications:unsubscribe", args=[services.unsubscribe_token(ana)])
    client.post(url)
    services.save_preferences(ana, {Kind.INVITATION: Channel.EMAIL}, DigestSubscription.Frequency.DAILY)
    assert client.get(url).status_code == 400  # the member subscribed again: the old link does not undo it
    assert client.post(url).status_code == 400
    assert services.digest_frequency(ana) == "daily"


def test_changing_the_settings_or_the_address_makes_older_links_stale(ana, client):
    url = reverse("notifications:unsubscribe", args=[services.unsubscribe_token(ana)])
    services.save_preferences(ana, {Kind.INVITATION: Channel.DIGEST}, DigestSubscription.Frequency.DAILY)
    assert client.get(url).status_code == 400
    url = reverse("notifications:unsubscribe", args=[services.unsubscribe_token(ana)])
    ana.email = "nueva@example.org"
    ana.save()
    assert client.post(url).status_code == 400
    assert services.digest_frequency(ana) == "daily"


def test_an_unsubscribe_link_expires(ana, client):
    from freezegun import freeze_time

    with freeze_time(timezone.now() - services.UNSUBSCRIBE_MAX_AGE - timedelta(days=1)):
        url = reverse("notifications:unsubscribe", args=[services.unsubscribe_token(ana)])
    assert client.post(url).status_code == 400
    assert services.digest_frequency(ana) == "weekly"
    with freeze_time(timezone.now() - services.UNSUBSCRIBE_MAX_AGE + timedelta(days=1)):
        url = reverse("notifications:unsubscribe", args=[services.unsubscribe_token(ana)])
    assert client.get(url).status_code == 200


def test_notification_page_badge_and_marking_read(ana, debate, client):
    content_services.add_comment(UserFactory(), debate.content, "Hola")
    client.force_login(ana)
    assert ">1<" in client.get(reverse("notifications:badge")).content.decode().replace(
        '<span class="visually-hidden">', "<")
    notification = Notification.objects.get(recipient=ana)
    response = client.get(reverse("notifications:open", args=[notification.pk]))
    assert response.status_code == 302 and response["Location"].startswith(debate.content.get_absolute_url())
    assert services.unread_count(ana) == 0
    content_services.add_comment(UserFactory(), debate.content, "Otra")
    client.post(reverse("notifications:read_all"))
    assert services.unread_count(ana) == 0
    other = UserFactory()
    client.force_login(other)
    assert client.get(reverse("notifications:open", args=[notification.pk])).status_code == 404


def test_preferences_form_saves_and_refuses_bad_input(ana, client):
    client.force_login(ana)
    data = {f"kind_{kind}": Channel.IN_APP for kind in Kind.values} | {"frequency": "daily"}
    data["kind_reply"] = Channel.OFF
    assert client.post(reverse("notifications:preferences"), data).status_code == 302
    assert services.preferences_of(ana)[Kind.REPLY] == Channel.OFF
    assert services.digest_frequency(ana) == "daily"
    bad = data | {"kind_reply": "carrier-pigeon"}
    assert client.post(reverse("notifications:preferences"), bad).status_code == 200
    assert services.preferences_of(ana)[Kind.REPLY] == Channel.OFF


@pytest.mark.parametrize("count", [1, 3])
def test_notification_list_query_count(ana, client, django_assert_num_queries, count):
    debate = publish_debate(ana, title="Con respuestas")
    for _ in range(count):
        content_services.add_comment(UserFactory(), debate.content, "Hola")
    client.force_login(ana)
    # 6: the list re-checks visibility (Notification.objects.visible_to), whose content rule asks once
    # per request whether the reader is a network moderator (moderators read hidden posts).
    with django_assert_num_queries(6):
        response = client.get(reverse("notifications:list"))
    assert response.content.decode().count('class="notification ') == count


def test_the_list_says_how_long_ago_each_notification_arrived(ana, client):
    debate = publish_debate(ana, title="Con respuestas")
    content_services.add_comment(UserFactory(), debate.content, "Hola")
    Notification.objects.filter(recipient=ana).update(updated_at=timezone.now() - timedelta(hours=3))
    client.force_login(ana)

    html = client.get(reverse("notifications:list"), HTTP_ACCEPT_LANGUAGE="es").content.decode()

    assert re.search(r"<time [^>]*>hace 3\s+horas</time>", html), "the age reads as a sentence: hace 3 horas"
