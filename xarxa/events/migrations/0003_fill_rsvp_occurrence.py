"""Existing RSVPs answered for the whole series: give each the date it most likely meant.

A one-off event: its start. A repeating event: the first occurrence not yet ended when the migration
runs, or the last one if every occurrence is over. Self-contained (no app code), so later changes to
the app cannot change what this migration did.
"""

import zoneinfo

from dateutil.rrule import rrulestr
from django.db import migrations
from django.utils import timezone


def occurrence_for_existing_rsvp(starts_at, ends_at, time_zone, rule, now):
    """The start (aware) of the occurrence an RSVP made for the whole series now answers for."""
    if not rule:
        return starts_at
    zone = zoneinfo.ZoneInfo(time_zone)
    duration = ends_at - starts_at
    parsed = rrulestr(rule, dtstart=starts_at.astimezone(zone).replace(tzinfo=None), forceset=False)
    naive_from = (now - duration).astimezone(zone).replace(tzinfo=None)
    for naive in parsed.xafter(naive_from, inc=True):
        start = naive.replace(tzinfo=zone)
        if start + duration > now:
            return start
    last = parsed.before(naive_from, inc=True)  # every occurrence is over: the last one
    return last.replace(tzinfo=zone) if last else starts_at


def fill(apps, schema_editor):
    Event = apps.get_model('events', 'Event')
    Rsvp = apps.get_model('events', 'Rsvp')
    now = timezone.now()
    ids = set(Rsvp.objects.filter(occurrence__isnull=True).values_list('event_id', flat=True))
    for event in Event.objects.filter(pk__in=ids).iterator():
        when = occurrence_for_existing_rsvp(event.starts_at, event.ends_at, event.time_zone, event.recurrence, now)
        Rsvp.objects.filter(event_id=event.pk, occurrence__isnull=True).update(occurrence=when)


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0002_rsvp_occurrence'),
    ]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
