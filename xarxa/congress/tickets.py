"""The ticket a confirmed member receives: an e-mail with the code as a QR image and an iCalendar file of
the congress's days. Built inside the task from the registration's id (congress.tasks.send_ticket), in the
member's language, and delivered at once: the mail queue's serialised messages carry no attachments, and
a ticket code is not something to leave in a task row."""

import io
from datetime import timedelta

import qrcode
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as VEvent

from xarxa.congress.registration_models import Registration


def qr_png(code: str) -> bytes:
    """The ticket code as a QR image (what the check-in page reads, typed or scanned)."""
    image = qrcode.make(code, box_size=8, border=2)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def qr_svg(code: str) -> str:
    """The same QR as inline SVG, for the member's ticket page (no image file, no script)."""
    import qrcode.image.svg

    image = qrcode.make(code, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    return image.to_string(encoding="unicode")


def edition_ics(registration) -> bytes:
    """The congress's days as one all-day event, with the first venue as its place."""
    edition = registration.edition
    cal = Calendar()
    cal.add("prodid", "-//Xarxa//Congress ticket//EN")
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    event = VEvent()
    event.add("uid", f"registration-{registration.pk}@{settings.SITE_URL.split('://', 1)[-1].rstrip('/')}")
    event.add("summary", edition.name)
    event.add("dtstart", edition.starts_on)
    event.add("dtend", edition.ends_on + timedelta(days=1))
    event.add("dtstamp", timezone.now())
    venue = edition.venues.first()
    if venue is not None:
        event.add("location", f"{venue.name}, {venue.address}")
    event.add("url", settings.SITE_URL.rstrip("/") + edition.get_absolute_url())
    event.add("description", _("Your ticket: %(code)s") % {"code": registration.code_display})
    cal.add_component(event)
    return cal.to_ical()


def ticket_mail(registration) -> EmailMultiAlternatives:
    user, edition = registration.user, registration.edition
    link = settings.SITE_URL.rstrip("/") + reverse("congress:registration", args=[edition.space.slug])
    subject = _("Your ticket for %(edition)s") % {"edition": edition.name}
    body = "\n\n".join([
        _("Hello %(name)s,") % {"name": user.display_name},
        _("Your registration for %(edition)s is confirmed (%(ticket)s).") % {
            "edition": edition.name, "ticket": registration.ticket_type.name},
        _("Your ticket code: %(code)s. Show the attached QR code at the entrance, or tell them the code.") % {
            "code": registration.code_display},
        _("The attached calendar file adds the congress's days to your calendar."),
        _("Your registration, and how to cancel it: %(link)s") % {"link": link},
    ])
    message = EmailMultiAlternatives(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body, None, [user.email])
    message.attach("ticket.png", qr_png(registration.code_display), "image/png")
    message.attach("congress.ics", edition_ics(registration), "text/calendar")
    return message


def send_ticket(registration_id) -> int:
    """Mail the ticket of a confirmed registration (nothing for one cancelled in the meantime)."""
    registration = (Registration.objects.select_related("user", "edition__space", "ticket_type")
                    .filter(pk=registration_id, status=Registration.Status.CONFIRMED).first())
    if registration is None or not registration.user.email or not registration.user.is_active:
        return 0
    with translation.override(registration.user.language or settings.LANGUAGE_CODE):
        message = ticket_mail(registration)
    message.connection = get_connection(settings.XARXA_DELIVERY_EMAIL_BACKEND, fail_silently=False)
    message.send()
    return 1
