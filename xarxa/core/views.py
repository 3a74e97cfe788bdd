from django.shortcuts import render
from django.urls import reverse

from xarxa.accounts.models import Profile
from xarxa.accounts.views import member_counts
from xarxa.organisations.models import Organisation


def home(request):
    """Visitors see what the network is; members see where to go next."""
    context = {
        "counts": member_counts(),
        "organisation_count": Organisation.objects.listed().count(),
        "newest": Profile.objects.visible_to(request.user).for_cards().order_by("-created_at")[:8],
    }
    if request.user.is_authenticated:
        from xarxa.activity.feed import feed_page, home_activities

        context["feed"] = feed_page(home_activities(request.user))
        context["more_url"] = reverse("activity:home")
        profile = getattr(request.user, "profile", None)
        context["profile_incomplete"] = profile is not None and not (profile.headline and profile.organisation_id)
        if profile is not None and profile.organisation_id:
            context["colleagues"] = (
                Profile.objects.visible_to(request.user).showing("organisation", request.user).for_cards()
                .filter(organisation_id=profile.organisation_id).exclude(user=request.user)
                .exclude(user__followers__follower=request.user).order_by("-created_at")[:6]
            )
    return render(request, "core/home.html", context)
