"""What a member sees and does in a real browser, and whether the pages are accessible.

The browser speaks Spanish (the site's default language); the texts the tests
look for are the site's own strings passed through gettext, so they keep
matching when the translations are filled in.
"""

import re
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.utils import translation
from playwright.sync_api import expect

from xarxa.accounts.models import Profile, User
from xarxa.accounts.tests.factories import OrganisationFactory, TopicFactory, UserFactory
from xarxa.core.browser_checks import accessibility_problems, label, serious_violations, t
from xarxa.follows.models import Follow

pytestmark = pytest.mark.browser

NEW_PASSWORD = "a-long-pass-phrase-42"


def tn(singular, plural, number):
    with translation.override("es"):
        return translation.ngettext(singular, plural, number) % {"counter": number}


@pytest.fixture
def network():
    """A small network: an organisation, a topic, a member with a full profile and another member."""
    organisation = OrganisationFactory(name="Ayuntamiento de Barcelona", slug="ayuntamiento-de-barcelona")
    topic = TopicFactory(name="Datos abiertos", slug="datos-abiertos")
    ana = UserFactory(
        username="ana", profile__full_name="Ana García López", profile__organisation=organisation,
        profile__headline="Responsable de datos abiertos", profile__country="ES", profile__languages=["es", "ca"],
        profile__bio="Trabajo en **datos abiertos**.\n\n- Portal de datos\n- Presupuestos abiertos",
        profile__verification=Profile.Verification.MODERATOR,
    )
    ana.profile.topics.set([topic])
    ana.profile.links = ["https://ajuntament.barcelona.cat/"]
    ana.profile.save()
    bea = UserFactory(username="bea", profile__full_name="Beatriz Souza", profile__organisation=organisation)
    return {"ana": ana, "bea": bea, "organisation": organisation, "topic": topic}


def test_newcomer_signs_up_confirms_completes_profile_follows_and_finds_a_colleague(page, mailbox):
    organisation = OrganisationFactory(name="Ayuntamiento de Zaragoza", slug="ayuntamiento-de-zaragoza")
    colleague = UserFactory(username="pedro", profile__full_name="Pedro Ruiz Alonso", profile__country="PE",
                            profile__headline="Técnico de compras públicas")
    UserFactory(username="marta", profile__full_name="Marta Soler Vidal", profile__country="ES")

    # From the home page to the sign-up form.
    page.goto("/")
    page.get_by_role("main").get_by_role("link", name=t("Join the network")).click()
    expect(page).to_have_url(re.compile(r"/accounts/signup/$"))
    page.get_by_label(label("Full name")).fill("Lucía Fernández")
    page.get_by_label(label("Email")).fill("lucia@example.org")
    page.get_by_label(label("Username")).fill("lucia")
    page.get_by_label(label("Password")).fill(NEW_PASSWORD)
    page.get_by_label(label("Password (again)")).fill(NEW_PASSWORD)
    page.get_by_role("main").get_by_role("button", name=t("Sign Up")).click()

    # Signed in straight away, welcomed by name.
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Welcome, %(name)s") % {"name": "Lucía Fernández"})
    member = User.objects.get(username="lucia")
    assert member.profile.full_name == "Lucía Fernández"
    assert not EmailAddress.objects.get(user=member).verified

    # The confirmation e-mail arrives; its link confirms the address.
    messages = mailbox()
    assert [message["To"] for message in messages] == ["lucia@example.org"]
    body = messages[0].get_body(preferencelist=("plain",)).get_content()
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", body).group(0)
    assert link.startswith(settings.SITE_URL)  # the site's address, never the Host header a request claimed
    page.goto(urlsplit(link).path)
    page.get_by_role("main").get_by_role("button", name=t("Confirm")).click()
    expect(page.get_by_role("status")).to_contain_text(t("You have confirmed %(email)s.")
                                                       % {"email": "lucia@example.org"})
    assert EmailAddress.objects.get(user=member, email="lucia@example.org").verified

    # Edit the profile from the account menu.
    header = page.locator("header.site-header")
    header.locator("summary").click()
    header.get_by_role("link", name=t("Edit profile")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Edit profile"))
    page.get_by_label(label("headline")).fill("Responsable de datos abiertos")
    page.get_by_label(label("organisation")).select_option(label="Ayuntamiento de Zaragoza")
    page.get_by_label(label("Topics of expertise")).fill("Datos abiertos, Gobierno abierto")
    page.get_by_label(label("about me")).fill("Trabajo en **datos abiertos** desde 2015.")
    page.get_by_role("button", name=t("Save profile")).click()

    # The profile page shows what was saved.
    expect(page).to_have_url(re.compile(r"/u/lucia/$"))
    main = page.get_by_role("main")
    expect(page.get_by_role("status")).to_contain_text(t("Your profile has been saved."))
    expect(main.get_by_role("heading", level=1)).to_have_text("Lucía Fernández")
    expect(main).to_contain_text("Responsable de datos abiertos")
    expect(main.get_by_role("link", name="Ayuntamiento de Zaragoza")).to_be_visible()
    expect(main.get_by_role("link", name="Gobierno abierto")).to_be_visible()
    expect(main.locator(".prose strong")).to_have_text("datos abiertos")
    profile = Profile.objects.get(user=member)
    assert profile.headline == "Responsable de datos abiertos"
    assert profile.organisation == organisation
    assert sorted(profile.topics.values_list("name", flat=True)) == ["Datos abiertos", "Gobierno abierto"]
    assert profile.bio == "Trabajo en **datos abiertos** desde 2015."

    # Follow a colleague from their profile page (htmx swaps the button in place).
    page.goto(colleague.get_absolute_url())
    main.get_by_role("button", name=t("Follow"), exact=True).click()
    following = main.get_by_role("button", name=t("Following"))
    expect(following).to_have_attribute("aria-pressed", "true")
    expect(following).to_be_focused()  # keyboard users keep their place after the swap
    assert Follow.objects.filter(follower=member, user=colleague).exists()
    page.reload()
    expect(main).to_contain_text(tn("%(counter)s follower", "%(counter)s followers", 1))

    # Find the colleague in the member directory, by name ...
    page.get_by_role("banner").get_by_role("link", name=t("Members"), exact=True).click()
    results = page.locator("#results")
    page.get_by_label(label("Name")).fill("Ruiz")
    page.get_by_label(label("Name")).press("Enter")
    expect(page).to_have_url(re.compile(r"[?&]q=Ruiz"))
    expect(results.get_by_role("link", name="Pedro Ruiz Alonso")).to_be_visible()
    expect(results).not_to_contain_text("Marta Soler Vidal")
    expect(results.get_by_role("heading", level=2)).to_have_text(tn("%(counter)s member", "%(counter)s members", 1))
    expect(page.locator("#results-status")).to_have_text(tn("%(counter)s member", "%(counter)s members", 1))

    # ... and by a filter: choosing a country updates the results at once.
    page.get_by_label(label("Name")).fill("")
    page.get_by_label(label("Country")).select_option("PE")
    expect(page).to_have_url(re.compile(r"[?&]country=PE"))
    expect(results.get_by_role("link", name="Pedro Ruiz Alonso")).to_be_visible()
    expect(results).not_to_contain_text("Marta Soler Vidal")
    expect(results).not_to_contain_text("Lucía Fernández")
    assert page.locator("#results").count() == 1  # swapped in place, not nested
    assert not serious_violations(page, "directory after filtering")


VISITOR_PAGES = ["/", "/u/ana/", "/members/", "/accounts/signup/", "/accounts/login/", "/organisations/",
                 "/organisations/ayuntamiento-de-barcelona/", "/topics/"]
MEMBER_PAGES = ["/", "/u/bea/", "/settings/profile/"]  # as Ana: her home, a colleague's profile, her own form


def test_visitor_pages_are_accessible_on_desktop_and_phone(page, network):
    problems = accessibility_problems(page, VISITOR_PAGES)
    assert not problems, "Accessibility problems:\n" + "\n".join(problems)


def test_member_pages_are_accessible_on_desktop_and_phone(page, log_in_browser, network):
    log_in_browser(page, network["ana"])
    page.goto("/")
    expect(page.locator("header.site-header summary")).to_be_visible()  # really signed in
    problems = accessibility_problems(page, MEMBER_PAGES)
    assert not problems, "Accessibility problems:\n" + "\n".join(problems)


def test_pages_raise_no_content_security_policy_violation(page, log_in_browser, network):
    """The real pages, with the real CSP header: htmx (from static) loads, runs and swaps without inline code."""
    reports = []
    page.on("console", lambda message: reports.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.on("pageerror", lambda error: reports.append(f"page error: {error}"))
    log_in_browser(page, network["bea"])

    for path in ("/", "/members/", "/u/ana/"):
        response = page.goto(path)
        assert "script-src 'self'" in response.headers["content-security-policy"]
        assert page.evaluate("typeof window.htmx") == "object", f"htmx did not load on {path}"

    # An htmx swap (following Ana) must not need inline script or style either.
    page.get_by_role("main").get_by_role("button", name=t("Follow"), exact=True).click()
    expect(page.get_by_role("main").get_by_role("button", name=t("Following"))).to_be_visible()
    assert not reports, "\n".join(reports)


def test_language_switcher_in_the_footer_changes_the_language(page):
    page.goto("/topics/")
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "es")

    footer = page.get_by_role("contentinfo")
    footer.get_by_label(label("Language")).select_option("pt-br")  # shown as Português (Brasileiro)
    footer.get_by_role("button", name=t("Change")).click()

    expect(html).to_have_attribute("lang", "pt-br")
    expect(page).to_have_url(re.compile(r"/topics/$"))  # back on the page the member was reading
    cookies = {cookie["name"]: cookie["value"] for cookie in page.context.cookies()}
    assert cookies[settings.LANGUAGE_COOKIE_NAME] == "pt-br"
    expect(footer.locator("select[name=language]")).to_have_value("pt-br")

    # The navigation now reads in Portuguese (xarxa/locale/pt_BR).
    with translation.override("pt-br"):
        members = translation.gettext("Members")
    assert members != t("Members"), "“Members” has no Portuguese translation"
    expect(page.get_by_role("banner").get_by_role("link", name=members, exact=True)).to_be_visible()
