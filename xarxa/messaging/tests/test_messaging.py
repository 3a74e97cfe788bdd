"""Private messages: conversations, unread state, notifications, blocks, search, rate limit, bad input."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from xarxa.accounts.tests.factories import UserFactory
from xarxa.messaging import services
from xarxa.messaging.models import Conversation, Message, Participant
from xarxa.notifications.models import Kind, Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def ana_bea():
    return UserFactory(username="ana"), UserFactory(username="bea")


def test_a_one_to_one_exchange_with_unread_state_and_notification(ana_bea, client):
    ana, bea = ana_bea
    conversation = services.start_conversation(ana, ["bea"], "Hola Bea")
    assert Participant.objects.filter(user=bea).unread().count() == 1
    assert Notification.objects.get(recipient=bea).kind == Kind.MESSAGE
    client.force_login(bea)
    page = client.get(conversation.get_absolute_url()).content.decode()
    assert "Hola Bea" in page
    assert Participant.objects.filter(user=bea).unread().count() == 0
    assert Notification.objects.unread().filter(recipient=bea).count() == 0
    client.post(conversation.get_absolute_url(), {"body": "Hola Ana"})
    assert list(conversation.messages.values_list("body", flat=True)) == ["Hola Bea", "Hola Ana"]
    assert services.start_conversation(ana, ["bea"], "Otra vez") == conversation  # the same pair


def test_a_small_group_conversation_and_search(ana_bea):
    ana, bea = ana_bea
    carla = UserFactory(username="carla")
    conversation = services.start_conversation(ana, ["bea", "@carla"], "Reunión sobre contratación")
    assert conversation.participants.count() == 3
    assert Notification.objects.filter(kind=Kind.MESSAGE).count() == 2
    assert [m.body for m in services.search_messages(carla, "contratación")] == ["Reunión sobre contratación"]
    assert list(services.search_messages(UserFactory(), "contratación")) == []


def test_outsiders_get_404_for_a_conversation(ana_bea, client):
    ana, bea = ana_bea
    conversation = services.start_conversation(ana, ["bea"], "Privado")
    client.force_login(UserFactory())
    assert client.get(conversation.get_absolute_url()).status_code == 404
    assert client.post(conversation.get_absolute_url(), {"body": "intruso"}).status_code == 404
    assert Message.objects.count() == 1


def test_a_blocked_member_cannot_message(ana_bea, client):
    ana, bea = ana_bea
    conversation = services.start_conversation(ana, ["bea"], "Hola")
    client.force_login(bea)
    client.post(reverse("messaging:block", args=["ana"]))
    client.force_login(ana)
    response = client.post(conversation.get_absolute_url(), {"body": "¿Sigues ahí?"})
    with translation.override("es"):  # the page speaks the default language, now translated
        refused = translation.gettext("%(name)s does not accept messages from you.") % {"name": bea.display_name}
    assert response.status_code == 400 and escape(refused) in response.content.decode()
    response = client.post(reverse("messaging:new"), {"to": "bea", "body": "Nuevo"})
    assert response.status_code == 400
    assert Message.objects.count() == 1


@pytest.mark.parametrize("to, body, error", [
    ("", "Hola", "This field is required"),
    ("nadie", "Hola", "There is no member"),
    ("bea", "   ", "This field is required"),
    ("ana", "Hola", "at least one member"),
])
def test_bad_input_gets_a_clear_message_and_changes_nothing(ana_bea, client, to, body, error):
    ana, bea = ana_bea
    client.force_login(ana)
    with __import__("django").utils.translation.override("en"):
        response = client.post(reverse("messaging:new"), {"to": to, "body": body}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert Conversation.objects.count() == 0 and Message.objects.count() == 0


def test_sending_too_fast_is_stopped_with_a_clear_message(ana_bea, client, settings):
    settings.XARXA_MESSAGE_RATE_LIMIT = (3, 60)
    ana, bea = ana_bea
    conversation = services.start_conversation(ana, ["bea"], "1")
    client.force_login(ana)
    for n in range(2):
        client.post(conversation.get_absolute_url(), {"body": f"{n}"})
    response = client.post(conversation.get_absolute_url(), {"body": "demasiado"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "too many messages" in response.content.decode()
    assert Message.objects.count() == 3


@pytest.mark.parametrize("count", [1, 3])
def test_inbox_query_count(ana_bea, client, django_assert_num_queries, count):
    ana, bea = ana_bea
    for n in range(count):
        services.start_conversation(ana, [UserFactory().username, "bea"], f"Mensaje {n}")
    client.force_login(bea)
    with django_assert_num_queries(6):
        response = client.get(reverse("messaging:inbox"))
    assert response.content.decode().count("conversation-unread") == count


@pytest.mark.parametrize(("others", "heading"), [
    (["bea"], "Conversation with Bea Soler"),
    (["bea", "ciro"], "Conversation with Bea Soler and Ciro Vidal"),
    (["bea", "ciro", "dani"], "Conversation with Bea Soler, Ciro Vidal and Dani Roig"),
])
def test_the_heading_names_everyone_else_in_one_sentence(client, others, heading):
    from xarxa.accounts.tests.factories import UserFactory

    names = {"bea": "Bea Soler", "ciro": "Ciro Vidal", "dani": "Dani Roig"}
    ana = UserFactory(username="ana")
    for username in others:
        UserFactory(username=username, profile__full_name=names[username])
    talk = services.start_conversation(ana, others, "Hola")
    client.force_login(ana)
    html = client.get(talk.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"<h1>{heading}</h1>" in html and f"<title>{heading}" in html


@pytest.mark.parametrize("count", [1, 3])
def test_conversation_page_query_count(ana_bea, client, django_assert_num_queries, count):
    ana, bea = ana_bea
    talk = services.start_conversation(ana, ["bea"], "Mensaje 0")
    for n in range(1, count):
        services.send_message(ana, talk, f"Mensaje {n}")
    client.force_login(bea)
    # Session and user (2), her place (1), marking it read (2), the people, the header's profile, the thread
    # and its attachments (4).
    with django_assert_num_queries(9):
        response = client.get(talk.get_absolute_url())
    assert response.content.decode().count('class="message-item') == count


@pytest.mark.parametrize("count", [1, 3])
def test_message_search_query_count(ana_bea, client, django_assert_num_queries, count):
    ana, bea = ana_bea
    for n in range(count):
        services.start_conversation(ana, [UserFactory().username, "bea"], f"Presupuesto {n}")
    client.force_login(bea)
    with django_assert_num_queries(5):
        response = client.get(reverse("messaging:inbox"), {"q": "presupuesto"})
    assert response.content.decode().count("#message-") == count


def test_the_conversation_offers_to_block_each_other_member_but_not_oneself(ana_bea, client):
    ana, _bea = ana_bea
    UserFactory(username="ciro")
    talk = services.start_conversation(ana, ["bea", "ciro"], "Hola")
    client.force_login(ana)
    html = client.get(talk.get_absolute_url()).content.decode()
    assert [reverse("messaging:block", args=[name]) in html for name in ("bea", "ciro", "ana")] == [True, True, False]
