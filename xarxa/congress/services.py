"""Writes for the congress: creating an edition (a space of its own kind plus its Edition row),
the programme committee, and recording phase changes as their dates pass."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xarxa.congress import rules as congress_rules
from xarxa.congress.models import CommitteeMember, Edition, Phase, PhaseChange
from xarxa.congress.signals import phase_changed
from xarxa.spaces.models import Membership, Space
from xarxa.spaces.services import unique_slug

KIND = Space.Kind.CONGRESS_EDITION


def access_edition(user, slug) -> Edition:
    """The edition `user` may know exists, or Http404: the same answer for missing and secret-to-you."""
    from django.http import Http404

    edition = Edition.objects.for_lists().filter(space__kind=KIND, space__slug=slug).first()
    if edition is None or not congress_rules.can_view_edition(user, edition):
        raise Http404(_("No such congress edition."))
    return edition


def create_edition(organiser, *, name, starts_on, ends_on, visibility=Space.Visibility.PUBLIC,
                   description="", **fields) -> Edition:
    """A new edition: its space (the organiser as owner) and its Edition row, phases scheduled."""
    if not name.strip():
        raise ValidationError(_("Give the edition a name."))
    with transaction.atomic():
        space = Space.objects.create(kind=KIND, name=name.strip(), slug=unique_slug(KIND, name),
                                     description=description, visibility=visibility,
                                     join_policy=Space.JoinPolicy.OPEN, created_by=organiser, member_count=1)
        Membership.objects.create(space=space, user=organiser, role=Membership.Role.OWNER)
        edition = Edition(space=space, starts_on=starts_on, ends_on=ends_on, **fields)
        edition.full_clean(exclude=["space"])
        edition.recorded_phase = edition.phase
        edition.save()
        schedule_phase_changes(edition)
    return edition


def update_edition(actor, edition, **fields) -> Edition:
    if not congress_rules.can_organise(actor, edition):
        raise PermissionDenied(_("Only the edition's organisers can change it."))
    with transaction.atomic():
        for field, value in fields.items():
            setattr(edition, field, value)
        edition.full_clean(exclude=["space"])
        edition.save()
        schedule_phase_changes(edition)
    return edition


def add_committee_member(actor, edition, user) -> CommitteeMember:
    """Put `user` on the programme committee; they join the edition's space so they can read inside it."""
    if not congress_rules.can_organise(actor, edition):
        raise PermissionDenied(_("Only the edition's organisers can choose the programme committee."))
    with transaction.atomic():
        member, _created = CommitteeMember.objects.get_or_create(edition=edition, user=user)
        ensure_space_member(edition, user)
    return member


def ensure_space_member(edition, user):
    _membership, created = Membership.objects.get_or_create(space=edition.space, user=user)
    if created:
        count = Membership.objects.filter(space=edition.space).count()
        Space.objects.filter(pk=edition.space_id).update(member_count=count)


# Phases ------------------------------------------------------------------------------------------

def schedule_phase_changes(edition):
    """Enqueue the recording task at every phase start still to come (after the dates are committed)."""
    from xarxa.congress.tasks import record_phase_changes as task

    now = timezone.now()
    starts = sorted({start for _phase, start in edition.dated_phases() if start > now})
    for start in starts:
        transaction.on_commit(lambda when=start: task.using(run_after=when).enqueue())


def record_phase_changes(now=None) -> int:
    """Record every edition whose phase has moved since the last run; announce each change once."""
    now = now or timezone.now()
    changed = 0
    candidates = Edition.objects.exclude(recorded_phase=Phase.AFTERWARDS).values_list("pk", flat=True)
    for pk in candidates:
        changed += record_phase_change(pk, now)
    return changed


def record_phase_change(pk, now) -> int:
    with transaction.atomic():
        # Locked so two workers running at once record a change once.
        edition = Edition.objects.select_for_update().filter(pk=pk).first()
        if edition is None:
            return 0
        phase = edition.phase_at(now)
        if phase == edition.recorded_phase:
            return 0
        previous = edition.recorded_phase
        Edition.objects.filter(pk=pk).update(recorded_phase=phase)
        PhaseChange.objects.create(edition=edition, phase=phase, previous=previous)
        transaction.on_commit(lambda: phase_changed.send(Edition, edition=edition, phase=phase,
                                                         previous=previous))
    return 1
