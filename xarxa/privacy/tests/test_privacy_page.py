"""The privacy page (controller, contact and retention periods from settings), linked from every page's
footer and from every e-mail the site sends."""

from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.template.loader import get_template
from django.urls import reverse

from xarxa.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_page_names_the_controller_contact_and_periods_from_settings(client, settings):
    settings.XARXA_PRIVACY_CONTROLLER = "Consorcio Red Pública"
    settings.XARXA_PRIVACY_CONTACT = "dpd@red.example"
    settings.XARXA_ACCOUNT_DELETION_GRACE_DAYS = 21
    settings.XARXA_DATA_EXPORT_DAYS = 9
    page = client.get(reverse("privacy:policy"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Consorcio Red Pública" in page and "mailto:dpd@red.example" in page
    assert "21 days" in page and "9 days" in page


def test_every_page_links_to_it_in_the_footer(client):
    page = client.get(reverse("accounts:directory")).content.decode()
    footer = page.split('<footer class="site-footer">', 1)[1]
    assert f'href="{reverse("privacy:policy")}"' in footer


def test_an_account_e_mail_and_a_network_e_mail_link_to_it(client, mailbox):
    member = UserFactory()
    client.post(reverse("account_reset_password"), {"email": member.email})
    from xarxa.accounts.services import approve_members

    pending = UserFactory(is_approved=False)
    approve_members(UserFactory(is_staff=True), [pending])
    link = django_settings.SITE_URL + reverse("privacy:policy")
    mails = mailbox()
    assert {mail["To"] for mail in mails} == {member.email, pending.email}
    assert all(link in mail.get_body(("plain",)).get_content() for mail in mails)


def text_mail_templates():
    """Every plain-text e-mail body the project's own apps render (subjects are one line, without it)."""
    root = Path(django_settings.BASE_DIR) / "xarxa"
    for path in sorted(root.glob("*/templates/*/email/*.txt")):
        if "subject" not in path.name:
            yield str(path.relative_to(path.parents[2]))


@pytest.mark.parametrize("template_name", list(text_mail_templates()))
def test_every_e_mail_template_builds_on_the_shared_base(template_name):
    source = get_template(template_name).template.source
    assert source.startswith('{% extends "email/base.txt" %}'), template_name
