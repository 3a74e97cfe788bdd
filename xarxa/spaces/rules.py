"""One predicate per decision about a space. Space.objects.visible_to / readable_by apply the
same rules to lists; tests/test_visibility.py checks that both always agree.
"""

import rules

from xarxa.accounts.rules import can_post, has_verified_email, is_approved_member, is_moderator, is_verified_member
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

rules.add_perm("spaces.view_space", can_view_space)
rules.add_perm("spaces.read_space", can_read_space_content)
rules.add_perm("spaces.create_space", can_create_space)
rules.add_perm("spaces.post_in_space", can_post_in_space)
rules.add_perm("spaces.manage_space", can_manage_space)
rules.add_perm("spaces.moderate_space", can_moderate_space)
rules.add_perm("spaces.join_space", can_join_space)
rules.add_perm("spaces.request_to_join", can_request_to_join)
rules.add_perm("spaces.accept_invitation", can_accept_space_invitation)
rules.add_perm("spaces.leave_space", can_leave_space)
rules.add_perm("spaces.see_members", can_see_space_members)
rules.add_perm("spaces.translate_in_space", can_translate_in_space)
