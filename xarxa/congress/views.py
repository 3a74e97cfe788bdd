from django.db.models import Prefetch
from django.shortcuts import render
from django.utils import timezone

from xarxa.congress import rules as congress_rules
from xarxa.congress.models import Edition, Room
from xarxa.congress.services import access_edition


def edition_list(request):
    """Every edition the reader may know of: the coming and current ones first, then the archive."""
    editions = list(Edition.objects.visible_to(request.user).for_lists().order_by("-starts_on", "pk"))
    today = timezone.localdate()
    return render(request, "congress/list.html", {
        "coming": [edition for edition in reversed(editions) if edition.ends_on >= today],
        "past": [edition for edition in editions if edition.ends_on < today],
    })


def edition_home(request, slug):
    edition = access_edition(request.user, slug)
    can_read = congress_rules.can_read_edition(request.user, edition)
    context = {
        "edition": edition,
        "space": edition.space,
        "phase": edition.phase,
        "phase_ends_at": edition.phase_ends_at(),
        "can_read": can_read,
        "can_organise": congress_rules.can_organise(request.user, edition),
    }
    if can_read:
        context.update(
            venues=edition.venues.prefetch_related(Prefetch("rooms", queryset=Room.objects.order_by("position", "id"))),
            tracks=edition.tracks.all(),
            formats=edition.formats.all(),
        )
    return render(request, "congress/edition.html", context)
