"""Acts on events: creating and editing them, RSVPs with a waiting list, calendar tokens, reminders.

RSVP states per member and date: going | maybe | not_going | waiting. A repeating event takes one
answer per occurrence (Rsvp.occurrence, its start), with the capacity and the waiting list per date.
Asking to go when every place on that date is taken puts the member on its waiting list; whenever a
place frees (someone going changes their answer, or the organiser adds places) the oldest waiting
member of that date is promoted to going, in the same transaction, with the event row locked so two
requests cannot both take the last place.
"""

import zoneinfo
from datetime import datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from xarxa.activity.models import Verb
from xarxa.activity.services import record_activity, retract_activity
from xarxa.content import services as content_services
from xarxa.core.events import announce
from xarxa.core.rulebook import check
from xarxa.events import lifecycles, recurrence
from xarxa.events import rules as event_rules
from xarxa.events.models import KIND, CalendarToken, Event, Rsvp, utc_offset_of

Answer = Rsvp.Answer
EVENT_FIELDS = ("starts_at", "ends_at", "time_zone", "all_day", "mode", "venue", "address", "country",
                "online_url", "capacity", "registration_deadline", "recurrence")
REMINDER_WINDOW = timedelta(days=1)
ANSWER_AHEAD = timedelta(days=3 * 366)  # the furthest date one can answer for (the page shows the next 8)


def index_for_search(content):
    """Tell whoever indexes (search subscribes) that the item changed beyond what the base row's save shows."""
    announce("content.changed", content=content)


# Checks ------------------------------------------------------------------------------------------

def check_event_fields(fields: dict) -> dict:
    """Validate the event's own fields; raise a translated ValidationError on the first problem."""
    fields = dict(fields)
    try:
        zone = zoneinfo.ZoneInfo(fields.get("time_zone") or "")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError(_("Choose a time zone from the list."), code="bad_zone") from None
    starts_at, ends_at = fields.get("starts_at"), fields.get("ends_at")
    if starts_at is None or ends_at is None:
        raise ValidationError(_("Give the start and the end of the event."), code="required")
    if fields.get("all_day"):
        # All-day events run from the start of the first day to the end of the last, in the event's zone.
        first, last = starts_at.astimezone(zone).date(), ends_at.astimezone(zone).date()
        if last < first:
            raise ValidationError(_("The end must be after the start."), code="end_before_start")
        starts_at = datetime.combine(first, time.min, tzinfo=zone)
        ends_at = datetime.combine(last, time(23, 59, 59), tzinfo=zone)
    elif ends_at <= starts_at:
        raise ValidationError(_("The end must be after the start."), code="end_before_start")
    fields["starts_at"], fields["ends_at"] = starts_at, ends_at
    if fields.get("mode") not in Event.Mode.values:
        raise ValidationError(_("Choose whether the event is in person, online or both."), code="bad_mode")
    if fields["mode"] != Event.Mode.IN_PERSON and not fields.get("online_url"):
        raise ValidationError(_("Give the link to join online."), code="online_url_required")
    capacity = fields.get("capacity")
    if capacity is not None:
        if capacity < 1:
            raise ValidationError(_("An event needs at least one place, or no limit."), code="bad_capacity")
    deadline = fields.get("registration_deadline")
    if deadline is not None and deadline > ends_at:
        raise ValidationError(_("Registration must close before the event ends."), code="deadline_after_end")
    if fields.get("recurrence"):
        recurrence.parse_rule(fields["recurrence"], starts_at.astimezone(zone))
    return fields


def check_places(capacity, going):
    """The places cannot be fewer than the people going (on the busiest date of a series)."""
    if capacity is not None and capacity < going:
        raise ValidationError(
            _("%(going)d people are already going: the places cannot be fewer than that.") % {"going": going},
            code="capacity_below_attendees")


def _set_fields(event, fields):
    for name in EVENT_FIELDS:
        if name in fields:
            setattr(event, name, fields[name])
    event.recurrence = event.recurrence or ""
    event.series_ends_at = recurrence.series_end(event)


# Creating and editing ----------------------------------------------------------------------------

def create_event(author, *, space=None, title, body="", language="es", topics=(), **fields) -> Event:
    fields = check_event_fields(fields)
    with transaction.atomic():
        content = content_services.create_content(author, kind=KIND, space=space, title=title, body=body,
                                                  language=language, topics=topics)
        event = Event(content=content)
        _set_fields(event, fields)
        event.save()
        record_activity(author, Verb.PUBLISHED, content=content)
        index_for_search(content)
        _schedule_reminder(event)
    return event


def edit_event(actor, event, *, title, body, topics=None, **fields) -> Event:
    """Save the organiser's changes. Answers follow a moved event; answers for dates not yet over that the
    new rule no longer has are removed, and the members who had answered are told (their number is left
    in `event.members_told_of_dates_gone` for the organiser's message). Places fewer than the people
    going on a remaining date are refused, and nothing changes."""
    check(actor, "events.edit_event", event)
    fields = check_event_fields(fields)
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        content_services.update_content(actor, event.content, title=title, body=body, topics=topics)
        _set_fields(event, fields)
        event.save()
        _move_answers(event, locked)
        now = timezone.now()
        gone = _remove_answers_for_dates_gone(event, now)  # before promoting: nobody is promoted to a lost date
        # The places are checked against the answers where the new dates put them (a date this edit
        # removes no longer counts); a refusal rolls the whole edit back.
        check_places(event.capacity, most_going(event, now))
        promoted = _promote_every_date(event, now)
        _recount(event)
        record_activity(actor, Verb.EDITED, content=event.content)
        index_for_search(event.content)
        _schedule_reminder(event)
    _tell_promoted(event, promoted)
    event.members_told_of_dates_gone = _tell_dates_gone(event, gone)
    return event


def delete_event(actor, event) -> Event:
    """Delete the event (content.services.delete_content: the rule book and the delete transition). The
    members who had answered going, maybe or waiting for a date not yet over are told by e-mail that it no
    longer takes place (their number is left in `event.members_told_of_cancellation`); answers stay as
    history, unseen with the event."""
    now = timezone.now()
    with transaction.atomic():
        answered = {}
        ahead = Rsvp.objects.filter(not_over(now), event=event).exclude(answer=Answer.NOT_GOING)
        for row in ahead.select_related("user").order_by("occurrence", "pk"):
            answered.setdefault(row.user, []).append(row.occurrence.astimezone(event.zone))
        # Who may read it is decided before it goes (afterwards nobody may).
        readers = {user: dates for user, dates in answered.items()
                   if user.is_active and user.pk != actor.pk and event_rules.can_read_event(user, event)}
        content_services.delete_content(actor, event.content)
    for user, dates in readers.items():
        _mail(user, "events/mail/cancelled", event,
              dates=[{"start": when, "offset": utc_offset_of(when)} for when in dates])
    event.members_told_of_cancellation = len(readers)
    return event


def _move_answers(event, before):
    """When the organiser moves the event, answers follow their dates (same shift of the local clock)."""
    old_start, new_start = before.local_start.replace(tzinfo=None), event.local_start.replace(tzinfo=None)
    if old_start == new_start and before.time_zone == event.time_zone:
        return
    shift = new_start - old_start
    dates = list(Rsvp.objects.filter(event=event).values_list("occurrence", flat=True).distinct())
    # Latest first when moving later (earliest first when earlier), so no date lands on one not yet moved.
    for old in sorted(dates, reverse=shift > timedelta(0)):
        new = (old.astimezone(before.zone).replace(tzinfo=None) + shift).replace(tzinfo=event.zone)
        Rsvp.objects.filter(event=event, occurrence=old).update(occurrence=new)


def _dates_gone(event, dates):
    """Those of `dates` (starts of answered dates) that are no longer dates of the event: the same test as
    is_occurrence, with the rule expanded once."""
    if not event.recurrence:
        return [when for when in dates if when != event.starts_at]
    zone = event.zone
    local = {when: when.astimezone(zone).replace(tzinfo=None) for when in dates}
    if not local:
        return []
    rule = recurrence.parse_rule(event.recurrence, event.local_start)
    kept = set(rule.between(min(local.values()), max(local.values()), inc=True))
    return [when for when, naive in local.items() if naive not in kept]


def _remove_answers_for_dates_gone(event, now) -> dict:
    """After an edit: remove every answer for a date not yet over that the event no longer has (answers
    for dates that are over stay, as history). Returns {user: [starts]} of those who were going, maybe or
    waiting ("not going" is removed silently). Call with the event locked, after _move_answers."""
    ahead = Rsvp.objects.filter(not_over(now), event=event)
    gone = _dates_gone(event, set(ahead.values_list("occurrence", flat=True)))
    if not gone:
        return {}
    removed = ahead.filter(occurrence__in=gone)
    told = {}
    for row in removed.exclude(answer=Answer.NOT_GOING).select_related("user").order_by("occurrence", "pk"):
        told.setdefault(row.user, []).append(row.occurrence.astimezone(event.zone))
    removed.delete()
    _retract_attendance(event, told)
    return told


def _retract_attendance(event, users):
    """"X is going" goes with the answer, unless they are still going to another date of the series."""
    still_going = set(Rsvp.objects.filter(event=event, user__in=users, answer=Answer.GOING)
                      .values_list("user_id", flat=True))
    for user in users:
        if user.pk not in still_going:
            retract_activity(user, Verb.RSVPED, content=event.content)


def _tell_dates_gone(event, gone) -> int:
    """One e-mail per member listing the dates they answered that no longer take place, to those who
    still have an account and may still see the event. Returns how many were told."""
    told = 0
    for user, dates in gone.items():
        if not user.is_active or not event_rules.can_read_event(user, event):
            continue
        dates = [{"start": when, "offset": utc_offset_of(when)} for when in dates]
        _mail(user, "events/mail/dates_gone", event, dates=dates)
        told += 1
    return told


# RSVPs -------------------------------------------------------------------------------------------

def not_over(now):
    """RSVPs for a date that has not ended by `now` (each date lasts as long as its event's first)."""
    return Q(occurrence__gt=now - (F("event__ends_at") - F("event__starts_at")))


def _going_at(event, occurrence):
    return Rsvp.objects.filter(event=event, occurrence=occurrence, answer=Answer.GOING).count()


def going_counts(event, occurrences) -> dict:
    """{start: number going} for the given dates of `event`, in one grouped query."""
    counts = (Rsvp.objects.filter(event=event, occurrence__in=list(occurrences), answer=Answer.GOING)
              .values("occurrence").annotate(going=Count("pk")).values_list("occurrence", "going"))
    return dict(counts)


def most_going(event, now=None) -> int:
    """A one-off event: how many are going. A repeating one: the most going to any date not yet over."""
    if not event.recurrence:
        return _going_at(event, event.starts_at)  # not the answers kept from dates of a former series
    now = now or timezone.now()
    busiest = (Rsvp.objects.filter(not_over(now), event=event, answer=Answer.GOING)
               .values("occurrence").annotate(going=Count("pk")).order_by("-going").first())
    return busiest["going"] if busiest else 0


def _recount(event):
    event.going_count = most_going(event)
    Event.objects.filter(pk=event.pk).update(going_count=event.going_count)


def _is_full(event, going):
    return event.capacity is not None and going >= event.capacity


def _promote_waiting(event, occurrence) -> list:
    """Move members waiting for `occurrence` to going, oldest first, while places are free on that date.
    Call with the event locked."""
    promoted = []
    going = _going_at(event, occurrence)
    while not _is_full(event, going):
        waiting = (Rsvp.objects.filter(event=event, occurrence=occurrence, answer=Answer.WAITING)
                   .select_related("user").order_by("waiting_since", "pk").first())
        if waiting is None:
            break
        lifecycles.RSVP.transition(waiting, "promote")
        waiting.waiting_since = None
        waiting.save(update_fields=["answer", "waiting_since", "updated_at"])
        record_activity(waiting.user, Verb.RSVPED, content=event.content)
        promoted.append(waiting.user)
        going += 1
    return promoted


def _promote_every_date(event, now) -> list:
    """After the organiser adds places: promote on each date not yet over that has a waiting list.
    Returns (user, occurrence) pairs."""
    dates = (Rsvp.objects.filter(not_over(now), event=event, answer=Answer.WAITING)
             .values_list("occurrence", flat=True).distinct().order_by("occurrence"))
    return [(user, when) for when in list(dates) for user in _promote_waiting(event, when)]


def _check_can_answer(user, event, answer):
    check(user, "events.rsvp", event)
    if answer not in (Answer.GOING, Answer.MAYBE, Answer.NOT_GOING):
        raise ValidationError(_("Choose going, maybe or not going."), code="bad_answer")
    if answer == Answer.NOT_GOING:
        return  # one can always withdraw
    now = timezone.now()
    if event.series_ends_at is not None and event.series_ends_at < now:
        raise ValidationError(_("This event is over."), code="over")
    if event.registration_deadline is not None and event.registration_deadline < now:
        raise ValidationError(_("Registration for this event has closed."), code="closed")


def is_occurrence(event, when) -> bool:
    """Whether `when` is the start of one of the event's dates."""
    if not event.recurrence:
        return when == event.starts_at
    local = when.astimezone(event.zone)
    naive = local.replace(tzinfo=None)
    if naive.replace(tzinfo=event.zone) != local:
        return False  # a wall-clock time that does not exist in the event's zone
    return naive in recurrence.parse_rule(event.recurrence, event.local_start)


def check_occurrence(event, occurrence=None, now=None):
    """The date an answer is for: the one given, or the next not yet ended. A date that is not one of the
    event's, or that has ended, raises a translated ValidationError. One-off events: their start."""
    now = now or timezone.now()
    if not event.recurrence:
        if occurrence is not None and occurrence != event.starts_at:
            raise ValidationError(_("This event does not take place on that date."), code="not_a_date")
        return event.starts_at  # over or not is _check_can_answer's rule, as before dates existed
    if occurrence is None:
        following = recurrence.next_occurrences(event, now, limit=1)
        if not following:
            raise ValidationError(_("This event is over."), code="over")
        return following[0][0]
    # Expanding a rule costs one step per date from its start: nobody answers for dates years ahead.
    if occurrence - now > ANSWER_AHEAD or not is_occurrence(event, occurrence):
        raise ValidationError(_("This event does not take place on that date."), code="not_a_date")
    if occurrence + event.duration <= now:
        raise ValidationError(_("That date is over: choose one of the next dates."), code="date_over")
    return occurrence.astimezone(event.zone)


def rsvp(user, event, answer, occurrence=None, share_email=False) -> Rsvp:
    """Answer going / maybe / not going for one date (None: the next one not yet ended). Going to a full
    date means joining that date's waiting list. `share_email` is the member's consent, given again with
    each answer, to the organiser seeing their e-mail address."""
    _check_can_answer(user, event, answer)
    occurrence = check_occurrence(event, occurrence)
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        event.going_count, event.capacity = locked.going_count, locked.capacity
        current = Rsvp.objects.filter(event=event, occurrence=occurrence, user=user).first()
        before = current.answer if current else None
        if current is None:
            current = Rsvp(event=event, occurrence=occurrence, user=user, answer=lifecycles.NEW)
        if answer == Answer.GOING and before in (Answer.GOING, Answer.WAITING):
            if current.share_email != share_email:  # only the consent changes: keeps the place in the queue
                current.share_email = share_email
                current.save(update_fields=["share_email", "updated_at"])
            return current
        if answer == Answer.GOING and _is_full(event, _going_at(event, occurrence)):
            lifecycles.RSVP.transition(current, "wait")
            current.waiting_since = timezone.now()
        else:
            lifecycles.RSVP.transition(current, lifecycles.BY_ANSWER[answer])
            current.waiting_since = None
        current.share_email = share_email
        current.save()
        promoted = _promote_waiting(event, occurrence) if before == Answer.GOING else []
        _recount(event)
        if current.answer == Answer.GOING:
            record_activity(user, Verb.RSVPED, content=event.content)
        elif before == Answer.GOING:
            _retract_attendance(event, [user])
    _tell_promoted(event, [(member, occurrence) for member in promoted])
    return current


def _tell_promoted(event, promoted):
    """Mail each (user, date) promoted from the waiting list."""
    for user, occurrence in promoted:
        _mail(user, "events/mail/promoted", event, start=occurrence)


def attendees(actor, event):
    """Everyone who answered, for the organiser, date by date: going first, then waiting in order, maybe,
    not going."""
    check(actor, "events.manage_attendees", event)
    order = {Answer.GOING: 0, Answer.WAITING: 1, Answer.MAYBE: 2, Answer.NOT_GOING: 3}
    rows = list(Rsvp.objects.filter(event=event).select_related("user__profile__organisation")
                .order_by("created_at", "pk"))
    rows.sort(key=lambda r: (r.occurrence, order[r.answer], r.waiting_since or r.created_at))
    return rows


# Calendar feeds ----------------------------------------------------------------------------------

def calendar_token_for(user, space=None) -> CalendarToken:
    """The member's live token for one calendar link: their own events (no space) or that group's."""
    live = CalendarToken.objects.filter(user=user, space=space, revoked_at__isnull=True)
    token = live.first()
    if token is None:
        try:
            with transaction.atomic():
                token = CalendarToken.objects.create(user=user, space=space)
        except IntegrityError:  # two requests at once: the other one made it
            token = live.get()
    return token


def calendar_tokens(user):
    """The member's live calendar links, for the page where they revoke them."""
    return (CalendarToken.objects.filter(user=user, revoked_at__isnull=True).select_related("space")
            .order_by("space__name", "created_at"))


def revoke_calendar_token(user, pk) -> bool:
    """Cut off one of the member's own calendar links (the next visit to the page makes a new one)."""
    return bool(CalendarToken.objects.filter(user=user, pk=pk, revoked_at__isnull=True)
                .update(revoked_at=timezone.now()))


def reset_calendar_token(user) -> CalendarToken:
    """Cut off every calendar link of the member and give them a new one for their own events."""
    with transaction.atomic():
        CalendarToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
        return calendar_token_for(user)


LAST_USE_PRECISION = timedelta(hours=1)  # calendar programs poll often: note the use, not every poll


def user_for_token(token: str, space=None):
    """The member whose live token `token` opens that calendar (their own: no space), or None. A token
    made for one group opens nothing else."""
    row = (CalendarToken.objects.select_related("user")
           .filter(token=token or "", space=space, revoked_at__isnull=True).first())
    if row is None or not row.user.is_active:
        return None
    now = timezone.now()
    if row.last_used_at is None or row.last_used_at < now - LAST_USE_PRECISION:
        CalendarToken.objects.filter(pk=row.pk).update(last_used_at=now)
    return row.user


# Reminders ---------------------------------------------------------------------------------------

def _schedule_reminder(event):
    """Ask the worker to send the day-before reminders when the time comes (cron runs it hourly too)."""
    from xarxa.events.tasks import send_event_reminders

    when = event.starts_at - REMINDER_WINDOW
    if when > timezone.now():
        transaction.on_commit(lambda: send_event_reminders.using(run_after=when).enqueue())


def _next_start(event, now):
    """The start of the occurrence that begins within the next day, or None."""
    found = recurrence.occurrences(event, now, now + REMINDER_WINDOW)
    starts = [start for start, _end in found if now <= start < now + REMINDER_WINDOW]
    return min(starts) if starts else None


def send_due_reminders(now=None) -> int:
    """Announce the day-before reminder of every event (or occurrence) that starts within a day to each
    member going to it, once per occurrence; notifications subscribes to "events.reminder_due" and sends
    each one as a background task, retried with back-off (a reminder that keeps failing is left in a
    TaskFailure row for staff). Returns how many members are reminded."""
    now = now or timezone.now()
    soon = now + REMINDER_WINDOW
    candidates = (Event.objects.filter(content__status="published", starts_at__lt=soon)
                  .filter(Q(series_ends_at__isnull=True) | Q(series_ends_at__gte=now))
                  .select_related("content"))
    reminded = 0
    for event in candidates:
        start = _next_start(event, now)
        if start is None or event.reminder_sent_for == start:
            continue
        with transaction.atomic():
            claimed = Event.objects.filter(pk=event.pk).exclude(reminder_sent_for=start).update(
                reminder_sent_for=start)
            if not claimed:
                continue  # another worker sent it
            # Those going to this date, not everyone who ever answered for the series.
            going = list(Rsvp.objects.filter(event=event, occurrence=start, answer=Answer.GOING)
                         .order_by("pk").values_list("user_id", flat=True))
            if going:
                announce("events.reminder_due", event_id=event.pk, start=start, user_ids=going)
            reminded += len(going)
    return reminded


def mail_reminder(user, event, start):
    """The reminder e-mail itself (its words are the event's): sent by notifications' reminder task unless the
    member wants reminders on the site only or not at all."""
    _mail(user, "events/mail/reminder", event, start=start)


def _mail(user, template, event, **extra):
    from django.conf import settings

    with translation.override(user.language):
        context = {"user": user, "event": event, "content": event.content, "site_url": settings.SITE_URL,
                   "url": settings.SITE_URL + event.content.get_absolute_url(), **extra}
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}.txt", context)
    send_mail(subject, body, None, [user.email])
