"""The organisation's declared lifecycle (core.lifecycle). A refused transition raises a translated
ValidationError and changes nothing.

    proposed ──approve──▶ approved
    proposed, approved ──take_in──▶ approved      (the one kept when duplicates are merged into it)
    proposed, approved ──merge──▶ merged          (a duplicate, pointing at the one kept)
"""

from django.utils.translation import gettext_lazy as _

from xarxa.core.lifecycle import Lifecycle, Transition
from xarxa.organisations.models import Organisation

Status = Organisation.Status

ORGANISATION = Lifecycle("status", {
    "approve": Transition({Status.PROPOSED}, Status.APPROVED, _("Only a proposed organisation can be approved.")),
    "take_in": Transition({Status.PROPOSED, Status.APPROVED}, Status.APPROVED,
                          _("A merged organisation cannot take in others: keep the one it was merged into.")),
    "merge": Transition({Status.PROPOSED, Status.APPROVED}, Status.MERGED,
                        _("One of these organisations has already been merged into another.")),
})
