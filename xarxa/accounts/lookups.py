"""Member look-ups that pages of several apps share (profile, follows, messages, feeds, home)."""

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404

from xarxa.accounts.models import Profile, User


def access_member(username) -> User:
    """The active member with this username, or 404 (the same for missing and deactivated)."""
    return get_object_or_404(User.objects.select_related("profile", "profile__organisation"),
                             username=username, is_active=True)


def member_counts():
    return Profile.objects.active().aggregate(
        members=Count("pk"), verified=Count("pk", filter=~Q(verification=""))
    )
