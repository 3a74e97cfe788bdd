"""The committee's review and the organisers' decisions (services)."""

from django.db.models import Q

from xarxa.congress.models import CoSpeaker, Proposal, SlotAnswer


def slots_to_answer(user):
    """Accepted proposals of which `user` is a speaker and whose slot is not answered yet."""
    if not user.is_authenticated:
        return []
    co_speaking = CoSpeaker.objects.confirmed().filter(user=user).values("proposal_id")
    return list(Proposal.objects.filter(state=Proposal.State.ACCEPTED, slot_answer=SlotAnswer.PENDING)
                .filter(Q(content__author=user) | Q(pk__in=co_speaking))
                .select_related("content", "edition__space").order_by("-submitted_at"))
