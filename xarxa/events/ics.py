"""iCalendar (RFC 5545) files with the `icalendar` library: one event, or a subscribable feed.

Each event is one VEVENT with a stable UID, its time zone (VTIMEZONE added by the library), an RRULE
when it repeats, and absolute links. A member's own feed lists a repeating event as the dates they
answered for, one VEVENT each with a UID made of the event and the date. The online link goes only
into files for people who are going (`show_link_for` holds the event ids whose link the reader may see).
"""

from datetime import UTC, timedelta

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, vRecur
from icalendar import Event as VEvent

from xarxa.events import recurrence

PRODID = "-//Xarxa//Events//EN"


def _description(event, url, show_link):
    text = (event.content.body or "").strip()
    parts = [text] if text else []
    if show_link and event.online_url:
        parts.append(event.online_url)
    parts.append(url)
    return "\n\n".join(parts)


def _location(event, show_link):
    where = ", ".join(part for part in (event.venue, event.address) if part)
    if not where and event.is_online:
        return event.online_url if show_link else "Online"
    return where


def vevent(event, base_url, show_link=False, occurrence=None):
    """The event's VEVENT: the whole series, or (with `occurrence`, its start) that one date alone."""
    content = event.content
    url = base_url + content.get_absolute_url()
    host = base_url.split('://', 1)[-1].split('/')[0]
    item = VEvent()
    if occurrence is None:
        item.add("uid", f"event-{content.pk}@{host}")
        local_start, local_end = event.local_start, event.local_end
    else:
        # One date of a series is its own event with its own stable UID (calendar programs handle these
        # everywhere; a RECURRENCE-ID override without its series is read inconsistently).
        item.add("uid", f"event-{content.pk}-{occurrence.astimezone(UTC):%Y%m%dT%H%M%SZ}@{host}")
        local_start = occurrence.astimezone(event.zone)
        local_end = local_start + event.duration
    item.add("dtstamp", timezone.now())
    item.add("summary", content.title)
    if event.all_day:
        item.add("dtstart", local_start.date())
        item.add("dtend", local_end.date() + timedelta(days=1))  # DTEND is exclusive
    else:
        item.add("dtstart", local_start)
        item.add("dtend", local_end)
    if event.recurrence and occurrence is None:
        item.add("rrule", vRecur.from_ical(recurrence.for_calendar(event)))
    item.add("description", _description(event, url, show_link))
    location = _location(event, show_link)
    if location:
        item.add("location", location)
    item.add("url", url)
    item.add("last-modified", content.updated_at)
    item.add("status", "CONFIRMED")
    return item


def calendar(events, *, name, show_link_for=(), base_url=None, dates=None):
    """The bytes of a VCALENDAR holding `events` (already filtered for the reader). `dates` maps an event
    id to [(start, show_link)]: that event appears as those dates alone instead of as its series."""
    dates = dates or {}
    base_url = (base_url or settings.SITE_URL).rstrip("/")
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", str(name))
    for event in events:
        if event.pk in dates:
            for start, show_link in dates[event.pk]:
                cal.add_component(vevent(event, base_url, show_link=show_link, occurrence=start))
        else:
            cal.add_component(vevent(event, base_url, show_link=event.pk in show_link_for))
    cal.add_missing_timezones()
    return cal.to_ical()
