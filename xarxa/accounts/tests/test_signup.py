"""The newcomer's journey: sign up, verify by e-mail, complete the profile, follow, find."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from xarxa.accounts.models import Invitation, Profile, User, VerifiedDomain
from xarxa.accounts.tests.factories import PASSWORD, OrganisationFactory, UserFactory
from xarxa.follows.models import Follow

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-long-pass-phrase-42"


def sign_up(client, email="lucia@madrid.es", username="lucia", full_name="Lucía Fernández"):
    return client.post(reverse("account_signup"), {
        "email": email, "username": username, "full_name": full_name,
        "password1": NEW_PASSWORD, "password2": NEW_PASSWORD,
    })


def results_of(response):
    """The directory's results section only (the header shows the signed-in member's own name)."""
    html = response.content.decode()
    return html[html.index('id="results"'):]


def confirmation_link(message):
    body = message.get_body(preferencelist=("plain",)).get_content()
    return re.search(r"https?://[^\s]+/accounts/confirm-email/[^\s]+/", body).group(0)


def test_sign_up_verify_complete_profile_follow_and_find(client, mailbox):
    VerifiedDomain.objects.create(domain="madrid.es")
    organisation = OrganisationFactory(name="Ayuntamiento de Madrid", slug="ayuntamiento-de-madrid")
    colleague = UserFactory(username="pedro", profile__full_name="Pedro Ruiz Alonso", profile__country="PE")

    response = sign_up(client)
    assert response.status_code == 302
    member = User.objects.get(username="lucia")
    assert member.profile.full_name == "Lucía Fernández"
    assert not member.profile.is_verified_employee  # the address is not proven yet

    messages = mailbox()
    assert len(messages) == 1 and messages[0]["To"] == "lucia@madrid.es"
    link = confirmation_link(messages[0])
    path = link.split("://", 1)[1].split("/", 1)[1]
    assert client.get("/" + path).status_code == 200
    assert client.post("/" + path).status_code == 302
    assert EmailAddress.objects.get(email="lucia@madrid.es").verified
    member.profile.refresh_from_db()
    assert member.profile.verification == Profile.Verification.DOMAIN

    response = client.post(reverse("accounts:edit_profile"), {
        "full_name": "Lucía Fernández", "headline": "Responsable de datos abiertos", "position": "Jefa de servicio",
        "organisation": organisation.pk, "country": "ES", "bio": "Trabajo en **datos abiertos**.",
        "visibility": "everyone", "topic_names": "Datos abiertos, Gobierno abierto", "languages": ["es", "en"],
        "links_text": "https://datos.madrid.es", "email_language": "es",
    })
    assert response.status_code == 302, response.context["form"].errors
    page = client.get(reverse("accounts:profile", args=["lucia"])).content.decode()
    assert "Responsable de datos abiertos" in page
    assert "<strong>datos abiertos</strong>" in page
    assert "Ayuntamiento de Madrid" in page

    response = client.post(reverse("follows:toggle", args=["member", "pedro"]), {"action": "follow"})
    assert response.status_code == 302
    assert Follow.objects.filter(follower=member, user=colleague).exists()

    listing = results_of(client.get(reverse("accounts:directory"), {"q": "Ruiz", "country": "PE"}))
    assert "Pedro Ruiz Alonso" in listing
    assert "Lucía Fernández" not in listing
    assert "1 miembro" in listing or "1 member" in listing


def test_duplicate_email_is_refused_with_a_translated_error(client):
    UserFactory(email="taken@example.org")
    response = sign_up(client, email="Taken@example.org", username="other")
    assert response.status_code == 200
    assert "Ya hay registrado un usuario con esta dirección de correo electrónico." in response.content.decode()
    assert not User.objects.filter(username="other").exists()


def test_unverified_member_cannot_propose_an_organisation(client):
    member = UserFactory(verified_email=False)
    client.force_login(member)
    response = client.post(reverse("organisations:propose"), {"name": "Concello de Vigo", "kind": "administration",
                                                             "level": "local", "country": "ES"})
    assert response.status_code == 403
    from xarxa.organisations.models import Organisation

    assert not Organisation.objects.filter(name="Concello de Vigo").exists()


def test_approval_mode_holds_new_accounts_until_a_moderator_approves(client, settings, mailbox):
    settings.SIGNUP_MODE = "approval"
    sign_up(client, email="nuevo@example.org", username="nuevo")
    member = User.objects.get(username="nuevo")
    assert not member.is_approved
    response = client.get(reverse("accounts:directory"))
    assert response.status_code == 302 and response.url == reverse("accounts:pending")
    assert "Tu cuenta espera la aprobación" in client.get(reverse("accounts:pending")).content.decode()

    moderator = UserFactory(is_staff=True)
    from xarxa.accounts.services import approve_members

    assert approve_members(moderator, [member]) == 1
    member.refresh_from_db()
    assert member.is_approved
    approval = mailbox()[-1]
    assert approval["To"] == "nuevo@example.org"
    assert "aprobad" in approval["Subject"]  # sent in the member's language (Spanish by default)
    assert client.get(reverse("accounts:directory")).status_code == 200


def test_invitation_lets_people_join_an_invitation_only_network(client, settings):
    settings.SIGNUP_MODE = "invitation"
    response = client.get(reverse("account_signup"))
    assert "account/signup_closed.html" in [t.name for t in response.templates]
    sign_up(client, email="intruso@example.org", username="intruso")
    assert not User.objects.filter(username="intruso").exists()

    inviter = UserFactory()
    invitation = Invitation.objects.create(created_by=inviter, max_uses=1)
    assert client.get(invitation.get_absolute_url()).status_code == 200
    sign_up(client, email="invitada@example.org", username="invitada")
    invited = User.objects.get(username="invitada")
    assert invited.is_approved
    invitation.refresh_from_db()
    assert invitation.use_count == 1 and not invitation.is_usable

    client.logout()
    assert client.get(invitation.get_absolute_url()).status_code == 404


def test_invitation_skips_approval(client, settings):
    settings.SIGNUP_MODE = "approval"
    invitation = Invitation.objects.create(created_by=UserFactory(), max_uses=5)
    client.get(invitation.get_absolute_url())
    sign_up(client, email="colega@example.org", username="colega")
    assert User.objects.get(username="colega").is_approved


def test_repeated_failed_logins_are_throttled_with_a_clear_message(client):
    UserFactory(email="ana@example.org")
    for _attempt in range(5):
        response = client.post(reverse("account_login"), {"login": "ana@example.org", "password": "wrong"})
        assert "demasiados" not in response.content.decode().lower()
    response = client.post(reverse("account_login"), {"login": "ana@example.org", "password": PASSWORD})
    assert "Demasiados intentos fallidos. Inténtelo más tarde." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_by_email_and_password(client):
    member = UserFactory(email="ana@example.org")
    response = client.post(reverse("account_login"), {"login": "ana@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(member.pk)


def test_passwords_are_hashed_with_argon2(client):
    sign_up(client)
    assert User.objects.get(username="lucia").password.startswith("argon2")
