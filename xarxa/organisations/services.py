"""Proposing organisations, approving them and merging duplicates. Status changes go through the declared
lifecycle (organisations/lifecycles.py), permissions through the rule book (organisations/rules.py)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from xarxa.accounts.models import Profile
from xarxa.accounts.rules import is_moderator
from xarxa.audit import record
from xarxa.audit.actions import Action
from xarxa.core.rulebook import check
from xarxa.follows.models import Follow
from xarxa.organisations.lifecycles import ORGANISATION
from xarxa.organisations.models import Organisation


def unique_slug(name: str) -> str:
    base = slugify(name)[:200] or "organisation"
    slug, n = base, 2
    while Organisation.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def propose_organisation(member, **fields) -> Organisation:
    """A member suggests a missing organisation; it is listed once a moderator approves it."""
    if not member.has_perm("accounts.post"):
        raise PermissionDenied(_("Verify your e-mail address before proposing an organisation."))
    status = Organisation.Status.APPROVED if is_moderator(member) else Organisation.Status.PROPOSED
    return Organisation.objects.create(slug=unique_slug(fields["name"]), status=status, proposed_by=member, **fields)


def approve_organisation(moderator, organisation) -> Organisation:
    """One proposal is approved (the transition "approve"); any other state is refused, changing nothing."""
    check(moderator, "organisations.approve", organisation)
    with transaction.atomic():
        locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
        ORGANISATION.transition(locked, "approve")
        locked.save(update_fields=["status"])
    organisation.status = locked.status
    return organisation


def approve_organisations(moderator, organisations) -> int:
    """The staff's bulk act: every selected proposal is approved in one UPDATE; the others are left as they
    are (the transition "approve" moves only proposals). Returns how many were approved."""
    check(moderator, "organisations.approve")
    pks = [o.pk for o in organisations]
    return ORGANISATION.apply_to(Organisation.objects.filter(pk__in=pks), "approve")


@transaction.atomic
def merge_organisations(moderator, keep: Organisation, duplicates) -> int:
    """Move members, followers and child organisations of each duplicate to `keep`.

    The duplicates stay as 'merged' rows pointing at `keep`, so their old addresses redirect.
    """
    check(moderator, "organisations.merge", keep)
    duplicates = [d for d in duplicates if d.pk != keep.pk]
    if not duplicates:
        raise ValidationError(_("Choose at least one duplicate other than the organisation you keep."))
    ids = [d.pk for d in duplicates]
    # Read the states under lock: the one kept takes them in, each duplicate is merged; a merged one refuses.
    locked = {row.pk: row for row in Organisation.objects.select_for_update().filter(pk__in=[keep.pk, *ids])}
    kept = locked[keep.pk]
    ORGANISATION.transition(kept, "take_in")
    for pk in ids:
        ORGANISATION.check(locked[pk], "merge")
    record(moderator, Action.ORGANISATION_MERGE, keep, snapshot="\n".join(map(str, duplicates)), merged=ids)
    Profile.objects.filter(organisation_id__in=ids).update(organisation=keep)
    Organisation.objects.filter(parent_id__in=ids).exclude(pk=keep.pk).update(parent=keep)
    already_following = Follow.objects.filter(organisation=keep).values("follower_id")
    Follow.objects.filter(organisation_id__in=ids, follower_id__in=already_following).delete()
    # Someone may have followed two of the duplicates: keep one follow of each follower.
    moved = set()
    for follow in Follow.objects.filter(organisation_id__in=ids).order_by("created_at"):
        if follow.follower_id in moved:
            follow.delete()
        else:
            moved.add(follow.follower_id)
            follow.organisation = keep
            follow.save(update_fields=["organisation"])
    ORGANISATION.apply_to(Organisation.objects.filter(pk__in=ids), "merge", merged_into=keep, parent=None)
    Organisation.objects.filter(merged_into_id__in=ids).update(merged_into=keep)
    kept.save(update_fields=["status"])
    keep.status = kept.status
    return len(ids)
