"""The groups directory in a real browser: htmx swaps the results in place, and the form works without it."""

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from xarxa.accounts.tests.factories import UserFactory
from xarxa.core.browser_checks import label, serious_violations
from xarxa.spaces.tests.factories import SpaceFactory

pytestmark = pytest.mark.browser


def tn(singular, plural, number):
    with translation.override("es"):
        return translation.ngettext(singular, plural, number) % {"counter": number}


def groups(number):
    return tn("%(counter)s group", "%(counter)s groups", number)


def test_changing_filters_swaps_the_results_in_place_and_works_without_javascript(page, new_page):
    SpaceFactory(name="Datos abiertos", country="ES", owner=UserFactory())
    SpaceFactory(name="Innovación municipal", country="CL", owner=UserFactory())
    SpaceFactory(name="Compras públicas", country="CL", owner=UserFactory())
    page.goto("/groups/")
    results, status = page.locator("#results"), page.locator("#results-status")
    summary = page.locator("#filters-summary")
    country = page.get_by_label(label("Country"))

    country.select_option("CL")
    expect(page).to_have_url(re.compile(r"[?&]country=CL"))
    expect(results.get_by_role("heading", level=2)).to_have_text(groups(2))
    expect(status).to_have_text(groups(2))
    expect(summary).to_have_text(tn("Filters (%(counter)s chosen)", "Filters (%(counter)s chosen)", 1))
    assert page.locator("#results").count() == 1

    country.select_option("ES")
    expect(page).to_have_url(re.compile(r"[?&]country=ES"))
    expect(results.get_by_role("link", name="Datos abiertos")).to_be_visible()
    expect(results).not_to_contain_text("Innovación municipal")
    expect(status).to_have_text(groups(1))
    assert page.locator("#results").count() == 1  # swapped in place, not nested
    assert page.locator("#results section").count() == 0 and page.locator("#results-heading").count() == 1
    assert not serious_violations(page, "groups directory after filtering twice")

    # Without JavaScript the same form loads the whole page.
    plain = new_page(java_script_enabled=False)
    plain.goto("/groups/")
    plain.get_by_label(label("Country")).select_option("CL")
    plain.locator("form.filters").get_by_role("button").click()
    expect(plain).to_have_url(re.compile(r"[?&]country=CL"))
    expect(plain.locator("#results").get_by_role("heading", level=2)).to_have_text(groups(2))
    assert plain.locator("#results").count() == 1
