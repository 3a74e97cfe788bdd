"""Editing a wiki page and reading the word-level diff in a real browser, and axe on the wiki pages."""

import re

import pytest
from playwright.sync_api import expect

from xarxa.accounts.tests.factories import UserFactory
from xarxa.core.browser_checks import label, serious_violations, sideways_overflow, t
from xarxa.wikis import services
from xarxa.wikis.models import WikiRevision

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def test_a_member_edits_a_wiki_page_and_reads_the_word_level_diff(page, log_in_browser, new_page):
    ana, marta = UserFactory(username="ana"), UserFactory(username="marta", profile__full_name="Marta Vidal")
    wiki_page = services.create_page(ana, title="Guía de datos abiertos",
                                     body="El portal publica datos cada mes en CSV.", comment="Primera versión")
    url = wiki_page.content.get_absolute_url()
    log_in_browser(page, marta)

    page.goto(url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Guía de datos abiertos")
    assert serious_violations(page, "page") == []
    page.locator(".item-tools").get_by_role("link", name=t("Edit"), exact=True).click()
    page.get_by_label(label("Text")).fill("El portal publica datos abiertos cada semana en CSV.")
    page.get_by_label(label("Summary of the change")).fill("Más frecuente")
    assert serious_violations(page, "editor") == []
    page.get_by_role("button", name=t("Save the page")).click()

    expect(page.get_by_role("status")).to_contain_text(t("The page has been saved."))
    expect(page.locator(".wiki-body")).to_have_text("El portal publica datos abiertos cada semana en CSV.")
    latest = WikiRevision.objects.get(page=wiki_page, number=2)
    assert latest.author == marta and latest.comment == "Más frecuente"

    # The history lists both revisions; comparing them (the defaults: 1 → 2) shows the changed words.
    page.locator(".item-tools").get_by_role("link", name=t("History")).click()
    history = page.locator(".history-table tbody tr")
    expect(history).to_have_count(2)
    expect(history.first).to_contain_text("Más frecuente")
    assert serious_violations(page, "history") == []
    page.get_by_role("button", name=t("Compare the chosen revisions")).click()
    expect(page).to_have_url(re.compile(r"/diff/\?(from=1&to=2|to=2&from=1)$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        t("Changes from revision %(old)s to %(new)s") % {"old": 1, "new": 2})
    diff = page.locator(".diff")
    expect(diff.locator("ins")).to_have_text([re.compile(r"^abiertos\s*$"), re.compile(r"^semana\s*$")])
    expect(diff.locator("del")).to_have_text([re.compile(r"^mes\s*$")])
    assert serious_violations(page, "diff") == []

    phone = new_page(viewport=PHONE)
    log_in_browser(phone, marta)
    by_id = f"/wiki/pages/{wiki_page.pk}/"  # the page itself is at its path, its tools under the id
    for where in (url, f"{by_id}history/", f"{by_id}diff/?from=1&to=2", f"{by_id}edit/", "/wiki/"):
        phone.goto(where)
        assert not (overflow := sideways_overflow(phone)), f"{where} scrolls sideways on a phone: {overflow}"
        assert serious_violations(phone, f"{where} on a phone") == []
