"""Signed-in devices with "sign out everywhere else" (allauth.usersessions), and two-factor authentication
required of staff when XARXA_STAFF_MFA=required."""

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse

from xarxa.accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def signed_in(email, user_agent):
    device = Client(HTTP_USER_AGENT=user_agent)
    assert device.post(reverse("account_login"), {"login": email, "password": PASSWORD}).status_code == 302
    return device


def test_the_member_sees_their_devices_and_signs_out_everywhere_else():
    member = UserFactory()
    laptop = signed_in(member.email, "Firefox on the office laptop")
    phone = signed_in(member.email, "Safari on my phone")
    page = laptop.get(reverse("usersessions_list"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Firefox on the office laptop" in html and "Safari on my phone" in html
    assert laptop.post(reverse("usersessions_list")).status_code == 302
    assert phone.get(reverse("privacy:my_data")).status_code == 302  # sent to sign in again
    assert laptop.get(reverse("privacy:my_data")).status_code == 200


def test_the_account_pages_link_to_devices_and_data(client):
    client.force_login(UserFactory())
    page = client.get(reverse("account_email")).content.decode()
    assert reverse("usersessions_list") in page and reverse("privacy:my_data") in page


@pytest.fixture
def staff(settings):
    settings.XARXA_STAFF_MFA = "required"
    return UserFactory(is_staff=True, is_superuser=True)


def test_staff_without_two_factor_are_sent_to_set_it_up(client, staff):
    client.force_login(staff)
    for path in (reverse("admin:index"), reverse("home"), reverse("accounts:directory")):
        response = client.get(path)
        assert response.status_code == 302 and response.url == reverse("mfa_activate_totp"), path
    # The account pages stay open: that is where it is set up (after confirming the password).
    assert client.get(reverse("mfa_activate_totp")).url.startswith(reverse("account_reauthenticate"))


def test_staff_with_two_factor_reach_the_admin(client, staff):
    Authenticator.objects.create(user=staff, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client.force_login(staff)
    assert client.get(reverse("admin:index")).status_code == 200


def test_members_are_not_asked_and_optional_asks_nobody(client, staff, settings):
    client.force_login(UserFactory())
    assert client.get(reverse("home")).status_code == 200
    settings.XARXA_STAFF_MFA = "optional"
    client.force_login(staff)
    assert client.get(reverse("admin:index")).status_code == 200
