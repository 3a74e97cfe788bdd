"""Two members in two browsers: a mention reaches the other's header without a reload, and a private exchange.

The browsers speak Spanish (the site's default language); the texts the tests look
for are the site's own strings passed through gettext. axe checks the feed, the
notification and message pages at desktop and phone width.
"""

import re

import pytest
from playwright.sync_api import expect

from xarxa.accounts.tests.factories import UserFactory
from xarxa.content.models import Comment
from xarxa.content.services import add_comment
from xarxa.core.browser_checks import DESKTOP, accessibility_problems, t
from xarxa.debates.tests.factories import DebateFactory
from xarxa.messaging import services as messaging
from xarxa.messaging.models import Message
from xarxa.notifications.models import Kind, Notification
from xarxa.spaces.models import Space
from xarxa.spaces.tests.factories import SpaceFactory, add_member

pytestmark = pytest.mark.browser


@pytest.fixture
def group_debate():
    """A private group with a debate opened by its owner; Ana and Bea are members."""
    owner = UserFactory(username="carla", profile__full_name="Carla Núñez")
    ana = UserFactory(username="ana", profile__full_name="Ana García López")
    bea = UserFactory(username="bea", profile__full_name="Beatriz Souza")
    group = SpaceFactory(name="Gobierno abierto", owner=owner, visibility=Space.Visibility.PRIVATE,
                         join_policy=Space.JoinPolicy.INVITATION)
    add_member(group, ana)
    add_member(group, bea)
    debate = DebateFactory(content__space=group, content__author=owner,
                           content__title="¿Cómo publicáis las agendas?")
    return {"ana": ana, "bea": bea, "group": group, "debate": debate}


@pytest.fixture
def quick_poll(settings):
    """The header asks for the unread count every second, so the test does not wait half a minute."""
    settings.XARXA_NOTIFICATION_POLL_SECONDS = 1


def test_a_mention_reaches_the_header_without_reload_and_two_members_exchange_messages(
        new_page, log_in_browser, group_debate, quick_poll):
    ana, bea, debate = group_debate["ana"], group_debate["bea"], group_debate["debate"]
    ana_page, bea_page = new_page(viewport=DESKTOP), new_page(viewport=DESKTOP)
    log_in_browser(ana_page, ana)
    log_in_browser(bea_page, bea)

    # Bea is reading her home page: nothing unread yet (the first poll has answered once the link says so).
    bea_page.goto("/")
    bea_page.evaluate("window.stillHere = true")
    bea_header = bea_page.get_by_role("banner")
    notifications_link = bea_header.locator("a.notifications-link")
    expect(notifications_link).to_have_text(t("Notifications"))
    expect(bea_header.locator("#unread-count")).to_have_count(0)

    # Ana replies to the debate through the form and mentions Bea.
    ana_page.goto(debate.content.get_absolute_url())
    ana_page.get_by_label(t("Your reply"), exact=True).fill("Las publicamos en CSV cada día, @bea.")
    ana_page.get_by_role("button", name=t("Post reply")).click()
    expect(ana_page.locator(".threads > li")).to_have_count(1)
    reply = Comment.objects.get(content=debate.content)
    assert reply.author == ana
    assert Notification.objects.filter(recipient=bea, kind=Kind.MENTION, comment=reply).count() == 1

    # Bea's header shows one unread notification without her page reloading.
    expect(bea_header.locator("#unread-count")).to_contain_text("1", timeout=5_000)
    assert bea_page.evaluate("window.stillHere") is True

    # She opens the notifications page and follows the mention to the reply.
    notifications_link.click()
    expect(bea_page.get_by_role("heading", level=1)).to_have_text(t("Notifications"))
    sentence = t("%(name)s mentioned you in “%(title)s”") % {"name": ana.display_name,
                                                             "title": "¿Cómo publicáis las agendas?"}
    bea_page.get_by_role("main").get_by_role("link", name=sentence).click()
    expect(bea_page).to_have_url(re.compile(rf"{debate.content.get_absolute_url()}#comment-{reply.pk}$"))
    expect(bea_page.locator(f"#comment-{reply.pk}")).to_contain_text("Las publicamos en CSV cada día")
    assert Notification.objects.get(recipient=bea, kind=Kind.MENTION).read_at is not None
    expect(bea_header.locator("#unread-count")).to_have_count(0)

    # Ana writes to Bea privately from the header's Messages link.
    ana_page.get_by_role("banner").get_by_role("link", name=t("Messages"), exact=True).click()
    ana_page.get_by_role("main").get_by_role("link", name=t("New message")).click()
    ana_page.get_by_label(t("To"), exact=True).fill("bea")
    ana_page.get_by_label(t("Message"), exact=True).fill("¿Me pasas la plantilla del CSV?")
    ana_page.get_by_role("button", name=t("Send")).click()
    expect(ana_page.get_by_role("heading", level=1)).to_have_text(
        t("Conversation with %(people)s") % {"people": bea.display_name})
    expect(ana_page.locator(".message-thread > li")).to_have_count(1)

    # Bea sees the conversation unread in her inbox, opens it and replies.
    bea_page.get_by_role("banner").get_by_role("link", name=t("Messages"), exact=True).click()
    conversation = bea_page.locator(".conversation-list > li")
    expect(conversation).to_have_count(1)
    expect(conversation).to_have_class(re.compile(r"\bconversation-unread\b"))
    expect(conversation).to_contain_text(t("unread"))
    expect(conversation).to_contain_text("¿Me pasas la plantilla del CSV?")
    expect(conversation.get_by_role("link")).to_have_text(ana.display_name)  # no stray separator
    conversation.get_by_role("link", name=ana.display_name).click()
    expect(bea_page.get_by_role("heading", level=1)).to_have_text(
        t("Conversation with %(people)s") % {"people": ana.display_name})
    expect(bea_page.locator(".message-thread")).to_contain_text("¿Me pasas la plantilla del CSV?")
    bea_page.get_by_label(t("Your message"), exact=True).fill("Claro, te la mando esta tarde.")
    bea_page.get_by_role("button", name=t("Send")).click()
    expect(bea_page.locator(".message-thread > li")).to_have_count(2)
    bea_page.get_by_role("banner").get_by_role("link", name=t("Messages"), exact=True).click()
    expect(bea_page.locator(".conversation-list > li.conversation-unread")).to_have_count(0)

    # Ana sees the reply in her inbox, then in the conversation.
    ana_page.get_by_role("banner").get_by_role("link", name=t("Messages"), exact=True).click()
    expect(ana_page.locator(".conversation-list > li.conversation-unread")).to_contain_text(
        "Claro, te la mando esta tarde.")
    ana_page.locator(".conversation-list > li").get_by_role("link", name=bea.display_name).click()
    expect(ana_page.locator(".message-thread > li").last).to_contain_text("Claro, te la mando esta tarde.")
    assert list(Message.objects.order_by("pk").values_list("sender__username", flat=True)) == ["ana", "bea"]


def test_feed_notification_and_message_pages_are_accessible_on_desktop_and_phone(page, log_in_browser,
                                                                                 group_debate):
    ana, bea, debate = group_debate["ana"], group_debate["bea"], group_debate["debate"]
    # Long unbroken words are what push a phone layout sideways; put some in every page.
    add_comment(ana, debate.content, "Mira https://datos.example.org/agendas/2024/publicacion-diaria-en-csv @bea")
    conversation = messaging.start_conversation(
        ana, ["bea"], "La plantilla: https://datos.example.org/plantillas/agenda-institucional-diaria.csv")
    messaging.send_message(bea, conversation, "¡Gracias! Me sirve tal cual.")
    messaging.send_message(ana, conversation, "De nada, ya me contarás.")
    log_in_browser(page, bea)

    page.goto("/")
    expect(page.get_by_role("main")).to_contain_text(ana.display_name)  # the feed shows Ana's reply
    paths = ["/", "/notifications/", "/notifications/preferences/", "/messages/", conversation.get_absolute_url()]
    problems = accessibility_problems(page, paths)
    assert not problems, "Accessibility problems:\n" + "\n".join(problems)
