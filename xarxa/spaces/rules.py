"""One predicate per decision about a space. Space.objects.visible_to / readable_by apply the
same rules to lists; tests/test_visibility.py checks that both always agree.
"""

import rules
from django.utils.translation import gettext_lazy as _

from xarxa.accounts.rules import can_post, has_verified_email, is_approved_member, is_moderator, is_verified_member
from xarxa.core.rulebook import rule
from xarxa.spaces.models import JoinRequest, Membership, Space, SpaceInvitation


def membership_of(user, space):
    """`user`'s Membership in `space`, or None; asked once per space object and user."""
    if space is None or not getattr(user, "is_authenticated", False):
        return None
    cache = space.__dict__.setdefault("_membership_cache", {})
    if user.pk not in cache:
        cache[user.pk] = Membership.objects.filter(space=space, user=user).first()
    return cache[user.pk]


def remember_membership(space, user, membership):
    """Prime the cache when a view already knows the answer (saves a query)."""
    if user.is_authenticated:
        space.__dict__.setdefault("_membership_cache", {})[user.pk] = membership


def forget_membership(space, user):
    space.__dict__.get("_membership_cache", {}).pop(getattr(user, "pk", None), None)


def role_in(user, space):
    membership = membership_of(user, space)
    return membership.role if membership else None


@rules.predicate
def is_space_member(user, space):
    return membership_of(user, space) is not None


@rules.predicate
def is_space_owner(user, space):
    return role_in(user, space) == Membership.Role.OWNER


@rules.predicate
def is_space_manager(user, space):
    return role_in(user, space) in Membership.MANAGING_ROLES


@rules.predicate
def is_space_moderator(user, space):
    return role_in(user, space) in Membership.MODERATING_ROLES


@rules.predicate
def is_space_translator(user, space):
    membership = membership_of(user, space)
    return membership is not None and (membership.is_translator or membership.can_manage)


@rules.predicate
def is_invited_to_space(user, space):
    if space is None or not user.is_authenticated:
        return False
    cache = space.__dict__.setdefault("_invited_cache", {})
    if user.pk not in cache:
        cache[user.pk] = SpaceInvitation.objects.pending().filter(space=space, user=user).exists()
    return cache[user.pk]


@rules.predicate
def invitation_is_for(user, invitation):
    """An invitation bound to a member is theirs alone; an unbound one belongs to whoever holds its link."""
    return invitation is not None and invitation.user_id in (None, user.pk)


@rules.predicate
def has_pending_join_request(user, space):
    if space is None or not user.is_authenticated:
        return False
    return JoinRequest.objects.filter(space=space, user=user, status=JoinRequest.Status.PENDING).exists()


@rules.predicate
def space_is_listed(_user, space):
    return space is not None and space.visibility != Space.Visibility.SECRET


@rules.predicate
def space_is_public(_user, space):
    return space is not None and space.visibility == Space.Visibility.PUBLIC


@rules.predicate
def space_is_members_only(_user, space):
    return space is not None and space.visibility == Space.Visibility.MEMBERS


@rules.predicate
def space_is_open(_user, space):
    return space is not None and space.join_policy == Space.JoinPolicy.OPEN


@rules.predicate
def space_takes_requests(_user, space):
    return space is not None and space.join_policy == Space.JoinPolicy.REQUEST


is_staff = rules.is_staff

# Mirrors SpaceQuerySet.visible_to.
can_view_space = is_staff | space_is_listed | is_space_member | is_invited_to_space
# Mirrors SpaceQuerySet.readable_by.
can_read_space_content = is_staff | space_is_public | (space_is_members_only & is_verified_member) | is_space_member

can_create_space = can_post
can_post_in_space = can_post & is_space_member
can_manage_space = is_staff | is_space_manager
# Network moderators act in the spaces whose content they can read; space moderators in their own.
can_moderate_space = is_space_moderator | (is_moderator & can_read_space_content)
# Joining a members-only group would open what only verified members may read: it needs one too.
can_join_space = (is_approved_member & ~is_space_member & can_view_space
                  & (space_is_open | is_invited_to_space) & (~space_is_members_only | is_verified_member))
can_request_to_join = (is_approved_member & ~is_space_member & space_is_listed & space_takes_requests
                       & ~is_invited_to_space)
# Accepting needs a verified address: an unverified account may carry anyone's address.
can_accept_space_invitation = is_approved_member & has_verified_email & invitation_is_for
can_leave_space = is_space_member
can_see_space_members = can_read_space_content
can_translate_in_space = is_staff | is_space_translator

# The rule book (core.rulebook): each rule with the refusal a member reads. Services check(); views do not.
rule("spaces.view_space", can_view_space)
rule("spaces.read_space", can_read_space_content)
rule("spaces.create_space", can_create_space, _("Confirm your e-mail address before creating a group."))
rule("spaces.post_in_space", can_post_in_space)
rule("spaces.manage_space", can_manage_space)
rule("spaces.moderate_space", can_moderate_space)
rule("spaces.join_space", can_join_space)
rule("spaces.request_to_join", can_request_to_join, _("This group does not take requests to join."))
rule("spaces.accept_invitation", can_accept_space_invitation)
rule("spaces.leave_space", can_leave_space)
rule("spaces.see_members", can_see_space_members)
rule("spaces.translate_in_space", can_translate_in_space)
# What the owners and administrators do, each with its own words.
rule("spaces.edit_space", can_manage_space, _("Only the group's owners and administrators can edit it."))
rule("spaces.decide_request", can_manage_space,
     _("Only the group's owners and administrators can answer requests."))
rule("spaces.change_role", can_manage_space, _("Only the group's owners and administrators can change roles."))
rule("spaces.set_translator", can_manage_space,
     _("Only the group's owners and administrators can choose translators."))
rule("spaces.remove_member", can_manage_space,
     _("Only the group's owners and administrators can remove members."))
rule("spaces.invite", can_manage_space, _("Only the group's owners and administrators can invite people."))
rule("spaces.revoke_invitation", can_manage_space,
     _("Only the group's owners and administrators can withdraw invitations."))
# Owners are made, unmade and removed by an owner (or staff) only.
can_act_on_owners = is_staff | is_space_owner
rule("spaces.change_owner", can_act_on_owners, _("Only an owner can make or unmake owners."))
rule("spaces.remove_owner", can_act_on_owners, _("Only an owner can remove an owner."))
