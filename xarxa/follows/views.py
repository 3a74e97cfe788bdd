from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xarxa.accounts.lookups import access_member
from xarxa.accounts.models import Profile
from xarxa.accounts.rules import can_see_follows
from xarxa.core.pagination import paginate
from xarxa.core.redirects import redirect_to_next
from xarxa.follows import services
from xarxa.organisations.models import Organisation
from xarxa.topics.models import Topic


def _target(kind, key):
    if kind == "member":
        return access_member(key)
    if kind == "organisation":
        return get_object_or_404(Organisation.objects.listed(), slug=key)
    return get_object_or_404(Topic, slug=key)


@require_POST
@login_required
def toggle(request, kind, key):
    """Follow (action=follow) or unfollow (action=unfollow); htmx swaps the button, others are redirected back."""
    target = _target(kind, key)
    try:
        if request.POST.get("action") == "unfollow":
            services.unfollow(request.user, target)
        else:
            services.follow(request.user, target)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    if request.htmx:
        context = {"kind": kind, "key": key, "target": target,
                   "is_following": services.is_following(request.user, target)}
        return render(request, "follows/follow_button.html", context)
    return redirect_to_next(request, target)


def access_follow_lists(user, username):
    """The member whose follows `user` may list, or 404: who someone follows is one of their profile's details."""
    member = access_member(username)
    profile = getattr(member, "profile", None)
    if profile is None or not can_see_follows(user, profile):
        raise Http404(_("No such member."))
    return member


def followers(request, username):
    member = access_follow_lists(request.user, username)
    profiles = Profile.objects.visible_to(request.user).for_cards().filter(user__follows__user=member)
    return _people_page(request, member, profiles, "followers")


def following(request, username):
    member = access_follow_lists(request.user, username)
    profiles = Profile.objects.visible_to(request.user).for_cards().filter(user__followers__follower=member)
    return _people_page(request, member, profiles, "following")


def _people_page(request, member, profiles, which):
    page = paginate(request, profiles.order_by("full_name", "user_id"))
    return render(request, "follows/people.html", {"member": member, "page": page, "which": which})
