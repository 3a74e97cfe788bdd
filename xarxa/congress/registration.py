"""Registration and the days themselves: registering (one per member per edition), cancelling, the
organisers' approval and waiting list, checking tickets in at the door, signing up for sessions with
limited places, and rating the sessions one attended.

Every service checks its rule first and raises PermissionDenied or ValidationError changing nothing.
Places are counted inside the transaction with the ticket type (or the session) locked, so two members
taking the last place at once do not both get it; the waiting list is promoted oldest first.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from xarxa.congress import registration_rules
from xarxa.congress.lifecycles import REGISTRATION, SIGNUP
from xarxa.congress.models import Session
from xarxa.congress.registration_models import (
    HOLDS_A_PLACE,
    Answer,
    Question,
    Registration,
    SessionRating,
    SessionSignup,
    TicketType,
    normalise_code,
)
from xarxa.core.rulebook import check

Status = Registration.Status


def _send_ticket_after_commit(registration):
    from xarxa.congress.tasks import send_ticket

    transaction.on_commit(lambda pk=registration.pk: send_ticket.enqueue(pk))


# Registering -------------------------------------------------------------------------------------

def clean_answers(edition, answers) -> dict:
    """{question: answer} for every question of `edition`; a required one left empty, or a choice not
    among the offered ones, is refused with the question's words."""
    cleaned = {}
    for question in Question.objects.filter(edition=edition):
        value = str(answers.get(question.pk, "") or "").strip()
        if question.required and not value:
            raise ValidationError(_("Answer the question “%(question)s”.") % {"question": question.text},
                                  code="required")
        if value and question.kind == Question.Kind.CHOICE and value not in question.choice_list():
            raise ValidationError(_("Choose one of the answers offered to “%(question)s”.") % {
                "question": question.text}, code="choice")
        cleaned[question] = value
    return cleaned


def places_taken(ticket_type) -> int:
    return Registration.objects.filter(ticket_type=ticket_type, status__in=HOLDS_A_PLACE).count()


def _has_room(ticket_type) -> bool:
    return ticket_type.capacity is None or places_taken(ticket_type) < ticket_type.capacity


def check_can_register(user, edition):
    existing = registration_rules.registration_of(user, edition)
    if existing is not None and existing.is_active:
        raise ValidationError(_("You are already registered for this edition."), code="registered")
    if existing is not None and existing.status == Status.REFUSED:
        raise ValidationError(_("The organisers have refused your registration for this edition."), code="refused")
    check(user, "congress.register", edition)


def register(user, edition, *, ticket_type, answers=None, payment_reference="") -> Registration:
    """Register `user` with `ticket_type`: confirmed at once when there is a place, awaiting approval
    for the types that need it, on the waiting list when full. A confirmed member is mailed their ticket."""
    check_can_register(user, edition)
    if ticket_type.edition_id != edition.pk or not ticket_type.is_open:
        raise ValidationError(_("Choose a ticket of this edition that is open for registration."), code="ticket")
    payment_reference = payment_reference.strip()
    if ticket_type.needs_payment_reference and not payment_reference:
        raise ValidationError(_("Give the reference of your payment for this ticket."), code="payment_reference")
    cleaned = clean_answers(edition, answers or {})
    with transaction.atomic():
        ticket_type = TicketType.objects.select_for_update().get(pk=ticket_type.pk)
        registration = (Registration.objects.select_for_update().filter(edition=edition, user=user).first()
                        or Registration(edition=edition, user=user))
        if ticket_type.needs_approval:
            step = "await_approval"
        else:
            step = "confirm" if _has_room(ticket_type) else "wait"
        REGISTRATION.transition(registration, step)  # an active registration is refused here too
        if registration.pk is not None:  # registering again after cancelling: a new ticket
            registration.code = Registration._meta.get_field("code").default()
        now = timezone.now()
        registration.ticket_type, registration.payment_reference = ticket_type, payment_reference
        registration.queued_at, registration.cancelled_at, registration.decided_at = now, None, None
        try:
            with transaction.atomic():  # two clicks at once: the constraint decides
                registration.save()
        except IntegrityError:
            raise ValidationError(_("You are already registered for this edition."), code="registered") from None
        Answer.objects.filter(registration=registration).delete()
        Answer.objects.bulk_create([Answer(registration=registration, question=question, value=value)
                                    for question, value in cleaned.items() if value])
        if registration.status == Status.CONFIRMED:
            _send_ticket_after_commit(registration)
    edition.__dict__.pop("_registration_cache", None)
    return registration


def cancel_registration(actor, registration) -> Registration:
    """The member (or an organiser) cancels; a place it held goes to the oldest on the waiting list. The
    member's sign-ups for sessions are cancelled with it."""
    if actor.pk != registration.user_id:
        check(actor, "congress.manage_registrations", registration.edition)
    with transaction.atomic():
        TicketType.objects.select_for_update().get(pk=registration.ticket_type_id)
        registration = Registration.objects.select_for_update().select_related("ticket_type", "edition").get(
            pk=registration.pk)
        held = registration.status in HOLDS_A_PLACE
        REGISTRATION.transition(registration, "cancel")
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["status", "cancelled_at"])
        for signup in SessionSignup.objects.filter(user=registration.user, session__edition=registration.edition,
                                                   status__in=SIGNUP.sources("cancel")):
            _cancel_signup(signup)
        if held:
            promote_waiting(registration.ticket_type)
    return registration


def promote_waiting(ticket_type) -> list[Registration]:
    """Give the free places of `ticket_type` to the waiting list, oldest first (inside the caller's
    transaction, the ticket type locked)."""
    promoted = []
    if ticket_type.capacity is None:
        free = None
    else:
        free = ticket_type.capacity - places_taken(ticket_type)
        if free <= 0:
            return promoted
    waiting = Registration.objects.filter(ticket_type=ticket_type, status=Status.WAITING).order_by("queued_at", "pk")
    for registration in (waiting if free is None else waiting[:free]):
        REGISTRATION.transition(registration, "promote")
        registration.decided_at = timezone.now()
        registration.save(update_fields=["status", "decided_at"])
        _send_ticket_after_commit(registration)
        promoted.append(registration)
    return promoted


# The organisers' decisions -----------------------------------------------------------------------

def _locked(registration):
    TicketType.objects.select_for_update().get(pk=registration.ticket_type_id)
    return Registration.objects.select_for_update().select_related("ticket_type").get(pk=registration.pk)


def approve(actor, registration) -> Registration:
    check(actor, "congress.manage_registrations", registration.edition)
    with transaction.atomic():
        registration = _locked(registration)
        REGISTRATION.check(registration, "approve")
        if not _has_room(registration.ticket_type):
            raise ValidationError(_("No places are left for this ticket: raise its capacity or wait for a "
                                    "cancellation."), code="full")
        REGISTRATION.transition(registration, "approve")
        registration.decided_at = timezone.now()
        registration.save(update_fields=["status", "decided_at"])
        _send_ticket_after_commit(registration)
    return registration


def refuse(actor, registration) -> Registration:
    check(actor, "congress.manage_registrations", registration.edition)
    with transaction.atomic():
        registration = _locked(registration)
        REGISTRATION.transition(registration, "refuse")
        registration.decided_at = timezone.now()
        registration.save(update_fields=["status", "decided_at"])
    return registration


def promote(actor, registration) -> Registration:
    """The organisers give a waiting member a place themselves (beyond the capacity if they choose to)."""
    check(actor, "congress.manage_registrations", registration.edition)
    with transaction.atomic():
        registration = _locked(registration)
        REGISTRATION.transition(registration, "promote")
        registration.decided_at = timezone.now()
        registration.save(update_fields=["status", "decided_at"])
        _send_ticket_after_commit(registration)
    return registration


# At the door -------------------------------------------------------------------------------------

def check_in(actor, edition, typed_code) -> Registration:
    """Check a ticket in. Refused, changing nothing, for an unknown code (or another edition's: the same
    answer), a ticket already used (saying when), or a cancelled, refused or unconfirmed one."""
    check(actor, "congress.check_in", edition)
    code = normalise_code(typed_code)
    with transaction.atomic():
        registration = (Registration.objects.select_for_update(of=("self",))
                        .select_related("user__profile", "ticket_type")
                        .filter(edition=edition, code=code).first() if code else None)
        if registration is None:
            raise ValidationError(_("Unknown ticket: no ticket of this edition has this code."), code="unknown")
        if registration.status == Status.CHECKED_IN:
            when = timezone.localtime(registration.checked_in_at, edition.zone)
            raise ValidationError(_("Already used: this ticket was checked in on %(when)s") % {
                "when": date_format(when, "DATETIME_FORMAT")}, code="used")
        if registration.status in (Status.CANCELLED, Status.REFUSED):
            raise ValidationError(_("Cancelled: this ticket is no longer valid."), code="cancelled")
        if registration.status != Status.CONFIRMED:
            raise ValidationError(_("Not confirmed: this registration is %(status)s.") % {
                "status": registration.get_status_display().lower()}, code="not_confirmed")
        REGISTRATION.transition(registration, "check_in")
        registration.checked_in_at, registration.checked_in_by = timezone.now(), actor
        registration.save(update_fields=["status", "checked_in_at", "checked_in_by"])
    return registration


# Sessions with limited places --------------------------------------------------------------------

def session_capacity(session):
    """How many the session holds: its format's places, else its room's; None for no limit."""
    if session.session_format is not None and session.session_format.capacity:
        return session.session_format.capacity
    return session.room.capacity if session.room is not None else None


def _recount_signups(session):
    count = SessionSignup.objects.filter(session=session, status=SessionSignup.Status.SIGNED_UP).count()
    Session.objects.filter(pk=session.pk).update(signup_count=count)
    session.signup_count = count
    return count


def check_can_sign_up(user, session):
    if not registration_rules.session_needs_signup(user, session):
        raise ValidationError(_("This session needs no sign-up: come along."), code="no_signup")
    if not registration_rules.session_not_begun(user, session):
        raise ValidationError(_("This session has begun: sign-up is closed."), code="begun")
    if not registration_rules.holds_a_place_at_session_edition(user, session):
        raise PermissionDenied(_("Register for the congress before signing up for its sessions."))
    check(user, "congress.sign_up", session)


def sign_up(user, session, *, wait=False) -> SessionSignup:
    """A place in the session, or (with `wait`, when it is full) a place on its waiting list. A full
    session without `wait` is refused, so a member never lands on a waiting list without asking."""
    check_can_sign_up(user, session)
    with transaction.atomic():
        # of=("self",): the room is an outer join, which PostgreSQL will not lock.
        locked = (Session.objects.select_for_update(of=("self",)).select_related("session_format", "room")
                  .get(pk=session.pk))
        signup = (SessionSignup.objects.select_for_update().filter(session=locked, user=user).first()
                  or SessionSignup(session=locked, user=user))
        capacity = session_capacity(locked)
        full = capacity is not None and locked.signup_count >= capacity
        if full and not wait and SIGNUP.can(signup, "wait"):
            raise ValidationError(_("This session is full. You can join its waiting list."), code="full")
        SIGNUP.transition(signup, "wait" if full else "sign_up")
        signup.queued_at = timezone.now()
        try:
            with transaction.atomic():
                signup.save()
        except IntegrityError:
            raise ValidationError(_("You have already signed up for this session."), code="signed_up") from None
        _recount_signups(locked)
        session.signup_count = locked.signup_count
    return signup


def _cancel_signup(signup):
    session = (Session.objects.select_for_update(of=("self",)).select_related("session_format", "room")
               .get(pk=signup.session_id))
    held = signup.status == SessionSignup.Status.SIGNED_UP
    SIGNUP.transition(signup, "cancel")
    signup.save(update_fields=["status"])
    count = _recount_signups(session)
    if held:
        capacity = session_capacity(session)
        free = None if capacity is None else capacity - count
        waiting = SessionSignup.objects.filter(session=session, status=SessionSignup.Status.WAITING).order_by(
            "queued_at", "pk")
        if free is None or free > 0:
            for row in (waiting if free is None else waiting[:free]):
                SIGNUP.transition(row, "promote")
                row.save(update_fields=["status"])
            _recount_signups(session)
    return session


def cancel_signup(user, session) -> None:
    """Give the place back (or leave the waiting list); the oldest waiting member takes it."""
    with transaction.atomic():
        signup = SessionSignup.objects.select_for_update().filter(session=session, user=user).first()
        if signup is None:
            raise ValidationError(_("You are not signed up for this session."), code="not_signed_up")
        locked = _cancel_signup(signup)
        session.signup_count = locked.signup_count


# Ratings -----------------------------------------------------------------------------------------

def rate(user, session, *, score, comment="") -> SessionRating:
    """Rate a session one attended, 1 to 5; rating again changes the rating."""
    check(user, "congress.rate", session)
    try:
        score = int(score)
    except (TypeError, ValueError):
        score = 0
    if not 1 <= score <= 5:
        raise ValidationError(_("Give the session from 1 to 5 stars."), code="score")
    with transaction.atomic():
        rating, _created = SessionRating.objects.update_or_create(
            session=session, user=user, defaults={"score": score, "comment": comment.strip()[:2000]})
    return rating


# The organisers' set-up --------------------------------------------------------------------------

def add_setup_item(actor, edition, item):
    """Save a new ticket type or registration question of `edition` (built by the organisers' form)."""
    check(actor, "congress.manage_registrations", edition)
    item.edition = edition
    item.position = type(item).objects.filter(edition=edition).count()
    item.full_clean()
    item.save()
    return item


def remove_setup_item(actor, item) -> None:
    """Remove a question, or a ticket type; a ticket type someone registered with is closed instead."""
    check(actor, "congress.manage_registrations", item.edition)
    if isinstance(item, TicketType) and item.registrations.exists():
        TicketType.objects.filter(pk=item.pk).update(is_open=False)
        return
    item.delete()


# Afterwards: materials and recordings --------------------------------------------------------------

def upload_material(actor, session, upload):
    """A speaker (or an organiser) adds a file to the session's materials: an attachment of its page,
    checked for size and type like every other."""
    from xarxa.content.services import store_attachment

    check(actor, "congress.edit_materials", session)
    with transaction.atomic():
        return store_attachment(actor, session.content, upload)


def set_recording_link(actor, session, link) -> Session:
    check(actor, "congress.edit_session", session)
    session.recording_link = (link or "").strip()
    session.full_clean(exclude=["content", "edition", "proposal"])
    session.save(update_fields=["recording_link"])
    return session
