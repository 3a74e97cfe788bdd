"""Named permission predicates about members. Views, templates and services all ask these."""

import rules
from allauth.account.models import EmailAddress
from django.db.models import Exists, Q
from django.utils.translation import gettext_lazy as _

from xarxa.core.rulebook import rule

is_moderator = rules.is_staff | rules.is_group_member("moderators")


@rules.predicate
def is_approved_member(user):
    return user.is_authenticated and user.is_active and user.is_approved


@rules.predicate
def has_verified_email(user):
    if not user.is_authenticated:
        return False
    cached = getattr(user, "_has_verified_email", None)
    if cached is None:
        cached = EmailAddress.objects.filter(user=user, verified=True).exists()
        user._has_verified_email = cached
    return cached


# Members-only things (groups' content, profiles and details shown to members) are for verified members: an
# approved, active account (approval is what the network's sign-up mode asks; in open sign-up everyone is
# approved) with a confirmed e-mail address. In open sign-up an account alone proves nothing: anyone can
# register any address. Querysets write the same rule with `verified_member_condition`.
is_verified_member = is_approved_member & has_verified_email


def verified_member_condition(user):
    """is_verified_member for `user` as a condition inside a query (an EXISTS, no query of its own), or
    True / False when already known. Only for a signed-in `user`."""
    if not (user.is_active and user.is_approved):
        return Q(pk__in=[])
    known = getattr(user, "_has_verified_email", None)
    if known is not None:
        return Q() if known else Q(pk__in=[])
    return Q(Exists(EmailAddress.objects.filter(user_id=user.pk, verified=True)))


@rules.predicate
def is_profile_owner(user, profile):
    return user.is_authenticated and profile is not None and profile.user_id == user.pk


@rules.predicate
def profile_details_are_visible(user, profile):
    """The single rule for profile details; Profile.objects.visible_to applies the same one to lists."""
    if profile is None:
        return False
    if user.is_authenticated and (user.is_staff or profile.user_id == user.pk):
        return True
    if not (profile.user.is_active and profile.user.is_approved):
        return False
    if profile.visibility == profile.Visibility.EVERYONE:
        return True
    return profile.visibility == profile.Visibility.MEMBERS and is_verified_member(user)


# Posting anything (proposing an organisation now; debates, posts... later)
# needs an approved account with a verified e-mail address.
can_post = is_approved_member & has_verified_email

rule("accounts.post", can_post)
# Whom a member follows and who follows them are details of their profile, shown to the same people.
can_see_follows = profile_details_are_visible

# The rule book (core.rulebook): each rule with the refusal a member reads; services check(), views do not.
rule("accounts.view_profile_details", profile_details_are_visible)
rule("accounts.view_follows", can_see_follows)
rule("accounts.edit_profile", is_profile_owner)
rule("accounts.verify_member", is_moderator, _("Only moderators can verify members."))
rule("accounts.approve_members", is_moderator, _("Only moderators can approve members."))
rule("accounts.invite", is_approved_member & has_verified_email,
     _("Verify your e-mail address before inviting people."))
rule("accounts.follow", is_approved_member)
