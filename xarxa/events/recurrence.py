"""Repeating events with python-dateutil's rrule (RFC 5545 rules, the format calendar programs read).

We accept weekly and monthly rules, bounded by a number of occurrences or an end date, and expand
them in the event's own time zone so "every Tuesday at 10:00" stays at 10:00 across DST changes.

An end date is stored as a floating local time (`UNTIL=20270630T235959`, the end of that day where the event
takes place), as RFC 5545 asks when the start is floating; calendar files get it in UTC (`for_calendar`).
"""

import re
from datetime import UTC, datetime, timedelta

from dateutil.rrule import MONTHLY, WEEKLY, rrulestr
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

FREQUENCIES = {"weekly": WEEKLY, "monthly": MONTHLY}
MAX_OCCURRENCES = 104  # two years of weekly meetings


def build_rule(frequency: str, count=None, until=None) -> str:
    """The RRULE value for a form's choice: '' (no repetition), or e.g. 'FREQ=WEEKLY;COUNT=10'."""
    if not frequency:
        return ""
    if frequency not in FREQUENCIES:
        raise ValidationError(_("Choose how the event repeats: weekly or monthly."), code="bad_frequency")
    parts = [f"FREQ={frequency.upper()}"]
    if count:
        parts.append(f"COUNT={int(count)}")
    if until:
        parts.append(f"UNTIL={until:%Y%m%d}T235959")  # floating, like the start we expand from
    return ";".join(parts)


def parse_rule(rule: str, local_start: datetime):
    """The dateutil rule for `rule` starting at `local_start`, or a translated ValidationError."""
    message = _("The repetition rule is not valid. Choose weekly or monthly, with a number of times or an end date.")
    try:
        parsed = rrulestr(_floating_until(rule, local_start), dtstart=local_start.replace(tzinfo=None),
                          forceset=False)
    except (ValueError, TypeError, KeyError, AttributeError):
        raise ValidationError(message, code="bad_recurrence") from None
    if getattr(parsed, "_freq", None) not in FREQUENCIES.values():
        raise ValidationError(message, code="bad_recurrence")
    count = getattr(parsed, "_count", None)
    if count is not None and not 1 <= count <= MAX_OCCURRENCES:
        raise ValidationError(_("An event can repeat at most %(max)d times.") % {"max": MAX_OCCURRENCES},
                              code="too_many")
    until = getattr(parsed, "_until", None)
    if until is not None and until.replace(tzinfo=None) < local_start.replace(tzinfo=None):
        raise ValidationError(_("The repetition must end after the first occurrence."), code="until_before_start")
    return parsed


def _floating_until(rule: str, local_start: datetime) -> str:
    """`rule` with a UTC end (`UNTIL=...Z`, as calendar programs write it) turned into the start's local wall
    time: dateutil refuses an aware UNTIL with the naive start that keeps "10:00" at 10:00 across DST."""
    def local(match):
        instant = datetime.strptime(match.group(1), "%Y%m%dT%H%M%S").replace(tzinfo=UTC)
        return f"UNTIL={instant.astimezone(local_start.tzinfo):%Y%m%dT%H%M%S}"

    return _UTC_UNTIL.sub(local, rule) if local_start.tzinfo else rule


_UTC_UNTIL = re.compile(r"UNTIL=(\d{8}T\d{6})Z", re.IGNORECASE)


def for_calendar(event) -> str:
    """The event's rule for an iCalendar file, whose DTSTART carries a TZID: there RFC 5545 wants UNTIL in
    UTC, so the floating end of the last day becomes that instant."""
    def utc(match):
        local = datetime.strptime(match.group(1), "%Y%m%dT%H%M%S").replace(tzinfo=event.zone)
        return f"UNTIL={local.astimezone(UTC):%Y%m%dT%H%M%SZ}"

    return _FLOATING_UNTIL.sub(utc, event.recurrence)


_FLOATING_UNTIL = re.compile(r"UNTIL=(\d{8}T\d{6})(?![\dZz])", re.IGNORECASE)


def occurrences(event, after: datetime, before: datetime):
    """(start, end) of each occurrence overlapping [after, before), as aware datetimes in the event's zone."""
    zone, duration = event.zone, event.duration
    local_start = event.local_start
    if not event.recurrence:
        if event.starts_at < before and event.ends_at >= after:
            return [(local_start, event.local_end)]
        return []
    rule = parse_rule(event.recurrence, local_start)
    naive_after = (after - duration).astimezone(zone).replace(tzinfo=None)
    naive_before = before.astimezone(zone).replace(tzinfo=None)
    found = []
    for naive in rule.between(naive_after, naive_before, inc=True):
        start = naive.replace(tzinfo=zone)
        if start < before and start + duration >= after:
            found.append((start, start + duration))
    return found


def next_occurrences(event, now: datetime, limit: int = 5):
    """(start, end) of the next `limit` occurrences not yet over at `now`, in the event's zone ([] for a
    one-off event: its page already shows its dates)."""
    if not event.recurrence:
        return []
    zone, duration = event.zone, event.duration
    rule = parse_rule(event.recurrence, event.local_start)
    naive_from = (now - duration).astimezone(zone).replace(tzinfo=None)
    found = []
    for naive in rule.xafter(naive_from, count=limit + 1, inc=True):
        start = naive.replace(tzinfo=zone)
        if start + duration > now and len(found) < limit:
            found.append((start, start + duration))
    return found


def series_end(event):
    """When the last occurrence ends (None for a rule without end)."""
    if not event.recurrence:
        return event.ends_at
    rule = parse_rule(event.recurrence, event.local_start)
    if getattr(rule, "_count", None) is None and getattr(rule, "_until", None) is None:
        return None
    every = list(rule)  # bounded: COUNT <= MAX_OCCURRENCES or an UNTIL date
    last = every[-1] if every else None
    return last.replace(tzinfo=event.zone) + event.duration if last else event.ends_at


def describe(rule: str) -> str:
    """The rule as one whole sentence in the active language ("Every week, 6 times")."""
    if not rule:
        return ""
    weekly = "FREQ=WEEKLY" in rule.upper()
    for part in rule.upper().split(";"):
        if part.startswith("COUNT="):
            count = int(part[6:])
            if weekly:
                return ngettext("Every week, %(count)d time", "Every week, %(count)d times", count) % {"count": count}
            return ngettext("Every month, %(count)d time", "Every month, %(count)d times", count) % {"count": count}
        if part.startswith("UNTIL="):
            day = date_format(datetime.strptime(part[6:14], "%Y%m%d").date(), "DATE_FORMAT")
            return (_("Every week until %(date)s") if weekly else _("Every month until %(date)s")) % {"date": day}
    return _("Every week") if weekly else _("Every month")


ONE_DAY = timedelta(days=1)
