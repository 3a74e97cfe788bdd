"""Writing allauth's secret-bearing e-mails outside a request (see accounts.tasks): the same templates,
the link made here, in the member's language, delivered without passing through the mail queue."""

from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account import app_settings as allauth_settings
from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from xarxa.accounts.models import User
from xarxa.core.mail import deliver, serialise


def _absolute(path):
    return settings.SITE_URL.rstrip("/") + path


def _site():
    return SimpleNamespace(name=settings.SITE_NAME, domain=urlsplit(settings.SITE_URL).netloc)


def _send(user, template_prefix, email, context):
    language = (user.language or settings.LANGUAGE_CODE) if user else settings.LANGUAGE_CODE
    with translation.override(language):
        message = get_adapter().render_mail(
            template_prefix, email, {"email": email, "current_site": _site(), "user": user, **context})
    deliver(serialise(message))


def password_reset_mail(user_id, address_id=None):
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return  # the account went in the meantime: nothing to reset
    address = EmailAddress.objects.filter(pk=address_id, user=user).first() if address_id else None
    email = address.email if address else user.email
    if not email:
        return
    key = allauth_settings.PASSWORD_RESET_TOKEN_GENERATOR().make_token(user)
    uid = user_pk_to_url_str(user)
    url = _absolute(reverse("account_reset_password_from_key", kwargs={"uidb36": uid, "key": key}))
    _send(user, "account/email/password_reset_key", email,
          {"password_reset_url": url, "uid": uid, "key": key})


def confirmation_mail(address_id, signup=False):
    address = EmailAddress.objects.select_related("user").filter(pk=address_id, verified=False).first()
    if address is None:
        return  # confirmed or removed in the meantime
    confirmation = EmailConfirmationHMAC(address)
    url = _absolute(reverse("account_confirm_email", args=[confirmation.key]))
    template = "account/email/email_confirmation_signup" if signup else "account/email/email_confirmation"
    _send(address.user, template, address.email, {"key": confirmation.key, "activate_url": url})
