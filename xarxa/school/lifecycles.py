"""The school's declared lifecycles (core.lifecycle). A refused transition raises a translated
ValidationError and changes nothing; the services save what a transition set, inside their transaction.

Enrolment ("" is a row not saved yet, or the state a withdrawn or declined learner comes back from):

    ""/withdrawn/declined ──enrol──▶ enrolled ──complete──▶ completed
    ""/withdrawn/declined ──request──▶ requested ──approve──▶ enrolled
                                            └──decline──▶ declined
    ""/withdrawn/declined ──wait──▶ waiting ──promote──▶ enrolled   (a place freed, oldest first)
    requested / waiting / enrolled ──withdraw──▶ withdrawn
"""

from django.utils.translation import gettext_lazy as _

from xarxa.core.lifecycle import Lifecycle, Transition
from xarxa.school.models import Attempt, Certificate, Enrolment

Status = Enrolment.Status
NEW = ("", Status.WITHDRAWN, Status.DECLINED)

ENROLMENT = Lifecycle("status", {
    "enrol": Transition(NEW, Status.ENROLLED, _("You are already enrolled in this course, or asked to be.")),
    "request": Transition(NEW, Status.REQUESTED, _("You are already enrolled in this course, or asked to be.")),
    "wait": Transition(NEW, Status.WAITING, _("You are already enrolled in this course, or asked to be.")),
    "approve": Transition({Status.REQUESTED}, Status.ENROLLED, _("Only a pending request can be approved.")),
    "decline": Transition({Status.REQUESTED}, Status.DECLINED, _("Only a pending request can be declined.")),
    "promote": Transition({Status.WAITING}, Status.ENROLLED, _("Only a learner on the waiting list can be promoted.")),
    "complete": Transition({Status.ENROLLED}, Status.COMPLETED, _("Only an enrolled learner completes a course.")),
    "withdraw": Transition({Status.REQUESTED, Status.WAITING, Status.ENROLLED}, Status.WITHDRAWN,
                           _("There is no enrolment to withdraw from.")),
})

ATTEMPT = Lifecycle("status", {
    "grade": Transition({Attempt.Status.OPEN}, Attempt.Status.GRADED, _("This attempt has already been submitted.")),
})

CERTIFICATE = Lifecycle("status", {
    "revoke": Transition({Certificate.Status.VALID}, Certificate.Status.REVOKED,
                         _("This certificate has already been revoked.")),
})
