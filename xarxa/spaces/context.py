"""The context every group tab shares (the group's own pages and each kind's group list), kept out of
views so other apps' views can use it without importing this app's views."""

from xarxa.spaces import rules as space_rules
from xarxa.spaces import tools
from xarxa.spaces.forms import JoinRequestForm
from xarxa.spaces.models import JoinRequest, SpaceInvitation

# Flag's "open" status, named here because content sits above spaces and is not imported from it.
OPEN_FLAG = "open"


def space_context(request, space, tab):
    """What every tab of a group needs: the reader's standing and what they may do."""
    user = request.user
    membership = space_rules.membership_of(user, space)
    can_read = space_rules.can_read_space_content(user, space)
    can_manage = space_rules.can_manage_space(user, space)
    can_moderate = space_rules.can_moderate_space(user, space)
    context = {
        "space": space,
        "tab": tab,
        "membership": membership,
        "can_read": can_read,
        "can_manage": can_manage,
        "can_moderate": can_moderate,
        "can_post": bool(space_rules.can_post_in_space(user, space)),
        "tools": tools.all_tools(),
    }
    context.update(_joining_context(user, space, membership))
    if can_manage:
        context["pending_request_count"] = space.join_requests.filter(status=JoinRequest.Status.PENDING).count()
    if can_moderate:
        context["open_flag_count"] = space.flags.filter(status=OPEN_FLAG).count()
    return context


def _joining_context(user, space, membership):
    if membership is not None or not user.is_authenticated:
        return {}
    invitation = SpaceInvitation.objects.pending().filter(space=space, user=user).first()
    space.__dict__.setdefault("_invited_cache", {})[user.pk] = invitation is not None
    return {
        "invitation": invitation,
        "pending_request": space_rules.has_pending_join_request(user, space),
        "can_join": bool(space_rules.can_join_space(user, space)),
        "can_request": bool(space_rules.can_request_to_join(user, space)),
        "request_form": JoinRequestForm(),
    }
