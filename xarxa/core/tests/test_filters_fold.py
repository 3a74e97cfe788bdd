"""The list pages' filter forms fold away on a phone, behind a summary that says how many filters are chosen,
so the results come first; on a desktop the form stays in its side column. Without JavaScript the form is
rendered open: nothing is hidden from a reader whose browser runs no script."""

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from xarxa.core.browser_checks import DESKTOP, PHONE, accessibility_problems, t
from xarxa.library.tests.factories import ResourceFactory

pytestmark = pytest.mark.django_db


def chosen(number):
    with translation.override("es"):
        return translation.ngettext("Filters (%(counter)s chosen)", "Filters (%(counter)s chosen)",
                                    number) % {"counter": number}


def summary_of(response):
    """The filter form's <details> opening tag and its summary's text, as the server rendered them."""
    html = response.content.decode()
    found = re.search(r'(<details class="filters-fold"[^>]*>)\s*<summary[^>]*>(.*?)</summary>', html, re.S)
    assert found, "no folding filter form on the page"
    return found.group(1), found.group(2).strip()


def test_the_summary_counts_the_chosen_filters_and_the_form_is_rendered_open(client):
    ResourceFactory(countries=["ES"])

    details, text = summary_of(client.get("/library/?kind=practice&country=ES&sort=rated&q="))
    assert re.search(r"\sopen(\s|>)", details), "the form must be open for readers without JavaScript"
    assert text == chosen(2)  # the sort order and the blank words are no filter

    assert summary_of(client.get("/library/?sort=rated"))[1] == t("Filters")
    assert summary_of(client.get("/library/?year=not-a-year"))[1] == t("Filters")  # ignored, so none chosen
    assert summary_of(client.get("/members/?country=ES&verified=on"))[1] == chosen(2)
    assert summary_of(client.get("/members/?verified="))[1] == t("Filters")
    assert summary_of(client.get("/groups/?country=ES"))[1] == chosen(1)
    assert summary_of(client.get("/organisations/?kind=administration&level=local&q=Ayunta"))[1] == chosen(3)


@pytest.mark.browser
def test_on_a_phone_the_results_come_first_and_the_filters_open_on_demand(new_page):
    ResourceFactory.create_batch(3)
    page = new_page(viewport=PHONE)
    page.goto("/library/")
    summary = page.locator("details.filters-fold > summary")
    kind = page.get_by_label(t("Kind"))

    first_row = page.locator("#resource-rows > li").first
    expect(first_row).to_be_visible()
    assert first_row.bounding_box()["y"] < PHONE["height"], "the first result is below the first screen"
    expect(summary).to_be_visible()
    expect(summary).to_have_text(t("Filters"))
    expect(kind).to_be_hidden()
    summary.click()
    expect(kind).to_be_visible()

    # Choosing a filter swaps the library with htmx: the form the reader works in stays open.
    kind.select_option("practice")
    expect(page).to_have_url(re.compile("kind=practice"))
    expect(summary).to_have_text(chosen(1))
    expect(page.get_by_label(t("Country"))).to_be_visible()

    page.set_viewport_size(DESKTOP)
    page.goto("/library/")
    expect(kind).to_be_visible()
    expect(summary).to_be_hidden()

    problems = accessibility_problems(page, ["/library/"])
    assert not problems, "Accessibility problems:\n" + "\n".join(problems)
