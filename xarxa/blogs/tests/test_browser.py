"""Writing and publishing a blog post in a real browser, and axe on the blog pages (desktop and phone)."""

import re

import pytest
from playwright.sync_api import expect

from xarxa.accounts.tests.factories import UserFactory
from xarxa.blogs.models import Post
from xarxa.content.models import Content
from xarxa.core.browser_checks import label, serious_violations, sideways_overflow, t

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


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
