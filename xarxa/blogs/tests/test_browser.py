"""Writing and publishing a blog post in a real browser, and axe on the blog pages (desktop and phone)."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import translation
from django.utils.text import capfirst
from playwright.sync_api import expect

from xarxa.accounts.tests.factories import UserFactory
from xarxa.blogs.models import Post
from xarxa.content.models import Content

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def t(message):
    """The Spanish text the page shows for `message`."""
    with translation.override("es"):
        return translation.gettext(message)


def label(message):
    """A field's label as Django renders it: capitalised, with or without the trailing colon."""
    return re.compile(rf"^{re.escape(capfirst(t(message)))}:?$")


def serious_violations(page, where):
    """axe's serious and critical findings on the page as it is now, one readable line each."""
    found = []
    for violation in Axe().run(page).response["violations"]:
        if violation["impact"] in ("serious", "critical"):
            for node in violation["nodes"]:
                found.append(f"{where}: [{violation['impact']}] {violation['id']} ({violation['help']}) at "
                             f"{', '.join(map(str, node['target']))}: {node['html'][:200]}")
    return found


def sideways_overflow(page):
    """None, or the page width and the elements sticking out to the right if the page scrolls sideways."""
    return page.evaluate("""() => {
        const width = document.documentElement.scrollWidth, limit = window.innerWidth + 1;
        if (width <= limit) return null;
        const culprits = [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > limit)
            .slice(0, 5)
            .map(e => `${e.tagName.toLowerCase()}.${e.className} (${Math.round(e.getBoundingClientRect().right)}px)`);
        return `${width}px wide; sticking out: ${culprits.join(', ')}`;
    }""")


def test_a_member_writes_and_publishes_a_post_and_finds_it_on_their_blog_and_in_the_list(page, log_in_browser,
                                                                                         new_page):
    marta = UserFactory(username="marta", profile__full_name="Marta Vidal")
    log_in_browser(page, marta)

    page.goto("/blogs/")
    page.get_by_role("main").get_by_role("link", name=t("Write a post")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Write a post"))
    assert serious_violations(page, "editor") == []
    page.get_by_label(label("Title")).fill("Cómo abrimos los presupuestos")
    page.get_by_label(label("Text")).fill("Publicamos los **presupuestos** en CSV cada mes.")
    page.get_by_label(label("Topics")).fill("Datos abiertos")
    page.get_by_role("button", name=t("Publish"), exact=True).click()

    # The post page: published, with its rendered text and topic.
    expect(page.get_by_role("heading", level=1)).to_have_text("Cómo abrimos los presupuestos")
    expect(page.get_by_role("status")).to_contain_text(t("Your post is published."))
    expect(page.locator(".prose strong")).to_have_text("presupuestos")
    expect(page.locator(".tags").get_by_role("link", name="Datos abiertos")).to_be_visible()
    content = Content.objects.get(kind="post")
    assert content.author == marta and content.space is None and content.is_published
    assert Post.objects.get(content=content).excerpt.startswith("Publicamos los presupuestos")
    assert serious_violations(page, "post page") == []

    # On her blog (reached from the post's breadcrumb) and in the list of every post.
    page.get_by_role("link", name=t("%(name)s’s blog").replace("%(name)s", "Marta Vidal")).click()
    expect(page).to_have_url(re.compile(r"/u/marta/blog/$"))
    expect(page.get_by_role("main").get_by_role("link", name="Cómo abrimos los presupuestos")).to_be_visible()
    page.goto("/blogs/")
    row = page.locator(".post-row", has_text="Cómo abrimos los presupuestos")
    expect(row).to_contain_text("Publicamos los presupuestos en CSV cada mes.")
    assert serious_violations(page, "list") == []

    phone = new_page(viewport=PHONE)
    log_in_browser(phone, marta)
    for url in ("/blogs/", "/u/marta/blog/", content.get_absolute_url(), "/blogs/new/"):
        phone.goto(url)
        assert not (overflow := sideways_overflow(phone)), f"{url} scrolls sideways on a phone: {overflow}"
        assert serious_violations(phone, f"{url} on a phone") == []
