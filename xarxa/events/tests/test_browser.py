"""The waiting list of a full event in a real browser (two members, two browser contexts), answering one
date of a repeating event on a phone, and axe on the event pages."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from xarxa.accounts.tests.factories import UserFactory
from xarxa.core.browser_checks import serious_violations, sideways_overflow, t
from xarxa.events import recurrence, services
from xarxa.events.models import Rsvp
from xarxa.events.tests.factories import EventFactory

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def test_a_member_waits_for_a_full_event_and_is_promoted_when_someone_cancels(page, log_in_browser, new_page,
                                                                              mailbox):
    organiser = UserFactory(username="organiser")
    marta = UserFactory(username="marta", email="marta@example.org", profile__full_name="Marta Vidal")
    bea = UserFactory(username="bea", profile__full_name="Beatriz Souza")
    event = EventFactory(capacity=1, content__author=organiser, content__title="Taller de datos abiertos")
    services.rsvp(bea, event, Rsvp.Answer.GOING)
    url = event.content.get_absolute_url()

    # Marta finds the event in the list; it is full, so "going" puts her on the waiting list.
    log_in_browser(page, marta)
    page.goto("/events/")
    assert serious_violations(page, "list") == []
    page.get_by_role("main").get_by_role("link", name="Taller de datos abiertos").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Taller de datos abiertos")
    assert serious_violations(page, "event page") == []
    page.get_by_role("button", name=t("Join the waiting list")).click()
    status = page.locator("#rsvp-status")
    expect(status).to_contain_text(t("The event is full: you are number %(position)s on the waiting list. You "
                                     "will go automatically when a place opens.") % {"position": 1})
    assert Rsvp.objects.get(event=event, user=marta).answer == Rsvp.Answer.WAITING
    assert serious_violations(page, "event page, waiting") == []

    # Beatriz, in her own browser, cancels: the place goes to Marta.
    other = new_page()
    log_in_browser(other, bea)
    other.goto(url)
    other.get_by_role("button", name=t("Not going")).click()
    expect(other.locator("#rsvp-status strong")).to_have_text(t("Not going"))

    page.reload()
    expect(status.locator("strong")).to_have_text(t("Going"))
    expect(page.get_by_role("button", name=t("Going"), exact=True)).to_have_attribute("aria-pressed", "true")
    assert Rsvp.objects.get(event=event, user=marta).answer == Rsvp.Answer.GOING
    messages = [message for message in mailbox() if message["To"] == "marta@example.org"]
    assert len(messages) == 1
    assert "Taller de datos abiertos" in messages[0]["Subject"]
    assert url in messages[0].get_body(preferencelist=("plain",)).get_content()

    # The month of the event shows it.
    start = timezone.localtime(event.starts_at)
    month_url = f"/events/month/{start.year}/{start.month}/"
    page.goto(month_url)
    expect(page.locator(".month-grid").get_by_role("link", name="Taller de datos abiertos")).to_be_visible()
    assert serious_violations(page, "month view") == []

    phone = new_page(viewport=PHONE)
    log_in_browser(phone, marta)
    for where in ("/events/", month_url, url):
        phone.goto(where)
        assert not (overflow := sideways_overflow(phone)), f"{where} scrolls sideways on a phone: {overflow}"
        assert serious_violations(phone, f"{where} on a phone") == []

    # A weekly meeting: on her phone Marta says she goes on the second date only.
    first = (timezone.now() + timedelta(days=2)).replace(second=0, microsecond=0)
    weekly = EventFactory(content__title="Café semanal", starts_at=first, ends_at=first + timedelta(hours=1),
                          series_ends_at=None, capacity=3, recurrence="FREQ=WEEKLY")
    dates = [start for start, _end in recurrence.next_occurrences(weekly, timezone.now(), limit=2)]
    phone.goto(weekly.content.get_absolute_url())
    second = phone.locator(".occurrence").nth(1)
    second.get_by_role("button", name=t("Going"), exact=True).click()
    second = phone.locator(".occurrence").nth(1)
    expect(second.locator(".occurrence-status strong")).to_have_text(t("Going"))
    expect(second.get_by_role("button", name=t("Going"), exact=True)).to_have_attribute("aria-pressed", "true")
    expect(phone.locator(".occurrence").nth(0).locator(".occurrence-status")).to_have_count(0)
    assert list(Rsvp.objects.filter(event=weekly, user=marta).values_list("occurrence", "answer")) == [
        (dates[1], Rsvp.Answer.GOING)]
    assert not (overflow := sideways_overflow(phone)), f"the dates scroll sideways on a phone: {overflow}"
    assert serious_violations(phone, "a repeating event's dates on a phone") == []
