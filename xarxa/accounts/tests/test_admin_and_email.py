"""Staff tools in the admin, password reset and e-mail changes."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from xarxa.accounts.models import Profile, VerifiedDomain
from xarxa.accounts.tests.factories import OrganisationFactory, TopicFactory, UserFactory
from xarxa.organisations.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize("model", ["accounts/user", "accounts/profile", "accounts/verifieddomain",
                                   "accounts/invitation", "organisations/organisation", "topics/topic",
                                   "follows/follow"])
def test_admin_lists_open_with_filters_and_search(staff_client, model):
    UserFactory()
    OrganisationFactory()
    TopicFactory()
    response = staff_client.get(f"/admin/{model}/", {"q": "a"})
    assert response.status_code == 200


def test_staff_merge_duplicates_from_the_admin(staff_client):
    keep = OrganisationFactory(name="Xunta de Galicia")
    duplicate = OrganisationFactory(name="Xunta Galicia")
    member = UserFactory(profile__organisation=duplicate)
    changelist = reverse("admin:organisations_organisation_changelist")
    selected = {"action": "merge_selected", "_selected_action": [keep.pk, duplicate.pk]}
    page = staff_client.post(changelist, selected)
    assert page.status_code == 200 and "Xunta Galicia" in page.content.decode()
    staff_client.post(changelist, {**selected, "apply": "1", "keep": keep.pk})
    member.profile.refresh_from_db()
    duplicate.refresh_from_db()
    assert member.profile.organisation == keep and duplicate.status == Organisation.Status.MERGED


def test_staff_approve_accounts_from_the_admin(staff_client):
    waiting = UserFactory(is_approved=False)
    staff_client.post(reverse("admin:accounts_user_changelist"),
                      {"action": "approve_selected", "_selected_action": [waiting.pk]})
    waiting.refresh_from_db()
    assert waiting.is_approved


def test_password_reset_mail_lands_in_the_mail_folder_and_works(client, mailbox):
    member = UserFactory(email="ana@example.org")
    client.post(reverse("account_reset_password"), {"email": "ana@example.org"})
    body = mailbox()[-1].get_body(preferencelist=("plain",)).get_content()
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+/", body).group(0)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    form_url = client.get(path).url  # allauth moves the key into the session, then shows the form
    response = client.post(form_url, {"password1": "another-long-secret-7", "password2": "another-long-secret-7"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password("another-long-secret-7")


def test_verifying_a_new_institutional_address_grants_the_badge(client, mailbox):
    VerifiedDomain.objects.create(domain="gov.br")
    member = UserFactory(email="joana@gmail.example")
    client.force_login(member)
    client.post(reverse("account_email"), {"action_add": "", "email": "joana@economia.gov.br"})
    assert EmailAddress.objects.filter(user=member, email="joana@economia.gov.br", verified=False).exists()
    member.profile.refresh_from_db()
    assert not member.profile.is_verified_employee
    body = mailbox()[-1].get_body(preferencelist=("plain",)).get_content()
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", body).group(0)
    client.post("/" + link.split("://", 1)[1].split("/", 1)[1])
    member.profile.refresh_from_db()
    assert member.profile.verification == Profile.Verification.DOMAIN


def test_lookalike_domains_do_not_get_the_badge():
    from xarxa.accounts.services import is_institutional_email

    VerifiedDomain.objects.create(domain="gob.es")
    assert is_institutional_email("a@madrid.gob.es")
    assert is_institutional_email("a@GOB.ES")
    assert not is_institutional_email("a@notgob.es")
    assert not is_institutional_email("a@gob.es.example.com")
