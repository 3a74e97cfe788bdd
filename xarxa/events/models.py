"""Events: a content kind, in a group or in the open network.

Times are stored in UTC with the IANA zone the organiser chose, and shown in that zone with its UTC
offset. A recurring event keeps an RFC 5545 RRULE (weekly or monthly) which python-dateutil expands
for the month view and which calendar programs expand from the .ics. An RSVP answers for one
occurrence (its start); a one-off event has one occurrence, its start.

Registration is a small state graph per member and date (see services.rsvp): going / maybe / not going,
and waiting when that date is full; a waiting member is promoted to going, oldest first, as places free.
"""

import secrets
import zoneinfo

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from xarxa.content.models import Content

KIND = "event"


def utc_offset_of(when):
    """'UTC+01:00' for an aware time (each date of a series may have its own: summer time)."""
    offset = when.strftime("%z")
    return f"UTC{offset[:3]}:{offset[3:]}"


class Event(models.Model):
    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("Hybrid (in person and online)")

    content = models.OneToOneField(Content, on_delete=models.CASCADE, primary_key=True, related_name="event")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    time_zone = models.CharField(_("time zone"), max_length=64, default=settings.TIME_ZONE)
    all_day = models.BooleanField(_("all day"), default=False)
    mode = models.CharField(_("where"), max_length=10, choices=Mode.choices, default=Mode.IN_PERSON)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    country = CountryField(_("country"), blank=True)
    online_url = models.URLField(_("link to join online"), blank=True,
                                 help_text=_("Shown only to people who are going."))
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True,
                                           help_text=_("Leave empty for no limit."))
    registration_deadline = models.DateTimeField(_("registration closes"), null=True, blank=True)
    recurrence = models.CharField(_("repeats"), max_length=200, blank=True)  # an RRULE value, or empty
    # When the last occurrence ends (None: repeats without end), so "upcoming" and "past" are one filter.
    series_ends_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Kept by the RSVP services (recounted) so lists and the capacity check need no COUNT. A one-off event:
    # how many are going. A repeating one: the most going to any date not yet over (counts per date are
    # computed with one grouped query where dates are shown).
    going_count = models.PositiveIntegerField(default=0, editable=False)
    reminder_sent_for = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [models.Index(fields=["starts_at"]), models.Index(fields=["series_ends_at"])]

    def __str__(self):
        return self.content.title

    def get_absolute_url(self):
        return self.content.get_absolute_url()

    @property
    def zone(self):
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def local_start(self):
        return self.starts_at.astimezone(self.zone)

    @property
    def local_end(self):
        return self.ends_at.astimezone(self.zone)

    @property
    def duration(self):
        """How long each date lasts (every date of a series lasts as long as the first)."""
        return self.ends_at - self.starts_at

    @property
    def utc_offset(self):
        """'UTC+02:00' for the start, so readers elsewhere can convert."""
        return utc_offset_of(self.local_start)

    @property
    def is_online(self):
        return self.mode in (self.Mode.ONLINE, self.Mode.HYBRID)

    @property
    def is_in_person(self):
        return self.mode in (self.Mode.IN_PERSON, self.Mode.HYBRID)

    @property
    def map_url(self):
        from urllib.parse import urlencode

        where = ", ".join(part for part in (self.venue, self.address) if part)
        return f"https://www.openstreetmap.org/search?{urlencode({'query': where})}" if where else ""

    @property
    def places_left(self):
        return None if self.capacity is None else max(self.capacity - self.going_count, 0)


class Rsvp(models.Model):
    class Answer(models.TextChoices):
        GOING = "going", _("Going")
        MAYBE = "maybe", _("Maybe")
        NOT_GOING = "not_going", _("Not going")
        WAITING = "waiting", _("On the waiting list")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="rsvps")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rsvps")
    # The start of the occurrence this answer is for (a one-off event: its start).
    occurrence = models.DateTimeField(_("date"))
    answer = models.CharField(_("answer"), max_length=10, choices=Answer.choices)
    # Asked with each answer, off unless the member ticks it: only then does the organiser's attendee list
    # (and its CSV) show the member's e-mail address.
    share_email = models.BooleanField(_("share my e-mail address with the organiser"), default=False)
    # When the member joined the waiting list: promotion goes oldest first.
    waiting_since = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("RSVP")
        verbose_name_plural = _("RSVPs")
        constraints = [models.UniqueConstraint(fields=["event", "occurrence", "user"],
                                               name="one_rsvp_per_member_and_date")]
        indexes = [models.Index(fields=["event", "occurrence", "waiting_since", "id"], condition=Q(answer="waiting"),
                                name="rsvp_waiting_list_per_date"),
                   models.Index(fields=["user", "answer"])]

    def __str__(self):
        return f"{self.user_id} {self.answer} {self.event_id} {self.occurrence}"


def _new_token():
    return secrets.token_urlsafe(24)


class CalendarToken(models.Model):
    """The secret in one calendar feed URL: the member's own events (no space) or one group's. Each link has
    its own token, so sharing one group's calendar opens that group's and nothing else; the member sees
    them all on /settings/calendars/ and revokes any."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_tokens")
    space = models.ForeignKey("spaces.Space", null=True, blank=True, on_delete=models.CASCADE,
                              related_name="+", help_text=_("Empty: the member's own events."))
    token = models.CharField(max_length=64, unique=True, default=_new_token)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed token")
        verbose_name_plural = _("calendar feed tokens")
        constraints = [
            models.UniqueConstraint(fields=["user"], condition=Q(space__isnull=True, revoked_at__isnull=True),
                                    name="one_personal_calendar_token"),
            models.UniqueConstraint(fields=["user", "space"], condition=Q(space__isnull=False, revoked_at__isnull=True),
                                    name="one_calendar_token_per_space"),
        ]

    def __str__(self):
        return f"calendar token of {self.user_id} for {self.space_id or 'own events'}"
