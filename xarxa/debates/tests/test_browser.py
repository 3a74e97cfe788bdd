"""The debate journey in a real browser (htmx on), and axe on the group and debate pages."""

import pytest
from playwright.sync_api import expect

from xarxa.accounts.tests.factories import UserFactory
from xarxa.content.models import Comment, Reaction
from xarxa.core.browser_checks import PHONE, serious_violations, sideways_overflow, t
from xarxa.debates.models import Debate
from xarxa.spaces.models import Membership, Space
from xarxa.spaces.tests.factories import SpaceFactory, add_member

pytestmark = pytest.mark.browser


def test_a_member_opens_a_debate_replies_and_reacts_without_reloading(page, log_in_browser, new_page):
    owner, marta = UserFactory(username="owner"), UserFactory(username="marta", profile__full_name="Marta Vidal")
    group = SpaceFactory(name="Gobierno abierto", owner=owner, visibility=Space.Visibility.PRIVATE,
                         join_policy=Space.JoinPolicy.INVITATION)
    add_member(group, marta)
    log_in_browser(page, marta)

    page.goto(group.get_absolute_url())
    assert serious_violations(page, "group page") == []
    page.get_by_role("link", name=t("Debates")).last.click()
    page.get_by_role("link", name=t("Open a debate")).click()
    page.get_by_label(t("Question or topic")).fill("¿Cómo publicáis las agendas?")
    page.get_by_label(t("Details")).fill("En **datos abiertos**, a poder ser.")
    page.get_by_role("button", name=t("Open the debate")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("¿Cómo publicáis las agendas?")
    debate = Debate.objects.get()
    assert debate.content.space == group

    # Reply with htmx: the page does not reload (a marker set on window survives) and the form empties.
    page.evaluate("window.stillHere = true")
    page.get_by_label(t("Your reply"), exact=True).fill("En CSV diario, @owner.")
    page.get_by_role("button", name=t("Post reply")).click()
    expect(page.locator(".threads > li")).to_have_count(1)
    assert page.evaluate("window.stillHere") is True
    expect(page.get_by_label(t("Your reply"), exact=True)).to_have_value("")
    reply = Comment.objects.get()
    expect(page.locator(f"#comment-{reply.pk} a[href='/u/owner/']")).to_be_visible()

    page.locator(f"#comment-{reply.pk} .reactions button").first.click()
    expect(page.locator(f"#comment-{reply.pk} .reactions button").first).to_have_attribute("aria-pressed", "true")
    assert page.evaluate("window.stillHere") is True
    assert Reaction.objects.filter(comment=reply, user=marta).exists()
    assert serious_violations(page, "debate page") == []

    phone = new_page(viewport=PHONE)
    log_in_browser(phone, marta)
    for url in (group.get_absolute_url(), debate.content.get_absolute_url()):
        phone.goto(url)
        assert not sideways_overflow(phone), url
        assert serious_violations(phone, f"{url} on a phone") == []
    assert Membership.objects.filter(space=group).count() == 2
