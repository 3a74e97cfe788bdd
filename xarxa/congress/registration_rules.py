"""Registration and the days themselves: who registers, who manages the registrations, who checks tickets
at the door, who signs up for a workshop and who rates a session. The services check these; their words
are what a member reads when refused."""

import rules
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xarxa.accounts.rules import can_post
from xarxa.congress.models import Phase
from xarxa.congress.programme_rules import can_read_session_edition, is_session_organiser
from xarxa.congress.registration_models import HOLDS_A_PLACE, Registration, SessionSignup
from xarxa.congress.rules import can_organise, can_read_edition
from xarxa.core.rulebook import rule


@rules.predicate
def registration_is_open(_user, edition):
    """Members register until the congress is over."""
    return edition is not None and edition.phase != Phase.AFTERWARDS


def registration_of(user, edition):
    """The member's registration to `edition` (or None), read once per request and kept on the edition."""
    if edition is None or not user.is_authenticated:
        return None
    cache = edition.__dict__.setdefault("_registration_cache", {})
    if user.pk not in cache:
        cache[user.pk] = (Registration.objects.filter(edition=edition, user=user)
                          .select_related("ticket_type").first())
    return cache[user.pk]


@rules.predicate
def holds_a_place(user, edition):
    registration = registration_of(user, edition)
    return registration is not None and registration.status in HOLDS_A_PLACE


@rules.predicate
def session_needs_signup(_user, session):
    return session is not None and session.session_format is not None and session.session_format.needs_signup


@rules.predicate
def session_not_begun(_user, session):
    """Sign-up closes when the session begins (and with the congress)."""
    if session is None or session.edition.phase == Phase.AFTERWARDS:
        return False
    return session.starts_at is None or session.starts_at > timezone.now()


@rules.predicate
def holds_a_place_at_session_edition(user, session):
    return session is not None and bool(holds_a_place(user, session.edition))


def attended(user, session) -> bool:
    """Registered with a place (checked in, or confirmed), the session has begun, and for a session with
    sign-up, signed up for it."""
    if session is None or not user.is_authenticated or session.starts_at is None:
        return False
    if session.starts_at > timezone.now() or not holds_a_place(user, session.edition):
        return False
    if session_needs_signup(user, session):
        return SessionSignup.objects.filter(session=session, user=user,
                                            status=SessionSignup.Status.SIGNED_UP).exists()
    return True


@rules.predicate
def has_attended(user, session):
    return attended(user, session)


can_register = can_post & can_read_edition & registration_is_open
can_manage_registrations = can_organise
# At the door: the edition's organisers, and the site's staff who help them.
can_check_in = can_organise | rules.is_staff
can_sign_up = (rules.is_authenticated & can_read_session_edition & session_needs_signup & session_not_begun
               & holds_a_place_at_session_edition)
can_rate = rules.is_authenticated & can_read_session_edition & has_attended
can_see_attendance = is_session_organiser

rule("congress.register", can_register,
     refusal=_("Members who can read the edition register for it until the congress is over."))
rule("congress.manage_registrations", can_manage_registrations,
     refusal=_("Only the edition's organisers manage its registrations."))
rule("congress.check_in", can_check_in, refusal=_("Only the edition's organisers and the staff check tickets in."))
rule("congress.sign_up", can_sign_up,
     refusal=_("Members registered for the congress sign up for the sessions that need it, until they begin."))
rule("congress.rate", can_rate, refusal=_("You can rate only the sessions you attended."))
rule("congress.see_attendance", can_see_attendance,
     refusal=_("Only the edition's organisers see attendance and ratings."))
