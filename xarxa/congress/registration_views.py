"""Pages of registration and the days themselves: a member's registration and ticket, the organisers'
list (approve, refuse, promote, cancel), tickets and questions, the check-in page at the door, session
sign-ups and ratings, attendance. Writes go through congress.registration with attempt()."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xarxa.congress import registration, registration_rules
from xarxa.congress.registration_forms import (
    CheckInForm,
    QuestionForm,
    RatingForm,
    RegistrationFilterForm,
    RegistrationForm,
    TicketTypeForm,
)
from xarxa.congress.registration_models import (
    HOLDS_A_PLACE,
    Answer,
    Question,
    Registration,
    SessionSignup,
    TicketType,
)
from xarxa.congress.services import access_edition
from xarxa.congress.views import _readable_edition
from xarxa.core.pagination import paginate, query_without_page
from xarxa.core.refusals import attempt, error_text, refusal_of
from xarxa.core.rulebook import allowed


def _organised(user, slug, rule="congress.manage_registrations"):
    """The edition whose registrations `user` manages (or checks in), or 404."""
    edition = access_edition(user, slug)
    if not allowed(user, rule, edition):
        raise Http404(_("No such congress edition."))
    return edition


def _back(request, default):
    target = request.POST.get("next")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(default)


def _ticket_rows(edition):
    """The open ticket types with their places taken, in one query."""
    tickets = list(TicketType.objects.filter(edition=edition, is_open=True).annotate(
        taken=Count("registrations", filter=Q(registrations__status__in=HOLDS_A_PLACE)),
        waiting=Count("registrations", filter=Q(registrations__status=Registration.Status.WAITING))))
    for ticket in tickets:
        ticket.left = None if ticket.capacity is None else max(ticket.capacity - ticket.taken, 0)
    return tickets


def registration_page(request, slug):
    """Register (the ticket, the payment reference, the organisers' questions), or see one's ticket and
    cancel it."""
    from xarxa.congress.tickets import qr_svg

    edition = _readable_edition(request.user, slug)
    mine = registration_rules.registration_of(request.user, edition)
    tickets = _ticket_rows(edition)
    questions = list(Question.objects.filter(edition=edition))
    form, status = None, None
    if mine is None or not mine.is_active:
        form = RegistrationForm(request.POST or None, ticket_types=tickets, questions=questions)
        if request.method == "POST":
            if not request.user.is_authenticated:
                return redirect(f"{_login_url()}?next={request.path}")
            status = 400
            if form.is_valid():
                mine, status = attempt(lambda: registration.register(request.user, edition,
                                                                     **form.service_arguments()), form=form)
                if status is None:
                    messages.success(request, _message_for(mine))
                    return redirect("congress:registration", slug)
    can_register = allowed(request.user, "congress.register", edition)
    refusal = None
    if request.user.is_authenticated and (mine is None or not mine.is_active):
        refusal = refusal_of(lambda: registration.check_can_register(request.user, edition))
    return render(request, "congress/registration/registration.html", {
        "edition": edition, "phase": edition.phase, "phase_ends_at": edition.phase_ends_at(), "mine": mine,
        "tickets": tickets, "form": form, "can_register": can_register, "refusal": refusal,
        "qr": qr_svg(mine.code_display) if mine is not None and mine.status == Registration.Status.CONFIRMED else None,
        "answers": list(mine.answers.select_related("question")) if mine is not None and mine.is_active else [],
        "can_organise": allowed(request.user, "congress.manage_registrations", edition),
    }, status=status or 200)


def _login_url():
    from django.conf import settings
    from django.shortcuts import resolve_url

    return resolve_url(settings.LOGIN_URL)


def _message_for(mine):
    if mine.status == Registration.Status.PENDING:
        return _("Your registration is received: the organisers will confirm it.")
    if mine.status == Registration.Status.WAITING:
        return _("This ticket is full: you are on its waiting list, and will get a place as one frees up.")
    return _("You are registered. Your ticket is on its way to your e-mail.")


@login_required
@require_POST
def cancel_registration(request, slug):
    edition = _readable_edition(request.user, slug)
    mine = registration_rules.registration_of(request.user, edition)
    if mine is None:
        raise Http404
    _done, status = attempt(lambda: registration.cancel_registration(request.user, mine), request=request)
    if status is None:
        messages.success(request, _("Your registration is cancelled."))
    return redirect("congress:registration", slug)


# The organisers' list ------------------------------------------------------------------------------

PER_PAGE = 50


@login_required
def registrations(request, slug):
    """Every registration of the edition, by status, with the answers; approve, refuse, promote, cancel."""
    edition = _organised(request.user, slug)
    form = RegistrationFilterForm(request.GET or None)
    rows = (Registration.objects.filter(edition=edition).select_related("user__profile", "ticket_type")
            .prefetch_related(Prefetch("answers", queryset=Answer.objects.select_related("question")))
            .order_by("queued_at", "pk"))
    chosen = form.cleaned_data.get("status") if form.is_valid() else ""
    if chosen:
        rows = rows.filter(status=chosen)
    counts = dict(Registration.objects.filter(edition=edition).values_list("status").annotate(n=Count("pk")))
    return render(request, "congress/registration/registrations.html", {
        "edition": edition, "form": form, "page": paginate(request, rows, per_page=PER_PAGE),
        "counts": [(value, label, counts.get(value, 0)) for value, label in Registration.Status.choices],
        "tickets": _ticket_rows(edition), "query_string": query_without_page(request), "can_organise": True,
    })


ACTIONS = {"approve": registration.approve, "refuse": registration.refuse, "promote": registration.promote,
           "cancel": registration.cancel_registration}
DONE = {"approve": "Approved: %(name)s has a place.", "refuse": "Refused: %(name)s.",
        "promote": "Promoted: %(name)s has a place.", "cancel": "Cancelled: %(name)s."}


@login_required
@require_POST
def decide(request, slug, pk, action):
    edition = _organised(request.user, slug)
    if action not in ACTIONS:
        raise Http404
    row = get_object_or_404(Registration.objects.select_related("user", "ticket_type", "edition__space"),
                            pk=pk, edition=edition)
    _done, status = attempt(lambda: ACTIONS[action](request.user, row), request=request)
    if status is None:
        messages.success(request, _(DONE[action]) % {"name": row.user.display_name})
    return _back(request, reverse("congress:registrations", args=[slug]))


# Tickets and questions -------------------------------------------------------------------------------

@login_required
def tickets_setup(request, slug):
    """The organisers' ticket types and registration questions."""
    edition = _organised(request.user, slug)
    ticket_form = TicketTypeForm(request.POST if "add_ticket" in request.POST else None, prefix="ticket")
    question_form = QuestionForm(request.POST if "add_question" in request.POST else None, prefix="question")
    status = None
    if request.method == "POST":
        bound = ticket_form if "add_ticket" in request.POST else question_form
        if bound.is_valid():
            item, status = attempt(lambda: registration.add_setup_item(request.user, edition, bound.save(commit=False)),
                                   form=bound)
            if status is None:
                messages.success(request, _("Saved."))
                return redirect("congress:tickets_setup", slug)
        status = status or 400
    return render(request, "congress/registration/setup.html", {
        "edition": edition, "tickets": _ticket_rows(edition),
        "closed_tickets": TicketType.objects.filter(edition=edition, is_open=False),
        "questions": Question.objects.filter(edition=edition), "ticket_form": ticket_form,
        "question_form": question_form, "can_organise": True,
    }, status=status or 200)


@login_required
@require_POST
def remove_setup_item(request, slug, what, pk):
    edition = _organised(request.user, slug)
    model = {"ticket": TicketType, "question": Question}.get(what)
    if model is None:
        raise Http404
    item = get_object_or_404(model, pk=pk, edition=edition)
    _done, status = attempt(lambda: registration.remove_setup_item(request.user, item), request=request)
    if status is None:
        messages.success(request, _("Removed."))
    return redirect("congress:tickets_setup", slug)


# At the door ---------------------------------------------------------------------------------------

@login_required
def check_in_page(request, slug):
    """Phone-first: one field for the typed or scanned code, and an answer that says clearly whether the
    ticket is valid (checked in now), already used, unknown or cancelled."""
    edition = _organised(request.user, slug, rule="congress.check_in")
    form = CheckInForm(request.POST or None)
    outcome, checked, message, status = None, None, None, 200
    if request.method == "POST" and form.is_valid():
        try:
            checked = registration.check_in(request.user, edition, form.cleaned_data["code"])
            outcome = "valid"
        except (ValidationError, PermissionDenied) as error:
            outcome = getattr(error, "code", None) or "refused"
            message, status = error_text(error), 409 if outcome == "used" else 400
        form = CheckInForm()  # an empty field, ready for the next ticket
    elif request.method == "POST":
        status = 400
    counts = dict(Registration.objects.filter(edition=edition, status__in=HOLDS_A_PLACE)
                  .values_list("status").annotate(n=Count("pk")))
    return render(request, "congress/registration/check_in.html", {
        "edition": edition, "form": form, "outcome": outcome, "checked": checked, "message": message,
        "checked_in": counts.get(Registration.Status.CHECKED_IN, 0),
        "expected": sum(counts.values()),
    }, status=status)



# Sessions: sign-up and rating (the session's page, content.kind_views.detail, asks for these) --------

def session_extras(request, session, room=None):
    """What the session's page adds for sign-up and ratings: places left, the reader's place or waiting
    spot, whether they may sign up, and their rating once they attended."""
    from xarxa.congress.programme_html import places_left

    user, fmt = request.user, session.session_format
    needs_signup = fmt is not None and fmt.needs_signup
    extras = {"needs_signup": needs_signup, "my_signup": None, "can_sign_up": False, "can_rate": False,
              "my_rating": None}
    if needs_signup:
        extras["places_left"] = places_left(session, fmt, room or session.room)
    if not user.is_authenticated:
        return extras
    if needs_signup:
        extras["my_signup"] = session.signups.filter(user=user).exclude(status=SessionSignup.Status.CANCELLED).first()
        extras["can_sign_up"] = allowed(user, "congress.sign_up", session)
        if not extras["can_sign_up"]:
            extras["signup_refusal"] = refusal_of(lambda: registration.check_can_sign_up(user, session))
    if registration_rules.attended(user, session):
        extras["can_rate"] = True
        rating = session.ratings.filter(user=user).first()
        extras["my_rating"] = rating
        extras["rating_form"] = RatingForm(initial={"score": rating.score, "comment": rating.comment}
                                           if rating else None)
    return extras


def _access_session(user, pk):
    from xarxa.congress.models import SESSION_KIND
    from xarxa.content import kinds
    from xarxa.content.kind_views import access_item

    return access_item(user, pk, kinds.get(SESSION_KIND),
                       related=("session__edition__space", "session__session_format", "session__room"))


@login_required
@require_POST
def signup(request, pk):
    """Sign up for a session (wait=1: join its waiting list when it is full), or give the place back
    (cancel=1)."""
    session = _access_session(request.user, pk)
    if request.POST.get("cancel"):
        _done, status = attempt(lambda: registration.cancel_signup(request.user, session), request=request)
        if status is None:
            messages.success(request, _("You have given your place back."))
    else:
        row, status = attempt(lambda: registration.sign_up(request.user, session, wait=bool(request.POST.get("wait"))),
                              request=request)
        if status is None:
            messages.success(request, _("You are signed up.") if row.status == SessionSignup.Status.SIGNED_UP
                             else _("You are on the waiting list: you get a place as one frees up."))
    return redirect(session)


@login_required
@require_POST
def rate(request, pk):
    session = _access_session(request.user, pk)
    form = RatingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the session from 1 to 5 stars."))
        return redirect(session)
    _done, status = attempt(lambda: registration.rate(request.user, session, **form.cleaned_data), request=request)
    if status is None:
        messages.success(request, _("Thank you: your rating is saved."))
    return redirect(session)


# Attendance and ratings ------------------------------------------------------------------------------

def attendance_rows(edition):
    """Every session of the edition with its sign-ups, waiting list, ratings and average: four queries
    whatever the number of sessions."""
    from django.db.models import Avg

    from xarxa.congress.models import Session, SessionRating

    sessions = list(Session.objects.filter(edition=edition).exclude(content__status="deleted")
                    .select_related("content", "session_format", "room").order_by("starts_at", "content__title"))
    signups = {}
    for session_id, status, count in (SessionSignup.objects.filter(session__edition=edition)
                                      .values_list("session", "status").annotate(n=Count("pk"))):
        signups[(session_id, status)] = count
    ratings = {row["session"]: row for row in SessionRating.objects.filter(session__edition=edition)
               .values("session").annotate(count=Count("pk"), average=Avg("score"))}
    for session in sessions:
        session.signed_up = signups.get((session.pk, SessionSignup.Status.SIGNED_UP), 0)
        session.waiting = signups.get((session.pk, SessionSignup.Status.WAITING), 0)
        found = ratings.get(session.pk, {})
        session.rating_count = found.get("count", 0)
        session.rating_average = round(found["average"], 1) if found.get("average") is not None else None
    return sessions


@login_required
def attendance(request, slug):
    edition = _organised(request.user, slug)
    counts = dict(Registration.objects.filter(edition=edition).values_list("status").annotate(n=Count("pk")))
    return render(request, "congress/registration/attendance.html", {
        "edition": edition, "sessions": attendance_rows(edition), "can_organise": True,
        "checked_in": counts.get(Registration.Status.CHECKED_IN, 0),
        "registered": sum(counts.get(status, 0) for status in HOLDS_A_PLACE),
    })


@login_required
def attendance_csv(request, slug):
    """Attendance and ratings per session as CSV (every cell through core.csvfiles: no formulas)."""
    from django.http import HttpResponse
    from django.utils import timezone

    from xarxa.core import csvfiles

    edition = _organised(request.user, slug)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{edition.space.slug}-attendance.csv"'
    writer = csvfiles.Writer(response)
    writer.writerow([_("Session"), _("Starts"), _("Room"), _("Format"), _("Signed up"), _("Waiting"),
                     _("Ratings"), _("Average rating")])
    for session in attendance_rows(edition):
        starts = timezone.localtime(session.starts_at, edition.zone).strftime("%Y-%m-%d %H:%M") \
            if session.starts_at else ""
        writer.writerow([session.content.title, starts, session.room.name if session.room else "",
                         session.session_format.label if session.session_format else "", session.signed_up,
                         session.waiting, session.rating_count, session.rating_average])
    return response


@login_required
def ratings_csv(request, slug):
    """Every rating with its comment (not who gave it), as CSV."""
    from django.http import HttpResponse

    from xarxa.congress.models import SessionRating
    from xarxa.core import csvfiles

    edition = _organised(request.user, slug)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{edition.space.slug}-ratings.csv"'
    writer = csvfiles.Writer(response)
    writer.writerow([_("Session"), _("Rating"), _("Comment")])
    for title, score, comment in (SessionRating.objects.filter(session__edition=edition)
                                  .order_by("session__content__title", "pk")
                                  .values_list("session__content__title", "score", "comment")):
        writer.writerow([title, score, comment])
    return response
