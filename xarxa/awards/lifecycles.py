"""Declared lifecycles of the awards (core.lifecycle): a refused transition changes nothing.

Nomination status (services.py):

    proposed ──accept──▶ accepted ──admit──▶ eligible ──shortlist──▶ finalist
       │  └──decline──▶ declined ◀──decline──┘
       └─────────refuse (also from accepted, eligible)──▶ ineligible ──admit──▶ eligible

A self-nomination starts accepted. The nominee answers before the organisers admit it (admit starts
from accepted, or from ineligible to undo a refusal).

Vote review (voting.review_votes): pending, valid or invalid, moved in bulk with a recorded reason.
"""

from django.utils.translation import gettext_lazy as _

from xarxa.awards.models import Nomination
from xarxa.awards.vote_models import Review
from xarxa.core.lifecycle import Lifecycle, Transition

S = Nomination.Status

NOMINATION = Lifecycle("status", {
    "accept": Transition({S.PROPOSED}, S.ACCEPTED, _("The nominee has already answered.")),
    "decline": Transition({S.PROPOSED, S.ACCEPTED}, S.DECLINED,
                          _("This nomination can no longer be declined.")),
    "admit": Transition({S.ACCEPTED, S.INELIGIBLE}, S.ELIGIBLE,
                        _("Only a nomination the nominee has accepted can be declared eligible.")),
    "refuse": Transition({S.PROPOSED, S.ACCEPTED, S.ELIGIBLE}, S.INELIGIBLE,
                         _("This nomination can no longer be declared ineligible.")),
    "shortlist": Transition({S.ELIGIBLE}, S.FINALIST, _("Only an eligible nomination can become a finalist.")),
})

VOTE_REVIEW = Lifecycle("review", {
    "validate": Transition({Review.PENDING, Review.INVALID}, Review.VALID),
    "invalidate": Transition({Review.PENDING, Review.VALID}, Review.INVALID),
})
