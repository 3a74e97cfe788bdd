"""Proposing organisations and merging duplicates."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from xarxa.accounts.models import Profile
from xarxa.accounts.rules import is_moderator
from xarxa.audit import record
from xarxa.audit.actions import Action
from xarxa.follows.models import Follow
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


def approve_organisations(moderator, organisations) -> int:
    if not is_moderator(moderator):
        raise PermissionDenied(_("Only moderators can approve organisations."))
    ids = [o.pk for o in organisations if o.status == Organisation.Status.PROPOSED]
    return Organisation.objects.filter(pk__in=ids).update(status=Organisation.Status.APPROVED)


@transaction.atomic
def merge_organisations(moderator, keep: Organisation, duplicates) -> int:
    """Move members, followers and child organisations of each duplicate to `keep`.

    The duplicates stay as 'merged' rows pointing at `keep`, so their old addresses redirect.
    """
    if not is_moderator(moderator):
        raise PermissionDenied(_("Only moderators can merge organisations."))
    duplicates = [d for d in duplicates if d.pk != keep.pk]
    if not duplicates:
        raise ValidationError(_("Choose at least one duplicate other than the organisation you keep."))
    ids = [d.pk for d in duplicates]
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
    Organisation.objects.filter(pk__in=ids).update(status=Organisation.Status.MERGED, merged_into=keep, parent=None)
    Organisation.objects.filter(merged_into_id__in=ids).update(merged_into=keep)
    if keep.status != Organisation.Status.APPROVED:
        keep.status = Organisation.Status.APPROVED
        keep.save(update_fields=["status"])
    return len(ids)
