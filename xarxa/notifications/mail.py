"""Rendering and delivering notification e-mails and digests, in each member's own language.

Called from tasks (tasks.py). Delivery goes straight to the delivery backend so a failing mail
server makes *this* task fail and be retried with back-off.
"""

from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from xarxa.accounts.models import User
from xarxa.activity.feed import feed_page, home_activities
from xarxa.core.mail import deliver, serialise
from xarxa.notifications.models import Channel, DigestSubscription, Notification, default_channel
from xarxa.notifications.services import unsubscribe_token
from xarxa.notifications.texts import describe

PERIODS = {DigestSubscription.Frequency.DAILY: timedelta(days=1),
           DigestSubscription.Frequency.WEEKLY: timedelta(days=7)}
DIGEST_FEED_ITEMS = 10


def absolute(url: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{url}"


def unsubscribe_url(user) -> str:
    return absolute(reverse("notifications:unsubscribe", args=[unsubscribe_token(user)]))


def _send(user, subject, text, html=None):
    link = unsubscribe_url(user)
    message = EmailMultiAlternatives(
        subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=[user.email],
        headers={"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )
    if html:
        message.attach_alternative(html, "text/html")
    deliver(serialise(message))


def notification_email(notification_id: int) -> None:
    notification = Notification.objects.for_lists().select_related("recipient").filter(pk=notification_id).first()
    if notification is None or notification.read_at is not None:
        return  # read on the site meanwhile, or gone with what it was about
    user = notification.recipient
    # Visibility may have changed since it was queued: ask again.
    if not user.email or not Notification.objects.visible_to(user).filter(pk=notification.pk).exists():
        return
    with translation.override(user.language or settings.LANGUAGE_CODE):
        sentence = describe(notification)
        context = {"notification": notification, "sentence": sentence, "user": user,
                   "link": absolute(reverse("notifications:open", args=[notification.pk])),
                   "settings_link": absolute(reverse("notifications:preferences")),
                   "unsubscribe_link": unsubscribe_url(user), "site_name": settings.SITE_NAME}
        text = render_to_string("notifications/email/notification.txt", context)
        _send(user, f"[{settings.SITE_NAME}] {sentence}", text)


def members_due_a_digest(frequency: str) -> list[int]:
    period = PERIODS.get(frequency)
    if period is None:
        return []
    # An hour's slack so a scheduler running "every day at 7" never skips a day by a few seconds.
    cutoff = timezone.now() - period + timedelta(hours=1)
    chosen = Q(digest__frequency=frequency)
    if frequency == DigestSubscription.Frequency.WEEKLY:
        chosen |= Q(digest__isnull=True)  # weekly is the default
    due = Q(digest__isnull=True) | Q(digest__last_sent_at__isnull=True) | Q(digest__last_sent_at__lt=cutoff)
    return list(User.objects.filter(chosen, due, is_active=True).exclude(email="").values_list("pk", flat=True))


def digest_notifications(user, since):
    """Unread notifications of the kinds the member wants in the digest, that they may still see."""
    from xarxa.notifications.models import Kind, Preference

    chosen = dict(Preference.objects.filter(user=user).values_list("kind", "channel"))
    kinds = [kind for kind in Kind.values if chosen.get(kind, default_channel(kind)) == Channel.DIGEST]
    return list(
        Notification.objects.visible_to(user).for_lists().unread()
        .filter(kind__in=kinds, digested_at__isnull=True, created_at__gt=since)[:50]
    )


def digest_email(user_id: int) -> bool:
    """Send the member's digest if anything happened; True when an e-mail left."""
    user = User.objects.select_related("digest").filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return False
    subscription, _created = DigestSubscription.objects.get_or_create(user=user)
    if subscription.frequency == DigestSubscription.Frequency.NEVER:
        return False
    now = timezone.now()
    since = subscription.last_sent_at or now - PERIODS[subscription.frequency]
    notifications = digest_notifications(user, since)
    feed = feed_page(home_activities(user).filter(created_at__gt=since), per_page=DIGEST_FEED_ITEMS).items
    sent = False
    if notifications or feed:
        with translation.override(user.language or settings.LANGUAGE_CODE):
            context = {"user": user, "feed": feed, "site_name": settings.SITE_NAME, "site_url": settings.SITE_URL,
                       "notifications": [(n, describe(n), absolute(n.get_absolute_url())) for n in notifications],
                       "unsubscribe_link": unsubscribe_url(user), "frequency": subscription.frequency,
                       "settings_link": absolute(reverse("notifications:preferences"))}
            text = render_to_string("notifications/email/digest.txt", context)
            html = render_to_string("notifications/email/digest.html", context)
            if subscription.frequency == DigestSubscription.Frequency.DAILY:
                subject = _("Your daily summary from %(site)s") % {"site": settings.SITE_NAME}
            else:
                subject = _("Your weekly summary from %(site)s") % {"site": settings.SITE_NAME}
            _send(user, subject, text, html)
        sent = True
    Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(digested_at=now)
    DigestSubscription.objects.filter(pk=subscription.pk).update(last_sent_at=now)
    return sent
