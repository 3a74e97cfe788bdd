"""The lab's declared lifecycles (core.lifecycle). A refused transition raises a translated ValidationError
and changes nothing; services save what a transition set, inside their transaction.

    challenge review:  submitted ──approve──▶ approved      submitted ──send_back──▶ returned ──resubmit──▶ submitted
    application:       submitted ──select / decline──▶ selected | declined
    project stage:     discover ─▶ define ─▶ ideate ─▶ prototype ─▶ test ─▶ transfer ─complete─▶ transferred
                       (each step named by its target: one stage at a time), or stop ─▶ stopped from any active stage
    gate:              open ──ask──▶ submitted ──pass / send_back──▶ open
"""

from django.utils.translation import gettext_lazy as _

from xarxa.core.lifecycle import Lifecycle, Transition
from xarxa.lab.models import STAGE_ORDER, Application, Challenge, Project, Stage

Review = Challenge.Review

CHALLENGE = Lifecycle("review", {
    "approve": Transition({Review.SUBMITTED}, Review.APPROVED, _("Only a challenge awaiting review can be approved.")),
    "send_back": Transition({Review.SUBMITTED}, Review.RETURNED,
                            _("Only a challenge awaiting review can be sent back.")),
    "resubmit": Transition({Review.RETURNED}, Review.SUBMITTED, _("This challenge is not waiting for changes.")),
})

APPLICATION = Lifecycle("state", {
    "select": Transition({Application.State.SUBMITTED}, Application.State.SELECTED,
                         _("This application has already been decided.")),
    "decline": Transition({Application.State.SUBMITTED}, Application.State.DECLINED,
                          _("This application has already been decided.")),
})

SKIP_REFUSAL = _("A project moves one stage at a time: it cannot go there from its current stage.")

STAGE = Lifecycle("stage", {
    **{
        str(target): Transition({source}, target, SKIP_REFUSAL)
        for source, target in zip(STAGE_ORDER, STAGE_ORDER[1:], strict=False)
    },
    "complete": Transition({Stage.TRANSFER}, Stage.TRANSFERRED,
                           _("Only a project in the transfer stage can be transferred to the library.")),
    "stop": Transition(set(STAGE_ORDER), Stage.STOPPED, _("This project has already ended.")),
}, refusal=SKIP_REFUSAL)

GATE = Lifecycle("gate", {
    "ask": Transition({Project.Gate.OPEN}, Project.Gate.SUBMITTED, _("The mentors have already been asked.")),
    "pass": Transition({Project.Gate.SUBMITTED}, Project.Gate.OPEN,
                       _("The team has not asked for a review of this stage yet.")),
    "send_back": Transition({Project.Gate.SUBMITTED}, Project.Gate.OPEN,
                            _("The team has not asked for a review of this stage yet.")),
})
