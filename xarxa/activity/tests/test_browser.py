"""Muting and following closely in a real browser: the buttons swap in place (htmx) and the feed follows.

The browser speaks Spanish; the texts looked for are the site's own strings through gettext.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from xarxa.accounts.tests.factories import UserFactory
from xarxa.activity.models import Mute
from xarxa.core.browser_checks import t
from xarxa.debates.services import publish_debate
from xarxa.follows.services import follow
from xarxa.spaces.models import Membership
from xarxa.spaces.tests.factories import SpaceFactory, add_member

pytestmark = pytest.mark.browser


@pytest.fixture
def ana_follows_bea():
    ana = UserFactory(username="ana", profile__full_name="Ana García")
    bea = UserFactory(username="bea", profile__full_name="Beatriz Souza")
    follow(ana, bea)
    publish_debate(bea, title="Presupuestos participativos")
    return ana, bea


def test_muting_a_member_takes_their_activity_out_of_the_feed_and_unmuting_brings_it_back(
        page, log_in_browser, ana_follows_bea):
    ana, bea = ana_follows_bea
    log_in_browser(page, ana)
    feed = page.locator("ul.feed")
    page.goto(reverse("activity:home"))
    expect(feed).to_contain_text("Presupuestos participativos")

    page.goto(bea.get_absolute_url())
    page.get_by_role("button", name=t("Mute %(name)s in my feeds") % {"name": bea.display_name}).click()
    unmute = page.get_by_role("button", name=t("Unmute %(name)s") % {"name": bea.display_name})
    expect(unmute).to_be_visible()  # swapped in place, no reload
    assert Mute.objects.filter(user=ana, muted_user=bea).exists()
    page.goto(reverse("activity:home"))
    expect(page.get_by_role("main")).to_contain_text(t("Nothing here yet."))
    expect(page.get_by_role("main")).not_to_contain_text("Presupuestos participativos")

    page.goto(bea.get_absolute_url())
    unmute.click()
    expect(page.get_by_role("button", name=t("Mute %(name)s in my feeds") % {"name": bea.display_name})).to_be_visible()
    assert not Mute.objects.filter(user=ana, muted_user=bea).exists()
    page.goto(reverse("activity:home"))
    expect(feed).to_contain_text("Presupuestos participativos")


def test_a_member_follows_a_group_closely_and_stops(page, log_in_browser):
    ana = UserFactory(username="ana")
    group = SpaceFactory(owner=UserFactory(), name="Datos abiertos")
    add_member(group, ana)
    log_in_browser(page, ana)
    page.goto(group.get_absolute_url())
    actions = page.locator("#membership-actions")
    actions.get_by_role("button", name=t("Follow closely"), exact=True).click()
    expect(actions.get_by_role("button", name=t("Stop following closely"), exact=True)).to_be_visible()
    assert Membership.objects.get(space=group, user=ana).follows_closely is True

    actions.get_by_role("button", name=t("Stop following closely"), exact=True).click()
    expect(actions.get_by_role("button", name=t("Follow closely"), exact=True)).to_be_visible()
    assert Membership.objects.get(space=group, user=ana).follows_closely is False
