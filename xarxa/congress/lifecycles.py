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
