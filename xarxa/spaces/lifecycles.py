"""The declared lifecycles of join requests and invitations (see xarxa/core/lifecycle.py).

Join request:  pending → approved | declined  (approving adds the member; a member who joins another way
               has their pending request approved with it).
Invitation:    pending → accepted | declined | revoked  (accepting adds the member).
"""

from django.utils.translation import gettext_lazy as _

from xarxa.core.lifecycle import Lifecycle, Transition
from xarxa.spaces.models import JoinRequest, SpaceInvitation

R = JoinRequest.Status
ANSWERED = _("Someone has already answered this request.")

JOIN_REQUEST = Lifecycle("status", {
    "approve": Transition({R.PENDING}, R.APPROVED, ANSWERED),
    "decline": Transition({R.PENDING}, R.DECLINED, ANSWERED),
})

I = SpaceInvitation.Status  # noqa: E741
NO_LONGER_VALID = _("This invitation is no longer valid.")

INVITATION = Lifecycle("status", {
    "accept": Transition({I.PENDING}, I.ACCEPTED, NO_LONGER_VALID),
    "decline": Transition({I.PENDING}, I.DECLINED, NO_LONGER_VALID),
    "revoke": Transition({I.PENDING}, I.REVOKED, NO_LONGER_VALID),
})
