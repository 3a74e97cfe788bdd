"""The declared lifecycle of an answer to an event date (Rsvp.answer; see xarxa/core/lifecycle.py).

A new answer starts from "" (no answer yet). Going to a full date means waiting; a place that frees
promotes the oldest waiting member to going. Going again while going or waiting changes nothing (the
service keeps the place in the queue).
"""

from django.utils.translation import gettext_lazy as _

from xarxa.core.lifecycle import Lifecycle, Transition
from xarxa.events.models import Rsvp

A = Rsvp.Answer
NEW = ""
ANY = {NEW, A.GOING, A.MAYBE, A.NOT_GOING, A.WAITING}

RSVP = Lifecycle("answer", {
    "go": Transition({NEW, A.MAYBE, A.NOT_GOING}, A.GOING, _("You are already going or on the waiting list.")),
    "wait": Transition({NEW, A.MAYBE, A.NOT_GOING}, A.WAITING, _("You are already going or on the waiting list.")),
    "maybe": Transition(ANY, A.MAYBE),
    "not_go": Transition(ANY, A.NOT_GOING),
    "promote": Transition({A.WAITING}, A.GOING, _("Only a member on the waiting list can be given a place.")),
})
BY_ANSWER = {A.GOING: "go", A.MAYBE: "maybe", A.NOT_GOING: "not_go"}
