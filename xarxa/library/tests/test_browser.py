"""The library journey in a real browser: publish a good practice, find it with the facets (htmx on),
record a replication; axe on the list and the detail page."""

import re

import pytest
from playwright.sync_api import expect

from xarxa.accounts.tests.factories import UserFactory
from xarxa.core.browser_checks import serious_violations, t
from xarxa.library.models import Replication, Resource
from xarxa.library.tests.factories import ResourceFactory

pytestmark = pytest.mark.browser


def test_publish_find_and_apply_a_good_practice(page, log_in_browser):
    ana = UserFactory(username="ana", profile__full_name="Ana Pons", profile__country="UY")
    ResourceFactory.create_batch(3, policy_area="health", countries=["BR"])  # others in the library
    log_in_browser(page, ana)

    page.goto("/library/")
    assert serious_violations(page, "library list") == []
    page.get_by_role("link", name=t("Share a resource")).click()
    page.get_by_label(t("Title")).fill("Ventanilla única para empresas")
    page.get_by_label(t("Summary")).fill("Un solo punto para abrir un negocio.")
    page.get_by_label(t("Policy area")).select_option("economy")
    page.get_by_label(t("Countries involved")).select_option(["UY"])
    page.get_by_label(t("The problem")).fill("Doce trámites en seis oficinas.")
    page.get_by_label(t("Stage")).select_option("scaled")
    page.get_by_role("button", name=t("Publish")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ventanilla única para empresas")
    resource = Resource.objects.get(content__title="Ventanilla única para empresas")
    assert serious_violations(page, "resource page") == []

    # Filter with htmx: the list narrows without a reload, the facet counts follow.
    page.goto("/library/")
    page.evaluate("window.stillHere = true")
    page.get_by_label(t("Policy area")).select_option("economy")
    expect(page.locator("#resource-rows > li")).to_have_count(1)
    page.get_by_label(t("Country")).select_option("UY")
    expect(page).to_have_url(re.compile("country=UY"))
    expect(page.locator("#resource-rows > li")).to_have_count(1)
    expect(page.get_by_label(t("Policy area"))).to_have_value("economy")
    assert page.evaluate("window.stillHere") is True
    page.get_by_role("link", name="Ventanilla única para empresas").click()

    page.get_by_role("link", name=t("We applied this too")).first.click()
    page.get_by_label(t("Where")).fill("Intendencia de Canelones")
    page.get_by_label(t("Level of administration")).select_option("regional")
    page.get_by_label(t("How it went")).fill("Lo adaptamos en cuatro meses.")
    page.get_by_role("button", name=t("Record it")).click()
    expect(page.locator("#replications")).to_contain_text("Intendencia de Canelones")
    assert Replication.objects.get().resource == resource
    assert serious_violations(page, "resource page with a replication") == []
