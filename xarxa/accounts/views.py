from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xarxa.accounts import services
from xarxa.accounts.adapter import INVITATION_SESSION_KEY
from xarxa.accounts.details import shown_details
from xarxa.accounts.forms import DirectoryFilterForm, InvitationForm, ProfileForm
from xarxa.accounts.lookups import access_member
from xarxa.accounts.models import LANGUAGE_CHOICES, Invitation, Profile
from xarxa.core.filters import chosen_filter_count
from xarxa.core.pagination import paginate, query_without_page
from xarxa.core.throttle import throttle_anonymous
from xarxa.follows.services import is_following
from xarxa.topics.models import Topic

LANGUAGE_NAMES = dict(LANGUAGE_CHOICES)


def profile(request, username):
    member = access_member(username)
    profile = getattr(member, "profile", None) or services.create_profile(member)
    show_details = request.user.has_perm("accounts.view_profile_details", profile)
    context = {
        "member": member,
        "profile": profile,
        "show_details": show_details,
        "details": shown_details(profile, request.user),
        "topics": profile.topics.all() if show_details else [],
        "language_names": [str(LANGUAGE_NAMES[code]) for code in profile.languages if code in LANGUAGE_NAMES],
        "is_own": request.user == member,
        "is_following": is_following(request.user, member),
        "followers_count": member.followers.count(),
        "following_count": member.follows.count(),
        "noindex": not (profile.allow_indexing and profile.visibility == Profile.Visibility.EVERYONE),
    }
    return render(request, "accounts/profile.html", context)


@login_required
def edit_profile(request):
    profile = services.create_profile(request.user)
    form = ProfileForm(request.POST or None, request.FILES or None, instance=profile)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, _("Your profile has been saved."))
            return redirect(profile.get_absolute_url())
        messages.error(request, _("Please correct the errors below. Nothing has been saved."))
    return render(request, "accounts/edit_profile.html",
                  {"form": form, "topics": Topic.objects.listed_to(request.user)[:300]})


@throttle_anonymous("directory", only_filtered=True)
def directory(request):
    form = DirectoryFilterForm(request.GET or None)
    form.fields["topic"].queryset = Topic.objects.listed_to(request.user)
    profiles = Profile.objects.visible_to(request.user).for_cards()
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            words = data["q"].split()
            for word in words[:5]:
                profiles = profiles.filter(
                    Q(full_name__icontains=word) | Q(user__username__icontains=word) | Q(headline__icontains=word)
                )
        # Filtering on a detail finds only the members who show it to this reader.
        if data["country"]:
            profiles = profiles.showing("location", request.user).filter(country=data["country"])
        if data["organisation"]:
            profiles = profiles.showing("organisation", request.user).filter(organisation=data["organisation"])
        if data["level"]:
            profiles = profiles.showing("organisation", request.user).filter(organisation__level=data["level"])
        if data["topic"]:
            profiles = profiles.filter(topics=data["topic"])
        if data["verified"]:
            profiles = profiles.exclude(verification="")
    page = paginate(request, profiles.order_by("full_name", "user_id"), per_page=24)
    template = "accounts/directory.html#results" if request.htmx else "accounts/directory.html"
    return render(request, template, {"form": form, "page": page, "query_string": query_without_page(request),
                                      "chosen_filters": chosen_filter_count(form)})


def pending(request):
    return render(request, "accounts/pending.html")


@login_required
def invitations(request):
    form = InvitationForm(request.POST or None)
    if request.method == "POST":
        if not request.user.has_perm("accounts.invite"):
            raise PermissionDenied(_("Verify your e-mail address before inviting people."))
        if form.is_valid():
            invitation = services.create_invitation(request.user, **form.cleaned_data)
            messages.success(request, _("Your invitation link is ready. Copy it and send it."))
            return redirect(f"{request.path}#invitation-{invitation.pk}")
    sent = Invitation.objects.filter(created_by=request.user)[:50]
    return render(request, "accounts/invitations.html",
                  {"form": form, "sent": sent, "site_url": settings.SITE_URL})


def accept_invitation(request, token):
    invitation = services.usable_invitation(token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    if request.user.is_authenticated:
        messages.info(request, _("You are already a member."))
        return redirect("home")
    request.session[INVITATION_SESSION_KEY] = invitation.token
    return render(request, "accounts/invitation_welcome.html", {"invitation": invitation})


@require_POST
@login_required
def set_verification(request, username):
    member = access_member(username)
    if request.POST.get("verified") == "1":
        services.verify_member(request.user, member)
        messages.success(request, _("%(name)s is now shown as a verified public employee.") % {"name": member})
    else:
        services.unverify_member(request.user, member)
        messages.success(request, _("The verification of %(name)s has been removed.") % {"name": member})
    return redirect(member.get_absolute_url())

