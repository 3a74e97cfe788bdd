from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from xarxa.accounts.lookups import access_member
from xarxa.accounts.models import Profile
from xarxa.core.pagination import paginate
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
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, require_https=request.is_secure()):
        next_url = target.get_absolute_url()
    return redirect(next_url)


def followers(request, username):
    member = access_member(username)
    profiles = Profile.objects.visible_to(request.user).for_cards().filter(user__follows__user=member)
    return _people_page(request, member, profiles, "followers")


def following(request, username):
    member = access_member(username)
    profiles = Profile.objects.visible_to(request.user).for_cards().filter(user__followers__follower=member)
    return _people_page(request, member, profiles, "following")


def _people_page(request, member, profiles, which):
    page = paginate(request, profiles.order_by("full_name", "user_id"))
    return render(request, "follows/people.html", {"member": member, "page": page, "which": which})
