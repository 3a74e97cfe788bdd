"""Following members, organisations and topics."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from xarxa.accounts.models import User
from xarxa.core.events import announce
from xarxa.follows.models import Follow
from xarxa.organisations.models import Organisation
from xarxa.topics.models import Topic


def _target_field(target) -> str:
    if isinstance(target, User):
        return "user"
    if isinstance(target, Organisation):
        return "organisation"
    if isinstance(target, Topic):
        return "topic"
    raise TypeError(f"cannot follow {type(target).__name__}")


def is_following(follower, target) -> bool:
    if not follower.is_authenticated:
        return False
    return Follow.objects.filter(follower=follower, **{_target_field(target): target}).exists()


def follow(follower, target) -> Follow:
    if not follower.has_perm("accounts.follow"):
        raise PermissionDenied(_("Your account cannot follow anyone yet."))
    if target == follower:
        raise ValidationError(_("You cannot follow yourself."))
    field = _target_field(target)
    try:
        with transaction.atomic():
            follow_row, created = Follow.objects.get_or_create(follower=follower, **{field: target})
            if created:
                target_field = "target_user" if field == "user" else field
                announce("act", actor=follower, verb="followed", **{target_field: target})
    except IntegrityError:  # a double click raced us; the follow exists
        follow_row = Follow.objects.get(follower=follower, **{field: target})
    return follow_row


def unfollow(follower, target) -> None:
    Follow.objects.filter(follower=follower, **{_target_field(target): target}).delete()
