"""What events add to the pages every kind has (content.kind_views): their rows (upcoming, past, by
country, online), their dates, places and answers on the event's page; and their own pages: the month
view, RSVPs, the organiser's attendee list and CSV, and the iCalendar files."""

import calendar as calendar_module
from datetime import UTC, date, datetime, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import F, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from xarxa.accounts.details import shown_details
from xarxa.content import kinds
from xarxa.content.kind_views import access_item, attempt
from xarxa.content.models import Content
from xarxa.core import csvfiles
from xarxa.core.pagination import paginate, query_without_page
from xarxa.events import ics, recurrence, services
from xarxa.events import rules as event_rules
from xarxa.events.forms import EventFilterForm, EventForm, RsvpForm
from xarxa.events.models import KIND, Event, Rsvp
from xarxa.spaces import rules as space_rules
from xarxa.spaces.models import Space

PER_PAGE = 20
FEED_LENGTH = 200


# Reading -----------------------------------------------------------------------------------------

def visible_events(user):
    """Events `user` may see, through the one visibility rule of the base."""
    contents = Content.objects.visible_to(user).originals().of_kind(KIND).published()
    return Event.objects.filter(content__in=contents).select_related("content__space", "content__author__profile")


def _upcoming(events, now):
    return events.filter(Q(series_ends_at__isnull=True) | Q(series_ends_at__gte=now))


def _filtered(request, events):
    form = EventFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    now = timezone.now()
    when = data.get("when") or "upcoming"
    if when == "past":
        events = events.filter(series_ends_at__lt=now).order_by("-starts_at", "-pk")
    else:
        events = _upcoming(events, now).order_by("starts_at", "pk")
    if data.get("country"):
        events = events.filter(country=data["country"])
    if data.get("online"):
        events = events.filter(mode__in=[Event.Mode.ONLINE, Event.Mode.HYBRID])
    return {"form": form, "when": when, "page": paginate(request, events, per_page=PER_PAGE),
            "query_string": query_without_page(request)}


def event_rows(request, space):
    """The kind's list rows (content.kind_views): upcoming or past, filtered; a group's with its calendar."""
    if space is None:
        return _filtered(request, visible_events(request.user))
    context = _filtered(request, visible_events(request.user).filter(content__space=space))
    context["calendar_url"] = _space_calendar_url(request, space)
    return context


def _space_calendar_url(request, space):
    """A public group's feed needs no secret; any other group's carries the member's token for that group alone."""
    url = request.build_absolute_uri(reverse("events:space_calendar", args=[space.slug]))
    if space.visibility == Space.Visibility.PUBLIC:
        return url
    if not request.user.is_authenticated:
        return ""
    return f"{url}?token={services.calendar_token_for(request.user, space).token}"


def month(request, year=None, month_number=None):
    today = timezone.localdate()
    year, month_number = year or today.year, month_number or today.month
    if not (1 <= month_number <= 12 and 1900 < year < 3000):
        raise Http404(_("No such month."))
    first = date(year, month_number, 1)
    following = date(year + (month_number == 12), month_number % 12 + 1, 1)
    zone = timezone.get_current_timezone()
    start = datetime.combine(first, datetime.min.time(), tzinfo=zone)
    end = datetime.combine(following, datetime.min.time(), tzinfo=zone)
    # One query: single events overlapping the month, and series that have begun and not ended.
    events = visible_events(request.user).filter(starts_at__lt=end).filter(
        Q(recurrence="", ends_at__gte=start) | (~Q(recurrence="") & (Q(series_ends_at__isnull=True)
                                                                     | Q(series_ends_at__gte=start))))
    by_day = {}
    for event in events:
        for occurrence_start, _occurrence_end in recurrence.occurrences(event, start, end):
            day = occurrence_start.date()
            if first <= day < following:
                by_day.setdefault(day, []).append((occurrence_start, event))
    weeks = []
    for week in calendar_module.Calendar(firstweekday=0).monthdatescalendar(year, month_number):
        weeks.append([{"date": day, "in_month": day.month == month_number,
                       "events": sorted(by_day.get(day, []), key=lambda pair: pair[0])} for day in week])
    previous = first - timedelta(days=1)
    context = {"weeks": weeks, "first": first, "previous": previous, "next": following,
               "weekdays": [calendar_module.day_name[(i) % 7] for i in range(7)], "today": today,
               "has_events": bool(by_day)}
    return render(request, "events/month.html", context)


# The event page ----------------------------------------------------------------------------------

def _access_event(user, pk) -> Event:
    return access_item(user, pk, kinds.get(KIND))


DATES_SHOWN = 8  # the next dates of a repeating event listed on its page, each with its own answer


def _answer_of(user, event):
    """The member's RSVP row for a one-off event (its one date), or None."""
    if not user.is_authenticated:
        return None
    return Rsvp.objects.filter(event=event, occurrence=event.starts_at, user=user).first()


def _waiting_places(answers):
    """{(event id, date): the member's place in that date's waiting list} for the waiting ones among
    `answers` (Rsvp rows), in one query whatever the number of events and dates."""
    waiting = {(row.event_id, row.occurrence): row.user_id for row in answers if row.answer == Rsvp.Answer.WAITING}
    if not waiting:
        return {}
    queue = (Rsvp.objects.filter(event__in={event_id for event_id, _when in waiting},
                                 occurrence__in={when for _event_id, when in waiting}, answer=Rsvp.Answer.WAITING)
             .order_by("event_id", "occurrence", "waiting_since", "pk")
             .values_list("event_id", "occurrence", "user_id"))
    positions, seen = {}, {}
    for event_id, when, user_id in queue:
        key = (event_id, when)
        seen[key] = seen.get(key, 0) + 1
        if waiting.get(key) == user_id:
            positions[key] = seen[key]
    return positions


def _dates_of(user, event, now):
    """The next dates of a repeating event with places and the member's answer: two queries (three when
    the member is waiting somewhere), whatever the number of dates and answers."""
    shown = recurrence.next_occurrences(event, now, limit=DATES_SHOWN)
    if not shown:
        return []
    starts = [start for start, _end in shown]
    counts = services.going_counts(event, starts)
    mine = {}
    if user.is_authenticated:
        mine = {row.occurrence: row for row in Rsvp.objects.filter(event=event, user=user, occurrence__in=starts)}
    positions = _waiting_places(mine.values())
    dates = []
    for number, (start, end) in enumerate(shown):
        going = counts.get(start, 0)
        row = mine.get(start)
        dates.append({
            "number": number, "start": start, "end": end, "value": start.astimezone(UTC).isoformat(),
            "going": going, "places_left": None if event.capacity is None else max(event.capacity - going, 0),
            "answer": row.answer if row else None, "waiting_position": positions.get((event.pk, start)),
            "share_email": bool(row and row.share_email),
        })
    return dates


def detail_context(request, event):
    """What an event's page adds to every kind's: its dates, places, the reader's answer and the organiser's
    tools."""
    user, now = request.user, timezone.now()
    can_manage = bool(event_rules.can_manage_attendees(user, event))
    dates, answer, waiting_position, share_email = [], None, None, False
    if event.recurrence:
        dates = _dates_of(user, event, now)
        going_somewhere = any(date["answer"] == Rsvp.Answer.GOING for date in dates)
    else:
        mine = _answer_of(user, event)
        answer = mine.answer if mine else None
        share_email = bool(mine and mine.share_email)
        waiting_position = _waiting_places([mine] if mine else []).get((event.pk, event.starts_at))
        going_somewhere = answer == Rsvp.Answer.GOING
    return {
        "answer": answer, "waiting_position": waiting_position, "dates": dates, "share_email": share_email,
        "show_online_link": going_somewhere or can_manage,
        "can_rsvp": bool(event_rules.can_rsvp(user, event)), "can_manage": can_manage,
        "repeats": recurrence.describe(event.recurrence),
        "is_over": (event.series_ends_at is not None and event.series_ends_at < now)
        or bool(event.recurrence and not dates),
        "registration_closed": event.registration_deadline is not None and event.registration_deadline < now,
        "rsvp_choices": RsvpForm.base_fields["answer"].choices,
    }


@require_POST
@login_required
def rsvp(request, pk):
    event = _access_event(request.user, pk)
    form = RsvpForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors.get("occurrence", [_("Choose going, maybe or not going.")])[0])
        return redirect(event.content.get_absolute_url())
    row, refused = attempt(lambda: services.rsvp(request.user, event, form.cleaned_data["answer"],
                                                 form.cleaned_data["occurrence"],
                                                 share_email=form.cleaned_data["share_email"]), request=request)
    if not refused:
        if row.answer == Rsvp.Answer.WAITING and event.recurrence:
            messages.success(request, _("That date is full: you are on its waiting list. We will tell you if a "
                                        "place opens."))
        elif row.answer == Rsvp.Answer.WAITING:
            messages.success(request, _("The event is full: you are on the waiting list. We will tell you if a "
                                        "place opens."))
        else:
            messages.success(request, _("Your answer has been saved."))
    return redirect(event.content.get_absolute_url())


@login_required
def attendees(request, pk):
    event = _access_event(request.user, pk)
    try:
        rows = services.attendees(request.user, event)
    except PermissionDenied:
        raise Http404(_("This page does not exist or you cannot see it.")) from None
    return render(request, "events/attendees.html", {"event": event, "content": event.content, "rows": rows,
                                                     "by_date": bool(event.recurrence)})


@login_required
def attendees_csv(request, pk):
    event = _access_event(request.user, pk)
    try:
        rows = services.attendees(request.user, event)
    except PermissionDenied:
        raise Http404(_("This page does not exist or you cannot see it.")) from None
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="attendees-{event.pk}.csv"'
    response.write("\ufeff")  # so spreadsheet programs read the accents right
    writer = csvfiles.Writer(response)
    by_date = bool(event.recurrence)  # a repeating event's answers are per date: one more column
    writer.writerow([_("Name"), _("Username"), _("E-mail"), _("Organisation"), _("Answer"), _("Answered")]
                    + ([_("Date")] if by_date else []))
    for row in rows:
        profile = getattr(row.user, "profile", None)
        shown = shown_details(profile, request.user).organisation if profile else None
        organisation = shown.name if shown else ""
        # The address only where the attendee agreed, when answering, to share it with the organiser.
        writer.writerow([row.user.display_name, row.user.username, row.user.email if row.share_email else "",
                         organisation, row.get_answer_display(), row.updated_at.isoformat()]
                        + ([row.occurrence.astimezone(event.zone).isoformat()] if by_date else []))
    return response


# Writing -----------------------------------------------------------------------------------------

def create_initial(request):
    return {"time_zone": timezone.get_current_timezone_name(), "mode": Event.Mode.IN_PERSON}


def edit_form_kwargs(event):
    return {"initial": EventForm.initial_for(event), "editing": True}


def after_edit(request, event):
    """Members who had answered for dates the edit removed were told by e-mail: say how many."""
    told = getattr(event, "members_told_of_dates_gone", 0)
    if told:
        messages.success(request, ngettext(
            "%(count)d member was told by e-mail that a date they had answered for no longer takes place.",
            "%(count)d members were told by e-mail that a date they had answered for no longer takes place.",
            told) % {"count": told})


def after_delete(request, event):
    told = getattr(event, "members_told_of_cancellation", 0)
    if told:
        messages.success(request, ngettext(
            "%(count)d member who had answered was told by e-mail that it no longer takes place.",
            "%(count)d members who had answered were told by e-mail that it no longer takes place.",
            told) % {"count": told})


# iCalendar ---------------------------------------------------------------------------------------

def _ics_response(body, filename):
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _links_for(user, events):
    """Ids of the events whose online link `user` may see: those they are going to, or organise."""
    if not user.is_authenticated:
        return set()
    ids = [event.pk for event in events]
    going = set(Rsvp.objects.filter(event__in=ids, user=user, answer=Rsvp.Answer.GOING)
                .values_list("event_id", flat=True))
    return going | {event.pk for event in events if event.content.author_id == user.pk}


def _base_url(request):
    return request.build_absolute_uri("/").rstrip("/")


def event_ics(request, pk):
    event = _access_event(request.user, pk)
    body = ics.calendar([event], name=event.content.title, show_link_for=_links_for(request.user, [event]),
                        base_url=_base_url(request))
    return _ics_response(body, f"event-{event.pk}.ics")


def public_calendar(request):
    """Every upcoming event an anonymous visitor may see (open network and public groups)."""
    events = list(_upcoming(visible_events(AnonymousUser()), timezone.now()).order_by("starts_at")[:FEED_LENGTH])
    return _ics_response(ics.calendar(events, name=_("Events"), base_url=_base_url(request)), "events.ics")


def space_calendar(request, slug):
    """A group's events: public groups for anyone, other groups for the holder of a member's token made for
    that group (a token for the member's own events or another group opens nothing here)."""
    space = Space.objects.filter(kind=Space.Kind.GROUP, slug=slug).first()
    token = request.GET.get("token")
    if not token:
        reader = AnonymousUser()
    else:
        reader = services.user_for_token(token, space) if space else None
    if space is None or reader is None or not space_rules.can_read_space_content(reader, space):
        raise Http404(_("No such calendar."))
    events = list(_upcoming(visible_events(reader).filter(content__space=space), timezone.now() - timedelta(days=90))
                  .order_by("starts_at")[:FEED_LENGTH])
    body = ics.calendar(events, name=space.name, show_link_for=_links_for(reader, events), base_url=_base_url(request))
    return _ics_response(body, f"{space.slug}.ics")


def my_calendar(request, token):
    """The events a member is going to (or maybe, or waiting for), for their calendar program."""
    reader = services.user_for_token(token)
    if reader is None:
        raise Http404(_("No such calendar."))
    answered = Rsvp.objects.filter(user=reader).exclude(answer=Rsvp.Answer.NOT_GOING)
    events = list(visible_events(reader).filter(pk__in=answered.values("event_id")).order_by("starts_at")
                  [:FEED_LENGTH])
    # A repeating event: one entry per date the member answered (going, maybe or waiting), not the series.
    repeating = [event.pk for event in events if event.recurrence]
    organises = {event.pk for event in events if event.content.author_id == reader.pk}
    dates = {}
    if repeating:
        for event_id, when, answer in (answered.filter(event__in=repeating).order_by("occurrence")
                                       .values_list("event_id", "occurrence", "answer")):
            dates.setdefault(event_id, []).append((when, answer == Rsvp.Answer.GOING or event_id in organises))
    body = ics.calendar(events, name=_("My events"), show_link_for=_links_for(reader, events),
                        base_url=_base_url(request), dates=dates)
    return _ics_response(body, "my-events.ics")


MY_ROWS = 100


def _my_answers(user, now):
    """The member's answers still ahead, soonest first, as events to list: a one-off event once (with
    `my_answer`, as before), a repeating one once per date answered (with `my_date`: start, end, answer and
    place on the waiting list). "Not going" stays hidden; a date that is over leaves the list as a past event
    does. Two queries at most (the second only when waiting for a date), whatever the number of events."""
    rows = list(Rsvp.objects.filter(user=user, event__in=_upcoming(visible_events(user), now).values("pk"))
                .exclude(answer=Rsvp.Answer.NOT_GOING)
                # A one-off event's answer is the one for its date: answers kept from the dates of a former
                # series are history, not the member's answer now.
                .filter(Q(event__recurrence="", occurrence=F("event__starts_at"))
                        | (~Q(event__recurrence="") & services.not_over(now)))
                .select_related("event__content__space", "event__content__author__profile")
                .order_by("occurrence", "event_id")[:MY_ROWS])
    positions = _waiting_places([row for row in rows if row.event.recurrence])
    events = []
    for row in rows:
        event = row.event
        if event.recurrence:
            start = row.occurrence.astimezone(event.zone)  # as the event page's dates (recurrence.occurrences)
            event.my_date = {"start": start, "end": start + event.duration, "answer": row.answer,
                             "waiting_position": positions.get((event.pk, row.occurrence))}
        else:
            event.my_answer = row.get_answer_display()
        events.append(event)
    return events


@login_required
def my_events(request):
    events = _my_answers(request.user, timezone.now())
    token = services.calendar_token_for(request.user)
    feed_url = request.build_absolute_uri(reverse("events:my_calendar", args=[token.token]))
    return render(request, "events/mine.html", {"events": events, "feed_url": feed_url})


@require_POST
@login_required
def reset_token(request):
    services.reset_calendar_token(request.user)
    messages.success(request, _("Your calendar address has changed. Old addresses no longer work: subscribe again "
                                "with the new one."))
    return redirect("events:mine")


@login_required
def calendar_links(request):
    """The member's calendar links (their own events, each group's), when each was last used, and revoke."""
    if request.method == "POST":
        if services.revoke_calendar_token(request.user, request.POST.get("token_id")):
            messages.success(request, _("That calendar address no longer works."))
        return redirect("events:calendar_links")
    return render(request, "events/calendar_links.html", {"tokens": services.calendar_tokens(request.user)})
