"""The proposal's declared lifecycle (core.lifecycle). A refused transition raises a translated
ValidationError and changes nothing; services save what a transition set, inside their transaction.

    draft ──submit──▶ submitted ──accept / waitlist / decline──▶ accepted | waitlisted | declined
      └──────withdraw──────┴──▶ withdrawn   (also from accepted or waitlisted: a speaker may pull out)
"""

from django.utils.translation import gettext_lazy as _

from xarxa.congress.models import Proposal, SlotAnswer
from xarxa.core.lifecycle import Lifecycle, Transition

State = Proposal.State

PROPOSAL = Lifecycle("state", {
    "submit": Transition({State.DRAFT}, State.SUBMITTED, _("Only a draft can be submitted.")),
    "withdraw": Transition({State.DRAFT, State.SUBMITTED, State.ACCEPTED, State.WAITLISTED}, State.WITHDRAWN,
                           _("This proposal can no longer be withdrawn.")),
    "accept": Transition({State.SUBMITTED, State.WAITLISTED}, State.ACCEPTED,
                         _("Only a submitted proposal can be accepted.")),
    "waitlist": Transition({State.SUBMITTED}, State.WAITLISTED,
                           _("Only a submitted proposal can go on the waiting list.")),
    "decline": Transition({State.SUBMITTED, State.WAITLISTED}, State.DECLINED,
                          _("Only a submitted proposal can be declined.")),
})

# An accepted proposal's speakers answer once: confirm their slot, or decline it (the proposal is then
# withdrawn by the service, through PROPOSAL's "withdraw").
SLOT = Lifecycle("slot_answer", {
    "confirm": Transition({SlotAnswer.PENDING}, SlotAnswer.CONFIRMED, _("The speakers have already answered.")),
    "decline": Transition({SlotAnswer.PENDING}, SlotAnswer.DECLINED, _("The speakers have already answered.")),
})

# A registration ("" before it is saved). Registering again after cancelling starts from "cancelled".
#
#   "" / cancelled ──confirm──▶ confirmed ──check_in──▶ checked_in
#                  ──await_approval──▶ pending ──approve──▶ confirmed   (or ──refuse──▶ refused)
#                  ──wait──▶ waiting ──promote──▶ confirmed              (oldest first, when a place frees)
#   pending, confirmed, waiting ──cancel──▶ cancelled
from xarxa.congress.registration_models import RegistrationStatus, SignupStatus  # noqa: E402

R = RegistrationStatus
_NEW = {"", R.CANCELLED}

REGISTRATION = Lifecycle("status", {
    "confirm": Transition(_NEW, R.CONFIRMED, _("You are already registered for this edition.")),
    "await_approval": Transition(_NEW, R.PENDING, _("You are already registered for this edition.")),
    "wait": Transition(_NEW, R.WAITING, _("You are already registered for this edition.")),
    "approve": Transition({R.PENDING}, R.CONFIRMED, _("Only a registration awaiting approval can be approved.")),
    "refuse": Transition({R.PENDING, R.WAITING}, R.REFUSED,
                         _("Only a registration awaiting approval or on the waiting list can be refused.")),
    "promote": Transition({R.WAITING}, R.CONFIRMED, _("Only a registration on the waiting list can be promoted.")),
    "cancel": Transition({R.PENDING, R.CONFIRMED, R.WAITING}, R.CANCELLED,
                         _("This registration can no longer be cancelled.")),
    "check_in": Transition({R.CONFIRMED}, R.CHECKED_IN, _("Only a confirmed ticket can be checked in.")),
})

S = SignupStatus
SIGNUP = Lifecycle("status", {
    "sign_up": Transition({"", S.CANCELLED}, S.SIGNED_UP, _("You have already signed up for this session.")),
    "wait": Transition({"", S.CANCELLED}, S.WAITING, _("You have already signed up for this session.")),
    "promote": Transition({S.WAITING}, S.SIGNED_UP, _("Only a place on the waiting list can be promoted.")),
    "cancel": Transition({S.SIGNED_UP, S.WAITING}, S.CANCELLED, _("You are not signed up for this session.")),
})
