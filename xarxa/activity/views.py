from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xarxa.accounts.lookups import access_member, member_counts
from xarxa.accounts.models import Profile
from xarxa.activity import feed, services
from xarxa.activity.models import Mute
from xarxa.organisations.models import Organisation
from xarxa.spaces.services import access_space, access_space_for_reading


def home(request):
    """Visitors see what the network is; members see where to go next."""
    context = {
        "counts": member_counts(),
        "organisation_count": Organisation.objects.listed().count(),
        "newest": Profile.objects.visible_to(request.user).for_cards().order_by("-created_at")[:8],
    }
    if request.user.is_authenticated:
        context["feed"] = feed.feed_page(feed.home_activities(request.user))
        context["more_url"] = reverse("activity:home")
        profile = getattr(request.user, "profile", None)
        context["profile_incomplete"] = profile is not None and not (profile.headline and profile.organisation_id)
        if profile is not None and profile.organisation_id:
            context["colleagues"] = (
                Profile.objects.visible_to(request.user).showing("organisation", request.user).for_cards()
                .filter(organisation_id=profile.organisation_id).exclude(user=request.user)
                .exclude(user__followers__follower=request.user).order_by("-created_at")[:6]
            )
    return render(request, "activity/home.html", context)


def render_feed(request, activities, *, title, more_url, extra=None):
    """A feed page; htmx's "load more" gets only the next items (and the next "load more")."""
    page = feed.feed_page(activities, request.GET.get("after"))
    context = {"feed": page, "title": title, "more_url": more_url, **(extra or {})}
    if request.htmx:
        return render(request, "activity/feed.html#items", context)
    return render(request, "activity/feed.html", context)


def network(request):
    return render_feed(request, feed.public_activities(request.user), title=_("What's happening"),
                       more_url=reverse("activity:network"))


@login_required
def home_feed(request):
    return render_feed(request, feed.home_activities(request.user), title=_("Your feed"),
                       more_url=reverse("activity:home"))


def space_feed(request, slug):
    space = access_space_for_reading(request.user, slug)
    return render_feed(request, feed.space_activities(request.user, space),
                       title=_("Activity in %(group)s") % {"group": space.name},
                       more_url=reverse("activity:space", args=[slug]), extra={"space": space})


def member_feed(request, username):
    member = access_member(username)
    if not Profile.objects.visible_to(request.user).filter(user=member).exists():
        raise Http404(_("No such member."))
    return render_feed(request, feed.profile_activities(request.user, member),
                       title=_("Activity of %(name)s") % {"name": member.display_name},
                       more_url=reverse("activity:member", args=[username]), extra={"member": member})


@login_required
def muted(request):
    mutes = Mute.objects.filter(user=request.user).select_related("muted_user__profile", "muted_space")
    return render(request, "activity/muted.html", {"mutes": mutes, "noindex": True})


def _after_mute(request, **target):
    """htmx swaps the button for its new state; without JavaScript the member sees the list of mutes."""
    if request.htmx:
        from xarxa.activity.templatetags.activity_tags import mute_button_context

        list(messages.get_messages(request))  # the swapped button says it; no stale message on the next page
        return render(request, "activity/partials/mute_button.html", mute_button_context(request.user, **target))
    return redirect("activity:muted")


@require_POST
@login_required
def mute_member(request, username):
    member = access_member(username)
    try:
        if request.POST.get("action") == "unmute":
            services.unmute(request.user, member=member)
            messages.success(request, _("You will see %(name)s in your feed again.") % {"name": member.display_name})
        else:
            services.mute(request.user, member=member)
            messages.success(request, _("%(name)s is muted: their activity no longer shows in your feeds.") % {
                "name": member.display_name})
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return _after_mute(request, member=member)


@require_POST
@login_required
def mute_space(request, slug):
    space = access_space(request.user, slug)
    if request.POST.get("action") == "unmute":
        services.unmute(request.user, space=space)
        messages.success(request, _("You will see %(group)s in your feed again.") % {"group": space.name})
    else:
        services.mute(request.user, space=space)
        messages.success(request, _("%(group)s is muted: its activity no longer shows in your feeds.") % {
            "group": space.name})
    return _after_mute(request, space=space)
