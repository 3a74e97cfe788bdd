"""Typing in the header search box and picking a suggestion, with the keyboard; axe on the search page."""

import re

import pytest
from playwright.sync_api import expect

from xarxa.accounts.tests.factories import UserFactory
from xarxa.core.browser_checks import serious_violations
from xarxa.debates.tests.factories import DebateFactory
from xarxa.spaces.tests.factories import SpaceFactory

pytestmark = pytest.mark.browser


def test_a_member_types_in_the_header_search_and_picks_a_suggestion(page, log_in_browser):
    member = UserFactory(username="ana")
    UserFactory(username="rosa", profile__full_name="Rosalía Pérez Ortega")
    SpaceFactory(name="Rosario digital")
    log_in_browser(page, member)
    page.goto("/")
    box = page.locator("#site-search-input")
    box.fill("r")
    expect(page.locator("#site-search-suggestions a")).to_have_count(0)
    box.fill("rosal")
    suggestion = page.locator("#site-search-suggestions a", has_text="Pérez Ortega")
    expect(suggestion).to_be_visible()
    box.press("ArrowDown")
    expect(suggestion).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/u/rosa/$"))


def test_the_search_page_passes_axe_and_submitting_the_box_without_suggestions_works(page):
    DebateFactory(content__title="Administración electrónica", content__body="Sobre la **sede electrónica**.")
    page.goto("/")
    page.locator("#site-search-input").fill("administracion electronica")
    page.locator("#site-search-input").press("Enter")
    expect(page.locator(".search-result")).to_have_count(1)
    expect(page.locator(".search-result mark").first).to_have_text("Administración")
    assert serious_violations(page, "search results") == []
    page.goto("/search/")
    assert serious_violations(page, "empty search page") == []
